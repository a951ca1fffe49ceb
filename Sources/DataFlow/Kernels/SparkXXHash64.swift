/// Spark's `xxhash64(e1, e2, ...)`: per row, XXH64 with seed 42 over the first argument, whose hash
/// seeds the next argument's, and so on; a null argument leaves the running hash unchanged, so the
/// result is never null. Values hash as Spark's `XxHash64Function` does: int, date and boolean (1 or 0)
/// as a 4-byte int; long and timestamp as an 8-byte long; double as the long of its bits with -0.0 as
/// 0.0 and every NaN as Java's canonical NaN; decimal(p <= 18) as the long of its unscaled value and
/// wider decimals as the minimal big-endian two's-complement bytes of the unscaled value (Java's
/// `BigInteger.toByteArray`); string (UTF-8) and binary as their bytes; an array by its elements in
/// order, a map by each key then its value, a struct by its fields, each seeding the next and
/// nulls skipped.
/// - Complexity: O(rows × arguments + total bytes).
func sparkXXHash64(_ inputs: [Datum], count: Int) -> Column {
    let buffer = Buffer(capacity: count * MemoryLayout<UInt64>.stride)
    let hashes = UnsafeMutableBufferPointer(start: buffer.typed(UInt64.self), count: count)
    hashes.initialize(repeating: sparkXXHash64Seed)
    for input in inputs { mixSparkXXHash64(input, into: hashes) }
    return Column(type: .int64, count: count, values: buffer, validity: nil)
}

/// The seed Spark's `xxhash64` starts every row from.
let sparkXXHash64Seed: UInt64 = 42

/// Folds one argument into the running hashes: row `i` of a column, or the single value of a
/// constant for every row.
private func mixSparkXXHash64(_ input: Datum, into hashes: UnsafeMutableBufferPointer<UInt64>) {
    let column = input.column
    if input.isNullConstant || column.nullCount == column.count { return }
    // A constant reads its only value at every row.
    let step = input.isConstant ? 0 : 1
    switch column.type {
    case .null:
        return
    case .boolean:
        column.withBits { bits, validity in
            for i in hashes.indices where validity[i &* step] {
                hashes[i] = XXH64.hash(int32: bits[i &* step] ? 1 : 0, seed: hashes[i])
            }
        }
    case .int32, .date:
        mixFixedWidth(column, Int32.self, step, hashes) { XXH64.hash(int32: $0, seed: $1) }
    case .int64, .timestamp:
        mixFixedWidth(column, Int64.self, step, hashes) { XXH64.hash(int64: $0, seed: $1) }
    case .float64:
        mixFixedWidth(column, Double.self, step, hashes) { XXH64.hash(int64: Int64(bitPattern: javaDoubleBits($0)), seed: $1) }
    case let .decimal(precision, _) where precision <= 18:
        mixFixedWidth(column, Int64.self, step, hashes) { XXH64.hash(int64: $0, seed: $1) }
    case .decimal:
        withUnsafeTemporaryAllocation(byteCount: 16, alignment: 16) { scratch in
            guard let base = scratch.baseAddress else { return }
            mixFixedWidth(column, Int128.self, step, hashes) { unscaled, seed in
                base.storeBytes(of: unscaled.bigEndian, as: Int128.self)
                let length = minimalTwosComplementByteCount(unscaled)
                return XXH64.hash(bytes: base + (16 - length), count: length, seed: seed)
            }
        }
    case .string, .binary:
        column.withBytes { offsets, data, validity in
            for i in hashes.indices where validity[i &* step] {
                let start = Int(offsets[i &* step]), end = Int(offsets[i &* step &+ 1])
                hashes[i] = XXH64.hash(bytes: data + start, count: end - start, seed: hashes[i])
            }
        }
    case .array, .map, .struct:
        let validity = column.validityView
        for i in hashes.indices where validity[i &* step] { hashes[i] = sparkXXHash64(nested: column, at: i &* step, seed: hashes[i]) }
    }
}

/// The hash of row `row` of a nested column (not null), seeded by `seed`: its elements, entries or
/// fields folded in order, each one a single-row argument.
private func sparkXXHash64(nested column: Column, at row: Int, seed: UInt64) -> UInt64 {
    var hash = seed
    withUnsafeMutablePointer(to: &hash) { pointer in
        let running = UnsafeMutableBufferPointer(start: pointer, count: 1)
        func mix(_ child: Column, _ index: Int) { mixSparkXXHash64(Datum(constant: child.slice(index, 1)), into: running) }
        if case .struct = column.type {
            for field in column.children { mix(field, row) }
        } else {
            for entry in column.listRange(row) {
                for child in column.children { mix(child, entry) }
            }
        }
    }
    return hash
}

/// Applies `hash(value, runningHash)` to every row whose value is present.
@inline(__always)
private func mixFixedWidth<T>(_ column: Column, _: T.Type, _ step: Int, _ hashes: UnsafeMutableBufferPointer<UInt64>,
                              _ hash: (T, UInt64) -> UInt64) {
    column.withValues(T.self) { values, validity in
        for i in hashes.indices where validity[i &* step] { hashes[i] = hash(values[i &* step], hashes[i]) }
    }
}

/// The bits Spark hashes for a double: Java's `doubleToLongBits` (one canonical NaN), with -0.0 as 0.0.
@inline(__always)
func javaDoubleBits(_ value: Double) -> UInt64 {
    if value == 0 { return 0 }
    if value.isNaN { return 0x7FF8_0000_0000_0000 }
    return value.bitPattern
}

/// The length of the shortest big-endian two's-complement encoding of `value` (at least one byte),
/// as Java's `BigInteger.toByteArray` produces it.
@inline(__always)
func minimalTwosComplementByteCount(_ value: Int128) -> Int {
    let magnitudeBits = 128 - (value < 0 ? ~value : value).leadingZeroBitCount
    return magnitudeBits / 8 + 1
}
