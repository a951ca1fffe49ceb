/// `+ - * / %` on decimals (both operands decimals, result typed by `TypeCoercion.decimalResult`).
/// Values are computed on 128-bit unscaled integers; overflow and division by zero yield null.
struct DecimalArithmeticExpr: PhysicalExpr {
    let op: BinaryOperator
    let lhs: any PhysicalExpr
    let rhs: any PhysicalExpr
    let dataType: DataType

    var nullable: Bool { true }

    func evaluate(_ batch: RecordBatch) throws -> Datum {
        guard case let .decimal(_, s1) = lhs.dataType, case let .decimal(_, s2) = rhs.dataType,
              case let .decimal(p, s) = dataType else { throw DataFlowError.internalError("decimal arithmetic on \(lhs.dataType), \(rhs.dataType)") }
        let left = try lhs.evaluate(batch), right = try rhs.evaluate(batch)
        let constant = left.isConstant && right.isConstant
        let count = constant ? 1 : batch.rowCount
        let a = decimalValues(left.column), b = decimalValues(right.column)
        let leftValid = left.column.validityView, rightValid = right.column.validityView
        let lStep = left.isConstant ? 0 : 1, rStep = right.isConstant ? 0 : 1
        var results = [Int128?](repeating: nil, count: count)
        for i in 0..<count {
            let li = i * lStep, ri = i * rStep
            guard leftValid[li], rightValid[ri] else { continue }
            results[i] = Self.apply(op, a[li], s1, b[ri], s2, resultScale: s)
        }
        let validity = Buffer(capacity: Bitmap.byteCount(count), zeroed: true)
        for i in 0..<count where results[i] != nil { Bitmap.set(validity.typed(UInt8.self), i) }
        let shape = Column(type: .int32, count: count, values: Buffer(capacity: count * 4, zeroed: true), validity: validity)
        let column = try makeDecimalColumn(shape, values: results, precision: p, scale: s, strict: false)
        return constant ? Datum(constant: column) : Datum(column)
    }

    /// One decimal operation on unscaled values; nil on overflow or division by zero.
    static func apply(_ op: BinaryOperator, _ a: Int128, _ s1: Int, _ b: Int128, _ s2: Int, resultScale s: Int) -> Int128? {
        switch op {
        case .add, .subtract, .modulo:
            let common = max(s1, s2)
            guard let x = rescaleDecimal(a, from: s1, to: common), let y = rescaleDecimal(b, from: s2, to: common) else { return nil }
            let value: Int128
            if op == .modulo {
                guard y != 0 else { return nil }
                value = x % y
            } else {
                let (result, overflow) = op == .add ? x.addingReportingOverflow(y) : x.subtractingReportingOverflow(y)
                guard !overflow else { return nil }
                value = result
            }
            return roundDecimal(value, from: common, to: s)
        case .multiply:
            let (product, overflow) = a.multipliedReportingOverflow(by: b)
            guard !overflow else { return nil }
            return roundDecimal(product, from: s1 + s2, to: s)
        case .divide:
            guard b != 0 else { return nil }
            // a / b at scale s, rounded half up: (a * 10^(s - s1 + s2 + 1) / b) then round one digit.
            let shift = s - s1 + s2 + 1
            guard shift >= 0, let numerator = rescaleDecimal(a, from: 0, to: shift) else { return nil }
            return roundDecimal(numerator / b, from: 1, to: 0)
        default:
            return nil
        }
    }

    var description: String { "(\(lhs) \(op.rawValue) \(rhs))" }
}
