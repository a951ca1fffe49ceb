import DataFlow
import DataFlowIO
import Foundation
@testable import Pipelines
import SampleData
import TestSupport
import Testing

/// DuckDB's own computation of both aggregations from the lake, in the reporting zone (ICU):
/// latest versions by updated_at then file and row, valid reservations, local hours as the
/// instants of a 15-minute grid whose local minute is zero (date_trunc('hour') would merge the
/// repeated hour of a fall-back into one), weeks from date_trunc('week'). Compared with DataFlow's
/// outputs; prints `hourly missing extra weekly missing extra versions_dropped invalid`.
private let duckDBAggregation = """
\(duckDBCompare)import sys, duckdb
lake, out, tz = sys.argv[1], sys.argv[2], sys.argv[3]
con = duckdb.connect()
con.execute(f"SET TimeZone='{tz}'")
con.execute(f'''create view allrows as select * from read_parquet('{lake}/fact_reservation/**/*.parquet', hive_partitioning=true,
  filename=true, file_row_number=true)''')
con.execute('''create view latest as select * exclude (rn) from (select *, row_number() over (partition by reservation_id
  order by updated_at desc, filename desc, file_row_number desc) as rn from allrows) where rn = 1''')
con.execute('create view v as select * from latest where start_ts is not null and end_ts is not null and end_ts > start_ts')
con.execute('''create table hours as select t as hour_start, lead(t) over (order by t) as hour_end
  from (select unnest(generate_series(date_trunc('hour', (select min(start_ts) from v)) - interval 3 hour,
                                      (select max(end_ts) from v) + interval 3 hour, interval 15 minute)) as t)
  where date_part('minute', t) = 0''')
con.execute('''create view expected_hourly as select space_id, hour_start, count(*) as reservations, sum(people_count) as people,
  sum(epoch_us(least(end_ts, hour_end)) - epoch_us(greatest(start_ts, hour_start))) / 1e6 as occupied_seconds, cast(hour_start as date) as date
  from v join hours on start_ts < hour_end and end_ts > hour_start group by all''')
con.execute(f'''create view actual_hourly as select space_id, hour_start, reservations, people, occupied_seconds, date
  from read_parquet('{out}/hourly_space/**/*.parquet', hive_partitioning=true)''')
con.execute('''create table weeks as select w as week_start_ts, w + interval 7 day as week_end_ts from (select distinct date_trunc('week', t) as w
  from (select unnest(generate_series((select min(start_ts) from v) - interval 8 day, (select max(end_ts) from v) + interval 8 day, interval 1 hour)) as t))''')
con.execute('''create view expected_weekly as select company_id, count(distinct person_id) as people, count(*) as reservations,
  cast(week_start_ts as date) as week_start from v join weeks on start_ts < week_end_ts and end_ts > week_start_ts group by all''')
con.execute(f"create view actual_weekly as select company_id, people, reservations, week_start from read_parquet('{out}/week_people_count/**/*.parquet', hive_partitioning=true)")
versions = con.execute('select (select count(*) from allrows) - (select count(*) from latest)').fetchone()[0]
invalid = con.execute('select (select count(*) from latest) - (select count(*) from v)').fetchone()[0]
print(*(compare('expected_hourly', 'actual_hourly') + compare('expected_weekly', 'actual_weekly') + [versions, invalid]))
"""

@Suite("aggregate (seed 003)")
struct AggregateJobTests {
    /// A lake migrated from a generated export over March to November 2025 (both US DST changes).
    static func lake(_ root: String, session: Session, companies: Int = 50) throws {
        try ReservationExport(companies: companies, reservationRows: 8_000, startDate: CalendarDate(daysSinceEpoch: 20_148), days: 250, files: 3)
            .write(to: root + "/exports", session: session)
        _ = try MigrateJob(config: MigrateJob.Config(source: root + "/exports", output: root + "/lake", tables: ReservationExport.tables)).run(session: session)
    }

