/// Values with SQL ordering. Doubles order NaN above every other value and treat NaN as equal to
/// NaN and -0.0 as equal to 0.0, as Spark does.
protocol SQLOrdered: BitwiseCopyable {
    static func sqlEqual(_ a: Self, _ b: Self) -> Bool
    static func sqlLess(_ a: Self, _ b: Self) -> Bool
}

extension SQLOrdered where Self: FixedWidthInteger {
    @inline(__always) static func sqlEqual(_ a: Self, _ b: Self) -> Bool { a == b }
    @inline(__always) static func sqlLess(_ a: Self, _ b: Self) -> Bool { a < b }
}

extension Int32: SQLOrdered {}
extension Int64: SQLOrdered {}
extension Int128: SQLOrdered {}

extension Double: SQLOrdered {
    @inline(__always) static func sqlEqual(_ a: Double, _ b: Double) -> Bool { a == b || (a.isNaN && b.isNaN) }
    @inline(__always) static func sqlLess(_ a: Double, _ b: Double) -> Bool { b.isNaN ? !a.isNaN : a < b }
}

enum EqualOp<T: SQLOrdered>: PredicateOp {
    @inline(__always) static func test(_ a: T, _ b: T) -> Bool { T.sqlEqual(a, b) }
}
enum NotEqualOp<T: SQLOrdered>: PredicateOp {
    @inline(__always) static func test(_ a: T, _ b: T) -> Bool { !T.sqlEqual(a, b) }
}
enum LessOp<T: SQLOrdered>: PredicateOp {
    @inline(__always) static func test(_ a: T, _ b: T) -> Bool { T.sqlLess(a, b) }
}
enum LessOrEqualOp<T: SQLOrdered>: PredicateOp {
    @inline(__always) static func test(_ a: T, _ b: T) -> Bool { !T.sqlLess(b, a) }
}
enum GreaterOp<T: SQLOrdered>: PredicateOp {
    @inline(__always) static func test(_ a: T, _ b: T) -> Bool { T.sqlLess(b, a) }
}
enum GreaterOrEqualOp<T: SQLOrdered>: PredicateOp {
    @inline(__always) static func test(_ a: T, _ b: T) -> Bool { !T.sqlLess(a, b) }
}

/// `lhs op rhs` for two datums of the same type; null where either side is null. For `<=>` see
/// `nullSafeEqual`.
func compare(_ op: BinaryOperator, _ lhs: Datum, _ rhs: Datum, count: Int) throws -> Column {
    switch lhs.type.physical {
    case .int32: return compareFixed(op, lhs, rhs, count, Int32.self)
    case .int64: return compareFixed(op, lhs, rhs, count, Int64.self)
    case .int128: return compareFixed(op, lhs, rhs, count, Int128.self)
    case .float64: return compareFixed(op, lhs, rhs, count, Double.self)
    case .bytes: return compareBytes(op, lhs, rhs, count)
    case .bit: return compareBits(op, lhs, rhs, count)
    case .list, .struct: return compareBytes(op, lhs.nestedOrderedBytes, rhs.nestedOrderedBytes, count)
    }
}

@inline(__always)
private func compareFixed<T: SQLOrdered>(_ op: BinaryOperator, _ lhs: Datum, _ rhs: Datum, _ count: Int, _: T.Type) -> Column {
    switch op {
    case .equal, .nullSafeEqual: return evaluatePredicate(EqualOp<T>.self, lhs, rhs, count: count)
    case .notEqual: return evaluatePredicate(NotEqualOp<T>.self, lhs, rhs, count: count)
    case .less: return evaluatePredicate(LessOp<T>.self, lhs, rhs, count: count)
    case .lessOrEqual: return evaluatePredicate(LessOrEqualOp<T>.self, lhs, rhs, count: count)
    case .greater: return evaluatePredicate(GreaterOp<T>.self, lhs, rhs, count: count)
    default: return evaluatePredicate(GreaterOrEqualOp<T>.self, lhs, rhs, count: count)
    }
}

/// Three-way byte-wise comparison of two byte ranges (UTF-8 strings compare as bytes), eight bytes
/// at a time as big-endian words, so short strings need no call into `memcmp`.
@inline(__always)
func compareBytes(_ a: UnsafePointer<UInt8>, _ aCount: Int, _ b: UnsafePointer<UInt8>, _ bCount: Int) -> Int {
    let common = min(aCount, bCount)
    var index = 0
    let rawA = UnsafeRawPointer(a), rawB = UnsafeRawPointer(b)
    while index + 8 <= common {
        let x = rawA.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        let y = rawB.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        if x != y { return x.bigEndian < y.bigEndian ? -1 : 1 }
        index += 8
    }
    while index < common {
        if a[index] != b[index] { return a[index] < b[index] ? -1 : 1 }
        index += 1
    }
    return aCount - bCount
}

