import DataFlow
import Foundation

/// Reports and job state as JSON files: written atomically (its directory created), read back.
enum JSONFiles {
    /// Writes `value` to `path` as pretty-printed JSON with sorted keys, replacing it atomically.
    /// - Throws: `DataFlowError` (`.io`) naming the file and `what` it holds.
    static func write<T: Encodable>(_ value: T, to path: String, what: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try encoder.encode(value).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw DataFlowError(.io, "cannot write \(what)", location: ErrorLocation(path: path), underlying: DescribedError(error))
        }
    }

    /// The value in the JSON file at `path`, or nil when there is no such file.
    /// - Throws: `DataFlowError` (`.io`) naming the file and `what` it holds when it does not decode.
    static func read<T: Decodable>(_ type: T.Type, from path: String, what: String) throws -> T? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            return try JSONDecoder().decode(T.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw DataFlowError(.io, "cannot read \(what)", location: ErrorLocation(path: path), underlying: DescribedError(error))
        }
    }
}
