@testable import DataFlow

/// Queries whose reference answer is Spark's alone (`RemoteDifferentialTests` runs them embedded
/// and on Spark and compares): the array, map and struct functions, whose null handling DuckDB's
/// list functions do not share. Arrays are built from the generated table's columns, so they
/// hold nulls, NaN, -0.0, empty strings and repeats; `nullWhen` makes whole arrays null. Also
/// the conditional functions and the alias names that arrived with them. Each
/// query reads every fourth row (`sample`): 25,000 rows cover the values, at a quarter of the time.
enum SparkOracleQueries {
    static var all: [DifferentialQuery] {
        constructors + accessors + searches + reshaping + nestedKeys + generators + conditionals + bits + percentiles + higherOrder + json
    }

    /// JSON paths into the JSON text of the row's values (strings with escapes, NaN, decimals, nulls).
    static let json: [DifferentialQuery] = {
        let document = Expr.toJSON(.namedStruct(("s", col("s_high")), ("i", col("i32")), ("f", col("f64_special")), ("m", col("dec")),
                                                ("d", col("d")), ("xs", ints), ("n", .struct(col("s_low"), col("f64"), strings))))
        return [
            project("json: get_json_object paths and wildcards, json_tuple's field form", [
                .getJSONObject(document, "$.s"), .getJSONObject(document, "$.i"), .getJSONObject(document, "$.f"), .getJSONObject(document, "$.m"),
                .getJSONObject(document, "$.xs"), .getJSONObject(document, "$.xs[1]"), .getJSONObject(document, "$.n"),
                .getJSONObject(document, "$.n.f64"), .getJSONObject(document, "$.n.col3[*]"), .getJSONObject(document, "$['d']"),
                .getJSONObject(col("s_high"), "$"),
            ]),
        ]
    }()

    /// Lambdas over arrays and maps reading the row's own columns, nested lambdas among them.
    static let higherOrder: [DifferentialQuery] = [
        project("higher-order: transform, filter, exists, forall", [
            .transform(ints) { $0 * 2 + col("i32") }, .transform(strings) { x, i in Expr.concat(x, i.cast(.string)) },
            .filter(ints) { $0 > 1 }, .filter(doubles) { x, i in i > 0 && x.isNotNull() }, .exists(ints) { $0 == 3 },
            .forall(strings) { $0 != col("s_high") }, .transform(ints) { x in .transform(.array(x, col("i32"))) { $0 - x } },
        ]),
        project("higher-order: aggregate, reduce, zip_with", [
            .aggregate(ints, lit(Scalar.int64(0))) { acc, x in acc + x.cast(.int64) },
            .aggregate(doubles, col("f64"), { acc, x in Expr.greatest(acc, x) }, finish: { $0 * 2 }),
            .reduce(strings, lit(""), { acc, x in Expr.concat(acc, Expr.coalesce(x, lit("-"))) }),
            .zipWith(ints, strings) { x, y in Expr.concat(x.cast(.string), y) },
        ]),
        project("higher-order: map_filter, transform_keys, transform_values", [
            .mapFilter(map) { k, v in v > 1 || k == "k1" }, .transformValues(map) { k, v in Expr.concat(k, v.cast(.string)) },
            .transformKeys(map) { k, _ in Expr.upper(k) },
        ]),
    ]

    static let conditionals: [DifferentialQuery] = [
        project("conditionals: nvl2, equal_null, isnan, nanvl, nullifzero, zeroifnull, ifnull", [
            .nvl2(col("s_low"), col("i32"), col("i64_low")), .equalNull(col("s_low"), lit("alpha")), .isnan("f64_special"),
            .nanvl(col("f64_special"), col("f64")), .nullifzero(col("i32") % 3), .zeroifnull("i32"), .call("ifnull", col("s_low"), lit("none")),
        ]),
        project("epochs: unix_millis, unix_seconds, timestamp_millis, timestamp_seconds, unix_date, date_from_unix_date", [
            .unixMillis("ts"), .unixSeconds("ts"), .timestampMillis("i64_high"), .timestampSeconds("i32"), .unixDate("d"),
            .dateFromUnixDate(col("i32") % 30000),
        ]),
        project("calendar: weekday, last_day, next_day, dayname, monthname, make_date", [
            .weekday("d"), .lastDay("d"), .nextDay(col("d"), "Wed"), .nextDay(col("d"), "friday"), .nextDay(col("d"), "xx"), .dayname("d"),
            .monthname("ts"), .makeDate(col("i32") % 3000, col("i32") % 14, col("i32") % 32), .lastDay("ts"),
        ]),
        project("aliases: day, sha, dateadd, date_diff", [
            .call("day", col("d")), .call("sha", col("s_low")), .call("dateadd", col("d"), lit(Scalar.int32(3))), .call("date_diff", col("d"), lit(Scalar.date(0))),
        ]),
    ]

