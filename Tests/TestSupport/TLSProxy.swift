import DataFlow
import Foundation

/// A TLS front for a plaintext gRPC server, as clusters put one before Spark Connect: Python's
/// `ssl` terminates TLS (ALPN h2) with `certificate` and `key`, and passes the bytes on to
/// 127.0.0.1:`targetPort`. Stop it with `process.terminate()`.
public func startTLSProxy(certificate: String, key: String, targetPort: Int) throws -> (port: Int, process: Process) {
    let script = """
    import asyncio, signal, ssl, sys
    # A child of the test process inherits its blocked signals; terminate() must end it.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    certificate, key, target = sys.argv[1], sys.argv[2], int(sys.argv[3])
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate, key)
    context.set_alpn_protocols(["h2"])
    \(pythonRelay)
    async def handle(reader, writer):
        await relay(reader, writer, target)
    async def main():
        server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=context)
        print(server.sockets[0].getsockname()[1], flush=True)
        await server.serve_forever()
    asyncio.run(main())
    """
    return try startPythonServer("TLS proxy", script: script, arguments: [certificate, key, String(targetPort)])
}

/// A self-signed certificate for `localhost` and its key, written into `directory` by the
/// `openssl` command: (certificate path, key path).
public func selfSignedCertificate(in directory: String) throws -> (certificate: String, key: String) {
    let certificate = directory + "/localhost.pem", key = directory + "/localhost-key.pem"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                         "-addext", "subjectAltName=DNS:localhost", "-keyout", key, "-out", certificate]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw DataFlowError(.io, "openssl could not make a certificate (\(process.terminationStatus))") }
    return (certificate, key)
}
