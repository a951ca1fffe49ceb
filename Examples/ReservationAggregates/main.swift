// Seed 003's unfinished work as a pipeline author writes it with DataFlow: Redshift UNLOAD exports
// of companies, spaces and reservations become a Parquet lake (`migrate`), then reservations are
// aggregated per space and hour and per company and week in New York time (`aggregate`), the
// seven-hour offset of the seed's EMR cluster impossible by construction.
import DataFlow
import DataFlowIO
import Foundation
import Pipelines
import SampleData

let scratch = NSTemporaryDirectory() + "dataflow-reservations-example"
try? FileManager.default.removeItem(atPath: scratch)
// The session's zone only formats what `show()` prints; the job takes its reporting zone from its config.
let session = try Session(timeZone: "America/New_York", warehouse: scratch + "/warehouse")

let export = ReservationExport(reservationRows: 200_000, startDate: try CalendarDate(year: 2025, month: 1, day: 1), days: 365,
                               files: 8, malformedRecords: 2)
try export.write(to: scratch + "/exports", session: session)

let migration = try MigrateJob(config: .init(source: scratch + "/exports", output: scratch + "/lake", tables: ReservationExport.tables))
    .run(session: session)
print(migration.summary)

var config = AggregateJob.Config(output: scratch + "/aggregates")
config.timeZone = "America/New_York"
let report = try AggregateJob(config: config).run(session: session)
print(report.summary)

// The fall-back night: 01:00 happens twice in New York, and each is its own hour.
let hourly = try session.read.table("hourly_space")
try hourly.filter(col("date") == lit(Scalar.date(Int32(try CalendarDate(year: 2025, month: 11, day: 2).daysSinceEpoch))))
    .groupBy("hour_start").agg(Expr.sum("reservations").alias("reservations"), Expr.sum("occupied_seconds").alias("occupied_seconds"))
    .orderBy(col("hour_start")).show(6)
try session.read.table("week_people_count").orderBy(col("week_start"), col("company_id")).show(5)
