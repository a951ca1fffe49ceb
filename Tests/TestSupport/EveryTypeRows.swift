import DataFlow

/// Rows of every DataFlow type, with a row of nulls every seventh, empty strings, text that needs
/// escaping (quotes, backslashes, tabs, line breaks, accents) and wide decimals: what the table
/// store tests round-trip.
public enum EveryTypeRows {
    /// The columns.
    public static let ddl = "b BOOLEAN, i INT, l BIGINT, d DOUBLE, m DECIMAL(18,2), big DECIMAL(30,4), s STRING, bin BINARY, day DATE, ts TIMESTAMP"

    /// `count` rows.
    public static func rows(_ count: Int) -> [[Scalar]] {
        (0..<count).map { row in
            guard row % 7 != 3 else { return Array(repeating: .null, count: 10) }
            let r = Int64(row)
            return [.boolean(row % 2 == 0), .int32(Int32(row) - 50), .int64(r * 1_000_000_007), .float64(Double(row) / 8),
                    .decimal(unscaled: Int128(r * 12_345 - 99), precision: 18, scale: 2),
                    .decimal(unscaled: Int128(r) * 10_000_000_000_000_000_003 - 7, precision: 30, scale: 4),
                    .string(row % 5 == 0 ? "" : "név \\ tab\there \"\(row)\" 'q'\nline"), .binary([UInt8(row % 256), 0, 255, 92]),
                    .date(Int32(row) * 37 - 3_000), .timestamp(r * 3_600_000_123 - 500_000_000_000)]
        }
    }
}
