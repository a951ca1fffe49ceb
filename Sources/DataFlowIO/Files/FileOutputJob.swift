import DataFlow
import Foundation

/// One write of files into a directory, local or in an object store: it names the files, creates
/// each where it waits until the commit, and then makes all of them visible at once, or none.
protocol FileOutputJob: Sendable {
    /// Unique per job: part of every file name, so appends never collide.
    var jobID: String { get }
    /// The start of every file name (`part` unless the writer chose another).
    var namePrefix: String { get }
    /// Creates the output file `relative` to the target directory.
    /// - Throws: `DataFlowError` (`.io`) naming the file.
    func createFile(_ relative: String, compression: FileCompression) throws -> OutputFile
    /// Makes the files `written` (relative paths, of the partitions that succeeded) the output.
    /// - Throws: `DataFlowError` (`.io`); the target then keeps its previous content.
    func commit(written: [String]) throws
    /// Deletes everything written.
    func abort()
}

extension FileOutputJob {
    /// The name of partition `partition`'s file number `file`, with `fileExtension`:
    /// `<namePrefix>-<partition>-<job>[-<file>]<extension>`.
    func fileName(partition: Int, file: Int, fileExtension: String) -> String {
        namePrefix + String(format: "-%05d-%@", partition, jobID) + (file > 0 ? "-\(file)" : "") + fileExtension
    }

    /// A new job ID: eight hex digits of a random UUID.
    static func makeJobID() -> String { UUID().uuidString.lowercased().prefix(8).description }
}
