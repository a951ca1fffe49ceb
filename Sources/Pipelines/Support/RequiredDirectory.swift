import DataFlow
import DataFlowIO

/// Checks that the input directory `path` (local, or a prefix in an object store) exists before a
/// job reads it, so that a typo is a bad argument (exit 2, naming `argument`) and not a failure
/// found half way.
/// - Throws: `DataFlowError` (`.invalidArgument`) naming `argument` and `path`; (`.io`) when the
///   store fails.
package func requireDirectory(_ path: String, argument: String) throws {
    guard try StoredFiles.isDirectory(path) else {
        throw DataFlowError(.invalidArgument, "\(argument): no directory '\(path)'", location: ErrorLocation(path: path, argument: argument))
    }
}
