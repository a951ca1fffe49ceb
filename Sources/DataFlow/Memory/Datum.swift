/// The result of evaluating an expression over a batch: a full column, or a constant that stands for
/// the same value on every row (a one-row column). Kernels take fast paths for constants instead of
/// materializing them.
public struct Datum: Sendable {
    /// The values: `rowCount` of them, or one when `isConstant`.
    public let column: Column
    /// Whether `column` holds one value standing for every row.
    public let isConstant: Bool

    /// A full column.
    public init(_ column: Column) {
        self.column = column
        isConstant = false
    }

    /// A constant holding `column[0]` for every row.
    init(constant column: Column) {
        self.column = column
        isConstant = true
    }

    /// A constant of `value` typed `type`.
    static func constant(_ value: Scalar, type: DataType) throws -> Datum {
        Datum(constant: try Column.repeating(value, type: type, count: 1))
    }

    /// The logical type.
    public var type: DataType { column.type }

    /// Whether the constant is NULL (false for full columns).
    var isNullConstant: Bool { isConstant && column.isNull(0) }

    /// The datum as a full column of `rowCount` values.
    public func materialize(_ rowCount: Int) -> Column {
        guard isConstant else { return column }
        if rowCount == 1 { return column }
        return take(column, indices: [Int32](repeating: 0, count: rowCount))
    }
}

/// Uniform, specialized access to "value i" of a buffer or a constant, so that one generic kernel
/// body serves column-column, column-constant and constant-column inputs.
@usableFromInline
protocol ValueAccessor {
    associatedtype Value
    subscript(index: Int) -> Value { get }
}

/// Values from a typed buffer.
@usableFromInline
struct BufferValues<T>: ValueAccessor {
    @usableFromInline let base: UnsafePointer<T>
    @inlinable init(_ base: UnsafePointer<T>) { self.base = base }
    @inlinable @inline(__always) subscript(index: Int) -> T { base[index] }
}

/// The same value at every index.
@usableFromInline
struct ConstantValue<T>: ValueAccessor {
    @usableFromInline let value: T
    @inlinable init(_ value: T) { self.value = value }
    @inlinable @inline(__always) subscript(index: Int) -> T { value }
}
