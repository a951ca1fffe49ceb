import DataFlow
import Foundation

/// One data file of a dataset, with the Hive partition values of its directories.
public struct DatasetFile: Sendable, Hashable {
    /// The file's path.
    public let path: String
    /// Its size in bytes.
    public let size: Int
    /// `key=value` directory components between the dataset root and the file, in order.
    public let partitionValues: [String: String]
}

/// The files behind a read, found from paths that name files, directories (read recursively) or
/// globs (`*`, `?`, `[...]`, and `**` for any depth), with the partition columns their Hive-style
/// directories (`year=2025/month=11`) describe. Files and directories whose names start with `_` or
/// `.` (`_SUCCESS`, `_temporary`, `.crc`) are skipped, as Spark does.
public struct Dataset: Sendable {
    /// The files, in path order.
    public let files: [DatasetFile]
    /// The partition columns, typed by inference over their values (int, long, double, date,
    /// timestamp, else string).
    public let partitionSchema: Schema
    /// Per file, its partition values as scalars of `partitionSchema` (null for Hive's default partition).
    public let partitionValues: [[Scalar]]

    /// Finds the files of `paths`; `extensions` (e.g. ["csv", "csv.gz"]) filters files found inside
    /// directories and globs (named files are always read). A `layout` such as `"{year}/{month}/{day}"`
    /// names the directories below each root for layouts that are not Hive-style
    /// (`chargebacks/2025/11/02/*.parquet`): they become partition columns as `key=value` ones do.
    /// - Throws: `DataFlowError` (`.io`) for a path that does not exist, a file outside the layout, or
    ///   partition directories that disagree on their keys.
    public static func discover(_ paths: [String], extensions: [String]? = nil, layout: String? = nil) throws -> Dataset {
        try discover(paths.map { ($0 as NSString).expandingTildeInPath }, extensions: extensions, layout: layout, listing: walk)
    }

    /// Finds the files of `paths` as `discover` does, through `list`: a listing of a file or a
    /// directory (recursively, without `_` and `.` names) returning each data file's path, spelled
    /// as the roots are, and size; a remote cluster's file system, say. Globs are matched here,
    /// on the files under their directory.
    /// - Throws: `DataFlowError` (`.io`) for a listed file outside its root, as `discover` does
    ///   for the layout, or what `list` throws (a path that does not exist).
    public static func discover(_ paths: [String], extensions: [String]? = nil, layout: String? = nil,
                                listing list: (String) throws -> [(path: String, size: Int)]) throws -> Dataset {
        guard !paths.isEmpty else { throw DataFlowError.invalidArgument("paths", "no input path given") }
        var found: [(path: String, root: String, size: Int)] = []
        for path in paths {
            let isGlob = path.contains(where: { "*?[".contains($0) })
            let (root, pattern) = isGlob ? splitGlob(path) : (path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path, "")
            for file in try list(root) {
                // A path naming a file lists that file: its directory is the root.
                // (Cut at the last slash: NSString would fold the `//` of `s3a://`.)
                let fileRoot = file.path == root ? String(root[..<(root.lastIndex(of: "/") ?? root.startIndex)]) : root
                let relative = relativePath(file.path, to: fileRoot)
                guard fileRoot.isEmpty || relative != file.path else {
                    throw DataFlowError(.io, "the listing of \(root) returned a file outside it: \(file.path) (give the cluster an absolute path)", location: ErrorLocation(path: path))
                }
                guard (!isGlob || globMatches(pattern, relative)) && (file.path == root || wanted(file.path, extensions)) else { continue }
                found.append((file.path, fileRoot, file.size))
            }
        }
        return try Dataset(found: found, layout: layout)
    }

