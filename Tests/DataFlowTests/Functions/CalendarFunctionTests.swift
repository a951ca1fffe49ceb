@testable import DataFlow
import Testing

/// weekday, last_day, next_day, dayname, monthname and make_date on dates around month, year and
/// leap-day edges; Spark's answers on generated dates are in `SparkOracleQueries`.
@Suite("Functions: calendar")
struct CalendarFunctionTests {
    @Test("days of the week, month ends and next days by name")
    func calendar() throws {
        // 2024-01-03 (a Wednesday), 2024-02-29, 1969-12-31 (a Wednesday), null.
        let frame = try Session().createDataFrame(rows: [[.date(19725)], [.date(19782)], [.date(-1)], [.null]], schema: try Schema(ddl: "d date"))
        let rows = try frame.select(Expr.weekday("d"), Expr.lastDay("d").cast(.string), Expr.nextDay(col("d"), "wed").cast(.string),
                                    Expr.nextDay(col("d"), "SU").cast(.string), Expr.dayname("d"), Expr.monthname("d")).collect()
        #expect(rows.map { $0.values.map { $0.formatted() } } == [
            ["2", "2024-01-31", "2024-01-10", "2024-01-07", "Wed", "Jan"],
            ["3", "2024-02-29", "2024-03-06", "2024-03-03", "Thu", "Feb"],
            ["2", "1969-12-31", "1970-01-07", "1970-01-04", "Wed", "Dec"],
            ["NULL", "NULL", "NULL", "NULL", "NULL", "NULL"],
        ])
        #expect(try frame.select(Expr.nextDay(col("d"), "someday")).collect().map { $0[0] } == [.null, .null, .null, .null])
    }

    @Test("make_date builds dates and is null for numbers that name none")
    func makeDate() throws {
        let frame = try Session().createDataFrame(rows: [[2024, 2, 29], [2023, 2, 29], [2024, 13, 1], [2024, 0, 1], [.null, 1, 1], [-5, 1, 1]],
                                                  schema: try Schema(ddl: "y int, m int, d int"))
        let dates = try frame.select(Expr.makeDate("y", "m", "d")).collect().map { $0[0] }
        #expect(dates == [.date(19782), .null, .null, .null, .null, .date(Int32(daysFromCivil(year: -5, month: 1, day: 1)))])
    }
}
