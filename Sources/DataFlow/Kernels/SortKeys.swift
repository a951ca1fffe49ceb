import Foundation

/// One sort key: its values, direction and null placement.
struct SortKey {
    let column: Column
    let ascending: Bool
    let nullsFirst: Bool
}

/// Typed raw access to a sort key's values, for comparisons inside sorting loops. Valid while the
/// key's column is alive; `SortPermutation` and the merge keep the columns alive.
struct SortKeyAccess {
    enum Values {
        case int32(UnsafePointer<Int32>)
        case int64(UnsafePointer<Int64>)
        case int128(UnsafePointer<Int128>)
        case float64(UnsafePointer<Double>)
        case bits(BitView)
        case bytes(offsets: UnsafePointer<Int32>, data: UnsafePointer<UInt8>)
    }

    let values: Values
    let validity: BitView
    let ascending: Bool
    let nullsFirst: Bool

    init(_ key: SortKey) {
        let column = key.column
        switch column.type.physical {
        case .int32: values = .int32(column.withValues(Int32.self) { v, _ in v.baseAddress! })
        case .int64: values = .int64(column.withValues(Int64.self) { v, _ in v.baseAddress! })
        case .int128: values = .int128(column.withValues(Int128.self) { v, _ in v.baseAddress! })
        case .float64: values = .float64(column.withValues(Double.self) { v, _ in v.baseAddress! })
        case .bit: values = .bits(column.withBits { bits, _ in bits })
        case .bytes: values = column.withBytes { offsets, data, _ in .bytes(offsets: offsets.baseAddress!, data: data) }
        }
        validity = column.validityView
        ascending = key.ascending
        nullsFirst = key.nullsFirst
    }

    /// Orders row `i` of `a` against row `j` of `b` (same key type): negative, zero or positive.
    @inline(__always)
    static func compare(_ a: SortKeyAccess, _ i: Int, _ b: SortKeyAccess, _ j: Int) -> Int {
        let aValid = a.validity[i], bValid = b.validity[j]
        if !aValid || !bValid {
            if aValid == bValid { return 0 }
            return (!aValid) == a.nullsFirst ? -1 : 1
        }
        var order: Int
        switch (a.values, b.values) {
        case let (.int32(x), .int32(y)): order = x[i] < y[j] ? -1 : (x[i] == y[j] ? 0 : 1)
        case let (.int64(x), .int64(y)): order = x[i] < y[j] ? -1 : (x[i] == y[j] ? 0 : 1)
        case let (.int128(x), .int128(y)): order = x[i] < y[j] ? -1 : (x[i] == y[j] ? 0 : 1)
        case let (.float64(x), .float64(y)):
            order = Double.sqlLess(x[i], y[j]) ? -1 : (Double.sqlEqual(x[i], y[j]) ? 0 : 1)
        case let (.bits(x), .bits(y)): order = (x[i] ? 1 : 0) - (y[j] ? 1 : 0)
        case let (.bytes(xo, xd), .bytes(yo, yd)):
            let xs = Int(xo[i]), ys = Int(yo[j])
            order = compareBytes(xd + xs, Int(xo[i + 1]) - xs, yd + ys, Int(yo[j + 1]) - ys)
        default: order = 0
        }
        return a.ascending ? order : -order
    }

    /// Orders rows across several keys.
    @inline(__always)
    static func compare(_ a: [SortKeyAccess], _ i: Int, _ b: [SortKeyAccess], _ j: Int, from first: Int = 0) -> Int {
        for k in first..<a.count {
            let order = compare(a[k], i, b[k], j)
            if order != 0 { return order }
        }
        return 0
    }
}

/// Computes the permutation that sorts rows by keys. The first key is turned into 64-bit normalized
/// prefixes (order-preserving bit patterns; the first 8 bytes for strings) and radix sorted; rows
/// whose prefixes tie are ordered by full comparisons of the remaining keys. Nulls of the first key
/// are split off first. The sort is stable: ties keep input order.
/// - Complexity: O(n) passes for the radix sort plus O(t log t) per run of t tied prefixes.
func sortPermutation(_ keys: [SortKey], rowCount: Int) -> [Int32] {
    if rowCount <= 1 || keys.isEmpty { return Array(0..<Int32(rowCount)) }
    return withExtendedLifetime(keys) {
        let access = keys.map(SortKeyAccess.init)
        let first = keys[0]
        let validity = first.column.validityView
        var nullRows: [Int32] = []
        var prefixes: [UInt64] = []
        var rows: [Int32] = []
        prefixes.reserveCapacity(rowCount)
        rows.reserveCapacity(rowCount)
        let (exact, prefixOf) = normalizedPrefix(first.column)
        for i in 0..<rowCount {
            if validity[i] {
                let prefix = prefixOf(i)
                prefixes.append(first.ascending ? prefix : ~prefix)
                rows.append(Int32(i))
            } else {
                nullRows.append(Int32(i))
            }
        }
        radixSort(&prefixes, &rows)
        // Resolve ties of equal prefixes with full comparisons.
        let tieStart = exact ? 1 : 0
        if keys.count > tieStart {
            var start = 0
            while start < rows.count {
                var end = start + 1
                while end < rows.count && prefixes[end] == prefixes[start] { end += 1 }
                if end - start > 1 { sortRun(&rows, start..<end, access, from: tieStart) }
                start = end
            }
        }
        if nullRows.count > 1 && keys.count > 1 { sortRun(&nullRows, 0..<nullRows.count, access, from: 1) }
        return first.nullsFirst ? nullRows + rows : rows + nullRows
    }
}

