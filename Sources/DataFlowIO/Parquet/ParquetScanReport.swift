import DataFlow
import Foundation

/// What the last run of a `ParquetSource` scan read. Footers are read by the scan tasks, so the
/// row-group counts are only known while a scan runs: each planned scan gets an id, its tasks add
/// their counts under it, and the first task of a later-planned scan replaces the counts of earlier
/// ones. `explain()` shows the last run's counts when its pushed filters are the plan's.
final class ParquetScanReport: @unchecked Sendable { // counts change only under `lock`
    /// Row groups of the byte ranges a scan's tasks opened, and what became of them.
    struct Counts: Equatable, Sendable {
        /// Row groups in the files (or file ranges) the scan opened.
        var rowGroups = 0
        /// Row groups decoded.
        var read = 0
        /// Row groups skipped because their min/max or null-count statistics exclude every row.
        var skippedByStatistics = 0
        /// Row groups skipped because no value of a column's dictionary passes a filter.
        var skippedByDictionary = 0

        static func += (total: inout Counts, more: Counts) {
            total.rowGroups += more.rowGroups
            total.read += more.read
            total.skippedByStatistics += more.skippedByStatistics
            total.skippedByDictionary += more.skippedByDictionary
        }
    }

    private let lock = NSLock()
    private var scansPlanned = 0
    private var latest: (scan: Int, filters: [PushedFilter], counts: Counts)?

    /// The id of a newly planned scan.
    func planScan() -> Int {
        lock.withLock {
            scansPlanned += 1
            return scansPlanned
        }
    }

    /// Adds `counts` to those of scan `scan` (planned with `filters`), unless a later-planned scan has run.
    func add(_ counts: Counts, scan: Int, filters: [PushedFilter]) {
        lock.withLock {
            if let latest, latest.scan > scan { return }
            if latest?.scan != scan { latest = (scan, filters, Counts()) }
            latest?.counts += counts
        }
    }

    /// The counts of the last scan that ran, when it had these pushed filters.
    func lastRun(filters: [PushedFilter]) -> Counts? {
        lock.withLock { latest.flatMap { $0.filters == filters ? $0.counts : nil } }
    }

    /// The `explain()` text of the last run with `filters`, nil when there was none.
    func summary(filters: [PushedFilter]) -> String? {
        guard let counts = lastRun(filters: filters) else { return nil }
        return "last run: row groups: \(counts.read) of \(counts.rowGroups) read, \(counts.skippedByStatistics) skipped by statistics, \(counts.skippedByDictionary) by dictionary"
    }
}
