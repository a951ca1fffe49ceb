import DataFlow

/// DataFlow's scalar functions by the names Spark knows them by. Every function of DataFlow's
/// registry is listed in `names` or `composed`; a plan calling any other function is refused
/// before anything is sent.
enum SparkFunctions {
    /// DataFlow's function name (lower case) → Spark's. They are the same names where DataFlow
    /// follows Spark, which is nearly everywhere; the table still says so one by one, so that a
    /// new DataFlow function has to be mapped before a remote plan can call it.
    static let names: [String: String] = Dictionary(uniqueKeysWithValues: [
        // Strings.
        "lower", "upper", "length", "substring", "concat", "concat_ws", "replace", "like",
        "rlike", "regexp", "regexp_like", "regexp_replace", "regexp_extract", "lcase", "ucase", "char_length", "character_length", "len",
        "substr", "btrim", "lpad", "rpad", "repeat", "reverse", "initcap", "translate", "left", "right", "overlay", "substring_index",
        "split_part", "mask", "chr", "char", "ascii", "soundex", "bit_length", "octet_length", "base64", "unbase64", "contains",
        "startswith", "endswith", "instr", "locate", "position", "find_in_set", "levenshtein", "elt", "ilike", "regexp_count",
        "regexp_substr", "regexp_instr", "luhn_check",
        // Math.
        "abs", "round", "floor", "ceil", "sqrt", "cbrt", "exp", "expm1", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh",
        "tanh", "asinh", "acosh", "atanh", "cot", "sec", "csc", "degrees", "radians", "rint", "signum", "sign", "ln", "log10", "log2",
        "log1p", "log", "pow", "power", "atan2", "hypot", "pi", "e", "bround", "ceiling", "pmod", "negative", "negate", "positive",
        "factorial", "greatest", "least", "hex", "unhex", "bin", "conv",
        // Conditionals.
        "coalesce", "nvl", "ifnull", "nullif", "nvl2", "equal_null", "isnan", "nanvl", "nullifzero", "zeroifnull", "isnull", "isnotnull",
        // Hashes.
        "md5", "sha", "sha1", "sha2", "xxhash64",
        // Dates and times.
        "to_date", "to_timestamp", "date_format", "year", "quarter", "month", "dayofmonth", "dayofyear", "dayofweek",
        "weekofyear", "hour", "minute", "second", "date_trunc", "trunc", "date_add", "date_sub", "datediff", "add_months",
        "from_utc_timestamp", "to_utc_timestamp", "unix_timestamp", "from_unixtime", "unix_micros", "timestamp_micros",
        "current_timestamp", "current_date", "unix_millis", "unix_seconds", "timestamp_millis", "timestamp_seconds", "unix_date",
        "date_from_unix_date", "weekday", "last_day", "next_day", "dayname", "monthname", "make_date", "day", "dateadd", "date_diff", "curdate", "now",
        // Arrays, maps and structs.
        "array", "struct", "named_struct", "map", "create_map", "map_from_arrays", "map_from_entries", "element_at", "get", "size",
        "cardinality", "array_size", "map_keys", "map_values", "map_entries", "array_contains", "array_position", "arrays_overlap",
        "map_contains_key", "array_remove", "array_compact", "array_distinct", "array_union", "array_intersect", "array_except",
        "sort_array", "array_sort", "array_max", "array_min", "array_join", "flatten", "slice", "array_repeat", "sequence", "arrays_zip",
        "array_append", "array_prepend", "split", "to_json", "get_json_object",
        // Higher-order functions, whose lambdas translate to Spark's lambda functions.
        "transform", "filter", "exists", "forall", "aggregate", "reduce", "zip_with", "map_filter", "transform_keys", "transform_values",
        // Bits.
        "bit_count", "bit_get", "getbit", "shiftleft", "shiftright", "shiftrightunsigned",
        // URLs, regular expressions, numbers and the session.
        "url_encode", "url_decode", "try_url_decode", "regexp_extract_all", "quote", "width_bucket", "typeof", "current_timezone",
    ].map { ($0, $0) } + [
        // Other names Spark has, or Spark's own name where it differs.
        ("todegrees", "degrees"), ("toradians", "radians"), ("bitwise_not", "~"), ("bitwisenot", "~"),
    ])

    /// DataFlow functions Spark has no single function for, built out of several of Spark's.
    static let composed: [String: @Sendable (ExpressionTranslator, [Expr]) throws -> Spark_Connect_Expression] = [
        "uuid_from_hash": { translator, arguments in try translator.nameBasedUUID(arguments) },
        // A struct's field, as Spark names it: `s`.`x`.
        "get_field": { translator, arguments in try translator.fieldAccess(arguments) },
        // Spark's two-argument trims take the characters first: trim(characters, text).
        "trim": { translator, arguments in try trim("trim", arguments, translator) },
        "ltrim": { translator, arguments in try trim("ltrim", arguments, translator) },
        "rtrim": { translator, arguments in try trim("rtrim", arguments, translator) },
    ]

    /// `name(text[, characters])` in Spark's argument order.
    private static func trim(_ name: String, _ arguments: [Expr], _ translator: ExpressionTranslator) throws -> Spark_Connect_Expression {
        translator.function(name, try arguments.reversed().map(translator.translate))
    }

    /// Spark's name for DataFlow's function `name`.
    /// - Throws: `DataFlowError` (`.notImplemented`) naming the function when Spark has none.
    static func sparkName(_ name: String) throws -> String {
        let key = name.lowercased()
        if let spark = names[key] { return spark }
        throw DataFlowError(.notImplemented, "function \(name) cannot run on Spark: it has no Spark equivalent mapped")
    }
}
