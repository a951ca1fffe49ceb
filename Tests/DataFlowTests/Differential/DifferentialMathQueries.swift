@testable import DataFlow

/// Math functions over every numeric column, special doubles (NaN, infinities, signed zeros) and
/// integer extremes included. Where DuckDB's answer is not Spark's, the SQL says so:
/// - Spark's logarithms are null for zero and negative numbers (DuckDB: -inf or NaN).
/// - Spark's cot, sec and csc are 1 / tan, 1 / cos and 1 / sin with Java's division (a signed
///   infinity at zero); DuckDB's cot(-0.0) is +inf.
/// - DuckDB has no expm1, log1p, hypot or conv: the oracle computes them in Python (`py_*`,
///   `spark_conv`), with the C library's math for the first three.
/// - DuckDB's hex of an INTEGER writes 32 bits, Spark's casts to long first.
/// - Spark's atan2 adds 0.0 to both arguments, turning -0.0 into 0.0.
/// Transcendental functions are compared with Spark within a few ulps: Java's StrictMath and the C
/// library may differ in the last bit.
extension DifferentialQueries {
    /// `sql` where `column` is positive (Spark's logarithms), else null.
    static func positiveOnly(_ column: String, _ sql: String) -> String { "CASE WHEN \(column) <= 0 THEN NULL ELSE \(sql) END" }

