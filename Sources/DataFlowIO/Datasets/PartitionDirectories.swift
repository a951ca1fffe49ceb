import DataFlow
import Foundation

extension Dataset {
    /// The partition column names of a layout such as `{year}/{month}/{day}`, one per directory
    /// level, outermost first.
    /// - Throws: `DataFlowError` (`.invalidArgument`) for a segment that is not `{name}`.
    public static func layoutKeys(_ layout: String) throws -> [String] {
        try layout.split(separator: "/").map { segment in
            guard segment.hasPrefix("{"), segment.hasSuffix("}"), segment.count > 2 else {
                throw DataFlowError.invalidArgument("partitionLayout", "each directory level must be {name}, got '\(segment)' in '\(layout)'")
            }
            return String(segment.dropFirst().dropLast())
        }
    }
}

/// The partition values of a relative path's directories under a layout's keys.
/// - Throws: `DataFlowError` (`.io`) when the file is not as deep as the layout.
func layoutPartitions(_ relative: String, keys: [String], path: String, layout: String) throws -> [String: String] {
    let directories = relative.split(separator: "/").dropLast().map(String.init)
    guard directories.count >= keys.count else {
        throw DataFlowError(.io, "file is not under the partition layout '\(layout)'", location: ErrorLocation(path: path))
    }
    var values: [String: String] = [:]
    for (key, value) in zip(keys, directories) { values[key] = value.removingPercentEncoding ?? value }
    return values
}

/// Hive's name for a null partition value.
let hiveDefaultPartition = "__HIVE_DEFAULT_PARTITION__"

/// The partition values of `key=value` components of a relative path's directories (unescaped).
func hivePartitions(_ relative: String) -> [String: String] {
    var values: [String: String] = [:]
    for component in relative.split(separator: "/").dropLast() {
        guard let equals = component.firstIndex(of: "="), equals != component.startIndex else { continue }
        let key = String(component[..<equals])
        let value = String(component[component.index(after: equals)...])
        values[key] = value.removingPercentEncoding ?? value
    }
    return values
}
