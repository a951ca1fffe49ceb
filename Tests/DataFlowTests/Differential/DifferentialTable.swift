@testable import DataFlow
import Foundation

/// The table every differential query runs on: `rowCount` rows generated from a fixed seed, with an
/// `idx` row number and nullable columns of every type. Each column has its own random stream, so
/// adding a column leaves the others unchanged.
///
/// Values are chosen so that DataFlow and DuckDB must agree exactly: doubles are multiples of 1/4
/// below 2^18 (every sum of 100k of them is exact in any order), integers stay far from overflow
/// except where a query tests wrapping on purpose, strings mix ASCII, spaces to trim, empty strings
/// and non-ASCII text whose case mapping is the same in Java, Swift and DuckDB.
struct DifferentialTable: Sendable {
    static let rowCount = 100_000
    static let seed: UInt64 = 0xDA7A_F10E

    /// One generated column: its name, type, DuckDB type for `read_csv`, and value generator.
    struct Spec: Sendable {
        let name: String
        let type: DataType
        let duckType: String
        let generate: @Sendable (inout SeededRandom, Int) -> Scalar
    }

    let schema: Schema
    let columns: [Column]
    let duckTypes: [String]

    /// The table, generated once per test process.
    static let shared = DifferentialTable()

    private init() {
        let specs = Self.specs
        var columns: [Column] = []
        for (position, spec) in specs.enumerated() {
            var random = SeededRandom(seed: Self.seed &+ UInt64(position) &* 0x1_0000_0001)
            var builder = ColumnBuilder(type: spec.type, capacity: Self.rowCount)
            for row in 0..<Self.rowCount {
                // The specs only produce values of their own type.
                try! builder.append(spec.generate(&random, row))
            }
            columns.append(builder.finish())
        }
        schema = Schema(specs.map { Field($0.name, $0.type, nullable: $0.name != "idx") })
        self.columns = columns
        duckTypes = specs.map(\.duckType)
    }

    /// Low-cardinality strings: empty, padded, equal 8-byte prefixes, non-ASCII.
    static let lowStrings = [
        "alpha", "beta", "Gamma", "", " padded ", "  two  spaces  ", "prefix_common_A", "prefix_common_B",
        "prefix_common", "Ünïcödé", "日本語", "naïve café", "UPPER lower", "x", "a%b_c", "Élan",
    ]

    /// Characters of the high-cardinality strings (no 'ß', whose upper case differs between
    /// Java/Swift and DuckDB).
    static let characterPool: [Character] = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789  _%éñÖ日€")

    /// Texts that exercise casts from strings: valid and invalid numbers, dates and timestamps.
    static let castTexts = [
        "0", "42", "-17", " 123 ", "+5", "007", "1.9", "-1.9", "5.", ".5", "-.25", "1e3", "1.5E2", "-2.5e-1",
        "2147483647", "2147483648", "-2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
        "abc", "", " ", "12abc", "1.2.3", "--1", "NaN", "Infinity", "-Infinity", "inf", "-inf", "nan", "INF", "-NaN",
        "+nan", "1.5d", "2F", "0x10", "1e", "1e1.5",
        "1.005", "-1.005", "2.675", "0.125", "99999999.99", "9999999999.99", "123456789012", "1.234e1",
        "2024-02-29", "2023-02-29", "2024-1-5", "2024-01-15 10:20:30", "2024-01-15T10:20:30.123456",
        " 1999-12-31 23:59:59.999999 ", "2000-01-01T00:00", "2024-13-01", "2024-01-15 25:00:00",
        "2024-01-15T10:20:30Z", "2024-01-15T10:20:30+02:00", "2024-01-15 10:20:30-08:00", "1970-01-01",
        "true", "FALSE", "yes", "n", "T",
    ]

