"""DuckDB oracle for DataFlow's differential tests.

Usage: python duckdb_oracle.py REQUEST.json RESPONSE.txt

The request names a CSV file written by the Swift tests, the DuckDB type of each of its columns,
the NULL marker, and a list of named SQL queries over the table `t`. The response is text, one
section per query: a header line `#` + JSON (name, column names, DuckDB column types and row count,
or the error DuckDB raised), then one line per row with the values separated by U+001F and a null
written as U+0001. DuckDB formats the values, so large results cost no Python work per value:

- integers in decimal; doubles as their shortest round-trip text ('nan', 'inf', '-inf');
- decimals in plain notation with all their scale digits;
- dates as YYYY-MM-DD; timestamps as YYYY-MM-DD HH:MM:SS.ffffff (UTC, always six digits);
- booleans as 'true' / 'false'; strings as they are (the generated data has no line breaks);
- binary values as upper-case hexadecimal.

A query that fails reports its error instead of rows, so one bad query does not hide the others.
The script exits with status 2 when duckdb cannot be imported, so the tests fail with a clear message.
"""

import json
import math
import sys

try:
    import duckdb
except ImportError as error:  # pragma: no cover - exercised when the environment is incomplete
    sys.stderr.write(f"cannot import duckdb ({error}); run `make python-deps` and set DATAFLOW_PYTHON\n")
    sys.exit(2)

