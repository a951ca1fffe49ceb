import DataFlow
import Foundation

/// The Python with pyarrow and duckdb the interop and differential tests use: `DATAFLOW_PYTHON`
/// (set by `make test`), else the probe venv.
public let testPython = ProcessInfo.processInfo.environment["DATAFLOW_PYTHON"] ?? "/tmp/probe-venv/bin/python"

/// Runs `script` with `arguments` under `testPython` and returns its standard output. A missing
/// interpreter, a missing module or a failing script throws (with the script's standard error), so
/// the test fails; it never skips.
public func runPython(_ script: String, _ arguments: [String] = []) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: testPython)
    process.arguments = ["-c", script] + arguments
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw DataFlowError(.io, "python failed (\(process.terminationStatus)): \(String(decoding: errorData, as: UTF8.self))")
    }
    return String(decoding: data, as: UTF8.self)
}

/// Python for the proxies of the tests: `relay(reader, writer, target)` passes a connection's bytes
/// both ways to 127.0.0.1:`target` until either side closes.
public let pythonRelay = """
    async def copy(reader, writer):
        try:
            while data := await reader.read(1 << 16):
                writer.write(data)
                await writer.drain()
        except Exception:
            pass
        finally:
            writer.close()
    async def relay(reader, writer, target):
        upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", target)
        await asyncio.gather(copy(reader, upstream_writer), copy(upstream_reader, writer))
    """

/// Starts `script`, a server that prints the port it listens on as its first line, under
/// `testPython` with `arguments`; returns the port and the process (stop it with `terminate()`).
/// - Throws: `DataFlowError` (`.io`) naming `name` when no port comes.
public func startPythonServer(_ name: String, script: String, arguments: [String]) throws -> (port: Int, process: Process) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: testPython)
    process.arguments = ["-c", script] + arguments
    let output = Pipe()
    process.standardOutput = output
    // Not the test run's own output: swift test waits for every holder of it to finish.
    process.standardError = FileHandle.nullDevice
    try process.run()
    var line = Data()
    while !line.contains(UInt8(ascii: "\n")) {
        let chunk = output.fileHandleForReading.availableData
        guard !chunk.isEmpty else { break }
        line.append(chunk)
    }
    guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
        process.terminate()
        throw DataFlowError(.io, "the \(name) did not start")
    }
    return (port, process)
}

/// A fresh empty directory under the system's temporary directory, named after `name` (the test).
public func temporaryDirectory(_ name: String = #function) throws -> String {
    let path = NSTemporaryDirectory() + "dataflow-tests-" + name.filter { $0.isLetter || $0.isNumber } + "-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// The S3-compatible server of the tests (SeaweedFS): `make test` starts one with a test identity
/// and bucket and sets `DATAFLOW_S3_ENDPOINT`, `DATAFLOW_S3_ACCESS_KEY` and `DATAFLOW_S3_SECRET_KEY`;
/// without them the S3 tests fail (they never skip).
public func testS3Server() throws -> (endpoint: String, accessKey: String, secretKey: String) {
    let environment = ProcessInfo.processInfo.environment
    guard let endpoint = environment["DATAFLOW_S3_ENDPOINT"], let key = environment["DATAFLOW_S3_ACCESS_KEY"],
          let secret = environment["DATAFLOW_S3_SECRET_KEY"] else {
        throw DataFlowError(.invalidArgument, "DATAFLOW_S3_ENDPOINT is not set: `make test` starts a SeaweedFS server and sets it")
    }
    return (endpoint, key, secret)
}

/// The PostgreSQL server of the tests: `make test` starts a private one and sets `DATAFLOW_PG_URL`;
/// without it the database tests fail (they never skip).
public func testDatabaseURL() throws -> String {
    guard let url = ProcessInfo.processInfo.environment["DATAFLOW_PG_URL"], !url.isEmpty else {
        throw DataFlowError(.io, "DATAFLOW_PG_URL is not set: run the tests with `make test` (it starts a private PostgreSQL server)")
    }
    return url
}
