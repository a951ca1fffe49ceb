import DataFlow
import DataFlowIO
import Foundation
import Pipelines

/// A generated AWS DMS export of seed 001's `employees` table: full-load files
/// (`LOAD00000001.parquet`, ...; no `Op` column) and, for each day from the start date, change
/// files named by time (`YYYYMMDD-HHMMSSmmm.parquet`) with `Op` (I/U/D) and `cdc_timestamp`.
/// It includes the edge cases seed 001 met: updates of one key with equal timestamps in one
/// file, and changes on the start day stamped before the full load's rows.
public struct DMSExport: Sendable {
    /// The table's schema, as the generated files hold it (after `Op` and `cdc_timestamp`).
    public static let schemaDDL = "emp_no INT, birth_date DATE, first_name STRING, last_name STRING, gender STRING, hire_date DATE"

    /// Keys in the full load.
    public var fullLoadRows: Int
    /// Change rows in all.
    public var changes: Int
    /// Days with changes, from `startDate`.
    public var days: Int
    /// Change files per day.
    public var filesPerDay: Int
    /// The day the DMS task started.
    public var startDate: CalendarDate
    /// The generator's seed.
    public var seed: UInt64

    /// An export of `fullLoadRows` keys and `changes` changes over `days` days.
    public init(fullLoadRows: Int, changes: Int, days: Int, filesPerDay: Int = 4, startDate: CalendarDate, seed: UInt64 = 1_113) {
        self.fullLoadRows = fullLoadRows
        self.changes = changes
        self.days = days
        self.filesPerDay = filesPerDay
        self.startDate = startDate
        self.seed = seed
    }

    /// The table's configuration for `cdc-snapshot`, with its files at `path`.
    public func tableConfig(path: String) -> CDCTableConfig {
        CDCTableConfig(path: path, primaryKeys: ["emp_no"], partitionDate: "hire_date", cdcStartDate: startDate, schema: Self.schemaDDL)
    }

    /// Writes the files into the directory `path` (replacing it).
    /// - Throws: `DataFlowError` for invalid sizes or write failures.
    public func write(to path: String, session: Session) throws {
        guard fullLoadRows >= 0, changes >= 0, days >= 1, filesPerDay >= 1 else {
            throw DataFlowError.invalidArgument("days", "needs at least one day and one file per day")
        }
        try? FileManager.default.removeItem(atPath: path)
        let staging = path + "/.generating"
        defer { try? FileManager.default.removeItem(atPath: staging) }
        var random = SeededRandom(seed: seed)
        var nextKey = fullLoadRows
        let noon = Int64(startDate.daysSinceEpoch) * 86_400_000_000 + 12 * 3_600_000_000
        var load = Builders(withOperation: false, capacity: fullLoadRows, startDate: startDate)
        for key in 0..<fullLoadRows { load.append(op: nil, timestamp: noon, key: key, version: 0, random: &random) }
        try save(load, as: path + "/LOAD00000001.parquet", staging: staging, session: session)

        let files = days * filesPerDay
        for file in 0..<files {
            let day = startDate.adding(days: file / filesPerDay)
            // Files spread over 01:00 to 21:00: the start day's first ones are stamped before the full load's noon.
            let slot = file % filesPerDay, hour = 1 + slot * 20 / filesPerDay
            let fileStart = Int64(day.daysSinceEpoch) * 86_400_000_000 + Int64(hour) * 3_600_000_000 + Int64(slot) * 60_000_000
            let count = changes / files + (file < changes % files ? 1 : 0)
            var builders = Builders(withOperation: true, capacity: count, startDate: startDate)
            var row = 0
            while row < count {
                let draw = random.next() % 100
                let timestamp = fileStart + Int64(row) * 1_000
                if draw < 10 || nextKey == 0 {
                    builders.append(op: "I", timestamp: timestamp, key: nextKey, version: 0, random: &random)
                    nextKey += 1
                } else if draw < 15 {
                    builders.append(op: "D", timestamp: timestamp, key: Int(random.next() % UInt64(nextKey)), version: 0, random: &random)
                } else {
                    let key = Int(random.next() % UInt64(nextKey))
                    builders.append(op: "U", timestamp: timestamp, key: key, version: row + 1, random: &random)
                    if draw < 25 && row + 1 < count {
                        // A second update of the same key with the same timestamp: file order decides.
                        row += 1
                        builders.append(op: "U", timestamp: timestamp, key: key, version: row + 1, random: &random)
                    }
                }
                row += 1
            }
            let name = String(format: "/%04d%02d%02d-%02d%02d00000.parquet", day.year, day.month, day.day, hour, slot % 60)
            try save(builders, as: path + name, staging: staging, session: session)
        }
    }

    /// Writes one file through the engine's writer, then moves it to its DMS name.
    private func save(_ builders: Builders, as file: String, staging: String, session: Session) throws {
        let frame = try session.createDataFrame(columns: builders.finish(), schema: builders.schema)
        let written = try frame.coalesce(1).write.mode(.overwrite).parquet(staging)
        guard let produced = written.files.first.map({ staging + "/" + $0 }) else { throw DataFlowError.internalError("the DMS sample writer produced no file") }
        do {
            try FileManager.default.moveItem(atPath: produced, toPath: file)
        } catch {
            throw DataFlowError(.io, "cannot move the generated file into place", location: ErrorLocation(path: file), underlying: DescribedError(error))
        }
    }

    /// Column builders for one DMS file.
    private struct Builders {
        let schema: Schema
        var columns: [ColumnBuilder]
        let withOperation: Bool
        /// Hire dates fall in the 4,000 days before this day.
        let startDate: CalendarDate

        init(withOperation: Bool, capacity: Int, startDate: CalendarDate) {
            self.withOperation = withOperation
            self.startDate = startDate
            let data = (try? Schema(ddl: DMSExport.schemaDDL).fields) ?? []
            schema = Schema((withOperation ? [Field("Op", .string)] : []) + [Field("cdc_timestamp", .timestamp)] + data)
            columns = schema.fields.map { ColumnBuilder(type: $0.type, capacity: capacity) }
        }

        /// Appends a version of employee `key`; `version` changes the last name.
        mutating func append(op: String?, timestamp: Int64, key: Int, version: Int, random: inout SeededRandom) {
            var index = 0
            if withOperation {
                columns[0].appendString(op ?? "I")
                index = 1
            }
            let firstNames = ["Ana", "Bruno", "Chen", "Dara", "Emeka", "Freya", "Goran", "Hana"]
            columns[index].appendFixed(timestamp)
            columns[index + 1].appendFixed(Int32(10_001 + key))
            columns[index + 2].appendFixed(Int32(-7_000 + key % 12_000))
            columns[index + 3].appendString(firstNames[key % firstNames.count])
            columns[index + 4].appendString("Name\(key)-v\(version)")
            columns[index + 5].appendString(key % 2 == 0 ? "F" : "M")
            columns[index + 6].appendFixed(Int32(startDate.daysSinceEpoch - 4_000 + Int(random.next() % 4_000)))
        }

        func finish() -> [Column] { columns.map { $0.finish() } }
    }
}
