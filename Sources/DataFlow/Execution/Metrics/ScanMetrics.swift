import Synchronization

/// What a scan read and skipped, counted by its source while it runs (each `ScanPartition` gets
/// the scan's counters when opened): files, bytes, and for Parquet the row groups read and those
/// that statistics or dictionaries proved empty of passing rows.
public final class ScanMetrics: Sendable {
    private let filesRead = Atomic<Int>(0)
    private let bytesRead = Atomic<Int>(0)
    private let rowGroups = Atomic<Int>(0)
    private let rowGroupsRead = Atomic<Int>(0)
    private let rowGroupsSkippedByStatistics = Atomic<Int>(0)
    private let rowGroupsSkippedByDictionary = Atomic<Int>(0)
    private let bytesSkipped = Atomic<Int>(0)

    /// Counters at zero.
    public init() {}

    /// Counts a file opened for reading.
    public func addFile() { filesRead.wrappingAdd(1, ordering: .relaxed) }

    /// Counts `bytes` read from storage.
    public func addBytesRead(_ bytes: Int) { bytesRead.wrappingAdd(bytes, ordering: .relaxed) }

    /// Counts row groups considered (those of the byte ranges opened) and those statistics excluded,
    /// with the bytes the excluded ones would have cost.
    public func addRowGroups(_ count: Int, skippedByStatistics: Int, bytesSkipped skipped: Int) {
        rowGroups.wrappingAdd(count, ordering: .relaxed)
        rowGroupsSkippedByStatistics.wrappingAdd(skippedByStatistics, ordering: .relaxed)
        bytesSkipped.wrappingAdd(skipped, ordering: .relaxed)
    }

    /// Counts a row group decoded.
    public func addRowGroupRead() { rowGroupsRead.wrappingAdd(1, ordering: .relaxed) }

    /// Counts a row group skipped because no dictionary value passes, with the bytes it would have cost.
    public func addRowGroupSkippedByDictionary(bytesSkipped skipped: Int) {
        rowGroupsSkippedByDictionary.wrappingAdd(1, ordering: .relaxed)
        bytesSkipped.wrappingAdd(skipped, ordering: .relaxed)
    }

    /// The counts now.
    public var counts: ScanCounts {
        ScanCounts(files: filesRead.load(ordering: .relaxed), bytesRead: bytesRead.load(ordering: .relaxed),
                                bytesSkipped: bytesSkipped.load(ordering: .relaxed),
                                rowGroups: rowGroups.load(ordering: .relaxed), rowGroupsRead: rowGroupsRead.load(ordering: .relaxed),
                                rowGroupsSkippedByStatistics: rowGroupsSkippedByStatistics.load(ordering: .relaxed),
                   rowGroupsSkippedByDictionary: rowGroupsSkippedByDictionary.load(ordering: .relaxed))
    }
}

/// What one scan read and skipped (see `ScanMetrics`).
public struct ScanCounts: Sendable, Equatable {
    /// Files opened.
    public var files = 0
    /// Bytes read from storage.
    public var bytesRead = 0
    /// Bytes of row groups skipped without reading their data.
    public var bytesSkipped = 0
    /// Row groups in the files (or byte ranges) opened.
    public var rowGroups = 0
    /// Row groups decoded.
    public var rowGroupsRead = 0
    /// Row groups skipped because their min/max or null-count statistics exclude every row.
    public var rowGroupsSkippedByStatistics = 0
    /// Row groups skipped because no value of a string column's dictionary passes a filter.
    public var rowGroupsSkippedByDictionary = 0
}
