/// What one operator did in one execution of a query (DataFusion's and Spark's per-operator
/// metrics): summed over its partitions.
public struct OperatorMetrics: Sendable, Equatable {
    /// Rows produced.
    public var outputRows = 0
    /// Batches produced.
    public var outputBatches = 0
    /// Rows its inputs produced (the sum of its children's `outputRows`).
    public var inputRows = 0
    /// Batches its inputs produced (the sum of its children's `outputBatches`).
    public var inputBatches = 0
    /// Time spent in the operator itself, its inputs' time excluded, summed over the threads that
    /// ran it.
    public var computeNanoseconds = 0
    /// The most bytes of memory it held at once.
    public var peakMemoryBytes = 0
    /// Bytes it wrote to spill files because its state did not fit the memory budget.
    public var spilledBytes = 0
    /// Rows it wrote to spill files.
    public var spilledRows = 0
    /// Spill files it wrote.
    public var spillFiles = 0
    /// For scans: the files, bytes and row groups read and skipped; nil otherwise.
    public var scan: ScanCounts?

    /// The metrics as `explain(.analyze)` prints them after the operator.
    public var summary: String {
        var parts = ["rows=\(outputRows)", "batches=\(outputBatches)", "time=\(Self.duration(computeNanoseconds))"]
        if peakMemoryBytes > 0 { parts.append("memory=\(ByteSize.formatted(peakMemoryBytes))") }
        if spillFiles > 0 { parts.append("spilled=\(ByteSize.formatted(spilledBytes)) (\(spilledRows) rows) in \(spillFiles) files") }
        if let scan {
            parts.append("files=\(scan.files)")
            if scan.bytesRead > 0 { parts.append("read=\(ByteSize.formatted(scan.bytesRead))") }
            if scan.rowGroups > 0 {
                parts.append("row groups=\(scan.rowGroupsRead) of \(scan.rowGroups) read, \(scan.rowGroupsSkippedByStatistics) skipped by statistics, \(scan.rowGroupsSkippedByDictionary) by dictionary")
            }
            if scan.bytesSkipped > 0 { parts.append("skipped=\(ByteSize.formatted(scan.bytesSkipped))") }
        }
        return parts.joined(separator: ", ")
    }

    /// `nanoseconds` in the largest unit that keeps a number of at least 1 (ns, µs, ms, s).
    static func duration(_ nanoseconds: Int) -> String {
        let value = Double(nanoseconds)
        switch nanoseconds {
        case ..<1_000: return "\(nanoseconds)ns"
        case ..<1_000_000: return String(format: "%.1fµs", value / 1e3)
        case ..<1_000_000_000: return String(format: "%.1fms", value / 1e6)
        default: return String(format: "%.2fs", value / 1e9)
        }
    }
}
