/// Formats a column as text, as Spark's cast to string does (dates `yyyy-MM-dd`, timestamps in the
/// session zone, doubles in Java's notation), or with `dateFormat` / `timestampFormat` patterns when
/// given: what the CSV and JSON writers put in their files.
public struct TextColumnFormatter: Sendable {
    private let datePattern: DateTimePattern?
    private let timestampPattern: DateTimePattern?
    private let timeZone: SessionTimeZone

    /// A formatter; patterns use Spark's datetime pattern letters.
    /// - Throws: `DataFlowError` (`.invalidArgument`) for an invalid pattern.
    public init(dateFormat: String? = nil, timestampFormat: String? = nil, timeZone: SessionTimeZone = .utc) throws {
        self.timeZone = timeZone
        datePattern = try dateFormat.map { try DateTimePattern($0, for: .formatting, function: "dateFormat") }
        timestampPattern = try timestampFormat.map { try DateTimePattern($0, for: .formatting, function: "timestampFormat") }
    }

    /// The column as strings; nulls stay null.
    public func format(_ column: Column) throws -> Column {
        switch column.type {
        case .string: return column
        case .date where datePattern != nil:
            let micros = try cast(column, to: .timestamp, options: CastOptions(strict: false, timeZone: .utc))
            return formatTimestamps(micros, with: datePattern!, timeZone: .utc)
        case .timestamp where timestampPattern != nil:
            return formatTimestamps(column, with: timestampPattern!, timeZone: timeZone)
        default:
            return try cast(column, to: .string, options: CastOptions(strict: false, timeZone: timeZone))
        }
    }
}
