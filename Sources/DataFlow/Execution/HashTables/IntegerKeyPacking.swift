/// Several integer key columns packed into one 64-bit key, so a join indexes them as a single key
/// (directly, or in the fixed-width group table) instead of row-encoding each row: each value's
/// offset from its column's minimum on the build side, as the digits of a mixed-radix number
/// whose radixes are the columns' value spans (DuckDB packs keys by their ranges likewise). A
/// probe row with a null or with a value outside its column's build range packs to -1, a key no
/// build row has.
struct IntegerKeyPacking: Sendable {
    /// Each column's smallest build value.
    private let minimums: [Int64]
    /// Each column's number of possible values (its span plus one).
    private let radixes: [Int64]

    /// The packing of the build keys `columns` (their rows `rows`, or all): nil unless there are
    /// several, all 32- or 64-bit integers compared with plain `=`, whose spans multiply to less
    /// than 2^62.
    init?(_ columns: [Column], nullSafe: [Bool], rows: [Int32]?) {
        guard columns.count > 1, !nullSafe.contains(true),
              columns.allSatisfy({ $0.type.physical == .int32 || $0.type.physical == .int64 }) else { return nil }
        var minimums: [Int64] = [], radixes: [Int64] = []
        var product: Int64 = 1
        for column in columns {
            guard let (low, high) = Self.range(column, rows: rows) else { return nil }
            let (span, overflow) = high.subtractingReportingOverflow(low)
            guard !overflow, span < Int64(1) << 62 else { return nil }
            let (next, tooMany) = product.multipliedReportingOverflow(by: span + 1)
            guard !tooMany, next < Int64(1) << 62 else { return nil }
            product = next
            minimums.append(low)
            radixes.append(span + 1)
        }
        self.minimums = minimums
        self.radixes = radixes
    }

    /// The smallest and largest non-null value of `column` among `rows` (all when nil); nil when
    /// there is none.
    private static func range(_ column: Column, rows: [Int32]?) -> (Int64, Int64)? {
        var low = Int64.max, high = Int64.min
        func scan<T: FixedWidthInteger>(_: T.Type) {
            column.withValues(T.self) { values, validity in
                func include(_ i: Int) {
                    guard validity[i] else { return }
                    low = min(low, Int64(values[i]))
                    high = max(high, Int64(values[i]))
                }
                if let rows { for row in rows { include(Int(row)) } } else { for i in 0..<values.count { include(i) } }
            }
        }
        if column.type.physical == .int32 { scan(Int32.self) } else { scan(Int64.self) }
        return low <= high ? (low, high) : nil
    }

    /// The packed key of each row of `columns` (of the types packed, as many as packed): a
    /// non-null long column, -1 where a value is null or outside its column's build range.
    func pack(_ columns: [Column]) -> Column {
        let count = columns.first?.count ?? 0
        let buffer = Buffer(capacity: count * MemoryLayout<Int64>.stride, zeroed: true)
        let out = buffer.typed(Int64.self)
        var place: Int64 = 1
        for (index, column) in columns.enumerated() {
            let minimum = minimums[index], radix = radixes[index], weight = place
            func add<T: FixedWidthInteger>(_: T.Type) {
                column.withValues(T.self) { values, validity in
                    for i in 0..<count where out[i] >= 0 {
                        let digit = Int64(values[i]) &- minimum
                        // One unsigned comparison checks both ends of the range: the wrapped
                        // difference is below the radix exactly when minimum <= value <= maximum.
                        if validity[i] && UInt64(bitPattern: digit) < UInt64(radix) { out[i] &+= digit &* weight } else { out[i] = -1 }
                    }
                }
            }
            if column.type.physical == .int32 { add(Int32.self) } else { add(Int64.self) }
            place = place &* radix
        }
        return Column(type: .int64, count: count, values: buffer, validity: nil)
    }
}
