import Foundation
import TestSupport

/// A loopback proxy in front of the S3 test server that fails connections as `faults` says, in
/// order: `503` answers the connection's first request with S3's SlowDown and closes it, `drop`
/// closes it without an answer; connections after the faults pass through untouched. Each fault
/// is one line in `log`. Stop it with `process.terminate()`.
struct FaultProxy {
    let port: Int
    let process: Process

    init(faults: [String], targetPort: Int, log: String) throws {
        let script = """
        import asyncio, signal, sys
        # A child of the test process inherits its blocked signals; terminate() must end it.
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
        faults, target, log = sys.argv[1].split(","), int(sys.argv[2]), sys.argv[3]
        body = b"<?xml version=\\"1.0\\"?><Error><Code>SlowDown</Code><Message>Reduce your rate</Message></Error>"
        slow_down = (b"HTTP/1.1 503 Service Unavailable\\r\\nContent-Type: application/xml\\r\\nConnection: close\\r\\n"
                     b"Content-Length: %d\\r\\n\\r\\n" % len(body)) + body
        \(pythonRelay)
        async def handle(reader, writer):
            if faults:
                fault = faults.pop(0)
                await reader.readuntil(b"\\r\\n\\r\\n")
                with open(log, "a") as file:
                    file.write(fault + "\\n")
                if fault == "503":
                    writer.write(slow_down)
                    await writer.drain()
                writer.close()
                return
            await relay(reader, writer, target)
        async def main():
            server = await asyncio.start_server(handle, "127.0.0.1", 0)
            print(server.sockets[0].getsockname()[1], flush=True)
            await server.serve_forever()
        asyncio.run(main())
        """
        (port, process) = try startPythonServer("fault proxy", script: script, arguments: [faults.joined(separator: ","), String(targetPort), log])
    }
}
