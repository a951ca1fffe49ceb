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
    /// The bytes each scan task of the files at `indices` reads: their total over the request's
    /// target partitions, at least 4 MiB (opening a file costs about that much reading) and at most
    /// `maximum` (the source's split size), as Spark sizes its file splits.
    func splitSize(of indices: [Int], request: ScanRequest, maximum: Int) -> Int {
        let total = indices.reduce(0) { $0 + files[$1].size }
        let perPartition = total / request.targetPartitions + 1
        return min(maximum, max(4 << 20, perPartition))
    }

    /// The partitions of a text file scan: each file that `request`'s partition filters keep, cut
    /// into ranges (`splitSize(of:request:maximum:)`) where it can be split (never when compressed,
    /// nor in an object store, where each range would fetch the whole object).
    func rangePartitions(for request: ScanRequest, splitSize: Int, splittable: Bool,
                         stream: @escaping FileRangeScanPartition.StreamMaker) throws -> [any ScanPartition] {
        let kept = try files(matching: request.filters)
        let size = self.splitSize(of: kept, request: request, maximum: splitSize)
        return kept.flatMap { index in
            files[index].byteRanges(splitSize: size, splittable: splittable && !ObjectStores.isObjectPath(files[index].path)).map { range in
                FileRangeScanPartition(fileIndex: index, fileSize: files[index].size, range: range, request: request, makeStream: stream)
            }
        }
    }
}
