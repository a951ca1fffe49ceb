import DataFlow
import DataFlowIO
import Foundation
import Pipelines

/// A generated Redshift UNLOAD export of seed 003's tables (`dim_company`, `dim_space`,
/// `fact_reservation`) as `<root>/<table>/snapshot/<table>_000N_part_00` files in the UNLOAD
/// dialect (`|`, every field quoted, backslash escapes, `\N` nulls). Reservations have one to
/// three versions (a few with equal `updated_at`), about 1% are invalid (`end_ts <= start_ts`),
/// some cross hours, days and weeks, and `malformedRecords` broken lines are appended to the
/// last reservation file. The same seed gives the same files.
public struct ReservationExport: Sendable {
    /// The tables' schemas and partition columns, as `migrate` takes them.
    public static let tables: [String: MigrateTable] = [
        "dim_company": MigrateTable(schema: "company_id BIGINT, company_name STRING, created_date DATE"),
        "dim_space": MigrateTable(schema: "space_id BIGINT, company_id BIGINT, space_name STRING, capacity INT, created_date DATE"),
        "fact_reservation": MigrateTable(schema: "reservation_id BIGINT, company_id BIGINT, space_id BIGINT, person_id BIGINT, start_ts TIMESTAMP, " +
                                         "end_ts TIMESTAMP, people_count INT, updated_at TIMESTAMP, created_date DATE"),
    ]

    /// Companies, spaces and people.
    public var companies: Int, spaces: Int, people: Int
    /// Reservation rows (versions included).
    public var reservationRows: Int
    /// The first day reservations start on, and how many days they spread over.
    public var startDate: CalendarDate, days: Int
    /// Files per table.
    public var files: Int
    /// Broken lines appended to the reservations (wrong field counts, unparseable values).
    public var malformedRecords: Int
    /// The generator's seed.
    public var seed: UInt64

    /// An export of `reservationRows` reservation rows over `days` days from `startDate`.
    public init(companies: Int = 50, spaces: Int = 400, people: Int = 5_000, reservationRows: Int, startDate: CalendarDate, days: Int,
                files: Int = 8, malformedRecords: Int = 0, seed: UInt64 = 3) {
        self.companies = companies
        self.spaces = spaces
        self.people = people
        self.reservationRows = reservationRows
        self.startDate = startDate
        self.days = days
        self.files = files
        self.malformedRecords = malformedRecords
        self.seed = seed
    }

