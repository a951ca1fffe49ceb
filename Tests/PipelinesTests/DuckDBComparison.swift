/// Python that the DuckDB oracle scripts of these tests end with: `compare(expected, actual)` gives
/// [rows expected, rows missing from actual, rows actual has in excess], comparing two views of a
/// connection `con` as multisets.
let duckDBCompare = """
def compare(expected, actual):
    total = con.execute(f'select count(*) from {expected}').fetchone()[0]
    missing = con.execute(f'select count(*) from (select * from {expected} except all select * from {actual})').fetchone()[0]
    extra = con.execute(f'select count(*) from (select * from {actual} except all select * from {expected})').fetchone()[0]
    return [total, missing, extra]

"""
