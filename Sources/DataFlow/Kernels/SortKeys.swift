import Foundation

/// One sort key: its values, direction and null placement.
struct SortKey {
    /// The values (not nested: nested keys are bound as `NestedOrderedBytesExpr`).
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
        case .list, .struct: preconditionFailure("nested sort keys are bound as their ordered bytes")
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
    static func compare(_ a: UnsafeBufferPointer<SortKeyAccess>, _ i: Int, _ b: UnsafeBufferPointer<SortKeyAccess>, _ j: Int,
                        from first: Int = 0) -> Int {
        for k in first..<a.count {
            let order = compare(a[k], i, b[k], j)
            if order != 0 { return order }
        }
        return 0
    }
}

/// The memory `sortPermutation` takes for `rowCount` rows sorted by `keyCount` keys: the
/// permutation, a prefix per row and their scratch copies, and the second key's carried prefixes.
func sortPermutationBytes(keyCount: Int, rowCount: Int) -> Int {
    rowCount * (2 * MemoryLayout<Int32>.stride + 2 * MemoryLayout<UInt64>.stride + (keyCount > 1 ? 2 * MemoryLayout<UInt64>.stride : 0))
}

/// Computes the permutation that sorts rows by keys, stably (ties keep input order), without a
/// comparator: each key is cut into order-preserving 64-bit chunks (the whole value for fixed-width
/// types; 7 bytes plus a length marker for strings), rows are sorted by (chunk, row) pairs (radix
/// sort for large ranges, insertion sort for small ones), and each run of equal chunks is refined by
/// the key's next chunk or the next key. Nulls are split off per key, first or last.
/// - Complexity: O(n) per chunk level over the rows still tied.
func sortPermutation(_ keys: [SortKey], rowCount: Int) -> [Int32] {
    var rows = Array(0..<Int32(rowCount))
    if rowCount <= 1 || keys.isEmpty { return rows }
    var prefixes = [UInt64](repeating: 0, count: rowCount)
    var scratchPrefixes = [UInt64](repeating: 0, count: rowCount)
    var scratchRows = [Int32](repeating: 0, count: rowCount)
    // The second key's first chunks travel with the rows through the first sort (see RangeSorter).
    let carries = keys.count > 1 && !keys[0].column.hasNulls && !keys[1].column.hasNulls
    var carried = [UInt64](repeating: 0, count: carries ? rowCount : 0)
    var scratchCarried = [UInt64](repeating: 0, count: carries ? rowCount : 0)
    withExtendedLifetime(keys) {
        let chunkers = keys.map(KeyChunker.init)
        rows.withUnsafeMutableBufferPointer { rows in
            prefixes.withUnsafeMutableBufferPointer { prefixes in
                scratchPrefixes.withUnsafeMutableBufferPointer { scratchPrefixes in
                    scratchRows.withUnsafeMutableBufferPointer { scratchRows in
                        carried.withUnsafeMutableBufferPointer { carried in
                            scratchCarried.withUnsafeMutableBufferPointer { scratchCarried in
                                var sorter = RangeSorter(chunkers: chunkers, rows: rows, prefixes: prefixes,
                                                         scratchPrefixes: scratchPrefixes, scratchRows: scratchRows)
                                if carries {
                                    sorter.sortCarryingSecondKey(rowCount, carried: carried, scratchCarried: scratchCarried)
                                } else {
                                    sorter.sort(0..<rowCount, key: 0, chunk: 0)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    return rows
}

/// The first 64-bit chunk of each row's value of `key` (as `sortPermutation` cuts it), nulls as 0
/// when they sort first and as the largest chunk when last: a smaller prefix means a row that sorts
/// earlier, equal prefixes leave the order to the whole keys. For merges that compare rows mostly
/// by one integer.
func sortPrefixes(_ key: SortKey, rowCount: Int) -> [UInt64] {
    guard rowCount > 0 else { return [] }
    var rows = Array(0..<Int32(rowCount))
    var prefixes = [UInt64](repeating: 0, count: rowCount)
    withExtendedLifetime(key) {
        let chunker = KeyChunker(key)
        rows.withUnsafeMutableBufferPointer { rows in
            prefixes.withUnsafeMutableBufferPointer { _ = chunker.fill(rows, $0.baseAddress!, chunk: 0) }
        }
        if chunker.hasNulls {
            let null: UInt64 = key.nullsFirst ? 0 : .max
            for row in 0..<rowCount where !chunker.validity[row] { prefixes[row] = null }
        }
    }
    return prefixes
}

/// Order-preserving 64-bit chunks of one sort key's values.
private struct KeyChunker {
    let access: SortKeyAccess
    let hasNulls: Bool
    var values: SortKeyAccess.Values { access.values }
    var validity: BitView { access.validity }
    var ascending: Bool { access.ascending }
    var nullsFirst: Bool { access.nullsFirst }

    init(_ key: SortKey) {
        access = SortKeyAccess(key)
        hasNulls = key.column.hasNulls
    }

    /// Writes chunk `chunk` of each row's value into `prefixes` (inverted for descending keys) and
    /// returns whether a further chunk may still tell rows with equal chunks apart.
    func fill(_ rows: UnsafeMutableBufferPointer<Int32>, _ prefixes: UnsafeMutablePointer<UInt64>, chunk: Int) -> Bool {
        let flip: UInt64 = ascending ? 0 : ~0
        let count = rows.count
        switch values {
        case let .int32(v):
            for i in 0..<count { prefixes[i] = OrderedKey.of(Int64(v[Int(rows[i])])) ^ flip }
            return false
        case let .int64(v):
            for i in 0..<count { prefixes[i] = OrderedKey.of(v[Int(rows[i])]) ^ flip }
            return false
        case let .int128(v):
            if chunk == 0 {
                for i in 0..<count { prefixes[i] = OrderedKey.of(Int64(truncatingIfNeeded: v[Int(rows[i])] >> 64)) ^ flip }
                return true
            }
            for i in 0..<count { prefixes[i] = UInt64(truncatingIfNeeded: v[Int(rows[i])]) ^ flip }
            return false
        case let .float64(v):
            for i in 0..<count { prefixes[i] = OrderedKey.of(v[Int(rows[i])]) ^ flip }
            return false
        case let .bits(bits):
            for i in 0..<count { prefixes[i] = (bits[Int(rows[i])] ? 1 : 0) ^ flip }
            return false
        case let .bytes(offsets, data):
            // Bytes [7c, 7c + 7) in the high 56 bits, big-endian; the low byte is the number of bytes
            // left from 7c (255 when more than 7 follow), so shorter strings order first.
            let skip = 7 * chunk
            var more = false
            for i in 0..<count {
                let row = Int(rows[i])
                let start = Int(offsets[row]) + skip
                let remaining = Int(offsets[row + 1]) - start
                var prefix: UInt64 = 0
                if remaining > 0 {
                    for k in 0..<min(7, remaining) { prefix |= UInt64(data[start + k]) << (56 - 8 * UInt64(k)) }
                }
                if remaining > 7 {
                    prefix |= 0xFF
                    more = true
                } else {
                    prefix |= UInt64(max(remaining, 0))
                }
                prefixes[i] = prefix ^ flip
            }
            return more
        }
    }

    /// Whether an equal chunk `prefix` may hide a difference in later chunks of this key.
    func continues(_ prefix: UInt64) -> Bool {
        let plain = ascending ? prefix : ~prefix
        switch values {
        case .bytes: return plain & 0xFF == 0xFF
        // The high half of a 128-bit value: equal high halves compare by the low half next.
        case .int128: return true
        default: return false
        }
    }
}

/// The recursive refinement behind `sortPermutation`, over caller-owned buffers.
private struct RangeSorter {
    let chunkers: [KeyChunker]
    let rows: UnsafeMutableBufferPointer<Int32>
    let prefixes: UnsafeMutableBufferPointer<UInt64>
    let scratchPrefixes: UnsafeMutableBufferPointer<UInt64>
    let scratchRows: UnsafeMutableBufferPointer<Int32>

    /// Sorts all `count` rows when neither of the first two keys has nulls: the first chunks of both
    /// keys are computed in one sequential pass, the second key's travel with the rows through the
    /// first sort, and runs tied on the first key are refined from them without touching the
    /// (now randomly ordered) column data again.
    mutating func sortCarryingSecondKey(_ count: Int, carried: UnsafeMutableBufferPointer<UInt64>,
                                        scratchCarried: UnsafeMutableBufferPointer<UInt64>) {
        let mayContinue = chunkers[0].fill(rows, prefixes.baseAddress!, chunk: 0)
        let secondMayContinue = chunkers[1].fill(rows, carried.baseAddress!, chunk: 0)
        if count <= 32 {
            sortPairs(0..<count)
            sort(0..<count, key: 0, chunk: 0)
            return
        }
        radixSort(keys: prefixes.baseAddress!, rows: rows.baseAddress!, count: count,
                  scratchKeys: scratchPrefixes.baseAddress!, scratchRows: scratchRows.baseAddress!,
                  payload: (carried.baseAddress!, scratchCarried.baseAddress!))
        var start = 0
        while start < count {
            var end = start + 1
            while end < count && prefixes[end] == prefixes[start] { end += 1 }
            if end - start > 1 {
                if mayContinue && chunkers[0].continues(prefixes[start]) {
                    sort(start..<end, key: 0, chunk: 1)
                } else {
                    (prefixes.baseAddress! + start).update(from: carried.baseAddress! + start, count: end - start)
                    sortPrefilled(start..<end, key: 1, chunk: 0, mayContinue: secondMayContinue)
                }
            }
            start = end
        }
    }

    /// Sorts `rows[range]` (currently in increasing row order within each tie) by keys `key...`,
    /// starting at chunk `chunk` of key `key`.
    mutating func sort(_ range: Range<Int>, key: Int, chunk: Int) {
        guard range.count > 1, key < chunkers.count else { return }
        let chunker = chunkers[key]
        var valid = range
        if chunk == 0 && chunker.hasNulls {
            valid = splitNulls(range, chunker)
            let nulls = valid.lowerBound == range.lowerBound ? valid.upperBound..<range.upperBound : range.lowerBound..<valid.lowerBound
            sort(nulls, key: key + 1, chunk: 0)
            if valid.count < 2 { return }
        }
        let slice = UnsafeMutableBufferPointer(rebasing: rows[valid])
        let mayContinue = chunker.fill(slice, prefixes.baseAddress! + valid.lowerBound, chunk: chunk)
        sortPrefilled(valid, key: key, chunk: chunk, mayContinue: mayContinue)
    }

    /// Like `sort`, with the chunks of `rows[range]` already in `prefixes[range]` and no nulls.
    private mutating func sortPrefilled(_ valid: Range<Int>, key: Int, chunk: Int, mayContinue: Bool) {
        let chunker = chunkers[key]
        sortPairs(valid)
        var start = valid.lowerBound
        while start < valid.upperBound {
            var end = start + 1
            while end < valid.upperBound && prefixes[end] == prefixes[start] { end += 1 }
            if end - start > 1 {
                if mayContinue && chunker.continues(prefixes[start]) {
                    sort(start..<end, key: key, chunk: chunk + 1)
                } else {
                    sort(start..<end, key: key + 1, chunk: 0)
                }
            }
            start = end
        }
    }

    /// Moves rows whose key is null to the front or back (stably); returns the range of the others.
    private func splitNulls(_ range: Range<Int>, _ chunker: KeyChunker) -> Range<Int> {
        var valid = 0, nulls = 0
        let scratch = scratchRows.baseAddress! + range.lowerBound
        for i in range {
            if chunker.validity[Int(rows[i])] {
                rows[range.lowerBound + valid] = rows[i]
                valid += 1
            } else {
                scratch[nulls] = rows[i]
                nulls += 1
            }
        }
        if chunker.nullsFirst {
            // Nulls first: shift the valid rows back and put the nulls in front.
            for i in stride(from: valid - 1, through: 0, by: -1) { rows[range.lowerBound + nulls + i] = rows[range.lowerBound + i] }
            for i in 0..<nulls { rows[range.lowerBound + i] = scratch[i] }
            return (range.lowerBound + nulls)..<range.upperBound
        }
        for i in 0..<nulls { rows[range.lowerBound + valid + i] = scratch[i] }
        return range.lowerBound..<(range.lowerBound + valid)
    }

    /// Sorts the (prefix, row) pairs of `range` by prefix, keeping row order among equal prefixes.
    private func sortPairs(_ range: Range<Int>) {
        let count = range.count
        let keys = prefixes.baseAddress! + range.lowerBound
        let values = rows.baseAddress! + range.lowerBound
        if count <= 32 {
            for i in 1..<count {
                let key = keys[i], value = values[i]
                var j = i
                while j > 0 && keys[j - 1] > key {
                    keys[j] = keys[j - 1]
                    values[j] = values[j - 1]
                    j -= 1
                }
                keys[j] = key
                values[j] = value
            }
            return
        }
        radixSort(keys: keys, rows: values, count: count,
                  scratchKeys: scratchPrefixes.baseAddress! + range.lowerBound, scratchRows: scratchRows.baseAddress! + range.lowerBound,
                  payload: nil)
    }
}

/// Stable LSD radix sort of `count` keys, carrying `rows` (and a `payload` with its scratch) along,
/// using the scratch buffers; byte positions where every key agrees are skipped. The result ends up
/// in `keys`, `rows` and the payload.
func radixSort(keys: UnsafeMutablePointer<UInt64>, rows: UnsafeMutablePointer<Int32>, count: Int,
               scratchKeys: UnsafeMutablePointer<UInt64>, scratchRows: UnsafeMutablePointer<Int32>,
               payload: (UnsafeMutablePointer<UInt64>, UnsafeMutablePointer<UInt64>)?) {
    var orAll: UInt64 = 0, andAll: UInt64 = ~0
    for i in 0..<count {
        orAll |= keys[i]
        andAll &= keys[i]
    }
    let varying = orAll ^ andAll
    var sourceKeys = keys, sourceRows = rows, targetKeys = scratchKeys, targetRows = scratchRows
    var sourcePayload = payload?.0, targetPayload = payload?.1
    var counts = [Int](repeating: 0, count: 256)
    counts.withUnsafeMutableBufferPointer { counts in
        for pass in 0..<8 {
            let shift = UInt64(pass * 8)
            if (varying >> shift) & 0xFF == 0 { continue }
            for b in 0..<256 { counts[b] = 0 }
            for i in 0..<count { counts[Int((sourceKeys[i] >> shift) & 0xFF)] += 1 }
            var total = 0
            for b in 0..<256 {
                let c = counts[b]
                counts[b] = total
                total += c
            }
            if let from = sourcePayload, let to = targetPayload {
                for i in 0..<count {
                    let key = sourceKeys[i]
                    let bucket = Int((key >> shift) & 0xFF)
                    let position = counts[bucket]
                    targetKeys[position] = key
                    targetRows[position] = sourceRows[i]
                    to[position] = from[i]
                    counts[bucket] = position + 1
                }
                swap(&sourcePayload, &targetPayload)
            } else {
                for i in 0..<count {
                    let key = sourceKeys[i]
                    let bucket = Int((key >> shift) & 0xFF)
                    let position = counts[bucket]
                    targetKeys[position] = key
                    targetRows[position] = sourceRows[i]
                    counts[bucket] = position + 1
                }
            }
            swap(&sourceKeys, &targetKeys)
            swap(&sourceRows, &targetRows)
        }
    }
    if sourceKeys != keys {
        keys.update(from: sourceKeys, count: count)
        rows.update(from: sourceRows, count: count)
        if let payload, let from = sourcePayload { payload.0.update(from: from, count: count) }
    }
}
