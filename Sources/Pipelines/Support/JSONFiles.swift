import DataFlow
import DataFlowIO
import Foundation

/// Reports and job state as JSON files, local or in an object store: written atomically (a local
/// file's directory created), read back.
enum JSONFiles {
    /// Writes `value` to `path` as pretty-printed JSON with sorted keys, replacing it atomically.
    /// - Throws: `DataFlowError` (`.io`) naming the file and `what` it holds.
    static func write<T: Encodable>(_ value: T, to path: String, what: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            try StoredFiles.write(try encoder.encode(value), to: path)
        } catch {
            throw DataFlowError(.io, "cannot write \(what)", location: ErrorLocation(path: path), underlying: DescribedError(error))
        }
    }

    /// The value in the JSON file at `path`, or nil when there is no such file.
    /// - Throws: `DataFlowError` (`.io`) naming the file and `what` it holds when it does not decode.
    static func read<T: Decodable>(_ type: T.Type, from path: String, what: String) throws -> T? {
        do {
            guard let data = try StoredFiles.read(path) else { return nil }
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw DataFlowError(.io, "cannot read \(what)", location: ErrorLocation(path: path), underlying: DescribedError(error))
        }
    }
}
