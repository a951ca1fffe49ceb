import Foundation

/// What one run of the `dataflow` executable printed and how it exited.
struct CommandResult {
    let status: Int32
    let stdout: String
    let stderr: String

    /// The METRICS lines printed on standard output.
    var metrics: [String] { stdout.split(separator: "\n").map(String.init).filter { $0.hasPrefix("METRICS: ") } }
}

/// The `dataflow` executable SwiftPM built beside this test bundle.
let dataflowExecutable: String = {
    let bundle = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
    return bundle.deletingLastPathComponent().appendingPathComponent("dataflow").path
}()

/// Runs `dataflow arguments...` in `directory`, with this process's environment less the
/// variables in `unset` and with those of `environment`, and waits for it.
func dataflow(_ arguments: [String], in directory: String, unset: [String] = [], environment: [String: String] = [:]) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: dataflowExecutable)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.filter { !unset.contains($0.key) }.merging(environment) { $1 }
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Both pipes are read to their end before waiting (standard error on another thread), so a
    // full pipe never blocks the child.
    let errors = ErrorOutput()
    let reading = DispatchGroup()
    DispatchQueue.global().async(group: reading) { errors.data = err.fileHandleForReading.readDataToEndOfFile() }
    let output = out.fileHandleForReading.readDataToEndOfFile()
    reading.wait()
    process.waitUntilExit()
    return CommandResult(status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self), stderr: String(decoding: errors.data, as: UTF8.self))
}

/// Standard error's bytes, written by the reading thread before the group it runs in is left.
private final class ErrorOutput: @unchecked Sendable { // written once on the reader, read after `DispatchGroup.wait`
    var data = Data()
}