    static let specs: [Spec] = [
        Spec(name: "idx", type: .int64, duckType: "BIGINT") { _, row in .int64(Int64(row)) },
        Spec(name: "i32", type: .int32, duckType: "INTEGER") { random, _ in
            if random.chance(0.1) { return .null }
            if random.chance(0.01) { return .int32(random.pick([Int32.max, Int32.min, 0, -1])) }
            return .int32(Int32(random.int(in: -1000...1000)))
        },
        Spec(name: "i64_low", type: .int64, duckType: "BIGINT") { random, _ in
            random.chance(0.05) ? .null : .int64(random.int(in: 0...24))
        },
        Spec(name: "i64_high", type: .int64, duckType: "BIGINT") { random, _ in
            random.chance(0.1) ? .null : .int64(random.int(in: -(1 << 34)...(1 << 34)))
        },
        Spec(name: "f64", type: .float64, duckType: "DOUBLE") { random, _ in
            random.chance(0.1) ? .null : .float64(Double(random.int(in: -(1 << 20 - 1)...(1 << 20 - 1))) / 4)
        },
        Spec(name: "f64_special", type: .float64, duckType: "DOUBLE") { random, _ in
            if random.chance(0.05) { return .null }
            if random.chance(0.1) { return .float64(random.pick([Double.nan, .infinity, -.infinity, -0.0, 0.0])) }
            return .float64(Double(random.int(in: -99...99)) / 2)
        },
        Spec(name: "dec", type: .decimal(precision: 12, scale: 2), duckType: "DECIMAL(12,2)") { random, _ in
            if random.chance(0.1) { return .null }
            return .decimal(unscaled: Int128(random.int(in: -999_999_999...999_999_999)), precision: 12, scale: 2)
        },
        Spec(name: "s_low", type: .string, duckType: "VARCHAR") { random, _ in
            random.chance(0.1) ? .null : .string(random.pick(lowStrings))
        },
        Spec(name: "s_high", type: .string, duckType: "VARCHAR") { random, _ in
            if random.chance(0.1) { return .null }
            if random.chance(0.02) { return .string("") }
            var text = ""
            let length = random.below(20)
            for _ in 0..<length { text.append(random.pick(characterPool)) }
            return .string(text)
        },
        Spec(name: "s_num", type: .string, duckType: "VARCHAR") { random, _ in
            if random.chance(0.05) { return .null }
            switch random.below(4) {
            case 0: return .string(random.pick(castTexts))
            case 1: return .string(String(random.int(in: -100_000...100_000)))
            case 2:
                let cents = random.int(in: -10_000_000...10_000_000)
                return .string(formatDecimal(unscaled: Int128(cents), scale: random.pick([1, 2, 3])))
            default:
                let micros = random.int(in: -631_152_000_000_000...2_524_608_000_000_000)
                return .string(random.chance(0.5) ? formatDate(days: Int32(floorDivide(micros, microsPerDay))) : isoTimestamp(micros))
            }
        },
        Spec(name: "b", type: .boolean, duckType: "BOOLEAN") { random, _ in
            random.chance(0.15) ? .null : .boolean(random.chance(0.5))
        },
        Spec(name: "d", type: .date, duckType: "DATE") { random, _ in
            // 1900-01-01 ... 2100-12-31.
            random.chance(0.1) ? .null : .date(Int32(random.int(in: -25_567...47_846)))
        },
        Spec(name: "ts", type: .timestamp, duckType: "TIMESTAMP") { random, _ in
            if random.chance(0.1) { return .null }
            // 1950 ... 2050, whole seconds for a third of the rows.
            let micros = random.int(in: -631_152_000_000_000...2_524_608_000_000_000)
            return .timestamp(random.chance(0.33) ? micros - floorModulo(micros, microsPerSecond) : micros)
        },
    ]

    /// A DataFrame of the table in `session` (split into the session's parallelism).
    func dataFrame(_ session: Session) throws -> DataFrame {
        try session.createDataFrame(columns: columns, schema: schema)
    }

    /// Writes the table as CSV for DuckDB: a header, `nullMarker` for nulls, every string quoted
    /// (so the empty string is not null), doubles as their shortest round-trip text.
    func writeCSV(to url: URL, nullMarker: String) throws {
        var text = schema.names.joined(separator: ",") + "\n"
        text.reserveCapacity(Self.rowCount * 160)
        for row in 0..<Self.rowCount {
            for (index, column) in columns.enumerated() {
                if index > 0 { text += "," }
                text += Self.csvCell(column.scalar(at: row), nullMarker: nullMarker)
            }
            text += "\n"
        }
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    private static func csvCell(_ value: Scalar, nullMarker: String) -> String {
        switch value {
        case .null: return nullMarker
        case let .string(text): return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        case let .float64(number): return "\(number)"
        case let .timestamp(micros): return isoTimestamp(micros)
        default: return value.formatted()
        }
    }
}

/// `yyyy-MM-dd HH:mm:ss.ffffff` of microseconds since the epoch, in UTC, always six fraction digits
/// (the form the oracle writes timestamps in).
func isoTimestamp(_ micros: Int64) -> String {
    let days = floorDivide(micros, microsPerDay)
    let timeOfDay = micros - days * microsPerDay
    let hour = Int(timeOfDay / microsPerHour), minute = Int(timeOfDay / microsPerMinute % 60)
    let second = Int(timeOfDay / microsPerSecond % 60), fraction = Int(timeOfDay % microsPerSecond)
    return "\(formatDate(days: Int32(days))) \(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2)).\(pad(fraction, 6))"
}