    /// Writes the three tables' snapshot exports under `root` (replacing them), timestamps in UTC
    /// as Redshift writes them.
    /// - Throws: `DataFlowError` for invalid sizes or write failures.
    public func write(to root: String, session: Session) throws {
        let session = try session.withTimeZone("UTC")
        guard companies > 0, spaces > 0, people > 0, days > 0, files > 0, reservationRows >= 0 else {
            throw DataFlowError.invalidArgument("reservations", "companies, spaces, people, days and files must be positive")
        }
        var random = SeededRandom(seed: seed)
        let created = Int32(startDate.daysSinceEpoch - 30)
        let companyRows: [[Scalar]] = (0..<companies).map { [.int64(Int64($0 + 1)), .string("Company \($0 + 1) | \"HQ\""), .date(created)] }
        let spaceRows: [[Scalar]] = (0..<spaces).map { space in
            [.int64(Int64(space + 1)), .int64(Int64(space % companies + 1)), .string("Room \(space + 1)"), .int32(Int32(2 + space % 20)), .date(created)]
        }
        try Self.writeExport(try session.createDataFrame(rows: companyRows, schema: Schema(ddl: Self.tables["dim_company"]?.schema ?? "")),
                             table: "dim_company", mode: .snapshot, root: root, files: 1)
        try Self.writeExport(try session.createDataFrame(rows: spaceRows, schema: Schema(ddl: Self.tables["dim_space"]?.schema ?? "")),
                             table: "dim_space", mode: .snapshot, root: root, files: 1)
        let reservations = try session.createDataFrame(columns: reservationColumns(&random), schema: Schema(ddl: Self.tables["fact_reservation"]?.schema ?? ""))
        let written = try Self.writeExport(reservations, table: "fact_reservation", mode: .snapshot, root: root, files: files)
        if malformedRecords > 0, let last = written.last {
            let broken = (0..<malformedRecords).map { $0 % 2 == 0 ? "\"not-a-number\"|\"1\"|\"2\"|\"3\"|\"x\"|\"y\"|\"1\"|\"z\"|\"2025-01-01\"\n" : "\"1\"|\"2\"\n" }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: last))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(broken.joined().utf8))
        }
    }

    /// The reservation rows: `reservationRows` versions of about half as many reservations.
    private func reservationColumns(_ random: inout SeededRandom) throws -> [Column] {
        let schema = try Schema(ddl: Self.tables["fact_reservation"]?.schema ?? "")
        var builders = schema.fields.map { ColumnBuilder(type: $0.type, capacity: reservationRows) }
        let minute: Int64 = 60_000_000, first = Int64(startDate.daysSinceEpoch) * 86_400_000_000
        var row = 0, reservation: Int64 = 0
        while row < reservationRows {
            reservation += 1
            let space = Int64(random.next() % UInt64(spaces))
            let person = Int64(random.next() % UInt64(people)) + 1
            let start = first + Int64(random.next() % UInt64(days * 24 * 60)) * minute
            let versions = min(1 + Int(random.next() % 3), reservationRows - row)
            var updated = start - 7 * 86_400_000_000
            for version in 0..<versions {
                // About 1% invalid: ending at or before the start.
                let length = random.next() % 100 == 0 ? -Int64(random.next() % 90) * minute : Int64(15 + random.next() % 600) * minute
                if version == 0 || random.next() % 50 != 0 { updated += Int64(1 + random.next() % 1_000) * minute }
                builders[0].appendFixed(reservation)
                builders[1].appendFixed(space % Int64(companies) + 1)
                builders[2].appendFixed(space + 1)
                builders[3].appendFixed(person)
                builders[4].appendFixed(start)
                builders[5].appendFixed(start + length)
                if random.next() % 33 == 0 { builders[6].appendNull() } else { builders[6].appendFixed(Int32(1 + random.next() % 12)) }
                builders[7].appendFixed(updated)
                builders[8].appendFixed(Int32((start / 86_400_000_000)))
                row += 1
            }
        }
        return builders.map { $0.finish() }
    }

    /// Writes `frame` as `files` UNLOAD files `<root>/<table>/<mode>/<prefix>_000N_part_00` (the
    /// prefix defaults to the table), as Redshift's `UNLOAD ... PARALLEL ON` names them. A snapshot
    /// replaces the directory; incremental files are added to it.
    /// - Returns: the files' paths.
    /// - Throws: `DataFlowError` when writing or renaming fails.
    @discardableResult
    public static func writeExport(_ frame: DataFrame, table: String, mode: MigrateMode, root: String, files: Int, prefix: String? = nil) throws -> [String] {
        let directory = root + "/" + table + "/" + mode.rawValue
        let staging = directory + ".writing"
        let summary = try frame.repartition(files).write.mode(.overwrite).csv(staging, options: .redshiftUnload)
        if mode == .snapshot { try? FileManager.default.removeItem(atPath: directory) }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let paths = try summary.files.sorted().enumerated().map { index, file in
                let path = directory + "/" + (prefix ?? table) + String(format: "_%04d_part_00", index)
                try FileManager.default.moveItem(atPath: staging + "/" + file, toPath: path)
                return path
            }
            try FileManager.default.removeItem(atPath: staging)
            return paths
        } catch {
            throw DataFlowError(.io, "cannot move the export files into place", location: ErrorLocation(path: directory), underlying: DescribedError(error))
        }
    }
}
