import Foundation

/// A Swift type whose values a column of one DataFlow type holds: the parameter and result types
/// of typed UDFs and of `Aggregator`s. `Optional` of a column value takes nulls as `nil`; a
/// non-optional parameter makes a null argument a null result without calling the function, as
/// Spark does for Scala UDFs of primitive types.
public protocol ColumnValue: Sendable {
    /// The column type holding these values.
    static var dataType: DataType { get }
    /// Whether the type has a value for null (an `Optional`).
    static var acceptsNull: Bool { get }
    /// The values of `column` (already of `dataType`), nil where it is null.
    static func values(of column: Column) -> [Self?]
    /// Appends `value` to a builder of a `dataType` column.
    static func append(_ value: Self, to builder: inout ColumnBuilder)
}

extension ColumnValue {
    /// Plain Swift types have no value for null.
    public static var acceptsNull: Bool { false }

    /// A column of `values`.
    static func column(_ values: [Self]) -> Column {
        var builder = ColumnBuilder(type: dataType, capacity: values.count)
        for value in values { append(value, to: &builder) }
        return builder.finish()
    }

    /// The fixed-width values of `column`, stored as `Storage`, converted by `convert`.
    fileprivate static func fixedWidth<Storage>(_ column: Column, _: Storage.Type, _ convert: (Storage) -> Self) -> [Self?] {
        column.withValues(Storage.self) { values, validity in (0..<column.count).map { validity[$0] ? convert(values[$0]) : nil } }
    }
}

extension Optional: ColumnValue where Wrapped: ColumnValue {
    /// The wrapped type's column type.
    public static var dataType: DataType { Wrapped.dataType }
    /// An optional stands for null with `nil`.
    public static var acceptsNull: Bool { true }
    /// Every row, nulls as `.some(nil)`.
    public static func values(of column: Column) -> [Wrapped??] { Wrapped.values(of: column).map { .some($0) } }
    /// Appends the value, or a null for `nil`.
    public static func append(_ value: Wrapped?, to builder: inout ColumnBuilder) {
        if let value { Wrapped.append(value, to: &builder) } else { builder.appendNull() }
    }
}

extension Bool: ColumnValue {
    /// `boolean`.
    public static var dataType: DataType { .boolean }
    /// The column's booleans.
    public static func values(of column: Column) -> [Bool?] {
        column.withBits { values, validity in (0..<column.count).map { validity[$0] ? values[$0] : nil } }
    }
    /// Appends one boolean.
    public static func append(_ value: Bool, to builder: inout ColumnBuilder) { builder.appendBit(value) }
}

extension Int32: ColumnValue {
    /// `int`.
    public static var dataType: DataType { .int32 }
    /// The column's integers.
    public static func values(of column: Column) -> [Int32?] { fixedWidth(column, Int32.self) { $0 } }
    /// Appends one integer.
    public static func append(_ value: Int32, to builder: inout ColumnBuilder) { builder.appendFixed(value) }
}

extension Int64: ColumnValue {
    /// `bigint`.
    public static var dataType: DataType { .int64 }
    /// The column's longs.
    public static func values(of column: Column) -> [Int64?] { fixedWidth(column, Int64.self) { $0 } }
    /// Appends one long.
    public static func append(_ value: Int64, to builder: inout ColumnBuilder) { builder.appendFixed(value) }
}

extension Int: ColumnValue {
    /// `bigint`.
    public static var dataType: DataType { .int64 }
    /// The column's longs.
    public static func values(of column: Column) -> [Int?] { fixedWidth(column, Int64.self) { Int($0) } }
    /// Appends one long.
    public static func append(_ value: Int, to builder: inout ColumnBuilder) { builder.appendFixed(Int64(value)) }
}

extension Double: ColumnValue {
    /// `double`.
    public static var dataType: DataType { .float64 }
    /// The column's doubles.
    public static func values(of column: Column) -> [Double?] { fixedWidth(column, Double.self) { $0 } }
    /// Appends one double.
    public static func append(_ value: Double, to builder: inout ColumnBuilder) { builder.appendFixed(value) }
}

extension String: ColumnValue {
    /// `string`.
    public static var dataType: DataType { .string }
    /// The column's strings.
    public static func values(of column: Column) -> [String?] {
        column.withBytes { offsets, bytes, validity in
            (0..<column.count).map { row in
                guard validity[row] else { return nil }
                let start = Int(offsets[row])
                return String(decoding: UnsafeBufferPointer(start: bytes + start, count: Int(offsets[row + 1]) - start), as: UTF8.self)
            }
        }
    }
    /// Appends one string.
    public static func append(_ value: String, to builder: inout ColumnBuilder) { builder.appendString(value) }
}

extension Date: ColumnValue {
    /// `timestamp`: an instant, to the microsecond.
    public static var dataType: DataType { .timestamp }
    /// The column's instants.
    public static func values(of column: Column) -> [Date?] {
        fixedWidth(column, Int64.self) { Date(timeIntervalSince1970: Double($0) / Double(microsPerSecond)) }
    }
    /// Appends one instant, rounded to the microsecond.
    public static func append(_ value: Date, to builder: inout ColumnBuilder) {
        builder.appendFixed(Int64((value.timeIntervalSince1970 * Double(microsPerSecond)).rounded()))
    }
}
