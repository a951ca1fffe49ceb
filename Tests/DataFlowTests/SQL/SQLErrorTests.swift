@testable import DataFlow
import DataFlowIO
import Testing

/// Errors a person can act on: parse errors with line, column and a caret under the token;
/// unknown tables, columns and functions with the closest match; unsupported syntax named.
@Suite("SQL errors")
struct SQLErrorTests {
    func error(_ sql: String) throws -> DataFlowError {
        let session = try SQLQueryTests.session()
        do {
            _ = try session.sql(sql).collect()
        } catch let error as DataFlowError {
            return error
        }
        Issue.record("no error for: \(sql)")
        return DataFlowError(.internal, "")
    }

    @Test("a parse error names the line and column and puts a caret under the token")
    func parseError() throws {
        let error = try error("SELECT region,\n       sum(amount) FROM sales\nGROUP region")
        #expect(error.category == .parse)
        #expect(error.message == """
            expected BY after GROUP, found 'region' at line 3, column 7:
            GROUP region
                  ^
            """, "\(error.message)")
    }

    @Test("an unterminated string points at its opening quote")
    func unterminatedString() throws {
        let error = try error("SELECT 'abc FROM sales")
        #expect(error.category == .parse)
        #expect(error.message.hasPrefix("unterminated string: no closing ' at line 1, column 8:"), "\(error.message)")
        #expect(error.message.hasSuffix("SELECT 'abc FROM sales\n       ^"), "\(error.message)")
    }

    @Test("an unknown column names the closest match and shows where it is")
    func unknownColumn() throws {
        let error = try error("SELECT regoin FROM sales")
        #expect(error.category == .analysis)
        #expect(error.message.contains("cannot resolve column 'regoin'"), "\(error.message)")
        #expect(error.message.contains("did you mean 'sales.region'?"), "\(error.message)")
        #expect(error.message.hasSuffix("SELECT regoin FROM sales\n       ^"), "\(error.message)")
    }

    @Test("an unknown table names the closest one")
    func unknownTable() throws {
        let error = try error("SELECT * FROM sale")
        #expect(error.category == .analysis)
        #expect(error.message.contains("table or view 'sale' not found; did you mean 'sales'?"), "\(error.message)")
    }

    @Test("an unknown function names the closest one")
    func unknownFunction() throws {
        let error = try error("SELECT uper(region) FROM sales")
        #expect(error.message.contains("unknown function uper; did you mean upper?"), "\(error.message)")
    }

    @Test("a column that is neither grouped nor aggregated is named")
    func notGrouped() throws {
        let error = try error("SELECT region, product FROM sales GROUP BY region")
        #expect(error.category == .analysis)
        #expect(error.message.contains("product") && error.message.contains("neither grouped nor aggregated"), "\(error.message)")
    }

    @Test("grouping() outside GROUP BY, in WHERE, or over an expression not grouped is named")
    func grouping() throws {
        let bare = try error("SELECT grouping(region) FROM sales")
        #expect(bare.category == .analysis && bare.message.hasPrefix("grouping(region) needs GROUP BY"), "\(bare.message)")
        let inWhere = try error("SELECT region FROM sales WHERE grouping(region) = 0 GROUP BY CUBE(region)")
        #expect(inWhere.category == .analysis && inWhere.message.hasPrefix("grouping() and grouping_id() are not allowed in WHERE"), "\(inWhere.message)")
        let notGrouped = try error("SELECT region, grouping_id(region, product) FROM sales GROUP BY CUBE(region)")
        #expect(notGrouped.category == .analysis && notGrouped.message.hasPrefix("grouping_id(region, product): product is not a GROUP BY expression"), "\(notGrouped.message)")
        let twoArguments = try error("SELECT grouping(region, product) FROM sales GROUP BY CUBE(region, product)")
        #expect(twoArguments.message.hasPrefix("grouping takes one GROUP BY expression, got 2"), "\(twoArguments.message)")
    }

    @Test("unsupported syntax says what is not supported")
    func unsupported() throws {
        let setting = try error("SET spark.sql.shuffle.partitions = 4")
        #expect(setting.category == .notImplemented)
        #expect(setting.message.hasPrefix("SET spark.sql.shuffle.partitions = 4: spark.sql.shuffle.partitions is fixed"), "\(setting.message)")
        let statement = try error("GRANT SELECT ON sales TO bob")
        #expect(statement.category == .parse)
        #expect(statement.message.hasPrefix("unsupported statement GRANT"), "\(statement.message)")
    }
}
