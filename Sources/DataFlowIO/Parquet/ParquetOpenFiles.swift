import Foundation

/// Bounds how many files of one Parquet read are open (mapped, or a remote file's fetched chunks held) at once. Footer reads and scan tasks
/// open a file only inside `withFile`, which waits while `limit` files are open and closes the file
/// before it returns; since nothing opens a second file inside it, waiting cannot deadlock.
final class ParquetOpenFiles: @unchecked Sendable { // the counts change only under `condition`
    /// The most files open at once.
    let limit: Int
    private let condition = NSCondition()
    private var open = 0
    private var mostOpen = 0

    /// A bound of `limit` files (at least one).
    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// The files open now.
    var openCount: Int { condition.withLock { open } }
    /// The most files that were open at the same time so far.
    var peak: Int { condition.withLock { mostOpen } }

    /// Opens the file at `path` (with its `size`, `footer` and bytes when already known), runs `body`
    /// on it and closes it.
    /// - Throws: what opening the file or `body` throws.
    func withFile<T>(_ path: String, size: Int? = nil, footer: ParquetFooter? = nil, fetched: Data? = nil,
                     _ body: (ParquetFileReader) throws -> T) throws -> T {
        condition.withLock {
            while open >= limit { condition.wait() }
            open += 1
            mostOpen = max(mostOpen, open)
        }
        defer {
            condition.withLock {
                open -= 1
                condition.signal()
            }
        }
        // The file is unmapped when `file` goes out of scope, at the end of this block, before the slot is freed.
        do {
            let file = try ParquetFileReader(path: path, size: size, footer: footer, fetched: fetched)
            return try body(file)
        }
    }
}
