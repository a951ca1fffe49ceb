"""Runs TPC-H query files in DuckDB over the Parquet tables of a folder and prints, per query, one
JSON line: {"name", "rows"} with each value tagged by kind ("i:", "d:" decimal, "f:" float, "s:",
"t:" date) or null, or {"name", "error"}. Statements within a file are separated by ';'; the rows are
those of the one that is a query (SELECT or WITH), not of a view's definition or drop."""
import datetime
import decimal
import json
import os
import sys

import duckdb


def tagged(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return "b:" + ("true" if value else "false")
    if isinstance(value, int):
        return "i:" + str(value)
    if isinstance(value, decimal.Decimal):
        return "d:" + format(value, "f")
    if isinstance(value, float):
        return "f:" + repr(value)
    if isinstance(value, datetime.date):
        return "t:" + value.isoformat()
    return "s:" + str(value)


def main():
    data, files = sys.argv[1], sys.argv[2:]
    connection = duckdb.connect()
    connection.execute("SET threads TO 2")
    for table in ["customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier"]:
        path = os.path.join(data, table + ".parquet")
        connection.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{path}')")
    for path in files:
        name = os.path.splitext(os.path.basename(path))[0]
        try:
            statements = [s for s in open(path).read().split(";") if s.strip()]
            rows = []
            for statement in statements:
                result = connection.execute(statement)
                if statement.strip().lower().startswith(("select", "with")):
                    rows = result.fetchall()
            print(json.dumps({"name": name, "rows": [[tagged(v) for v in row] for row in rows]}))
        except Exception as error:  # reported to the test, which fails naming the query
            print(json.dumps({"name": name, "error": str(error)}))


if __name__ == "__main__":
    main()
