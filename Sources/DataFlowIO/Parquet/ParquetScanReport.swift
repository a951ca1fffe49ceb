import Foundation

/// What the last planned scan of a `ParquetSource` reads: row groups left after pruning by
/// statistics, out of all row groups. Filled by `partitions(for:)` (which physical planning calls
/// before `explain()` prints the physical plan) and shown in the source's description.
final class ParquetScanReport: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: (read: Int, total: Int)?

    /// The counts of the last planned scan, nil before any.
    var planned: (read: Int, total: Int)? { lock.withLock { counts } }

    /// Records a planned scan.
    func record(read: Int, total: Int) { lock.withLock { counts = (read, total) } }
}
