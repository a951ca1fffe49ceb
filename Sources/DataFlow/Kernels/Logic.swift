/// Three-valued AND / OR over boolean datums (SQL semantics):
/// AND is false if either side is false, null if either is null otherwise, else true;
/// OR is true if either side is true, null if either is null otherwise, else false.
func logical(_ op: BinaryOperator, _ lhs: Datum, _ rhs: Datum, count: Int) -> Column {
    let left = lhs.materialize(count), right = rhs.materialize(count)
    let byteCount = Bitmap.byteCount(count)
    let values = Buffer(capacity: byteCount, zeroed: true)
    let validity = Buffer(capacity: byteCount, zeroed: true)
    let outValues = values.typed(UInt8.self), outValid = validity.typed(UInt8.self)
    let isAnd = op == .and
    left.withBits { lBits, lValid in
        right.withBits { rBits, rValid in
            if lBits.isByteAligned && lValid.isByteAligned && rBits.isByteAligned && rValid.isByteAligned {
                // Eight rows at a time: the same formulas on bytes (bits past `count` are never read back).
                for index in 0..<byteCount {
                    let a = lBits.byte(index), aValid = lValid.byte(index), b = rBits.byte(index), bValid = rValid.byte(index)
                    let aTrue = aValid & a, bTrue = bValid & b, aFalse = aValid & ~a, bFalse = bValid & ~b
                    let value = isAnd ? aTrue & bTrue : aTrue | bTrue
                    outValues[index] = value
                    outValid[index] = isAnd ? value | aFalse | bFalse : value | (aFalse & bFalse)
                }
                return
            }
            for i in 0..<count {
                let aValid = lValid[i], bValid = rValid[i]
                let a = lBits[i], b = rBits[i]
                let aTrue = aValid && a, bTrue = bValid && b
                let aFalse = aValid && !a, bFalse = bValid && !b
                let value: Bool, valid: Bool
                if isAnd {
                    value = aTrue && bTrue
                    valid = value || aFalse || bFalse
                } else {
                    value = aTrue || bTrue
                    valid = value || (aFalse && bFalse)
                }
                if value { Bitmap.set(outValues, i) }
                if valid { Bitmap.set(outValid, i) }
            }
        }
    }
    return Column(type: .boolean, count: count, values: values, validity: validity)
}

/// Three-valued NOT: null stays null.
func logicalNot(_ operand: Column) -> Column {
    let count = operand.count
    let buffer = Buffer(capacity: Bitmap.byteCount(count), zeroed: true)
    let out = buffer.typed(UInt8.self)
    operand.withBits { bits, _ in for i in 0..<count where !bits[i] { Bitmap.set(out, i) } }
    return Column(type: .boolean, count: count, values: buffer,
                  validity: operand.hasNulls ? Bitmap.copy(operand.validityView, count: count) : nil)
}

/// A boolean column that is true where `column` is null (or not null when `negated`); never null.
func nullTest(_ column: Column, negated: Bool) -> Column {
    let count = column.count
    let buffer = Buffer(capacity: Bitmap.byteCount(count), zeroed: true)
    let out = buffer.typed(UInt8.self)
    let validity = column.validityView
    for i in 0..<count where validity[i] == negated { Bitmap.set(out, i) }
    return Column(type: .boolean, count: count, values: buffer, validity: nil)
}

/// A boolean column of `count` copies of `value`.
func constantBooleans(_ value: Bool, count: Int) -> Column {
    let buffer = Buffer(capacity: Bitmap.byteCount(count), zeroed: true)
    if value { buffer.pointer.initializeMemory(as: UInt8.self, repeating: 0xFF, count: Bitmap.byteCount(count)) }
    return Column(type: .boolean, count: count, values: buffer, validity: nil)
}
