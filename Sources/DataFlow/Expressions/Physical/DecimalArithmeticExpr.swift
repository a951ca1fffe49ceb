/// `+ - * / %` on decimals (both operands decimals, result typed by `TypeCoercion.decimalResult`).
/// Values are unscaled integers, computed in the result's storage when no row can overflow and in
/// 128 bits with checks otherwise; overflow and division by zero yield null.
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
        let values = Buffer(capacity: count * (p <= 18 ? 8 : 16))
        let operation = DecimalOperation(op, s1, s2, resultScale: s, precision: p)
        let shape = (count: count, leftStep: left.isConstant ? 0 : 1, rightStep: right.isConstant ? 0 : 1)
        let validity: Buffer?
        // One loop per storage of the operands and the result (64-bit up to 18 digits, else 128-bit).
        switch (p1 <= 18, p2 <= 18, p <= 18) {
        case (true, true, true): validity = operation.run(left, Int64.self, right, Int64.self, into: values.typed(Int64.self), shape)
        case (true, true, false): validity = operation.run(left, Int64.self, right, Int64.self, into: values.typed(Int128.self), shape)
        case (true, false, true): validity = operation.run(left, Int64.self, right, Int128.self, into: values.typed(Int64.self), shape)
        case (true, false, false): validity = operation.run(left, Int64.self, right, Int128.self, into: values.typed(Int128.self), shape)
        case (false, true, true): validity = operation.run(left, Int128.self, right, Int64.self, into: values.typed(Int64.self), shape)
        case (false, true, false): validity = operation.run(left, Int128.self, right, Int64.self, into: values.typed(Int128.self), shape)
        case (false, false, true): validity = operation.run(left, Int128.self, right, Int128.self, into: values.typed(Int64.self), shape)
        case (false, false, false): validity = operation.run(left, Int128.self, right, Int128.self, into: values.typed(Int128.self), shape)
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

    /// `op` over every row where both operands are valid, written to `out`; returns the result's
    /// validity (nil when every row is valid). A value that overflows or does not fit the precision
    /// is null, as in Spark's non-ANSI arithmetic.
    ///
    /// Sums, differences and products that need no rounding (the result's scale is the operands'
    /// common one, or the sum of theirs) first bound the result by the operands' largest magnitudes:
    /// when that bound fits the precision, no row can overflow, and one loop without checks computes
    /// every row in the result's storage (null rows too, their validity taken from the operands).
    /// Otherwise each row is checked, and rows needing rounding call `apply`.
    func run<L: FixedWidthInteger & SignedInteger, R: FixedWidthInteger & SignedInteger, O: FixedWidthInteger>(
        _ left: Datum, _: L.Type, _ right: Datum, _: R.Type, into out: UnsafeMutablePointer<O>,
        _ shape: (count: Int, leftStep: Int, rightStep: Int)
    ) -> Buffer? {
        if !left.isNullConstant, !right.isNullConstant, let form = uncheckedForm(left, L.self, right, R.self, count: shape.count) {
            runUnchecked(form, left, L.self, right, R.self, into: out, shape)
            return Bitmap.and(left.isConstant ? .allSet : left.column.validityView,
                              right.isConstant ? .allSet : right.column.validityView, count: shape.count)
        }
        return runChecked(left, L.self, right, R.self, into: out, shape)
    }

    /// `form` over every row (null ones too) as wrapping arithmetic in the result's storage.
    private func runUnchecked<L: FixedWidthInteger & SignedInteger, R: FixedWidthInteger & SignedInteger, O: FixedWidthInteger>(
        _ form: UncheckedForm, _ left: Datum, _: L.Type, _ right: Datum, _: R.Type, into out: UnsafeMutablePointer<O>,
        _ shape: (count: Int, leftStep: Int, rightStep: Int)
    ) {
        left.column.withValues(L.self) { a, _ in
            right.column.withValues(R.self) { b, _ in
                @inline(__always) func each(_ compute: (O, O) -> O) {
                    switch (shape.leftStep, shape.rightStep) {
                    case (1, 1):
                        for i in 0..<shape.count { out[i] = compute(O(truncatingIfNeeded: a[i]), O(truncatingIfNeeded: b[i])) }
                    case (0, _):
                        let x = O(truncatingIfNeeded: a[0])
                        for i in 0..<shape.count { out[i] = compute(x, O(truncatingIfNeeded: b[i &* shape.rightStep])) }
                    default:
                        let y = O(truncatingIfNeeded: b[0])
                        for i in 0..<shape.count { out[i] = compute(O(truncatingIfNeeded: a[i]), y) }
                    }
                }
                switch form {
                case let .scaledSum(leftFactor, rightFactor):
                    let x = O(truncatingIfNeeded: leftFactor), y = O(truncatingIfNeeded: rightFactor)
                    if x == 1 && y == 1 { each { $0 &+ $1 } } else { each { $0 &* x &+ $1 &* y } }
                case let .scaledDifference(leftFactor, rightFactor):
                    let x = O(truncatingIfNeeded: leftFactor), y = O(truncatingIfNeeded: rightFactor)
                    if x == 1 && y == 1 { each { $0 &- $1 } } else { each { $0 &* x &- $1 &* y } }
                case .product:
                    each { $0 &* $1 }
                }
            }
        }
    }

    /// `op` on 128-bit values row by row, each checked for overflow and the precision; returns the
    /// validity (null for either operand null, overflow, or a value the precision cannot hold).
    private func runChecked<L: FixedWidthInteger & SignedInteger, R: FixedWidthInteger & SignedInteger, O: FixedWidthInteger>(
        _ left: Datum, _: L.Type, _ right: Datum, _: R.Type, into out: UnsafeMutablePointer<O>,
        _ shape: (count: Int, leftStep: Int, rightStep: Int)
    ) -> Buffer {
        out.initialize(repeating: 0, count: shape.count)
        let validity = Buffer(capacity: Bitmap.byteCount(shape.count), zeroed: true)
        let bits = validity.typed(UInt8.self)
        let (op, s1, s2, scale, bound) = (op, s1, s2, scale, bound)
        left.column.withValues(L.self) { a, leftValid in
            right.column.withValues(R.self) { b, rightValid in
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
        return validity
    }

    /// What the operation computes, with its scale factors, when it runs without checks.
    private enum UncheckedForm {
        case scaledSum(Int128, Int128)
        case scaledDifference(Int128, Int128)
        case product
    }

    /// The operation as wrapping arithmetic in the result's storage, when no row can overflow: it
    /// needs no rounding, and the operands' largest magnitudes (null slots included, so an upper
    /// bound) give a result below the precision's bound, which every intermediate step stays under.
    private func uncheckedForm<L: FixedWidthInteger & SignedInteger, R: FixedWidthInteger & SignedInteger>(
        _ left: Datum, _: L.Type, _ right: Datum, _: R.Type, count: Int
    ) -> UncheckedForm? {
        let leftCount = left.isConstant ? 1 : count, rightCount = right.isConstant ? 1 : count
        switch op {
        case .add where scale == max(s1, s2), .subtract where scale == max(s1, s2):
            let leftFactor = powerOfTen(scale - s1), rightFactor = powerOfTen(scale - s2)
            let (x, xOverflow) = largestMagnitude(left.column, L.self, count: leftCount).multipliedReportingOverflow(by: UInt128(leftFactor))
            let (y, yOverflow) = largestMagnitude(right.column, R.self, count: rightCount).multipliedReportingOverflow(by: UInt128(rightFactor))
            let (sum, overflow) = x.addingReportingOverflow(y)
            guard !xOverflow, !yOverflow, !overflow, sum < bound else { return nil }
            return op == .add ? .scaledSum(leftFactor, rightFactor) : .scaledDifference(leftFactor, rightFactor)
        case .multiply where scale == s1 + s2:
            let (product, overflow) = largestMagnitude(left.column, L.self, count: leftCount)
                .multipliedReportingOverflow(by: largestMagnitude(right.column, R.self, count: rightCount))
            guard !overflow, product < bound else { return nil }
            return .product
        default:
            return nil
        }
    }
}

/// A power of two at least the magnitude of each of the first `count` values of `column` (null
/// slots included): one OR over the values with their sign folded away, which vectorizes.
private func largestMagnitude<T: FixedWidthInteger & SignedInteger>(_ column: Column, _: T.Type, count: Int) -> UInt128 {
    column.withValues(T.self) { values, _ in
        var bits: T = 0
        // x ^ (x >> (width - 1)) is x for x >= 0 and |x| - 1 below, so |x| <= that + 1.
        for i in 0..<count { bits |= values[i] ^ (values[i] >> (T.bitWidth - 1)) }
        return UInt128(1) << (T.bitWidth - bits.leadingZeroBitCount)
    }
}
