/// Finds, for the rows of one probe batch, the build rows they may join with: the part that differs
/// between hash, range and nested-loop joins. Candidates come in chunks of pairs so that a row with
/// many matches never needs unbounded memory.
protocol ProbeMatcher {
    /// Prepares to match the rows of `batch`.
    mutating func start(_ batch: RecordBatch) throws
    /// The next chunk of candidate pairs of the current batch (probe row, build row), at most about
    /// `limit` of them; nil when the batch is done.
    mutating func nextPairs(limit: Int) throws -> (probe: [Int32], build: [Int32])?
}
