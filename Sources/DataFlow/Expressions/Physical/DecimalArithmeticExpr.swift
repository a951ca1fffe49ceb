/// `+ - * / %` on decimals (both operands decimals, result typed by `TypeCoercion.decimalResult`).
/// Values are computed on 128-bit unscaled integers; overflow and division by zero yield null.
struct DecimalArithmeticExpr: PhysicalExpr {
    let op: BinaryOperator
    let lhs: any PhysicalExpr
    let rhs: any PhysicalExpr
    let dataType: DataType

    var nullable: Bool { true }

    func evaluate(_ batch: RecordBatch) throws -> Datum {
        guard case let .decimal(p1, s1) = lhs.dataType, case let .decimal(p2, s2) = rhs.dataType,
              case let .decimal(p, s) = dataType else { throw DataFlowError.internalError("decimal arithmetic on \(lhs.dataType), \(rhs.dataType)") }
        let left = try lhs.evaluate(batch), right = try rhs.evaluate(batch)
        let constant = left.isConstant && right.isConstant
        let count = constant ? 1 : batch.rowCount
        let values = Buffer(capacity: count * (p <= 18 ? 8 : 16), zeroed: true)
        let validity = Buffer(capacity: Bitmap.byteCount(count), zeroed: true)
        let operation = DecimalOperation(op, s1, s2, resultScale: s, precision: p)
        let shape = (count: count, leftStep: left.isConstant ? 0 : 1, rightStep: right.isConstant ? 0 : 1)
        // One loop per storage of the operands and the result (64-bit up to 18 digits, else 128-bit).
        switch (p1 <= 18, p2 <= 18, p <= 18) {
        case (true, true, true): operation.run(left.column, Int64.self, right.column, Int64.self, into: values.typed(Int64.self), validity, shape)
        case (true, true, false): operation.run(left.column, Int64.self, right.column, Int64.self, into: values.typed(Int128.self), validity, shape)
        case (true, false, true): operation.run(left.column, Int64.self, right.column, Int128.self, into: values.typed(Int64.self), validity, shape)
        case (true, false, false): operation.run(left.column, Int64.self, right.column, Int128.self, into: values.typed(Int128.self), validity, shape)
        case (false, true, true): operation.run(left.column, Int128.self, right.column, Int64.self, into: values.typed(Int64.self), validity, shape)
        case (false, true, false): operation.run(left.column, Int128.self, right.column, Int64.self, into: values.typed(Int128.self), validity, shape)
        case (false, false, true): operation.run(left.column, Int128.self, right.column, Int128.self, into: values.typed(Int64.self), validity, shape)
        case (false, false, false): operation.run(left.column, Int128.self, right.column, Int128.self, into: values.typed(Int128.self), validity, shape)
        }
        let column = Column(type: dataType, count: count, values: values, validity: validity)
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

/// One decimal operator with its scales, its powers of ten worked out once per batch rather than
/// per value.
private struct DecimalOperation {
    let op: BinaryOperator
    let s1: Int, s2: Int, scale: Int
    /// Values of the result's precision are below this.
    let bound: UInt128

    init(_ op: BinaryOperator, _ s1: Int, _ s2: Int, resultScale: Int, precision: Int) {
        self.op = op
        self.s1 = s1
        self.s2 = s2
        scale = resultScale
        bound = UInt128(powerOfTen(precision))
    }

    /// `op` over every row where both operands are valid, written to `out` (a value that
    /// overflows or does not fit the precision stays null, as Spark's non-ANSI arithmetic). Sums,
    /// differences and products that need no rounding (the result's scale is the operands' common
    /// one, or the sum of theirs) run inline with the powers of ten taken once; the rest call `apply`.
    func run<L: FixedWidthInteger, R: FixedWidthInteger, O: FixedWidthInteger>(
        _ left: Column, _: L.Type, _ right: Column, _: R.Type, into out: UnsafeMutablePointer<O>, _ validity: Buffer,
        _ shape: (count: Int, leftStep: Int, rightStep: Int)
    ) {
        let bits = validity.typed(UInt8.self)
        let (op, s1, s2, scale, bound) = (op, s1, s2, scale, bound)
        left.withValues(L.self) { a, leftValid in
            right.withValues(R.self) { b, rightValid in
                @inline(__always) func each(_ compute: (Int128, Int128) -> Int128?) {
                    for i in 0..<shape.count {
                        let li = i &* shape.leftStep, ri = i &* shape.rightStep
                        guard leftValid[li], rightValid[ri], let value = compute(Int128(a[li]), Int128(b[ri])),
                              value.magnitude < bound else { continue }
                        out[i] = O(truncatingIfNeeded: value)
                        Bitmap.set(bits, i)
                    }
                }
                switch op {
                case .add where scale == max(s1, s2), .subtract where scale == max(s1, s2):
                    let leftFactor = powerOfTen(scale - s1), rightFactor = powerOfTen(scale - s2)
                    let subtract = op == .subtract
                    each { x, y in
                        let (scaledX, overflowX) = leftFactor == 1 ? (x, false) : x.multipliedReportingOverflow(by: leftFactor)
                        let (scaledY, overflowY) = rightFactor == 1 ? (y, false) : y.multipliedReportingOverflow(by: rightFactor)
                        let (result, overflow) = subtract ? scaledX.subtractingReportingOverflow(scaledY) : scaledX.addingReportingOverflow(scaledY)
                        return overflowX || overflowY || overflow ? nil : result
                    }
                case .multiply where scale == s1 + s2:
                    each { x, y in
                        // Two values that fit 64 bits multiply in one instruction and cannot overflow 128.
                        if let a = Int64(exactly: x), let b = Int64(exactly: y) { return Int128(a) &* Int128(b) }
                        let (product, overflow) = x.multipliedReportingOverflow(by: y)
                        return overflow ? nil : product
                    }
                default:
                    each { x, y in DecimalArithmeticExpr.apply(op, x, s1, y, s2, resultScale: scale) }
                }
            }
        }
    }
}