    @Test("hourly-space and week-people-count equal DuckDB's computation in New York and in UTC, DST changes included", arguments: ["America/New_York", "UTC"])
    func matchesDuckDB(zone: String) throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let session = Session(warehouse: root + "/warehouse")
        try Self.lake(root, session: session)
        var config = AggregateJob.Config(output: root + "/out")
        config.timeZone = zone
        let report = try AggregateJob(config: config).run(session: session)
        let counts = try runPython(duckDBAggregation, [root + "/lake", root + "/out", zone]).split(separator: " ")
            .compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(counts == [report.outputRows["hourly-space"] ?? -1, 0, 0, report.outputRows["week-people-count"] ?? -1, 0, 0,
                           report.versionsDropped, report.invalidReservations])
        #expect(report.rowsRead == 8_000 && report.versionsDropped > 1_000 && report.invalidReservations > 10)
        #expect(report.dataCheck.passed && report.dataCheck.previousRows == nil)
        #expect(try session.read.table("hourly_space").count() == report.outputRows["hourly-space"])
        #expect(try Catalog(warehouse: session.warehouse).table("week_people_count").partitionColumns == ["week_start"])
    }

    @Test("on Spark (--remote) both aggregations equal DuckDB's computation in New York, and the catalog gets the partitions written")
    func runsOnSpark() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Self.lake(root, session: Session(warehouse: root + "/warehouse"))
        var config = AggregateJob.Config(output: root + "/out")
        config.timeZone = "America/New_York"
        let report = try AggregateJob(config: config).run(session: try sparkSession(warehouse: root + "/warehouse"))
        let counts = try runPython(duckDBAggregation, [root + "/lake", root + "/out", "America/New_York"]).split(separator: " ")
            .compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(counts == [report.outputRows["hourly-space"] ?? -1, 0, 0, report.outputRows["week-people-count"] ?? -1, 0, 0,
                           report.versionsDropped, report.invalidReservations])
        #expect(report.rowsRead == 8_000 && report.versionsDropped > 1_000)
        let table = try Catalog(warehouse: root + "/warehouse").table("week_people_count")
        #expect(!table.partitions.isEmpty && table.partitions.allSatisfy { $0.hasPrefix("week_start=") })
        #expect(try Session(warehouse: root + "/warehouse").read.table("hourly_space").count() == report.outputRows["hourly-space"])
    }

    @Test("the data check fails on fewer companies, names them and writes nothing; skip-data-check overrides")
    func dataCheck() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let session = Session(warehouse: root + "/warehouse")
        try Self.lake(root, session: session)
        let config = AggregateJob.Config(output: root + "/out")
        _ = try AggregateJob(config: config).run(session: session)
        let before = try FileManager.default.subpathsOfDirectory(atPath: root + "/out").sorted()

        try Self.lake(root, session: session, companies: 40)
        #expect { try AggregateJob(config: config).run(session: session) } throws: { error in
            let text = "\(error)"
            return text.contains("data check failed") && text.contains("40 distinct company_ids (previous run 50)") && text.contains("missing company_ids: 41, 42")
        }
        #expect(try FileManager.default.subpathsOfDirectory(atPath: root + "/out").sorted() == before)

        var skipping = config
        skipping.skipDataCheck = true
        let report = try AggregateJob(config: skipping).run(session: session)
        #expect(report.dataCheck.skipped && !report.dataCheck.passed && report.dataCheck.missingCompanies.first == 41)
        #expect(try AggregateJob(config: config).run(session: session).dataCheck.passed)
    }

    @Test("a second output whose tables the catalog has elsewhere fails before writing a byte; CSV hours carry their offset")
    func checksBeforeWriting() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let session = Session(warehouse: root + "/warehouse")
        try Self.lake(root, session: session)
        var config = AggregateJob.Config(output: root + "/a1")
        config.timeZone = "America/New_York"
        config.csv = true
        _ = try AggregateJob(config: config).run(session: session)
        var other = config
        other.output = root + "/a2"
        #expect { try AggregateJob(config: other).run(session: session) } throws: { error in
            (error as? DataFlowError)?.message.contains("is registered at \(root)/a1/hourly_space") == true
        }
        #expect(!FileManager.default.fileExists(atPath: root + "/a2"))

        // 2025-11-02 01:00 happens twice in New York; with its offset the text tells the two apart.
        let csv = try session.read.csv(root + "/a1/csv/hourly_space", options: CSVOptions(header: true)).select("space_id", "hour_start").collect()
        let keys = csv.map { $0[0].formatted() + " " + $0[1].formatted() }
        #expect(!keys.isEmpty && Set(keys).count == keys.count)
        #expect(csv.allSatisfy { row in
            let text = row[1].formatted()
            return text.count == 25 && (text.hasSuffix("-04:00") || text.hasSuffix("-05:00")) && text.dropFirst(10).first == "T"
        })
    }

    @Test("both aggregations join reservations to their buckets through the range join")
    func rangeJoins() throws {
        let session = try Session(timeZone: "America/New_York")
        let schema = try Schema(ddl: "reservation_id BIGINT, company_id BIGINT, space_id BIGINT, person_id BIGINT, start_ts TIMESTAMP, end_ts TIMESTAMP, people_count INT")
        let valid = try session.createDataFrame(rows: [[1, 1, 1, 1, .timestamp(0), .timestamp(7_200_000_000), 2]], schema: schema)
        let job = AggregateJob(config: AggregateJob.Config(output: "unused"))
        #expect(try job.hourlySpace(valid, session: session, from: 0, to: 7_200_000_000).explain().contains("RangeJoin"))
        #expect(try job.weekPeopleCount(valid, session: session, from: 0, to: 7_200_000_000).explain().contains("RangeJoin"))
        #expect(try job.hourlySpace(valid, session: session, from: 0, to: 7_200_000_000).collect().map { $0[4] } == [.float64(3_600), .float64(3_600)])
    }

    @Test("calendar buckets: New York's spring-forward day has 23 hours and its fall-back day 25; Kolkata's hours start at :30 UTC")
    func buckets() throws {
        let newYork = try SessionTimeZone("America/New_York")
        let march9 = Int64(20_156) * 86_400_000_000 + 5 * 3_600_000_000 // 2025-03-09 00:00 EST
        #expect(CalendarBuckets.hours(from: march9, to: march9 + 23 * 3_600_000_000, zone: newYork).count == 23)
        let november2 = Int64(20_394) * 86_400_000_000 + 4 * 3_600_000_000 // 2025-11-02 00:00 EDT
        let fallBack = CalendarBuckets.hours(from: november2, to: november2 + 25 * 3_600_000_000, zone: newYork)
        #expect(fallBack.count == 25 && fallBack.allSatisfy { $0.end - $0.start == 3_600_000_000 })
        let kolkata = try SessionTimeZone("Asia/Kolkata")
        let hours = CalendarBuckets.hours(from: 0, to: 3 * 3_600_000_000, zone: kolkata)
        #expect(hours.first?.start == -30 * 60_000_000 && hours.count == 4)
        let weeks = CalendarBuckets.weeks(from: march9, to: march9 + 23 * 3_600_000_000, zone: newYork) // the 23-hour Sunday
        #expect(weeks.map(\.monday.description) == ["2025-03-03"])
        #expect(weeks.map { $0.end - $0.start } == [167 * 3_600_000_000])
    }
}
