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
/// `.` (`_SUCCESS`, `_temporary`, `.crc`) are skipped, as Spark does. Paths in an object store
/// (`s3://bucket/lake/`) are listed by prefix (a glob's directories before its first wildcard
/// narrow the listing), and a directory DataFlow wrote there is read through its commit log.
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
        let expanded = paths.map { ObjectStores.isObjectPath($0) ? $0 : ($0 as NSString).expandingTildeInPath }
        return try discover(expanded, extensions: extensions, layout: layout, listing: listFiles(under:))
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

extension DatasetFile {
    /// The byte ranges a text file is read in: `splitSize` pieces when `splittable` and the file is
    /// not compressed, else the whole file.
    func byteRanges(splitSize: Int, splittable: Bool = true) -> [Range<Int>] {
        guard splittable, FileCompression.forPath(path) == .none, size > splitSize else { return [0..<Int.max] }
        return stride(from: 0, to: size, by: splitSize).map { $0..<min(size, $0 + splitSize) }
    }
}

/// Whether a file found in a directory has one of the wanted extensions (nil: any).
private func wanted(_ path: String, _ extensions: [String]?) -> Bool {
    guard let extensions else { return true }
    let name = (path as NSString).lastPathComponent.lowercased()
    return extensions.contains { name.hasSuffix("." + $0.lowercased()) }
}
