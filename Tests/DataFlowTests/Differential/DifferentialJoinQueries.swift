@testable import DataFlow

/// Joins of two slices of the table with overlapping rows: keys with nulls and duplicates
/// (`i64_low`, 25 values), string and two-column keys, equality plus an extra condition inside the
/// join, null-safe equality, empty sides, band conditions, and USING joins. `li`/`ri` are `i32 %
/// 1001`: the table's integer extremes would overflow `li + 2` (DuckDB raises, Spark wraps).
extension DifferentialQueries {
    /// The left side: rows 0..<1500. The right side: rows 1000..<2500, or none when `empty`.
    static func sides(_ frame: DataFrame, emptyRight: Bool = false) throws -> (DataFrame, DataFrame) {
        let left = try frame.filter(col("idx") < 1500)
            .select(col("idx").alias("lid"), col("i64_low").alias("k"), (col("i32") % 1001).alias("li"), col("s_low").alias("ls"))
        let right = try frame.filter(emptyRight ? col("idx") < 0 : col("idx") >= 1000 && col("idx") < 2500)
            .select(col("idx").alias("rid"), col("i64_low").alias("k2"), (col("i32") % 1001).alias("ri"), col("s_low").alias("rs"))
        return (left, right)
    }

    static let leftSQL = "(SELECT idx AS lid, i64_low AS k, i32 % 1001 AS li, s_low AS ls FROM t WHERE idx < 1500)"
    static func rightSQL(empty: Bool = false) -> String {
        "(SELECT idx AS rid, i64_low AS k2, i32 % 1001 AS ri, s_low AS rs FROM t WHERE \(empty ? "idx < 0" : "idx >= 1000 AND idx < 2500"))"
    }

    static let sqlJoin: [JoinType: String] = [
        .inner: "JOIN", .left: "LEFT JOIN", .right: "RIGHT JOIN", .full: "FULL JOIN", .leftSemi: "SEMI JOIN", .leftAnti: "ANTI JOIN",
    ]

    /// One join of the sides under `condition`, for every join type.
    static func joinsOf(_ name: String, _ condition: @escaping @Sendable (DataFrame, DataFrame) -> Expr, _ sql: String, emptyRight: Bool = false) -> [DifferentialQuery] {
        [JoinType.inner, .left, .right, .full, .leftSemi, .leftAnti].map { type in
            let columns = type.keepsRightColumns ? "l.lid, l.k, l.li, l.ls, r.rid, r.k2, r.ri, r.rs" : "l.lid, l.k, l.li, l.ls"
            let query = "SELECT \(columns) FROM \(leftSQL) l \(sqlJoin[type]!) \(rightSQL(empty: emptyRight)) r ON \(sql)"
            return DifferentialQuery("\(type.rawValue) join on \(name)", sql: query) { frame in
                let (left, right) = try sides(frame, emptyRight: emptyRight)
                return try left.join(right, on: condition(left, right), how: type)
            }
        }
    }

    static let joins: [DifferentialQuery] =
        joinsOf("a nullable, duplicated long key", { l, r in l["k"] == r["k2"] }, "l.k = r.k2")
        + joinsOf("a string key", { l, r in l["ls"] == r["rs"] }, "l.ls = r.rs")
        + joinsOf("two keys", { l, r in l["k"] == r["k2"] && l["ls"] == r["rs"] }, "l.k = r.k2 AND l.ls = r.rs")
        + joinsOf("a key and an extra condition", { l, r in l["k"] == r["k2"] && r["ri"] > l["li"] }, "l.k = r.k2 AND r.ri > l.li")
        + joinsOf("a null-safe key", { l, r in l["k"].eqNullSafe(r["k2"]) && l["ls"] == r["rs"] }, "l.k IS NOT DISTINCT FROM r.k2 AND l.ls = r.rs")
        + joinsOf("a key with an empty right side", { l, r in l["k"] == r["k2"] }, "l.k = r.k2", emptyRight: true)
        + joinsOf("a band (range join)", { l, r in r["ri"] >= l["li"] - 2 && r["ri"] <= l["li"] + 2 }, "r.ri >= l.li - 2 AND r.ri <= l.li + 2")
        + joinsOf("an overlap of intervals (range join)", { l, r in l["li"] < r["ri"] + 3 && l["li"] + 3 > r["ri"] }, "l.li < r.ri + 3 AND l.li + 3 > r.ri")
        + joinsOf("a non-equi condition (nested loop)", { l, r in l["ls"] < r["rs"] && l["k"] != r["k2"] && l["lid"] < 200 }, "l.ls < r.rs AND l.k <> r.k2 AND l.lid < 200")
        + [
            DifferentialQuery("cross join of small slices", sql: "SELECT l.idx, r.idx FROM (SELECT idx FROM t WHERE idx < 40) l CROSS JOIN (SELECT idx FROM t WHERE idx < 30) r") { frame in
                try frame.filter(col("idx") < 40).select(col("idx").alias("a")).crossJoin(try frame.filter(col("idx") < 30).select(col("idx").alias("b")))
            },
            DifferentialQuery("full USING join keeps one coalesced key", sql: """
                SELECT COALESCE(l.k, r.k) AS k, l.lid, r.rid FROM (SELECT idx AS lid, i64_low AS k FROM t WHERE idx < 300) l
                FULL JOIN (SELECT idx AS rid, i64_low AS k FROM t WHERE idx >= 200 AND idx < 500) r USING (k)
                """) { frame in
                let left = try frame.filter(col("idx") < 300).select(col("idx").alias("lid"), col("i64_low").alias("k"))
                let right = try frame.filter(col("idx") >= 200 && col("idx") < 500).select(col("idx").alias("rid"), col("i64_low").alias("k"))
                return try left.join(right, on: "k", how: .full).select("k", "lid", "rid")
            },
        ]
}
