@testable import DataFlow
import Testing

@Suite("Casting to string")
struct CastToStringTests {
    static func strings(_ values: [Scalar], _ type: DataType, zone: String = "UTC") throws -> [Scalar] {
        let column = try Column.from(values, type: type)
        return try cast(column, to: .string, options: CastOptions(strict: false, timeZone: try SessionTimeZone(zone))).scalars
    }

    @Test("timestamps print in the session zone, trailing fraction zeros dropped")
    func timestamps() throws {
        let micros: [Scalar] = [.timestamp(0), .timestamp(1_700_000_000_123_400), .timestamp(-1), .null, .timestamp(253_402_300_799_999_999)]
        #expect(try Self.strings(micros, .timestamp) == [
            "1970-01-01 00:00:00", "2023-11-14 22:13:20.1234", "1969-12-31 23:59:59.999999", .null, "9999-12-31 23:59:59.999999",
        ])
        #expect(try Self.strings([.timestamp(1_700_000_000_000_000)], .timestamp, zone: "America/Los_Angeles") == ["2023-11-14 14:13:20"])
    }

    @Test("decimals, booleans, integers and dates")
    func others() throws {
        #expect(try Self.strings([.decimal(unscaled: 12345, precision: 10, scale: 2), .decimal(unscaled: -5, precision: 10, scale: 2),
                                  .decimal(unscaled: 7, precision: 3, scale: 0)], .decimal(precision: 10, scale: 2))
            == ["123.45", "-0.05", "7.00"])
        #expect(try Self.strings([.boolean(true), .null, .boolean(false)], .boolean) == ["true", .null, "false"])
        #expect(try Self.strings([.int64(Int64.min), .int64(0), .int64(42)], .int64) == ["-9223372036854775808", "0", "42"])
        #expect(try Self.strings([.date(0), .date(-1), .date(19_782)], .date) == ["1970-01-01", "1969-12-31", "2024-02-29"])
    }
}
