import ArgumentParser
import DataFlow
import Foundation

/// The memory budget every command takes: `--memory-limit`, else `$DATAFLOW_MEMORY_LIMIT`, else
/// 80% of the memory available (physical memory, or the cgroup limit when lower); and where
/// operators spill what does not fit: `--spill-directory`, else `$DATAFLOW_SPILL_DIRECTORY`, else
/// the system's temporary folder.
struct MemoryOptions: ParsableArguments {
    @Option(help: "The bytes blocking operators may hold: 512m, 4g, 4GiB, or 75% of the memory available (default: $DATAFLOW_MEMORY_LIMIT, else 80%; a cgroup limit lowers what is available).")
    var memoryLimit: String?

    @Option(help: "An existing folder for the spill files of sorts, aggregations, joins and exchanges that outgrow the memory limit (default: $DATAFLOW_SPILL_DIRECTORY, else the system's temporary folder).")
    var spillDirectory: String?

    /// The limit in bytes; nil when neither the option nor the environment sets one.
    /// - Throws: `DataFlowError.invalidArgument` naming `--memory-limit` or `DATAFLOW_MEMORY_LIMIT`.
    func bytes() throws -> Int? {
        if let memoryLimit { return try ByteSize.parse(memoryLimit, argument: "--memory-limit") }
        if let text = ProcessInfo.processInfo.environment["DATAFLOW_MEMORY_LIMIT"], !text.isEmpty {
            return try ByteSize.parse(text, argument: "DATAFLOW_MEMORY_LIMIT")
        }
        return nil
    }

    /// `--spill-directory`, which must be an existing folder; nil when not given.
    /// - Throws: `DataFlowError.invalidArgument` naming `--spill-directory` and the path as typed.
    func spillFolder() throws -> String? {
        guard let spillDirectory else { return nil }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: spillDirectory, isDirectory: &isFolder), isFolder.boolValue else {
            throw DataFlowError.invalidArgument("--spill-directory", "'\(spillDirectory)' is not an existing folder")
        }
        return spillDirectory
    }

    /// An embedded session with this budget and spill folder.
    func session(parallelism: Int? = nil, warehouse: String? = nil) throws -> Session {
        let limit = try bytes(), spill = try spillFolder()
        return parallelism.map { Session(parallelism: $0, memoryLimit: limit, warehouse: warehouse, spillDirectory: spill) }
            ?? Session(memoryLimit: limit, warehouse: warehouse, spillDirectory: spill)
    }
}