/// Stable sort of `rows[range]` by the keys from `first` on, ties by row index.
private func sortRun(_ rows: inout [Int32], _ range: Range<Int>, _ access: [SortKeyAccess], from first: Int) {
    rows[range].sort { a, b in
        let order = SortKeyAccess.compare(access, Int(a), access, Int(b), from: first)
        return order != 0 ? order < 0 : a < b
    }
}

/// Order-preserving 64-bit images of a column's values, and whether equal images mean equal values.
private func normalizedPrefix(_ column: Column) -> (exact: Bool, (Int) -> UInt64) {
    let signBit: UInt64 = 1 << 63
    switch column.type.physical {
    case .int32:
        let values = column.withValues(Int32.self) { v, _ in v.baseAddress! }
        return (true, { UInt64(bitPattern: Int64(values[$0])) ^ signBit })
    case .int64:
        let values = column.withValues(Int64.self) { v, _ in v.baseAddress! }
        return (true, { UInt64(bitPattern: values[$0]) ^ signBit })
    case .int128:
        // The high 64 bits order the values; ties resolve by comparison.
        let values = column.withValues(Int128.self) { v, _ in v.baseAddress! }
        return (false, { UInt64(bitPattern: Int64(truncatingIfNeeded: values[$0] >> 64)) ^ signBit })
    case .float64:
        let values = column.withValues(Double.self) { v, _ in v.baseAddress! }
        return (true, { index in
            let bits = Hashing.normalizedBits(values[index])
            return bits & signBit != 0 ? ~bits : bits | signBit
        })
    case .bit:
        let bits = column.withBits { b, _ in b }
        return (true, { bits[$0] ? 1 : 0 })
    case .bytes:
        let (offsets, data) = column.withBytes { o, d, _ in (o.baseAddress!, d) }
        return (false, { index in
            let start = Int(offsets[index]), length = Int(offsets[index + 1]) - start
            var prefix: UInt64 = 0
            for k in 0..<min(8, length) { prefix |= UInt64(data[start + k]) << (56 - 8 * UInt64(k)) }
            return prefix
        })
    }
}

/// Stable LSD radix sort of `keys`, carrying `rows` along; byte positions where every key agrees
/// are skipped.
func radixSort(_ keys: inout [UInt64], _ rows: inout [Int32]) {
    let count = keys.count
    if count < 2 { return }
    if count < 256 {
        // Ties keep their positions (comparing the row values would only be stable for rows given
        // in ascending order).
        var pairs = (0..<count).map { (keys[$0], $0) }
        pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        let input = rows
        for i in 0..<count { keys[i] = pairs[i].0; rows[i] = input[pairs[i].1] }
        return
    }
    var orAll: UInt64 = 0, andAll: UInt64 = ~0
    for key in keys { orAll |= key; andAll &= key }
    let varying = orAll ^ andAll
    var keysOut = [UInt64](repeating: 0, count: count)
    var rowsOut = [Int32](repeating: 0, count: count)
    var histogram = [Int](repeating: 0, count: 256)
    for pass in 0..<8 {
        let shift = UInt64(pass * 8)
        if (varying >> shift) & 0xFF == 0 { continue }
        keys.withUnsafeBufferPointer { inKeys in
            rows.withUnsafeBufferPointer { inRows in
                keysOut.withUnsafeMutableBufferPointer { outKeys in
                    rowsOut.withUnsafeMutableBufferPointer { outRows in
                        histogram.withUnsafeMutableBufferPointer { counts in
                            for b in 0..<256 { counts[b] = 0 }
                            for i in 0..<count { counts[Int((inKeys[i] >> shift) & 0xFF)] += 1 }
                            var total = 0
                            for b in 0..<256 {
                                let c = counts[b]
                                counts[b] = total
                                total += c
                            }
                            for i in 0..<count {
                                let bucket = Int((inKeys[i] >> shift) & 0xFF)
                                let position = counts[bucket]
                                outKeys[position] = inKeys[i]
                                outRows[position] = inRows[i]
                                counts[bucket] = position + 1
                            }
                        }
                    }
                }
            }
        }
        swap(&keys, &keysOut)
        swap(&rows, &rowsOut)
    }
}