# Helpers that compute Spark's semantics where DuckDB's differ. Each query's SQL uses them.
MACROS = [
    # Spark's integer arithmetic wraps around (Java semantics) where DuckDB raises an overflow error.
    "CREATE MACRO wrap32(x) AS (((x::HUGEINT + 2147483648) % 4294967296 + 4294967296) % 4294967296 - 2147483648)",
    "CREATE MACRO wrap64(x) AS (((x::HUGEINT + 9223372036854775808) % 18446744073709551616"
    " + 18446744073709551616) % 18446744073709551616 - 9223372036854775808)",
    # n / d rounded half up (away from zero) to an integer, exactly, for HUGEINT operands; null for d = 0.
    "CREATE MACRO half_up_div(n, d) AS (CASE WHEN d = 0 THEN NULL"
    " ELSE sign(n) * sign(d) * ((abs(n::HUGEINT) * 10 // abs(d::HUGEINT) + 5) // 10) END)",
    # The plain text of an unscaled decimal `u` with `s` fraction digits (`p` = 10^s); cast it to the
    # DECIMAL type wanted. DuckDB divides decimals in DOUBLE, Spark exactly: this keeps it exact.
    "CREATE MACRO dec_text(u, p, s) AS (CASE WHEN u IS NULL THEN NULL ELSE"
    " (CASE WHEN u < 0 THEN '-' ELSE '' END) || (abs(u) // p)::VARCHAR || '.' || lpad((abs(u) % p)::VARCHAR, s, '0') END)",
    # Spark's cast of a string to an integer: surrounding white space ignored, an optional sign,
    # digits, and an optional fraction of digits that is truncated ('1.9' is 1, '5.' is 5, '.5' is 0);
    # anything else, or a value out of range, is null. DuckDB rounds '1.5' to 2 and accepts '1e3'.
    "CREATE MACRO spark_int_text(s) AS (CASE WHEN regexp_full_match(trim(s), '[+-]?[0-9]*(\\.[0-9]*)?')"
    " AND regexp_matches(trim(s), '[0-9]') THEN (CASE WHEN regexp_matches(regexp_extract(trim(s), '^[+-]?[0-9]*', 0), '[0-9]')"
    " THEN regexp_extract(trim(s), '^[+-]?[0-9]*', 0) ELSE '0' END) END)",
    "CREATE MACRO spark_to_int(s) AS TRY_CAST(spark_int_text(s) AS INTEGER)",
    "CREATE MACRO spark_to_bigint(s) AS TRY_CAST(spark_int_text(s) AS BIGINT)",
    # Spark's cast of a string to a double is Java's Double.parseDouble ([+-]NaN, [+-]Infinity,
    # digits with an optional exponent and d/f suffix), then the words inf, +inf, infinity,
    # +infinity, -inf, -infinity and nan in any case; DuckDB's cast accepts other spellings.
    "CREATE MACRO spark_to_double(s) AS (CASE"
    " WHEN lower(trim(s)) IN ('inf', '+inf', 'infinity', '+infinity') THEN 'inf'::DOUBLE"
    " WHEN lower(trim(s)) IN ('-inf', '-infinity') THEN '-inf'::DOUBLE"
    " WHEN lower(trim(s)) = 'nan' OR trim(s) IN ('+NaN', '-NaN') THEN 'nan'::DOUBLE"
    " WHEN regexp_full_match(trim(s), '[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?[dDfF]?')"
    " THEN TRY_CAST(regexp_replace(trim(s), '[dDfF]$', '') AS DOUBLE) END)",
    # Spark's cast of a string to a decimal is Java's BigDecimal parse, then HALF_UP rounding.
    "CREATE MACRO spark_decimal_text(s) AS (CASE WHEN regexp_full_match(trim(s),"
    " '[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?') THEN trim(s) END)",
    # Spark's cast of a string to a date: [+-]yyyy, [+-]yyyy-[m]m or [+-]yyyy-[m]m-[d]d (years of 4 to 7
    # digits), the last optionally followed by ' ' or 'T' and anything. DuckDB's cast takes neither
    # signs, nor long years, nor 'yyyy' alone.
    "CREATE MACRO spark_to_date(s) AS (CASE WHEN regexp_full_match(trim(s), '[+-]?[0-9]{4,7}(-[0-9]{1,2}(-[0-9]{1,2}([ T].*)?)?)?')"
    " THEN TRY(make_date("
    " (CASE WHEN starts_with(trim(s), '-') THEN -1 ELSE 1 END) * CAST(regexp_extract(trim(s), '^[+-]?([0-9]{4,7})', 1) AS BIGINT),"
    " coalesce(CAST(nullif(regexp_extract(trim(s), '^[+-]?[0-9]{4,7}-([0-9]{1,2})', 1), '') AS BIGINT), 1),"
    " coalesce(CAST(nullif(regexp_extract(trim(s), '^[+-]?[0-9]{4,7}-[0-9]{1,2}-([0-9]{1,2})', 1), '') AS BIGINT), 1))) END)",
    # Spark's cast of a string to a timestamp, for the forms the generated data uses: a date alone
    # (as above: midnight), or a date, a time (hh:mm[:ss[.ffffff]]) after ' ' or 'T' and an optional
    # zone (Z or +hh:mm); text without a zone is wall-clock time in the session zone (UTC here).
    "CREATE MACRO spark_to_timestamp(s) AS (CASE"
    " WHEN regexp_full_match(trim(s), '[+-]?[0-9]{4,7}(-[0-9]{1,2}(-[0-9]{1,2})?)?') THEN CAST(spark_to_date(s) AS TIMESTAMP)"
    " WHEN regexp_full_match(trim(s),"
    " '[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}[ T][0-9]{1,2}:[0-9]{1,2}(:[0-9]{1,2}(\\.[0-9]{1,6})?)?(Z|[+-][0-9]{2}:[0-9]{2})?')"
    " THEN TRY_CAST(trim(s) AS TIMESTAMPTZ) AT TIME ZONE 'UTC' END)",
    # Spark's cast of a string to a boolean (case-insensitive words, white space ignored).
    "CREATE MACRO spark_to_boolean(s) AS (CASE WHEN lower(trim(s)) IN ('t', 'true', 'y', 'yes', '1') THEN true"
    " WHEN lower(trim(s)) IN ('f', 'false', 'n', 'no', '0') THEN false END)",
]


def ieee_divide(a, b):
    """a / b as Java divides doubles: a zero divisor gives a signed infinity, or NaN for 0 / 0."""
    try:
        return a / b
    except ZeroDivisionError:
        if a == 0 or math.isnan(a):
            return math.nan
        return math.copysign(math.inf, a) * math.copysign(1.0, b)


def overflowing(function):
    """`function` of a double with Java's overflow: infinity instead of Python's OverflowError."""
    def apply(x):
        try:
            return function(x)
        except OverflowError:
            return math.inf
    return apply


