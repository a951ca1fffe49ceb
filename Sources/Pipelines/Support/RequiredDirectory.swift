import DataFlow
import Foundation

/// Checks that the input directory `path` exists before a job reads it, so that a typo is a bad
/// argument (exit 2, naming `argument`) and not a failure found half way.
/// - Throws: `DataFlowError` (`.invalidArgument`) naming `argument` and `path`.
package func requireDirectory(_ path: String, argument: String) throws {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw DataFlowError(.invalidArgument, "\(argument): no directory '\(path)'", location: ErrorLocation(path: path, argument: argument))
    }
}