    /// The dataset of files found under their roots, in path order, once each; a `layout` names
    /// their directories' partition columns.
    private init(found: [(path: String, root: String, size: Int)], layout: String?) throws {
        var seen = Set<String>()
        let found = found.filter { seen.insert($0.path).inserted }.sorted { $0.path < $1.path }
        let keys = try layout.map(Self.layoutKeys)
        let files = try found.map { file -> DatasetFile in
            let relative = relativePath(file.path, to: file.root)
            let values = try keys.map { try layoutPartitions(relative, keys: $0, path: file.path, layout: layout ?? "") } ?? hivePartitions(relative)
            return DatasetFile(path: file.path, size: file.size, partitionValues: values)
        }
        try self.init(files: files, keyOrder: keys)
    }

    /// A dataset of already known files; `keyOrder` orders the partition columns (else the
    /// directory order of the first file's `key=value` components).
    public init(files: [DatasetFile], keyOrder: [String]? = nil) throws {
        self.files = files
        var keys: [String] = keyOrder ?? []
        for file in files {
            let fileKeys = file.partitionValues.keys.sorted()
            if files.first?.partitionValues.keys.sorted() != fileKeys {
                throw DataFlowError(.io, "partition directories disagree: \(files.first?.path ?? "") has [\(files.first?.partitionValues.keys.sorted().joined(separator: ", ") ?? "")], \(file.path) has [\(fileKeys.joined(separator: ", "))]",
                                    location: ErrorLocation(path: file.path))
            }
        }
        // Keep the keys in directory order of the first file.
        if keyOrder == nil, let first = files.first {
            let components = first.path.split(separator: "/").map(String.init)
            keys = components.compactMap { component in
                guard let equals = component.firstIndex(of: "="), first.partitionValues[String(component[..<equals])] != nil else { return nil }
                return String(component[..<equals])
            }
        }
        var fields: [Field] = []
        var columns: [[Scalar]] = Array(repeating: [], count: files.count)
        for key in keys {
            let raw = files.map { $0.partitionValues[key] }
            let (type, values) = inferPartitionType(raw.map { $0 == hiveDefaultPartition ? nil : $0 })
            fields.append(Field(key, type))
            for index in files.indices { columns[index].append(values[index]) }
        }
        partitionSchema = Schema(fields)
        partitionValues = columns
    }
}

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

extension Dataset {
    /// The indices of the files whose partition values can pass every filter on a partition column
    /// (filters on other columns are ignored).
    /// - Throws: `DataFlowError` (`.analysis`) when a filter's value does not compare with the column.
    public func files(matching filters: [PushedFilter]) throws -> [Int] {
        let names = Set(partitionSchema.names.map { $0.lowercased() })
        let relevant = filters.filter { names.contains($0.column.lowercased()) }
        guard !relevant.isEmpty, !files.isEmpty else { return Array(files.indices) }
        let columns = try partitionSchema.fields.indices.map { column in
            try Column.from(partitionValues.map { $0[column] }, type: partitionSchema[column].type)
        }
        let batch = try RecordBatch(schema: partitionSchema, columns: columns, rowCount: files.count)
        var keep = [Bool](repeating: true, count: files.count)
        for filter in relevant {
            for (index, passes) in try filter.matches(batch).enumerated() where !passes { keep[index] = false }
        }
        return keep.indices.filter { keep[$0] }
    }

    /// Whether a filter reads a partition column (and so decides whole files).
    public func isPartitionFilter(_ filter: PushedFilter) -> Bool {
        partitionSchema.names.contains { $0.lowercased() == filter.column.lowercased() }
    }

    /// How a file source takes a filter: exactly when it reads a partition column (it then decides
    /// whole files), else `otherwise`.
    func pushdown(for filter: PushedFilter, otherwise: FilterPushdown = .unsupported) -> FilterPushdown {
        isPartitionFilter(filter) ? .exact : otherwise
    }

    /// The `explain` line of a scan whose filters prune files by partition values, or nil.
    func pruningSummary(_ filters: [PushedFilter]) -> String? {
        guard filters.contains(where: isPartitionFilter), let kept = try? files(matching: filters) else { return nil }
        return "files: \(kept.count) of \(files.count) after partition pruning"
    }

