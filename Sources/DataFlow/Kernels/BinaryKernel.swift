/// A binary operation on fixed-width values, as a type so that kernel loops specialize on it.
protocol FixedBinaryOp {
    associatedtype Input
    associatedtype Output
    /// The result for one pair of values.
    static func apply(_ lhs: Input, _ rhs: Input) -> Output
}

/// A comparison-like operation producing booleans.
protocol PredicateOp {
    associatedtype Input
    /// The result for one pair of values.
    static func test(_ lhs: Input, _ rhs: Input) -> Bool
}

/// The validity of a binary result: the AND of both inputs' validity, with constants expanded.
/// Returns `.allNull` when a constant side is NULL.
enum BinaryValidity {
    case none
    case bitmap(Buffer)
    case allNull

    static func of(_ lhs: Datum, _ rhs: Datum, count: Int) -> BinaryValidity {
        if lhs.isNullConstant || rhs.isNullConstant { return .allNull }
        let left = lhs.isConstant ? BitView.allSet : lhs.column.validityView
        let right = rhs.isConstant ? BitView.allSet : rhs.column.validityView
        return Bitmap.and(left, right, count: count).map(BinaryValidity.bitmap) ?? .none
    }

    var buffer: Buffer? { if case let .bitmap(buffer) = self { return buffer } else { return nil } }
}


/// Evaluates a fixed-width binary op over two datums of `count` rows into a column of `outputType`.
@inline(__always)
func evaluateFixed<Op: FixedBinaryOp>(_: Op.Type, _ lhs: Datum, _ rhs: Datum, count: Int, outputType: DataType) -> Column {
    let validity = BinaryValidity.of(lhs, rhs, count: count)
    if case .allNull = validity { return Column.nulls(type: outputType, count: count) }
    let buffer = Buffer(capacity: count * MemoryLayout<Op.Output>.stride)
    let out = buffer.typed(Op.Output.self)
    lhs.column.withValues(Op.Input.self) { left, _ in
        rhs.column.withValues(Op.Input.self) { right, _ in
            let l = left.baseAddress!, r = right.baseAddress!
            switch (lhs.isConstant, rhs.isConstant) {
            case (false, false): fillFixed(Op.self, BufferValues(l), BufferValues(r), count, out)
            case (false, true): fillFixed(Op.self, BufferValues(l), ConstantValue(r[0]), count, out)
            case (true, false): fillFixed(Op.self, ConstantValue(l[0]), BufferValues(r), count, out)
            case (true, true): fillFixed(Op.self, ConstantValue(l[0]), ConstantValue(r[0]), count, out)
            }
        }
    }
    return Column(type: outputType, count: count, values: buffer, validity: validity.buffer)
}

@inline(__always)
private func fillFixed<Op: FixedBinaryOp, A: ValueAccessor, B: ValueAccessor>(
    _: Op.Type, _ a: A, _ b: B, _ count: Int, _ out: UnsafeMutablePointer<Op.Output>
) where A.Value == Op.Input, B.Value == Op.Input {
    for i in 0..<count { out[i] = Op.apply(a[i], b[i]) }
}

/// Evaluates a fixed-width predicate over two datums into a boolean column.
@inline(__always)
func evaluatePredicate<Op: PredicateOp>(_: Op.Type, _ lhs: Datum, _ rhs: Datum, count: Int) -> Column {
    let validity = BinaryValidity.of(lhs, rhs, count: count)
    if case .allNull = validity { return Column.nulls(type: .boolean, count: count) }
    let buffer = Buffer(capacity: Bitmap.byteCount(count) + 8, zeroed: true)
    let out = buffer.typed(UInt8.self)
    lhs.column.withValues(Op.Input.self) { left, _ in
        rhs.column.withValues(Op.Input.self) { right, _ in
            let l = left.baseAddress!, r = right.baseAddress!
            switch (lhs.isConstant, rhs.isConstant) {
            case (false, false): fillBits(Op.self, BufferValues(l), BufferValues(r), count, out)
            case (false, true): fillBits(Op.self, BufferValues(l), ConstantValue(r[0]), count, out)
            case (true, false): fillBits(Op.self, ConstantValue(l[0]), BufferValues(r), count, out)
            case (true, true): fillBits(Op.self, ConstantValue(l[0]), ConstantValue(r[0]), count, out)
            }
        }
    }
    return Column(type: .boolean, count: count, values: buffer, validity: validity.buffer)
}

@inline(__always)
private func fillBits<Op: PredicateOp, A: ValueAccessor, B: ValueAccessor>(
    _: Op.Type, _ a: A, _ b: B, _ count: Int, _ out: UnsafeMutablePointer<UInt8>
) where A.Value == Op.Input, B.Value == Op.Input {
    var i = 0
    var byteIndex = 0
    while i + 8 <= count {
        var byte: UInt8 = 0
        for bit in 0..<8 where Op.test(a[i + bit], b[i + bit]) { byte |= 1 << UInt8(bit) }
        out[byteIndex] = byte
        byteIndex += 1
        i += 8
    }
    while i < count {
        if Op.test(a[i], b[i]) { Bitmap.set(out, i) }
        i += 1
    }
}
