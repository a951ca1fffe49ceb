@testable import DataFlow
import Testing

/// The Spark-oracle queries run embedded on their own: without errors, and with the same rows at
/// any parallelism (Spark's answers are checked in `RemoteDifferentialTests`).
@Suite("Differential: Spark-oracle queries embedded")
struct SparkOracleLocalTests {
    @Test("the same rows on one thread and on three", arguments: SparkOracleQueries.all)
    func parallelism(_ query: DifferentialQuery) throws {
        let serial = try query.build(try DifferentialTable.shared.dataFrame(Session(parallelism: 1))).collectBatches()
        let parallel = try query.build(try DifferentialTable.shared.dataFrame(Session(parallelism: 3, batchSize: 4096))).collectBatches()
        let (one, three) = (CanonicalRows.hashes(serial), CanonicalRows.hashes(parallel))
        #expect(serial.reduce(0) { $0 + $1.rowCount } > 0)
        #expect(query.ordered ? one == three : CanonicalRows.Digest(one) == CanonicalRows.Digest(three), "\(query.name)")
    }
}