    static let bits: [DifferentialQuery] = [
        project("bits: bit_count, bit_get, getbit, bitwise_not, shiftleft, shiftright, shiftrightunsigned; toDegrees, toRadians", [
            .bitCount("i32"), .bitCount("i64_high"), .bitCount("b"), .bitGet(col("i64_high"), .call("pmod", col("i32"), lit(64))),
            .getbit(col("i32"), .call("pmod", col("i64_low"), lit(32))), .bitwiseNot("i32"), .bitwiseNot("i64_high"), .shiftLeft("i32", 3),
            .shiftLeft("i64_high", 65), .shiftRight("i32", 33), .shiftRightUnsigned("i32", 4), .shiftRightUnsigned("i64_high", 1),
            .toDegrees("f64"), .toRadians("f64_special"),
        ]),
        project("text and numbers: url_encode, url_decode, quote, regexp_extract_all, width_bucket, typeof", [
            .urlEncode("s_low"), .urlDecode(Expr.urlEncode("s_num")), .quote("s_low"), .regexpExtractAll("s_num", "([0-9])([0-9])?", 2),
            .widthBucket("f64", lit(-1000.0), lit(1000.0), lit(7)), .widthBucket("f64_special", lit(10.0), lit(-10.0), lit(4)),
            .widthBucket(col("i32"), col("i64_low"), lit(500), lit(3)), .typeof("dec"),
        ]),
    ]

    /// Groups of about a thousand rows, which Spark's percentile sketch keeps whole: its
    /// percentile_approx is then exact.
    static let percentiles: [DifferentialQuery] = [
        query("percentiles: percentile, median, percentile_approx by key") { frame in
            try frame.groupBy("i64_low").agg(Expr.percentile("f64", 0.3).alias("p"), Expr.median("i32").alias("m"),
                                             Expr.percentile("dec", [0.25, 0.5]).alias("ps"), Expr.percentileApprox("i64_high", 0.7).alias("a"),
                                             Expr.percentileApprox("dec", [0.1, 0.99], accuracy: 100_000).alias("as"),
                                             Expr.percentileApprox("f64_special", 0.5).alias("nan"))
        },
    ]

    /// Every fourth row of the table.
    static func sample(_ frame: DataFrame) throws -> DataFrame { try frame.filter(col("idx") % 4 == 0) }

    /// A query over `sample`, with no SQL: Spark is the oracle.
    static func query(_ name: String, ordered: Bool = false, _ build: @escaping @Sendable (DataFrame) throws -> DataFrame) -> DifferentialQuery {
        DifferentialQuery(name, ordered: ordered, sql: "") { frame in try build(try sample(frame)) }
    }

    /// `SELECT idx, <exprs>` over `sample`.
    static func project(_ name: String, _ exprs: [Expr]) -> DifferentialQuery {
        query(name) { frame in try frame.select([col("idx")] + exprs.enumerated().map { $1.alias("c\($0)") }) }
    }

    /// `value`, null on the rows where `b` is false.
    static func nullWhen(_ value: Expr) -> Expr { when(col("b") == lit(false), lit(Scalar.null)).otherwise(value) }

    /// An array of integers with nulls and repeats, null on some rows.
    static let ints = nullWhen(.array(col("i32") % 4, col("i64_low") % 4, col("i32") % 3))
    /// An array of doubles with NaN, infinities, -0.0 and nulls.
    static let doubles = Expr.array(col("f64_special"), col("f64"), col("f64_special") * -1)
    /// An array of low-cardinality strings, null on some rows.
    static let strings = nullWhen(.array(col("s_low"), lit("beta"), col("s_low"), lit(Scalar.null)))
    /// A map of two string keys.
    static let map = nullWhen(.createMap((lit("k1"), col("i32")), (lit("k2"), col("s_num").cast(.int64))))

    static let constructors: [DifferentialQuery] = [
        project("nested: array, struct, named_struct, map", [
            .array(col("i32"), col("i64_low"), lit(Scalar.null)), .struct(col("s_low"), col("b"), col("d")),
            .namedStruct(("x", col("f64")), ("y", col("dec"))), map, .array(),
        ]),
        project("nested: map_from_arrays, map_from_entries, arrays_zip", [
            .mapFromArrays(Expr.array(lit("a"), lit("b")), Expr.array(col("i32"), col("i64_low"))),
            .mapFromEntries(Expr.array(.namedStruct(("k", Expr.coalesce(col("s_low"), lit("none"))), ("v", col("i32"))))),
            .arraysZip(ints, strings),
        ]),
    ]

    static let accessors: [DifferentialQuery] = [
        project("nested: element_at, get, getItem, size", [
            .elementAt(ints, 2), .elementAt(strings, -1), .elementAt(ints, 5), ints.getItem(1), ints.getItem(-1),
            .elementAt(map, "k2"), map.getItem("k9"), .size(ints), .size(map), .cardinality(strings), .arraySize(ints),
        ]),
        query("nested: getField of a struct column") { frame in
            try frame.select(col("idx"), nullWhen(.struct(col("s_low"), col("i32"), Expr.struct(col("d")).alias("inner"))).alias("st"))
                .select(col("idx"), col("st").getField("i32"), col("st").getField("inner").getField("d"))
        },
        project("nested: map_keys, map_values, map_entries", [.mapKeys(map), .mapValues(map), .mapEntries(map)]),
    ]

