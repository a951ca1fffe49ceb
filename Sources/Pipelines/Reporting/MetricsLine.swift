import DataFlow
import Foundation

/// One machine-readable summary line of a job, or of one table of a job, in the seeds' `METRICS:`
/// form: `METRICS: job=migrate, table=orders, status=succeeded, rows_read=10, duration_seconds=0.41`.
/// Fields keep the order they were added in; text with spaces, commas, quotes or `=` is quoted as
/// in JSON, so a line splits on `, ` and `=` without ambiguity.
public struct MetricsLine: Sendable, Equatable, CustomStringConvertible, Encodable {
    /// A field's value.
    public enum Value: Sendable, Equatable, Encodable, CustomStringConvertible {
        /// A count.
        case int(Int)
        /// A measurement (seconds, shares), printed with two decimals.
        case double(Double)
        /// A name, a date, a message.
        case text(String)

        public var description: String {
            switch self {
            case let .int(value): return String(value)
            case let .double(value): return String(format: "%.2f", value)
            case let .text(value): return Self.needsQuotes(value) ? "\"" + value.escapingControlCharacters(alsoEscaped: ["\"", "\\"]) + "\"" : value
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case let .int(value): try container.encode(value)
            case let .double(value): try container.encode(value)
            case let .text(value): try container.encode(value)
            }
        }

        private static func needsQuotes(_ text: String) -> Bool {
            text.isEmpty || text.contains { " ,\"=\\".contains($0) || ($0.asciiValue ?? 0x20) < 0x20 }
        }
    }

    /// The fields in order.
    public private(set) var fields: [(key: String, value: Value)]

    /// A line for `job` (and `table`, for a per-table line) that says `status`.
    public init(job: String, table: String? = nil, status: String = "succeeded") {
        fields = [("job", .text(job))]
        if let table { fields.append(("table", .text(table))) }
        fields.append(("status", .text(status)))
    }

    /// Appends a count.
    public mutating func append(_ key: String, _ value: Int) { fields.append((key, .int(value))) }

    /// Appends a measurement.
    public mutating func append(_ key: String, _ value: Double) { fields.append((key, .double(value))) }

    /// Appends text; nothing when `value` is nil.
    public mutating func append(_ key: String, _ value: String?) {
        if let value { fields.append((key, .text(value))) }
    }

    /// The value of `key`, when the line has it.
    public subscript(key: String) -> Value? { fields.first { $0.key == key }?.value }

    public var description: String {
        "METRICS: " + fields.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    }

    public static func == (lhs: MetricsLine, rhs: MetricsLine) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.key == $1.key && $0.value == $1.value }
    }

    /// Encodes as a JSON object with the fields in order.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: FieldKey.self)
        for (key, value) in fields { try container.encode(value, forKey: FieldKey(key)) }
    }

    private struct FieldKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ key: String) { stringValue = key }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