@inline(__always)
private func outcome(_ op: BinaryOperator, _ order: Int) -> Bool {
    switch op {
    case .equal, .nullSafeEqual: return order == 0
    case .notEqual: return order != 0
    case .less: return order < 0
    case .lessOrEqual: return order <= 0
    case .greater: return order > 0
    default: return order >= 0
    }
}

private func compareBytes(_ op: BinaryOperator, _ lhs: Datum, _ rhs: Datum, _ count: Int) -> Column {
    let validity = BinaryValidity.of(lhs, rhs, count: count)
    if case .allNull = validity { return Column.nulls(type: .boolean, count: count) }
    let buffer = Buffer(capacity: Bitmap.byteCount(count), zeroed: true)
    let out = buffer.typed(UInt8.self)
    if op == .equal || op == .notEqual, lhs.isConstant != rhs.isConstant {
        let (values, constant) = lhs.isConstant ? (rhs, lhs) : (lhs, rhs)
        let short = constant.column.withBytes { offsets, data, _ in
            ShortBytes(data + Int(offsets[0]), length: Int(offsets[1] - offsets[0]))
        }
        if let short {
            // `= 'R'`: a length check and one load per row.
            let flip: UInt8 = op == .equal ? 0 : 1
            values.column.withBytes { offsets, data, _ in
                for i in 0..<count {
                    let start = Int(offsets[i])
                    let bit = (short.matches(data + start, length: Int(offsets[i + 1]) - start) ? 1 : 0) ^ flip
                    out[i >> 3] |= bit << UInt8(i & 7)
                }
            }
            return Column(type: .boolean, count: count, values: buffer, validity: validity.buffer)
        }
    }
    lhs.column.withBytes { lOffsets, lData, _ in
        rhs.column.withBytes { rOffsets, rData, _ in
            let lStep = lhs.isConstant ? 0 : 1, rStep = rhs.isConstant ? 0 : 1
            let isEquality = op == .equal || op == .notEqual || op == .nullSafeEqual
            for i in 0..<count {
                let li = i * lStep, ri = i * rStep
                let lStart = Int(lOffsets[li]), lLength = Int(lOffsets[li + 1]) - lStart
                let rStart = Int(rOffsets[ri]), rLength = Int(rOffsets[ri + 1]) - rStart
                let order: Int
                if isEquality && lLength != rLength {
                    order = 1
                } else {
                    order = compareBytes(lData + lStart, lLength, rData + rStart, rLength)
                }
                if outcome(op, order) { Bitmap.set(out, i) }
            }
        }
    }
    return Column(type: .boolean, count: count, values: buffer, validity: validity.buffer)
}

private func compareBits(_ op: BinaryOperator, _ lhs: Datum, _ rhs: Datum, _ count: Int) -> Column {
    let validity = BinaryValidity.of(lhs, rhs, count: count)
    if case .allNull = validity { return Column.nulls(type: .boolean, count: count) }
    let buffer = Buffer(capacity: Bitmap.byteCount(count), zeroed: true)
    let out = buffer.typed(UInt8.self)
    lhs.column.withBits { lBits, _ in
        rhs.column.withBits { rBits, _ in
            for i in 0..<count {
                let a = lBits[lhs.isConstant ? 0 : i] ? 1 : 0
                let b = rBits[rhs.isConstant ? 0 : i] ? 1 : 0
                if outcome(op, a - b) { Bitmap.set(out, i) }
            }
        }
    }
    return Column(type: .boolean, count: count, values: buffer, validity: validity.buffer)
}

/// `lhs <=> rhs`: true when both are null, false when exactly one is, else equality.
func nullSafeEqual(_ lhs: Datum, _ rhs: Datum, count: Int) throws -> Column {
    let left = lhs.materialize(count), right = rhs.materialize(count)
    let equal = try compare(.equal, Datum(left), Datum(right), count: count)
    let buffer = Buffer(capacity: Bitmap.byteCount(count), zeroed: true)
    let out = buffer.typed(UInt8.self)
    let lv = left.validityView, rv = right.validityView
    equal.withBits { bits, valid in
        for i in 0..<count {
            let result = valid[i] ? bits[i] : (!lv[i] && !rv[i])
            if result { Bitmap.set(out, i) }
        }
    }
    return Column(type: .boolean, count: count, values: buffer, validity: nil)
}