    static let searches: [DifferentialQuery] = [
        project("nested: array_contains, array_position, arrays_overlap, map_contains_key", [
            .arrayContains(ints, 1), .arrayContains(strings, "beta"), .arrayContains(doubles, .float64(.nan)), .arrayPosition(ints, 2),
            .arrayPosition(strings, "alpha"), .arraysOverlap(ints, Expr.array(lit(0), lit(Scalar.null))), .mapContainsKey(map, "k1"),
        ]),
    ]

    static let reshaping: [DifferentialQuery] = [
        project("nested: distinct, union, intersect, except, remove, compact", [
            .arrayDistinct(ints), .arrayDistinct(doubles), .arrayUnion(ints, Expr.array(lit(1), lit(Scalar.null))),
            .arrayIntersect(strings, Expr.array(lit("alpha"), lit(Scalar.null))), .arrayExcept(ints, Expr.array(lit(0))),
            .arrayRemove(strings, "beta"), .arrayCompact(strings),
        ]),
        project("nested: sort_array, array_sort, array_max, array_min", [
            .sortArray(ints), .sortArray(strings, ascending: false), .arraySort(ints), .arrayMax(ints), .arrayMin(strings),
            .arrayMax(doubles), .arrayMin(doubles),
        ]),
        project("nested: array_join, flatten, slice, array_repeat, sequence, append", [
            .arrayJoin(strings, "-"), .arrayJoin(strings, "-", nullReplacement: "?"), .flatten(Expr.array(ints, Expr.array(col("i32")))),
            .slice(ints, 2, 2), .slice(strings, -2, 1), .arrayRepeat(col("s_low"), 2), .sequence(col("i32") % 5, lit(2)),
            .arrayAppend(ints, col("i32")), .arrayPrepend(strings, col("s_low")),
        ]),
        project("nested: split", [
            .split(col("s_high"), "[aeiou ]"), .split(col("s_num"), "\\.", limit: 2), .split(col("s_low"), ""), .split(col("s_low"), "a", limit: 0),
            .split(col("s_low"), "x*"),
        ]),
        project("nested: to_json", [
            .toJSON(Expr.struct(col("s_low"), col("i32"), col("f64_special"), col("dec"), col("b"), col("d"), col("ts"))),
            .toJSON(ints), .toJSON(map), .toJSON(Expr.array(.namedStruct(("s", col("s_high"))), .namedStruct(("s", lit(Scalar.null))))),
        ]),
        project("nested: casts to text", [ints.cast(.string), map.cast(.string), Expr.struct(col("s_low"), doubles).cast(.string)]),
    ]

    static let nestedKeys: [DifferentialQuery] = [
        query("nested: group by a struct and an array") { frame in
            try frame.groupBy(Expr.struct(col("s_low"), col("b")).alias("k"), Expr.array(col("i32") % 3).alias("a"))
                .agg(.count().alias("n"), .sum("i64_low").alias("total"))
        },
        query("nested: sort by an array then a struct", ordered: true) { frame in
            try frame.orderBy(Expr.array(col("s_low"), col("i32") % 7).asc(), Expr.struct(col("b"), col("idx")).desc()).select("idx")
        },
        query("nested: distinct arrays") { frame in
            try frame.select(Expr.arraySort(.array(col("s_low"), col("b").cast(.string))).alias("a")).distinct()
        },
    ]
}

extension SparkOracleQueries {
    static let generators: [DifferentialQuery] = [
        query("nested: explode and explode_outer") { frame in
            try frame.select(col("idx"), Expr.explodeOuter(ints).alias("v"), col("s_low"))
        },
        query("nested: posexplode of a map") { frame in try frame.select(col("idx"), .posexplode(map)) },
        query("nested: inline of zipped arrays") { frame in try frame.select(col("idx"), .inlineOuter(Expr.arraysZip(ints, strings))) },
        query("nested: explode then aggregate") { frame in
            try frame.select(col("s_low"), Expr.explode(ints).alias("v")).groupBy("s_low").agg(.count().alias("n"), .sum("v").alias("total"))
        },
        // Spark's collect order depends on its partitions: the arrays are compared sorted.
        query("nested: collect_list and collect_set") { frame in
            try frame.groupBy(col("i32") % 5).agg(Expr.arraySort(.collectList("s_low")).alias("list"), Expr.arraySort(.collectSet("s_low")).alias("set"),
                                                  Expr.size(.collectSet(col("b"))).alias("booleans"))
        },
        query("nested: collect_set over a window") { frame in
            try frame.select(col("idx"), Expr.arraySort(Expr.collectSet("s_low").over(Window.partitionBy(col("i32") % 3))).alias("set"))
        },
    ]
}
