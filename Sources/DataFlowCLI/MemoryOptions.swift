import ArgumentParser
import DataFlow
import Foundation

/// The memory budget every command takes: `--memory-limit`, else `$DATAFLOW_MEMORY_LIMIT`, else
/// 80% of the memory available (physical memory, or the cgroup limit when lower).
struct MemoryOptions: ParsableArguments {
    @Option(help: "The bytes blocking operators may hold: 512m, 4g, 4GiB, or 75% of the memory available (default: $DATAFLOW_MEMORY_LIMIT, else 80%; a cgroup limit lowers what is available).")
    var memoryLimit: String?

    /// The limit in bytes; nil when neither the option nor the environment sets one.
    /// - Throws: `DataFlowError.invalidArgument` naming `--memory-limit` or `DATAFLOW_MEMORY_LIMIT`.
    func bytes() throws -> Int? {
        if let memoryLimit { return try ByteSize.parse(memoryLimit, argument: "--memory-limit") }
        if let text = ProcessInfo.processInfo.environment["DATAFLOW_MEMORY_LIMIT"], !text.isEmpty {
            return try ByteSize.parse(text, argument: "DATAFLOW_MEMORY_LIMIT")
        }
        return nil
    }

    /// An embedded session with this budget.
    func session(parallelism: Int? = nil, warehouse: String? = nil) throws -> Session {
        let limit = try bytes()
        return parallelism.map { Session(parallelism: $0, memoryLimit: limit, warehouse: warehouse) }
            ?? Session(memoryLimit: limit, warehouse: warehouse)
    }
}