def spark_conv(text, from_base, to_base):
    """Spark's conv: the text (spaces trimmed, an optional '-') read in `from_base` up to its first
    character that is not a digit there, as an unsigned 64-bit number (all ones on overflow), written
    in base |to_base|: unsigned for a positive base (a '-' negating in 64 bits), signed for a negative."""
    mask = (1 << 64) - 1
    text = text.strip(" ") if text is not None else None
    if not text:
        return None
    negative = text.startswith("-")
    value = 0
    for character in text[1 if negative else 0:]:
        digit = int(character, 36) if character.isascii() and character.isalnum() else None
        if digit is None or digit >= from_base:
            break
        value = value * from_base + digit
        if value > mask:
            value = mask
            break
    if negative and to_base > 0:
        value = mask if value >= 1 << 63 else (-value) & mask
    if to_base < 0 and value >= 1 << 63:
        value = (-value) & mask
        negative = True
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    base, written = abs(to_base), ""
    while True:
        written = digits[value % base] + written
        value //= base
        if value == 0:
            break
    return ("-" if negative and to_base < 0 else "") + written


def spark_initcap(text):
    """Spark's initcap: lower-cased, then the first character and each one after a space title-cased."""
    if text is None:
        return None
    lowered = text.lower()
    return "".join(c.title() if i == 0 or lowered[i - 1] == " " else c for i, c in enumerate(lowered))


def spark_substring_index(text, delimiter, count):
    """Spark's substring_index: before the count-th delimiter (after the count-th from the end for a
    negative count); the whole text when there are fewer; '' for count 0 or an empty delimiter.
    Occurrences may overlap: each search starts one byte after the previous match."""
    if text is None or delimiter is None or count is None:
        return None
    data, needle = text.encode(), delimiter.encode()
    if not needle or count == 0:
        return ""
    if count > 0:
        index = -1
        for _ in range(count):
            index = data.find(needle, index + 1)
            if index < 0:
                return text
        return data[:index].decode()
    index = len(data) - len(needle) + 1
    for _ in range(-count):
        index = data.rfind(needle, 0, index - 1 + len(needle)) if index - 1 >= 0 else -1
        if index < 0:
            return text
    return data[index + len(needle):].decode()


def spark_split_part(text, delimiter, part):
    """Spark's split_part: the part-th piece (from the end when negative), '' out of range; an
    empty delimiter does not split."""
    if text is None or delimiter is None or part is None:
        return None
    pieces = text.split(delimiter) if delimiter else [text]
    index = part - 1 if part > 0 else len(pieces) + part
    return pieces[index] if 0 <= index < len(pieces) else ""


def spark_mask(text):
    """Spark's mask with its defaults: upper-case letters as X, lower-case as x, digits as n."""
    if text is None:
        return None
    return "".join("X" if c.isupper() else "x" if c.islower() else "n" if c.isdecimal() else c for c in text)


def spark_soundex(text):
    """Spark's soundex: American Soundex of a string starting with an ASCII letter, else the text."""
    if text is None:
        return None
    codes = "01230127022455012623017202"
    if not text or not ("a" <= text[0].lower() <= "z" and text[0].isascii()):
        return text
    first = text[0].upper()
    result, last = first, codes[ord(first) - 65]
    for c in text[1:]:
        if not (c.isascii() and c.isalpha()):
            last = "0"
            continue
        code = codes[ord(c.upper()) - 65]
        if code == "7":
            continue
        if code != "0" and code != last:
            result += code
            if len(result) == 4:
                break
        last = code
    return result.ljust(4, "0")


def spark_levenshtein(a, b):
    """The edit distance in characters (DuckDB's counts bytes)."""
    if a is None or b is None:
        return None
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def spark_luhn(text):
    """Spark's luhn_check: a non-empty string of ASCII digits whose Luhn sum ends in 0."""
    if text is None:
        return None
    if not text or not all("0" <= c <= "9" for c in text):
        return False
    total = 0
    for position, c in enumerate(reversed(text)):
        digit = int(c) * (2 if position % 2 else 1)
        total += digit - 9 if digit > 9 else digit
    return total % 10 == 0


