import Foundation

/// An expression bound to the column positions of one input schema, its types resolved and checked,
/// ready to evaluate batch by batch. Dispatch happens once per batch per node; the work is in kernels.
protocol PhysicalExpr: Sendable, CustomStringConvertible {
    /// The result type.
    var dataType: DataType { get }
    /// Whether the result may contain nulls.
    var nullable: Bool { get }
    /// Evaluates over every row of `batch`.
    func evaluate(_ batch: RecordBatch) throws -> Datum
}

extension PhysicalExpr {
    /// Evaluates and materializes to a full column of `batch.rowCount` values.
    func evaluateColumn(_ batch: RecordBatch) throws -> Column {
        try evaluate(batch).materialize(batch.rowCount)
    }

    /// The constant value when the expression is a literal.
    var constantValue: Scalar? { (self as? LiteralExpr)?.value }
}

/// What binding needs beyond the schema.
struct BindContext: Sendable {
    /// The session time zone, for casts and date/time functions.
    var timeZone: SessionTimeZone
    /// Whether casts throw on invalid input (ANSI mode).
    var strictCasts: Bool = false
    /// The instant the query started (microseconds since the epoch): `current_timestamp()`.
    var queryInstant: Int64 = BindContext.now()

    /// Microseconds since the epoch, now.
    static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * microsPerSecond + Int64(time.tv_nsec) / 1000
    }

    var castOptions: CastOptions { CastOptions(strict: strictCasts, timeZone: timeZone) }
}

/// A column of the input batch.
struct ColumnExpr: PhysicalExpr {
    let index: Int
    let name: String
    let dataType: DataType
    let nullable: Bool

    func evaluate(_ batch: RecordBatch) throws -> Datum { Datum(batch.columns[index]) }
    var description: String { "\(name)#\(index)" }
}

/// A constant.
struct LiteralExpr: PhysicalExpr {
    let value: Scalar
    let dataType: DataType
    let datum: Datum

    init(_ value: Scalar, type: DataType) throws {
        self.value = value
        dataType = type
        datum = try Datum.constant(value, type: type)
    }

    var nullable: Bool { value.isNull }
    func evaluate(_ batch: RecordBatch) throws -> Datum { datum }
    var description: String {
        if case let .string(s) = value { return "'\(s)'" }
        return value.formatted()
    }
}

/// A conversion to another type.
struct CastExpr: PhysicalExpr {
    let child: any PhysicalExpr
    let dataType: DataType
    let options: CastOptions

    var nullable: Bool { true }
    func evaluate(_ batch: RecordBatch) throws -> Datum {
        let input = try child.evaluate(batch)
        let converted = try cast(input.column, to: dataType, options: options)
        return input.isConstant ? Datum(constant: converted) : Datum(converted)
    }
    var description: String { "cast(\(child) as \(dataType))" }
}

/// `+ - * / %` on non-decimal numbers of one type.
struct ArithmeticExpr: PhysicalExpr {
    let op: BinaryOperator
    let lhs: any PhysicalExpr
    let rhs: any PhysicalExpr
    let dataType: DataType

    var nullable: Bool { true }
    func evaluate(_ batch: RecordBatch) throws -> Datum {
        let left = try lhs.evaluate(batch), right = try rhs.evaluate(batch)
        let count = left.isConstant && right.isConstant ? 1 : batch.rowCount
        let result = try arithmetic(op, left, right, count: count, type: dataType)
        return left.isConstant && right.isConstant ? Datum(constant: result) : Datum(result)
    }
    var description: String { "(\(lhs) \(op.rawValue) \(rhs))" }
}

/// Comparisons, including null-safe equality.
struct ComparisonExpr: PhysicalExpr {
    let op: BinaryOperator
    let lhs: any PhysicalExpr
    let rhs: any PhysicalExpr

    var dataType: DataType { .boolean }
    var nullable: Bool { op != .nullSafeEqual && (lhs.nullable || rhs.nullable) }
    func evaluate(_ batch: RecordBatch) throws -> Datum {
        let left = try lhs.evaluate(batch), right = try rhs.evaluate(batch)
        let constant = left.isConstant && right.isConstant
        let count = constant ? 1 : batch.rowCount
        let result = op == .nullSafeEqual
            ? try nullSafeEqual(left, right, count: count)
            : try compare(op, left, right, count: count)
        return constant ? Datum(constant: result) : Datum(result)
    }
    var description: String { "(\(lhs) \(op.rawValue) \(rhs))" }
}

/// Three-valued AND / OR.
struct LogicalExpr: PhysicalExpr {
    let op: BinaryOperator
    let lhs: any PhysicalExpr
    let rhs: any PhysicalExpr

    var dataType: DataType { .boolean }
    var nullable: Bool { lhs.nullable || rhs.nullable }
    func evaluate(_ batch: RecordBatch) throws -> Datum {
        Datum(logical(op, try lhs.evaluate(batch), try rhs.evaluate(batch), count: batch.rowCount))
    }
    var description: String { "(\(lhs) \(op.rawValue) \(rhs))" }
}

/// NOT, negation, IS NULL and IS NOT NULL.
struct UnaryExpr: PhysicalExpr {
    let op: UnaryOperator
    let child: any PhysicalExpr

    var dataType: DataType { op == .negate ? child.dataType : .boolean }
    var nullable: Bool { op == .isNull || op == .isNotNull ? false : child.nullable }
    func evaluate(_ batch: RecordBatch) throws -> Datum {
        let input = try child.evaluate(batch)
        let result: Column
        switch op {
        case .not: result = logicalNot(input.column)
        case .negate: result = try negate(input, count: input.column.count)
        case .isNull: result = nullTest(input.column, negated: false)
        case .isNotNull: result = nullTest(input.column, negated: true)
        }
        return input.isConstant ? Datum(constant: result) : Datum(result)
    }
    var description: String {
        switch op {
        case .isNull, .isNotNull: return "(\(child) \(op.rawValue))"
        case .not: return "(NOT \(child))"
        case .negate: return "(- \(child))"
        }
    }
}
