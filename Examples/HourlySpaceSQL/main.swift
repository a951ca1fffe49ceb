// Seed 003's hourly-space aggregation written as SQL, the way its authors wanted to write it ("use the
// SQL API to do 90% of the work"): the reservations of the Parquet lake, deduplicated to their latest
// version, range-joined to the wall-clock hours they overlap in New York time, and aggregated per
// space and hour. The program checks that the result equals the `aggregate` pipeline's output.
import DataFlow
import DataFlowIO
import Foundation
import Pipelines
import SampleData

let scratch = NSTemporaryDirectory() + "dataflow-hourly-space-sql-example"
try? FileManager.default.removeItem(atPath: scratch)
let session = try Session(timeZone: "America/New_York", warehouse: scratch + "/warehouse")

// The lake and the pipeline's answer.
let export = ReservationExport(reservationRows: 50_000, startDate: try CalendarDate(year: 2025, month: 1, day: 1), days: 365, files: 4)
try export.write(to: scratch + "/exports", session: session)
_ = try MigrateJob(config: .init(source: scratch + "/exports", output: scratch + "/lake", tables: ReservationExport.tables)).run(session: session)
var config = AggregateJob.Config(output: scratch + "/aggregates")
config.timeZone = "America/New_York"
config.aggregations = [.hourlySpace]
_ = try AggregateJob(config: config).run(session: session)

// The reservations with the file and row each version came from, so that versions with the same
// updated_at are ordered as the pipeline orders them.
var options = ParquetReadOptions()
options.fileNameColumn = "source_file"
options.rowIndexColumn = "source_row"
let location = try Catalog(warehouse: session.warehouse).table("default.fact_reservation").location
try session.read.parquet(location, options: options).createOrReplaceTempView("reservations")

_ = try session.sql("""
    CREATE OR REPLACE TEMP VIEW valid AS
    SELECT reservation_id, space_id, start_ts, end_ts, people_count
    FROM reservations
    QUALIFY row_number() OVER (PARTITION BY reservation_id ORDER BY updated_at DESC, source_file DESC, source_row DESC) = 1
        AND start_ts IS NOT NULL AND end_ts IS NOT NULL AND end_ts > start_ts
    """)

// Every whole hour between the first start and the last end (New York's offsets are whole hours,
// so each UTC hour is one wall-clock hour there, the fall-back night's two 01:00s included).
let bounds = try session.sql("SELECT unix_micros(min(start_ts)) DIV 3600000000, unix_micros(max(end_ts)) DIV 3600000000 FROM valid").collect()[0]
guard let firstHour = bounds.values[0].integerValue, let lastHour = bounds.values[1].integerValue else {
    print("no valid reservations")
    exit(1)
}
let hourly = try session.sql("""
    WITH hours AS (
        SELECT timestamp_micros(id * 3600000000) AS hour_start, timestamp_micros((id + 1) * 3600000000) AS hour_end
        FROM range(\(firstHour), \(lastHour + 1))
    )
    SELECT space_id, hour_start, count(*) AS reservations, sum(people_count) AS people,
           CAST(sum(unix_micros(least_end) - unix_micros(greatest_start)) AS DOUBLE) / 1000000.0 AS occupied_seconds,
           to_date(hour_start) AS date
    FROM (
        SELECT v.*, h.hour_start,
               CASE WHEN start_ts > hour_start THEN start_ts ELSE hour_start END AS greatest_start,
               CASE WHEN end_ts < hour_end THEN end_ts ELSE hour_end END AS least_end
        FROM valid v JOIN hours h ON v.start_ts < h.hour_end AND v.end_ts > h.hour_start
    )
    GROUP BY space_id, hour_start
    """)
try hourly.createOrReplaceTempView("hourly_sql")
try session.read.table("default.hourly_space").createOrReplaceTempView("hourly_pipeline")

let differences = try session.sql("""
    SELECT count(*) FROM (
        (SELECT space_id, hour_start, reservations, people, occupied_seconds, date FROM hourly_sql
         EXCEPT SELECT space_id, hour_start, reservations, people, occupied_seconds, date FROM hourly_pipeline)
        UNION ALL
        (SELECT space_id, hour_start, reservations, people, occupied_seconds, date FROM hourly_pipeline
         EXCEPT SELECT space_id, hour_start, reservations, people, occupied_seconds, date FROM hourly_sql)
    )
    """).collect()[0].values[0]
let rows = try hourly.count()
try session.sql("SELECT * FROM hourly_sql ORDER BY people DESC, hour_start, space_id LIMIT 5").show()
guard differences == .int64(0), rows == (try session.sql("SELECT * FROM hourly_pipeline").count()) else {
    print("the SQL result differs from the pipeline's: \(differences) rows")
    exit(1)
}
print("\(rows) space-hours, equal to the aggregate pipeline's output")