# Spark functions DuckDB lacks, computed in Python with the C library's math, as DataFlow's. A
# double comes back as its text, cast by a macro of the same name: DuckDB would turn a Python NaN
# returned by a function into NULL.
PYTHON_FUNCTIONS = [
    ("py_expm1", overflowing(math.expm1), ["DOUBLE"], "DOUBLE"),
    ("py_log1p", lambda x: math.log1p(x), ["DOUBLE"], "DOUBLE"),
    ("py_hypot", lambda x, y: math.hypot(x, y), ["DOUBLE", "DOUBLE"], "DOUBLE"),
    ("py_divide", ieee_divide, ["DOUBLE", "DOUBLE"], "DOUBLE"),
    ("spark_conv", spark_conv, ["VARCHAR", "INTEGER", "INTEGER"], "VARCHAR"),
    ("spark_initcap", spark_initcap, ["VARCHAR"], "VARCHAR"),
    ("spark_substring_index", spark_substring_index, ["VARCHAR", "VARCHAR", "INTEGER"], "VARCHAR"),
    ("spark_split_part", spark_split_part, ["VARCHAR", "VARCHAR", "INTEGER"], "VARCHAR"),
    ("spark_mask", spark_mask, ["VARCHAR"], "VARCHAR"),
    ("spark_soundex", spark_soundex, ["VARCHAR"], "VARCHAR"),
    ("spark_levenshtein", spark_levenshtein, ["VARCHAR", "VARCHAR"], "INTEGER"),
    ("spark_luhn", spark_luhn, ["VARCHAR"], "BOOLEAN"),
]


def as_text(function, arity):
    """`function` of `arity` doubles returning the text of its double result."""
    if arity == 1:
        return lambda a: repr(function(a))
    return lambda a, b: repr(function(a, b))


def register_functions(con):
    """Creates PYTHON_FUNCTIONS in `con`; double results through `<name>_text` and a macro."""
    for name, function, parameters, result in PYTHON_FUNCTIONS:
        if result != "DOUBLE":
            # The function answers null itself (for null arguments too).
            con.create_function(name, function, parameters, result, null_handling="special")
            continue
        con.create_function(f"{name}_text", as_text(function, len(parameters)), parameters, "VARCHAR")
        arguments = ", ".join(f"a{index}" for index in range(len(parameters)))
        con.execute(f"CREATE MACRO {name}({arguments}) AS CAST({name}_text({arguments}) AS DOUBLE)")

def canonical_text(column, kind):
    """SQL giving the canonical text of `column` (a quoted identifier) of DuckDB type `kind`.
    Dates and timestamps spell the year as a signed ISO year of at least four digits (DuckDB would
    write '99288-01-01 (BC)' for -99287-01-01)."""
    year = f"(CASE WHEN year({column}) < 0 THEN '-' ELSE '' END || printf('%04d', abs(year({column}))))"
    if kind == "DATE":
        return f"{year} || strftime({column}, '-%m-%d')"
    if kind.startswith("TIMESTAMP"):
        return f"{year} || strftime({column}, '-%m-%d %H:%M:%S.%f')"
    if kind == "VARCHAR":
        return column
    if kind == "BLOB":
        return f"hex({column})"
    return f"CAST({column} AS VARCHAR)"


def quoted(index):
    """The quoted positional name of result column `index`."""
    return '"c%d"' % index


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: duckdb_oracle.py REQUEST.json RESPONSE.txt\n")
        sys.exit(64)
    with open(sys.argv[1], encoding="utf-8") as handle:
        request = json.load(handle)
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET threads = 2")
    con.execute("SET preserve_insertion_order = true")
    for macro in MACROS:
        con.execute(macro)
    register_functions(con)
    columns = ", ".join(f"'{name}': '{kind}'" for name, kind in request["columns"])
    con.execute(
        f"CREATE TABLE t AS SELECT * FROM read_csv('{request['csv']}', header = true, delim = ',', quote = '\"',"
        f" escape = '\"', nullstr = '{request['null']}', auto_detect = false, columns = {{{columns}}})"
    )
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        for query in request["queries"]:
            try:
                relation = con.sql(query["sql"])
                names = list(relation.columns)
                kinds = [str(kind) for kind in relation.types]
                # Positional aliases: result column names may repeat.
                inner = ", ".join(f"#{index + 1} AS {quoted(index)}" for index in range(len(names)))
                fields = [f"coalesce({canonical_text(quoted(index), kind)}, chr(1))" for index, kind in enumerate(kinds)]
                line = " || chr(31) || ".join(fields) if fields else "''"
                rows = con.sql(f"SELECT {line} FROM (SELECT {inner} FROM ({query['sql']}))").fetchall()
                header = {"name": query["name"], "columns": names, "types": kinds, "rows": len(rows)}
                out.write("#" + json.dumps(header, ensure_ascii=False) + "\n")
                if rows:
                    out.write("\n".join(row[0] for row in rows))
                    out.write("\n")
            except Exception as error:  # report per query, keep going
                header = {"name": query["name"], "error": f"{type(error).__name__}: {error}"}
                out.write("#" + json.dumps(header, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
