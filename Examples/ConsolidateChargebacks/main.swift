// Seed 002's Glue job as a pipeline author writes it with DataFlow: generate a landing zone of
// small snappy files for three days (four arrival batches a day), consolidate one day into ten
// files twice (the second execution sees the same day and replaces it), and query the result
// through the catalog.
import DataFlow
import DataFlowIO
import Foundation
import Pipelines
import SampleData

let scratch = NSTemporaryDirectory() + "dataflow-consolidate-example"
try? FileManager.default.removeItem(atPath: scratch)
let session = Session(warehouse: scratch + "/warehouse")

let days = ["2025-11-01", "2025-11-02", "2025-11-03"].compactMap(CalendarDate.init)
try ChargebackLandingZone(days: days, rowsPerDay: 100_000, filesPerDay: 60, batchesPerDay: 4)
    .write(to: scratch + "/landing/chargebacks", session: session)

var config = ConsolidateJob.Config(source: scratch + "/landing/chargebacks", output: scratch + "/consolidated/chargebacks",
                                   fileCount: 10, compression: .snappy)
config.partitionDate = "2025-11-02"
config.catalogTable = "consolidated.chargebacks"
for sequence in 1...2 {
    config.executionSequence = sequence
    config.executionTime = "2025-11-03T0\(sequence * 6):00:00Z"
    let report = try ConsolidateJob(config: config).run(session: session)
    print(report.summary)
}

let chargebacks = try session.read.table("consolidated.chargebacks")
try chargebacks.groupBy("currency", "status")
    .agg(Expr.count().alias("chargebacks"), Expr.sum("amount").alias("amount"))
    .orderBy(col("chargebacks").desc())
    .show(8)
print("catalog entry: \(try Catalog(warehouse: session.warehouse).table("consolidated.chargebacks").partitions)")
