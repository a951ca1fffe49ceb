import DataFlow
import Foundation
import Yams

/// A job configuration that loads from a JSON or YAML file (by extension: `.json`, `.yaml`, `.yml`).
public protocol JobConfigFile: Decodable {}

extension JobConfigFile {
    /// The configuration in the file at `path`.
    /// - Throws: `DataFlowError` naming the file for a missing file, an unknown extension, or
    ///   content that does not decode (with the key path that failed).
    public static func load(from path: String) throws -> Self {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw DataFlowError(.invalidArgument, "config: no configuration file '\(path)'\(isDirectory.boolValue ? " (it is a directory)" : "")",
                                location: ErrorLocation(path: path, argument: "config"))
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw DataFlowError(.io, "cannot read the configuration file", location: ErrorLocation(path: path, argument: "config"), underlying: DescribedError(error))
        }
        do {
            switch (path as NSString).pathExtension.lowercased() {
            case "json": return try JSONDecoder().decode(Self.self, from: data)
            case "yaml", "yml": return try YAMLDecoder().decode(Self.self, from: data)
            default:
                throw DataFlowError.invalidArgument("config", "'\(path)' is neither .json nor .yaml/.yml")
            }
        } catch let error as DataFlowError {
            throw error
        } catch let DecodingError.keyNotFound(key, context) {
            throw DataFlowError(.invalidArgument, "the configuration lacks '\(keyPath(context.codingPath + [key]))'", location: ErrorLocation(path: path))
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context), let DecodingError.dataCorrupted(context) {
            throw DataFlowError(.invalidArgument, "invalid configuration at '\(keyPath(context.codingPath))': \(context.debugDescription)", location: ErrorLocation(path: path))
        } catch {
            throw DataFlowError(.invalidArgument, "invalid configuration", location: ErrorLocation(path: path), underlying: DescribedError(error))
        }
    }
}

private func keyPath(_ path: [any CodingKey]) -> String {
    path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
}

extension JobConfigFile where Self: Encodable {
    /// Writes the configuration to `path` as JSON or YAML (by extension).
    /// - Throws: `DataFlowError` naming the file when it cannot be written or the extension is unknown.
    public func save(to path: String) throws {
        let data: Data
        switch (path as NSString).pathExtension.lowercased() {
        case "json":
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            data = try encoder.encode(self)
        case "yaml", "yml": data = Data(try YAMLEncoder().encode(self).utf8)
        default: throw DataFlowError.invalidArgument("path", "'\(path)' is neither .json nor .yaml/.yml")
        }
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw DataFlowError(.io, "cannot write the configuration file", location: ErrorLocation(path: path), underlying: DescribedError(error))
        }
    }
}