    static let math: [DifferentialQuery] = [
        .project("sqrt, cbrt, exp, expm1 and logarithms", ulps: 4, [
            Output(.sqrt(col("f64_special")), "sqrt(f64_special)"),
            Output(.sqrt(col("i32")), "sqrt(i32)"),
            Output(.cbrt(col("f64")), "cbrt(f64)"),
            Output(.exp(col("f64_special")), "exp(f64_special)"),
            Output(.expm1(col("f64_special")), "py_expm1(f64_special)"),
            Output(.log(col("f64_special")), positiveOnly("f64_special", "ln(f64_special)")),
            Output(.ln(col("i32")), positiveOnly("i32", "ln(i32)")),
            Output(.log10(col("f64")), positiveOnly("f64", "log10(f64)")),
            Output(.log2(col("f64_special")), positiveOnly("f64_special", "log2(f64_special)")),
            Output(.log1p(col("f64_special")), "CASE WHEN f64_special <= -1 THEN NULL ELSE py_log1p(f64_special) END"),
            Output(.log(3.0, col("f64")), positiveOnly("f64", "ln(f64) / ln(3.0)")),
            Output(.pow(col("f64_special"), col("i64_low")), "pow(f64_special, i64_low)"),
            Output(.pow(col("i32"), lit(0.5)), "pow(i32, 0.5)"),
            Output(Expr.call("power", col("f64"), lit(-1)), "pow(f64, -1)"),
        ]),
        .project("trigonometric and hyperbolic functions", ulps: 4, [
            Output(.sin(col("f64_special")), "sin(f64_special)"),
            Output(.cos(col("f64")), "cos(f64)"),
            Output(.tan(col("f64_special")), "tan(f64_special)"),
            Output(.asin(col("f64_special") / 50), "asin(f64_special / 50)"),
            Output(.acos(col("i32") / 1000), "acos(i32 / 1000)"),
            Output(.atan(col("f64")), "atan(f64)"),
            Output(.atan2(col("f64_special"), col("f64")), "atan2(f64_special + 0.0, f64 + 0.0)"),
            Output(.sinh(col("f64_special")), "sinh(f64_special)"),
            Output(.cosh(col("f64_special")), "cosh(f64_special)"),
            Output(.tanh(col("f64")), "tanh(f64)"),
            Output(.asinh(col("f64")), "asinh(f64)"),
            Output(.acosh(col("f64_special")), "acosh(f64_special)"),
            Output(.atanh(col("f64_special") / 50), "atanh(f64_special / 50)"),
            Output(.cot(col("f64_special")), "py_divide(1, tan(f64_special))"),
            Output(.sec(col("f64")), "py_divide(1, cos(f64))"),
            Output(.csc(col("f64_special")), "py_divide(1, sin(f64_special))"),
            Output(.degrees(col("f64")), "degrees(f64)"),
            Output(.radians(col("i32")), "radians(i32)"),
            Output(.hypot(col("f64_special"), col("f64")), "py_hypot(f64_special, f64)"),
            Output(Expr.pi() * col("i64_low") + Expr.e(), "pi() * i64_low + exp(1)"),
        ]),
        .project("rint, signum, bround, round to tens", [
            Output(.rint(col("f64_special")), "CASE WHEN isnan(f64_special) OR isinf(f64_special) THEN f64_special ELSE round_even(f64_special, 0) END"),
            Output(.rint(col("f64") / 8), "round_even(f64 / 8, 0)"),
            Output(.signum(col("f64_special")), "CASE WHEN isnan(f64_special) THEN f64_special ELSE sign(f64_special)::DOUBLE END"),
            Output(Expr.call("sign", col("i32")), "sign(i32)::DOUBLE"),
            Output(.bround(col("f64") / 10, 1), "round_even(CAST(CAST(f64 / 10 AS VARCHAR) AS DECIMAL(38,18)), 1)::DOUBLE"),
            Output(.bround(col("dec"), 1), "CAST(round_even(dec, 1) AS DECIMAL(12,1))"),
            Output(.bround(col("i32"), -1), "wrap32(CAST(round_even(CAST(i32 AS BIGINT), -1) AS BIGINT))"),
            Output(.bround(col("i64_high"), -2), "CAST(round_even(i64_high, -2) AS BIGINT)"),
            Output(.round(col("dec"), -1), "CAST(round(dec, -1) AS DECIMAL(11,0))"),
            Output(.round(col("i64_high"), -3), "CAST(round(i64_high, -3) AS BIGINT)"),
        ]),
        .project("pmod, negative, positive, factorial", [
            Output(.pmod(col("i32"), col("i64_low")),
                   "CASE WHEN i64_low = 0 THEN NULL WHEN i32 % i64_low < 0 THEN (i32 % i64_low + i64_low) % i64_low ELSE i32 % i64_low END"),
            Output(.pmod(col("i64_high"), lit(-7)),
                   "CASE WHEN i64_high % -7 < 0 THEN (i64_high % -7 - 7) % -7 ELSE i64_high % -7 END"),
            Output(.pmod(col("dec"), lit(7)), "CASE WHEN dec % 7 < 0 THEN dec % 7 + 7 ELSE dec % 7 END"),
            Output(.negative(col("i32")), "wrap32(-CAST(i32 AS BIGINT))"),
            Output(.positive(col("dec")), "dec"),
            Output(.factorial(col("i64_low")), "CASE WHEN i64_low <= 20 THEN CAST(factorial(CAST(i64_low AS INTEGER)) AS BIGINT) END"),
        ]),
        .project("greatest and least over every type", [
            Output(.greatest(col("i32"), col("i64_low"), col("i64_high")), "greatest(i32, i64_low, i64_high)"),
            Output(.least(col("i32"), col("i64_low")), "least(i32, i64_low)"),
            Output(.greatest(col("f64_special"), col("f64")), "greatest(f64_special, f64)"),
            Output(.least(col("f64_special"), lit(0.0)), "least(f64_special, 0.0)"),
            Output(.greatest(col("s_low"), col("s_high")), "greatest(s_low, s_high)"),
            Output(.least(col("d"), col("ts")), "least(CAST(d AS TIMESTAMP), ts)"),
            Output(.greatest(col("dec"), col("i32")), "greatest(dec, i32)"),
        ]),
        .project("hex, unhex, bin, conv", [
            Output(.hex(col("i64_high")), "hex(i64_high)"),
            Output(.hex(col("i32")), "hex(CAST(i32 AS BIGINT))"),
            Output(.hex(col("s_low")), "hex(s_low)"),
            Output(.unhex(Expr.hex(col("s_high"))), "unhex(hex(s_high))"),
            Output(.unhex(col("s_low")), "CASE WHEN regexp_full_match(s_low, '[0-9a-fA-F]*') THEN unhex(s_low) END"),
            Output(.bin(col("i64_high")), "bin(i64_high)"),
            Output(.conv(col("s_num"), from: 10, to: 16), "spark_conv(s_num, 10, 16)"),
            Output(.conv(col("s_num"), from: 10, to: -2), "spark_conv(s_num, 10, -2)"),
            Output(.conv(col("s_high"), from: 36, to: 10), "spark_conv(s_high, 36, 10)"),
            Output(.conv(col("s_low"), from: 16, to: -10), "spark_conv(s_low, 16, -10)"),
        ]),
    ]
}
