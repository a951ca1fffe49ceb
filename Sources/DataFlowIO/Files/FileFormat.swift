import DataFlow

/// The file formats DataFlow reads and writes, and how a path names its format.
public enum FileFormat: String, Codable, Sendable, CaseIterable {
    /// Delimited text (`.csv`, `.tsv`, `.txt`, also gzip or zstd compressed).
    case csv
    /// JSON lines (`.jsonl`, `.ndjson`, `.json`, also compressed).
    case jsonl
    /// Apache Parquet (`.parquet`).
    case parquet

    /// The format a file name implies by its extension (a `.gz` or `.zst` suffix is looked through),
    /// or nil when the extension is not one of the known ones.
    public static func forExtension(of path: String) -> FileFormat? {
        var name = path.lowercased()
        let compression = FileCompression.forPath(name)
        if compression != .none, let dot = name.lastIndex(of: ".") { name = String(name[..<dot]) }
        if name.hasSuffix(".parquet") || name.hasSuffix(".parq") { return .parquet }
        if name.hasSuffix(".jsonl") || name.hasSuffix(".ndjson") || name.hasSuffix(".json") { return .jsonl }
        if name.hasSuffix(".csv") || name.hasSuffix(".tsv") || name.hasSuffix(".txt") { return .csv }
        return nil
    }

    /// The format of an input: its own extension, else (a directory or glob) the extension shared by
    /// the files it holds.
    /// - Throws: `DataFlowError` (`.io`) for a missing path, (`.invalidArgument`) when no file names a
    ///   known format or the files mix formats.
    public static func detect(_ path: String) throws -> FileFormat {
        if let format = forExtension(of: path) { return format }
        let formats = Set(try Dataset.discover([path]).files.compactMap { forExtension(of: $0.path) })
        guard let format = formats.first else {
            throw DataFlowError.invalidArgument("path", "cannot tell the format of '\(path)' from its file extensions; name it (csv, jsonl or parquet)")
        }
        guard formats.count == 1 else {
            let names = formats.map(\.rawValue).sorted().joined(separator: ", ")
            throw DataFlowError.invalidArgument("path", "'\(path)' holds files of several formats (\(names)); name the one to read")
        }
        return format
    }
}
