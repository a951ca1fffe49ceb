import DataFlow

/// One file, or one byte range of one, of a scan of text files (CSV, JSON lines): it counts the
/// file and its bytes, and reads them with the format's batch stream.
struct FileRangeScanPartition: ScanPartition {
    /// Opens the format's stream over one range of one file of the dataset.
    typealias StreamMaker = @Sendable (_ fileIndex: Int, _ range: Range<Int>, _ request: ScanRequest, _ batchSize: Int) throws -> any BatchStream

    let fileIndex: Int
    let fileSize: Int
    let range: Range<Int>
    let request: ScanRequest
    let makeStream: StreamMaker

    func open(context: TaskContext, metrics: ScanMetrics) throws -> any BatchStream {
        metrics.addFile()
        metrics.addBytesRead(max(0, min(range.upperBound, fileSize) - range.lowerBound))
        return try makeStream(fileIndex, range, request, context.batchSize)
    }
}

extension Dataset {
    /// The partitions of a text file scan: each file that `request`'s partition filters keep, cut
    /// into ranges of `splitSize` bytes where it can be split (never when compressed).
    func rangePartitions(for request: ScanRequest, splitSize: Int, splittable: Bool,
                         stream: @escaping FileRangeScanPartition.StreamMaker) throws -> [any ScanPartition] {
        try files(matching: request.filters).flatMap { index in
            files[index].byteRanges(splitSize: splitSize, splittable: splittable).map { range in
                FileRangeScanPartition(fileIndex: index, fileSize: files[index].size, range: range, request: request, makeStream: stream)
            }
        }
    }
}
