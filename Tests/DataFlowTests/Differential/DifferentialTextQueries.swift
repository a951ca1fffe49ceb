@testable import DataFlow

/// The string functions beyond the basic ones, over ASCII, non-ASCII, padded and empty strings.
/// Where DuckDB's answer is not Spark's, the SQL says so:
/// - DuckDB has no initcap, substring_index, mask, soundex or luhn_check, splits differently and
///   counts levenshtein in bytes: the oracle computes those in Python (`spark_*`).
/// - DuckDB's left(s, -1) drops the last character; Spark's is "".
/// - Spark's overlay and locate are substring arithmetic (`sparkSubstring` below).
extension DifferentialQueries {
    static let textFunctions: [DifferentialQuery] = [
        .project("trim with characters, padding, repeat, reverse", [
            Output(.trim(col("s_low"), " a"), "trim(s_low, ' a')"),
            Output(.ltrim(col("s_high"), "ab "), "ltrim(s_high, 'ab ')"),
            Output(.rtrim(col("s_low"), "dé "), "rtrim(s_low, 'dé ')"),
            Output(.btrim(col("s_low")), "trim(s_low, ' ')"),
            Output(.lpad(col("s_low"), 8, "ab"), "lpad(s_low, 8, 'ab')"),
            Output(.rpad(col("s_high"), 5), "rpad(s_high, 5, ' ')"),
            Output(.lpad(col("s_low"), 3, ""), "left(s_low, 3)"),
            Output(.rpad(col("s_high"), -2, "x"), "CASE WHEN s_high IS NOT NULL THEN '' END"),
            Output(.repeat(col("s_low"), 3), "repeat(s_low, 3)"),
            Output(.repeat(col("s_high"), -1), "repeat(s_high, -1)"),
            Output(.reverse(col("s_high")), "reverse(s_high)"),
        ]),
        .project("initcap, translate, left, right, overlay", [
            Output(.initcap(col("s_low")), "spark_initcap(s_low)"),
            Output(.initcap(col("s_high")), "spark_initcap(s_high)"),
            Output(.translate(col("s_high"), "abcé", "xy"), "translate(s_high, 'abcé', 'xy')"),
            Output(.left(col("s_high"), 3), "left(s_high, 3)"),
            Output(.right(col("s_low"), 4), "right(s_low, 4)"),
            Output(.left(col("s_low"), -1), "CASE WHEN s_low IS NOT NULL THEN '' END"),
            Output(.overlay(col("s_high"), lit("XY"), 3), sparkSubstring("s_high", 1, 2) + " || 'XY' || " + sparkSubstring("s_high", 5, 1_000_000)),
            Output(.overlay(col("s_low"), col("s_high"), 2, 0), sparkSubstring("s_low", 1, 1) + " || s_high || " + sparkSubstring("s_low", 2, 1_000_000)),
        ]),
        .project("substring_index, split_part, mask, chr, ascii, soundex", [
            Output(.substringIndex(col("s_low"), "a", 1), "spark_substring_index(s_low, 'a', 1)"),
            Output(.substringIndex(col("s_high"), "a", -2), "spark_substring_index(s_high, 'a', -2)"),
            Output(.substringIndex(col("s_low"), "mm", 2), "spark_substring_index(s_low, 'mm', 2)"),
            Output(.splitPart(col("s_low"), " ", 2), "spark_split_part(s_low, ' ', 2)"),
            Output(.splitPart(col("s_high"), "a", -1), "spark_split_part(s_high, 'a', -1)"),
            Output(.mask(col("s_high")), "spark_mask(s_high)"),
            Output(.chr(col("i64_low") + 60), "chr(CAST(i64_low + 60 AS INTEGER))"),
            Output(.ascii(col("s_high")), "ascii(s_high)"),
            Output(.soundex(col("s_low")), "spark_soundex(s_low)"),
            Output(.soundex(col("s_high")), "spark_soundex(s_high)"),
        ]),
        .project("lengths, base64, unbase64", [
            Output(.bitLength(col("s_high")), "bit_length(s_high)"),
            Output(.octetLength(col("s_low")), "strlen(s_low)"),
            Output(Expr.call("char_length", col("s_high")), "length(s_high)"),
            Output(.base64(col("s_high")), "to_base64(encode(s_high))"),
            Output(.unbase64(Expr.base64(col("s_low"))), "encode(s_low)"),
        ]),
        .project("contains, startswith, endswith, instr, locate, find_in_set", [
            Output(.contains(col("s_high"), col("s_low")), "contains(s_high, s_low)"),
            Output(col("s_low").contains("a"), "contains(s_low, 'a')"),
            Output(.startsWith(col("s_low"), lit("prefix")), "starts_with(s_low, 'prefix')"),
            Output(col("s_high").endsWith("a"), "ends_with(s_high, 'a')"),
            Output(.instr(col("s_high"), "a"), "instr(s_high, 'a')"),
            Output(.locate("a", col("s_high"), 3),
                   "CASE WHEN instr(substring(s_high, 3), 'a') = 0 THEN 0 ELSE instr(substring(s_high, 3), 'a') + 2 END"),
            Output(.locate("", col("s_low")), "CASE WHEN s_low IS NOT NULL THEN 1 END"),
            Output(.findInSet(col("s_low"), lit("alpha,beta,,x")),
                   "CASE WHEN s_low IS NULL THEN NULL WHEN contains(s_low, ',') THEN 0 ELSE coalesce(list_position(string_split('alpha,beta,,x', ','), s_low), 0) END"),
        ]),
        .project("levenshtein, elt, ilike, regexp_count, regexp_substr, regexp_instr, luhn_check", [
            Output(.levenshtein(col("s_low"), col("s_high")), "spark_levenshtein(s_low, s_high)"),
            Output(.levenshtein(col("s_low"), lit("alpha"), threshold: 3),
                   "CASE WHEN spark_levenshtein(s_low, 'alpha') > 3 THEN -1 ELSE spark_levenshtein(s_low, 'alpha') END"),
            Output(.elt(col("i64_low"), col("s_low"), col("s_high"), lit("x")), "CASE i64_low WHEN 1 THEN s_low WHEN 2 THEN s_high WHEN 3 THEN 'x' END"),
            Output(col("s_low").ilike("%ALPHA%"), "s_low ILIKE '%ALPHA%'"),
            Output(.regexpCount(col("s_high"), "[aeiou]"), "len(regexp_extract_all(s_high, '[aeiou]'))"),
            Output(.regexpSubstr(col("s_high"), "[0-9]+"), "nullif(regexp_extract(s_high, '[0-9]+', 0), '')"),
            Output(.regexpInstr(col("s_high"), "[0-9]+"),
                   "CASE WHEN s_high IS NULL THEN NULL WHEN regexp_matches(s_high, '[0-9]+') THEN instr(s_high, regexp_extract(s_high, '[0-9]+', 0)) ELSE 0 END"),
            Output(.luhnCheck(col("s_num")), "spark_luhn(s_num)"),
        ]),
    ]
}
