import CLibFuzzer
import DataFlow
import Foundation

/// Runs one fuzz input through `body`: a `DataFlowError` is the expected outcome of bad input;
/// any other error is a finding, so it stops the fuzzer (libFuzzer keeps the input as a crash).
public func fuzzOne(_ body: () throws -> Void) -> Int32 {
    do { try body() } catch is DataFlowError {} catch {
        fatalError("not a DataFlowError: \(error)")
    }
    return 0
}

/// A scratch file in memory-backed storage that holds each input of a reader that takes paths;
/// one per process, rewritten for every input.
public final class FuzzFile: Sendable {
    /// The file's path, ending in `suffix`.
    public let path: String

    /// A scratch file named after this process, ending in `suffix` (such as ".parquet").
    public init(suffix: String) {
        let directory = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        path = directory + "/dataflow-fuzz-\(getpid())" + suffix
    }

    /// Replaces the file's content with `bytes`.
    public func write(_ bytes: UnsafeRawBufferPointer) {
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    }
}

/// A session that reads on one thread with small batches, so one input exercises batch boundaries.
public let fuzzSession = Session(parallelism: 1, batchSize: 64, memoryLimit: 256 << 20)

/// Runs libFuzzer over `input` with this process's command line (libFuzzer's flags and corpus
/// directories), then exits with its status. Each target also exports `input` as
/// `LLVMFuzzerTestOneInput`, for when the linker picks libFuzzer's own main instead of this one.
public func fuzzMain(_ input: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Never {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, input))
}
