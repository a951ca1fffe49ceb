import DataFlow
import DataFlowIO
import Foundation
import Pipelines

/// A generated landing zone like seed 002's: chargebacks as small snappy Parquet files in
/// `<root>/YYYY/MM/DD/`, arriving in several batches a day, with what real feeds carry: later
/// versions of a chargeback (about 1% of rows), exact redeliveries with equal timestamps, null
/// `updated_at` (about 20%), and a few null keys. The same seed gives the same files' contents.
public struct ChargebackLandingZone: Sendable {
    /// The columns of every landing file.
    public static let schema = Schema([
        Field("chargeback_id", .string), Field("merchant_id", .int64), Field("amount", .decimal(precision: 18, scale: 2)),
        Field("currency", .string), Field("status", .string), Field("reason_code", .string),
        Field("event_timestamp", .timestamp), Field("updated_at", .timestamp), Field("dispute_id", .string),
    ])

    /// The days generated.
    public var days: [CalendarDate]
    /// Rows per day.
    public var rowsPerDay: Int
    /// Files per day (split evenly across the batches).
    public var filesPerDay: Int
    /// Arrival batches per day (each appended as the Flink job would, named `batchN-...`).
    public var batchesPerDay: Int
    /// The generator's seed.
    public var seed: UInt64

    /// A landing zone of `days`, `rowsPerDay` rows in `filesPerDay` files each.
    public init(days: [CalendarDate], rowsPerDay: Int, filesPerDay: Int, batchesPerDay: Int = 1, seed: UInt64 = 2_025) {
        self.days = days
        self.rowsPerDay = rowsPerDay
        self.filesPerDay = filesPerDay
        self.batchesPerDay = batchesPerDay
        self.seed = seed
    }

    /// Writes the files under `root` (each day's directory replaced).
    /// - Throws: `DataFlowError` for invalid sizes or write failures.
    public func write(to root: String, session: Session) throws {
        guard rowsPerDay >= 0, filesPerDay >= batchesPerDay, batchesPerDay >= 1 else {
            throw DataFlowError.invalidArgument("filesPerDay", "needs at least one file per batch and batch (got \(filesPerDay) files, \(batchesPerDay) batches)")
        }
        for (dayIndex, day) in days.enumerated() {
            let directory = root + String(format: "/%04d/%02d/%02d", day.year, day.month, day.day)
            try? FileManager.default.removeItem(atPath: directory)
            var random = SeededRandom(seed: seed &+ UInt64(dayIndex) &* 0x9E37_79B9)
            let perBatch = (rowsPerDay + batchesPerDay - 1) / batchesPerDay
            var first = 0
            for batch in 0..<batchesPerDay {
                let rows = min(perBatch, rowsPerDay - first)
                let files = filesPerDay / batchesPerDay + (batch < filesPerDay % batchesPerDay ? 1 : 0)
                let frame = try session.createDataFrame(columns: columns(day: day, rows: first..<(first + rows), random: &random), schema: Self.schema)
                try frame.repartition(files).write.mode(.append).fileNamePrefix("batch\(batch + 1)").parquet(directory)
                first += rows
            }
        }
    }

    /// Rows `rows` of `day`: ids `cb-YYYYMMDD-NNNNNNNN`; about 1% repeat an earlier id of the day
    /// with a later version, 0.1% repeat the previous row exactly, 0.05% have no id.
    private func columns(day: CalendarDate, rows: Range<Int>, random: inout SeededRandom) -> [Column] {
        var builders = Self.schema.fields.map { ColumnBuilder(type: $0.type, capacity: rows.count) }
        let currencies = ["EUR", "USD", "GBP", "JPY", "CHF", "SEK", "PLN", "CAD"], statuses = ["open", "won", "lost", "pending"]
        let dayStart = Int64(day.daysSinceEpoch) * 86_400_000_000
        let prefix = String(format: "cb-%04d%02d%02d-", day.year, day.month, day.day)
        var previous: (id: Int, event: Int64, updated: Int64?) = (0, dayStart, nil)
        for row in rows {
            let draw = random.next() % 10_000
            let exactRepeat = row > rows.lowerBound && draw < 10
            let laterVersion = row > 0 && !exactRepeat && draw < 110
            let id = exactRepeat ? previous.id : laterVersion ? Int(random.next() % UInt64(row)) : row
            let event = exactRepeat ? previous.event : dayStart + Int64(id) * 86_400_000_000 / Int64(max(rowsPerDay, 1))
            let updated: Int64? = exactRepeat ? previous.updated
                : laterVersion ? event + Int64(1 + random.next() % 3_600_000_000) : (random.next() % 5 == 0 ? nil : event + Int64(random.next() % 60_000_000))
            previous = (id, event, updated)
            if draw >= 9_995 { builders[0].appendNull() } else { builders[0].appendString(prefix + String(format: "%08d", id)) }
            builders[1].appendFixed(Int64(random.next() % 50_000))
            builders[2].appendFixed(Int64(100 + random.next() % 4_999_900))
            builders[3].appendString(currencies[Int(random.next() % UInt64(currencies.count))])
            builders[4].appendString(statuses[Int(random.next() % UInt64(statuses.count))])
            if random.next() % 10 == 0 { builders[5].appendNull() } else { builders[5].appendString(String(format: "R%02d", Int(random.next() % 12))) }
            builders[6].appendFixed(event)
            if let updated { builders[7].appendFixed(updated) } else { builders[7].appendNull() }
            if random.next() % 10 < 3 { builders[8].appendNull() } else { builders[8].appendString("dp-\(random.next() % 100_000_000)") }
        }
        return builders.map { $0.finish() }
    }
}
