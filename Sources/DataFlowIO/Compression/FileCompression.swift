/// Whole-file compression of text outputs and inputs, chosen by the file extension on read.
public enum FileCompression: String, Sendable, CaseIterable {
    /// Plain bytes.
    case none
    /// Gzip (`.gz`).
    case gzip
    /// Zstandard (`.zst`).
    case zstd

    /// The extension written after the format's own (`.gz`, `.zst`), or "".
    public var fileExtension: String {
        switch self {
        case .none: return ""
        case .gzip: return ".gz"
        case .zstd: return ".zst"
        }
    }

    /// The compression a file name implies.
    public static func forPath(_ path: String) -> FileCompression {
        let lower = path.lowercased()
        if lower.hasSuffix(".gz") || lower.hasSuffix(".gzip") { return .gzip }
        if lower.hasSuffix(".zst") || lower.hasSuffix(".zstd") { return .zstd }
        return .none
    }

    /// The stream format of a compressed file; nil for plain files.
    var streamFormat: StreamingDecompressor.Format? {
        switch self {
        case .none: return nil
        case .gzip: return .gzip
        case .zstd: return .zstd
        }
    }
}