    /// The schema of a scan: the files' columns, the partition columns, then the metadata columns
    /// asked for: each row's file path (`fileNameColumn`, string) and its 0-based position in its
    /// file (`rowIndexColumn`, bigint).
    /// - Throws: `DataFlowError` (`.schema`) when a partition or metadata column has the name of
    ///   another column.
    func scanSchema(fileColumns: Schema, fileNameColumn: String? = nil, rowIndexColumn: String? = nil) throws -> Schema {
        var names = Set(fileColumns.names.map { $0.lowercased() })
        let metadata = [fileNameColumn.map { Field($0, .string, nullable: false) }, rowIndexColumn.map { Field($0, .int64, nullable: false) }]
        for field in partitionSchema.fields + metadata.compactMap({ $0 }) {
            guard names.insert(field.name.lowercased()).inserted else {
                let kind = partitionSchema.fields.contains(field) ? "partition" : "metadata"
                throw DataFlowError(.schema, "\(kind) column '\(field.name)' is also a column of the files", location: ErrorLocation(column: field.name))
            }
        }
        return Schema(fileColumns.fields + partitionSchema.fields + metadata.compactMap { $0 })
    }
}

extension DatasetFile {
    /// The byte ranges a text file is read in: `splitSize` pieces when `splittable` and the file is
    /// not compressed, else the whole file.
    func byteRanges(splitSize: Int, splittable: Bool = true) -> [Range<Int>] {
        guard splittable, FileCompression.forPath(path) == .none, size > splitSize else { return [0..<Int.max] }
        return stride(from: 0, to: size, by: splitSize).map { $0..<min(size, $0 + splitSize) }
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

/// The narrowest of int, long, double, date, timestamp, string holding every value, and the values.
func inferPartitionType(_ raw: [String?]) -> (DataType, [Scalar]) {
    let present = raw.compactMap { $0 }
    func all(_ convert: (String) -> Scalar?) -> [Scalar]? {
        var out: [Scalar] = []
        for value in raw {
            guard let value else { out.append(.null); continue }
            guard let scalar = convert(value) else { return nil }
            out.append(scalar)
        }
        return out
    }
    func parsed(_ text: String, as type: DataType) -> Scalar? {
        var text = text
        return text.withUTF8 { bytes -> Scalar? in
            guard let parser = try? TextColumnParser(type: type), let base = bytes.baseAddress else { return nil }
            let result = [Int32(0)].withUnsafeBufferPointer { starts in
                [Int32(bytes.count)].withUnsafeBufferPointer { lengths in parser.parse(base, starts: starts, lengths: lengths) }
            }
            // Not `invalid.isEmpty ? scalar : nil`: Scalar is nil-literal expressible, so that `nil`
            // would be `Scalar.null`, a successful parse, and every text would read as a null timestamp.
            guard result.invalid.isEmpty else { return nil }
            return result.column.scalar(at: 0)
        }
    }
    if !present.isEmpty {
        if let values = all({ text in Int32(text).map(Scalar.int32) }) { return (.int32, values) }
        if let values = all({ text in Int64(text).map(Scalar.int64) }) { return (.int64, values) }
        if let values = all({ text in Double(text).flatMap { text.contains(where: \.isLetter) ? nil : Scalar.float64($0) } }) { return (.float64, values) }
        if let values = all({ text in text.count == 10 ? parsed(text, as: .date) : nil }) { return (.date, values) }
        if let values = all({ text in parsed(text, as: .timestamp) }) { return (.timestamp, values) }
    }
    return (.string, raw.map { $0.map(Scalar.string) ?? .null })
}

/// Files below `directory`, depth first in name order, skipping names starting with `_` or `.`.
func walk(_ directory: String) throws -> [(path: String, size: Int)] {
    let manager = FileManager.default
    var isDirectory: ObjCBool = false
    guard manager.fileExists(atPath: directory, isDirectory: &isDirectory) else {
        throw DataFlowError(.io, "path does not exist", location: ErrorLocation(path: directory))
    }
    guard isDirectory.boolValue else {
        let size = (try? manager.attributesOfItem(atPath: directory)[.size] as? Int) ?? 0
        return [(directory, size)]
    }
    let names: [String]
    do { names = try manager.contentsOfDirectory(atPath: directory).sorted() } catch {
        throw DataFlowError(.io, "cannot list directory", location: ErrorLocation(path: directory), underlying: DescribedError(error))
    }
    var files: [(path: String, size: Int)] = []
    for name in names where !name.hasPrefix("_") && !name.hasPrefix(".") {
        files += try walk(directory + "/" + name)
    }
    return files
}

/// `path` relative to `root` (without a leading slash).
func relativePath(_ path: String, to root: String) -> String {
    let prefix = root.hasSuffix("/") ? root : root + "/"
    return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
}

/// The directory before the first component with a glob character, and the pattern after it.
func splitGlob(_ path: String) -> (root: String, pattern: String) {
    let components = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    let firstGlob = components.firstIndex { $0.contains(where: { "*?[".contains($0) }) } ?? components.count
    let root = components[..<firstGlob].joined(separator: "/")
    return (root.isEmpty ? "/" : root, components[firstGlob...].joined(separator: "/"))
}

/// Whether `path` (relative, `/`-separated) matches the glob: `*` and `?` within a component,
/// `[abc]` classes, `**` across any number of components.
func globMatches(_ pattern: String, _ path: String) -> Bool {
    let patternParts = pattern.split(separator: "/").map(String.init)
    let pathParts = path.split(separator: "/").map(String.init)
    func match(_ p: Int, _ q: Int) -> Bool {
        if p == patternParts.count { return q == pathParts.count }
        if patternParts[p] == "**" {
            for next in q...pathParts.count where match(p + 1, next) { return true }
            return false
        }
        return q < pathParts.count && componentMatches(Array(patternParts[p].utf8), Array(pathParts[q].utf8)) && match(p + 1, q + 1)
    }
    return match(0, 0)
}

private func componentMatches(_ pattern: [UInt8], _ text: [UInt8]) -> Bool {
    func match(_ p: Int, _ t: Int) -> Bool {
        if p == pattern.count { return t == text.count }
        switch pattern[p] {
        case UInt8(ascii: "*"):
            for next in t...text.count where match(p + 1, next) { return true }
            return false
        case UInt8(ascii: "?"):
            return t < text.count && match(p + 1, t + 1)
        case UInt8(ascii: "["):
            guard let close = pattern[(p + 1)...].firstIndex(of: UInt8(ascii: "]")), t < text.count else { return false }
            var members = Array(pattern[(p + 1)..<close])
            let negate = members.first == UInt8(ascii: "!") || members.first == UInt8(ascii: "^")
            if negate { members.removeFirst() }
            var inClass = false
            var k = 0
            while k < members.count {
                if k + 2 < members.count, members[k + 1] == UInt8(ascii: "-") {
                    if text[t] >= members[k] && text[t] <= members[k + 2] { inClass = true }
                    k += 3
                } else {
                    if text[t] == members[k] { inClass = true }
                    k += 1
                }
            }
            return inClass != negate && match(close + 1, t + 1)
        default:
            return t < text.count && pattern[p] == text[t] && match(p + 1, t + 1)
        }
    }
    return match(0, 0)
}

/// Whether a file found in a directory has one of the wanted extensions (nil: any).
private func wanted(_ path: String, _ extensions: [String]?) -> Bool {
    guard let extensions else { return true }
    let name = (path as NSString).lastPathComponent.lowercased()
    return extensions.contains { name.hasSuffix("." + $0.lowercased()) }
}
