@testable import DataFlow
import DataFlowIO
import Foundation
import Testing
import TestSupport

/// `session.sql` over small temporary views, each result checked value by value.
@Suite("SQL queries")
struct SQLQueryTests {
    /// sales(region, product, amount, day) and regions(region, manager).
    static func session() throws -> Session {
        let session = Session(parallelism: 2)
        try session.createDataFrame(rows: [
            [.string("east"), .string("apple"), .int64(10), .date(20_000)],
            [.string("east"), .string("pear"), .int64(5), .date(20_001)],
            [.string("west"), .string("apple"), .int64(7), .date(20_000)],
            [.string("west"), .string("plum"), .null, .date(20_002)],
            [.string("north"), .string("apple"), .int64(1), .date(20_003)],
        ], schema: try Schema(ddl: "region STRING, product STRING, amount BIGINT, day DATE")).createOrReplaceTempView("sales")
        try session.createDataFrame(rows: [
            [.string("east"), .string("Ann")], [.string("west"), .string("Bo")], [.string("south"), .string("Cy")],
        ], schema: try Schema(ddl: "region STRING, manager STRING")).createOrReplaceTempView("regions")
        return session
    }

    static func rows(_ sql: String) throws -> [[Scalar]] {
        try session().sql(sql).collect().map(\.values)
    }

    @Test("group by with aliases, HAVING, ORDER BY an alias and LIMIT")
    func aggregate() throws {
        let result = try Self.rows("""
            SELECT region, sum(amount) AS total, count(*) AS n FROM sales
            GROUP BY region HAVING count(*) > 1 ORDER BY total DESC LIMIT 5
            """)
        #expect(result == [[.string("east"), .int64(15), .int64(2)], [.string("west"), .int64(7), .int64(2)]])
    }

    @Test("ROLLUP, CUBE and GROUPING SETS: a row per group of each set, keys outside a set null, aggregates over the rows as read")
    func groupingSets() throws {
        let rollup = try Self.rows("""
            SELECT region, product, sum(amount) AS total FROM sales GROUP BY ROLLUP(region, product)
            ORDER BY region NULLS LAST, product NULLS LAST
            """)
        #expect(rollup == [
            [.string("east"), .string("apple"), .int64(10)], [.string("east"), .string("pear"), .int64(5)], [.string("east"), .null, .int64(15)],
            [.string("north"), .string("apple"), .int64(1)], [.string("north"), .null, .int64(1)],
            [.string("west"), .string("apple"), .int64(7)], [.string("west"), .string("plum"), .null], [.string("west"), .null, .int64(7)],
            [.null, .null, .int64(23)],
        ])
        #expect(try Self.rows("SELECT region, count(*) FROM sales GROUP BY region WITH ROLLUP ORDER BY 1 NULLS FIRST")
            == Self.rows("SELECT region, count(*) FROM sales GROUP BY CUBE(region) ORDER BY 1 NULLS FIRST"))
        #expect(try Self.rows("SELECT region, count(*) FROM sales GROUP BY CUBE(region) ORDER BY 1 NULLS FIRST")
            == [[.null, .int64(5)], [.string("east"), .int64(2)], [.string("north"), .int64(1)], [.string("west"), .int64(2)]])
        // region is aggregated, not grouped: the empty set counts all five rows' regions.
        #expect(try Self.rows("SELECT product, count(region) AS n FROM sales GROUP BY GROUPING SETS ((product), ()) ORDER BY product NULLS FIRST")
            == [[.null, .int64(5)], [.string("apple"), .int64(3)], [.string("pear"), .int64(1)], [.string("plum"), .int64(1)]])
        #expect(try Self.rows("SELECT region, sum(amount) FROM sales WHERE amount > 100 GROUP BY ROLLUP(region)").isEmpty)
    }

    @Test("grouping() and grouping_id() tell grouped-away keys from null ones, in SELECT, HAVING and ORDER BY")
    func groupingFunctions() throws {
        let cube = try Self.rows("""
            SELECT region, product, grouping(region) AS gr, grouping(product) AS gp, grouping_id() AS id,
                   grouping_id(product, region) AS reversed, sum(amount) AS total
            FROM sales WHERE region = 'east' GROUP BY CUBE(region, product) ORDER BY grouping_id(), region, product
            """)
        let east = Scalar.string("east"), apple = Scalar.string("apple"), pear = Scalar.string("pear")
        #expect(cube == [
            [east, apple, .int32(0), .int32(0), .int64(0), .int64(0), .int64(10)], [east, pear, .int32(0), .int32(0), .int64(0), .int64(0), .int64(5)],
            [east, .null, .int32(0), .int32(1), .int64(1), .int64(2), .int64(15)],
            [.null, apple, .int32(1), .int32(0), .int64(2), .int64(1), .int64(10)], [.null, pear, .int32(1), .int32(0), .int64(2), .int64(1), .int64(5)],
            [.null, .null, .int32(1), .int32(1), .int64(3), .int64(3), .int64(15)],
        ])
        // A null key of the data is grouped (0); the rollup's total row is not (1).
        #expect(try Self.rows("SELECT k, grouping(k), count(*) FROM VALUES (1), (NULL), (NULL) AS t(k) GROUP BY ROLLUP(k) ORDER BY grouping(k), k")
            == [[.null, .int32(0), .int64(2)], [.int32(1), .int32(0), .int64(1)], [.null, .int32(1), .int64(3)]])
        #expect(try Self.rows("SELECT region, count(*) FROM sales GROUP BY ROLLUP(region) HAVING grouping(region) = 1") == [[.null, .int64(5)]])
        // A plain GROUP BY groups every key in every row.
        #expect(try Self.rows("SELECT region, grouping(region), grouping_id(region) FROM sales GROUP BY region ORDER BY region")
            == ["east", "north", "west"].map { [.string($0), .int32(0), .int64(0)] })
    }

    @Test("comma joins with WHERE equalities, qualified names and ORDER BY a column not selected")
    func commaJoin() throws {
        let result = try Self.rows("""
            SELECT s.product, r.manager FROM sales s, regions AS r
            WHERE s.region = r.region AND s.amount IS NOT NULL ORDER BY s.amount
            """)
        #expect(result == [[.string("pear"), .string("Ann")], [.string("apple"), .string("Bo")], [.string("apple"), .string("Ann")]])
    }
}

extension SQLQueryTests {
    @Test("WITH, a derived table with column names, and VALUES")
    func ctesAndValues() throws {
        let result = try Self.rows("""
            WITH totals AS (SELECT region, sum(amount) AS total FROM sales GROUP BY region)
            SELECT t.r, t.x * 2 FROM totals AS t (r, x) JOIN (VALUES ('east', 1), ('west', 2)) AS v (name, rank) ON t.r = v.name
            ORDER BY v.rank
            """)
        #expect(result == [[.string("east"), .int64(30)], [.string("west"), .int64(14)]])
    }

    @Test("UNION, UNION ALL, INTERSECT and EXCEPT")
    func setOperations() throws {
        #expect(try Self.rows("SELECT region FROM sales UNION SELECT region FROM regions ORDER BY 1").map { $0[0] }
                == ["east", "north", "south", "west"].map(Scalar.string))
        #expect(try Self.rows("SELECT region FROM sales UNION ALL SELECT region FROM regions").count == 8)
        #expect(try Self.rows("SELECT region FROM sales INTERSECT SELECT region FROM regions ORDER BY region").map { $0[0] }
                == ["east", "west"].map(Scalar.string))
        #expect(try Self.rows("SELECT region FROM sales EXCEPT SELECT region FROM regions").map { $0[0] } == [.string("north")])
    }

    @Test("IN and NOT IN with a subquery follow SQL's null rules; EXISTS is correlated")
    func subqueries() throws {
        #expect(try Self.rows("SELECT manager FROM regions WHERE region IN (SELECT region FROM sales) ORDER BY 1").map { $0[0] }
                == ["Ann", "Bo"].map(Scalar.string))
        #expect(try Self.rows("SELECT manager FROM regions WHERE region NOT IN (SELECT region FROM sales)").map { $0[0] } == [.string("Cy")])
        // A null among the members makes NOT IN unknown for every row.
        #expect(try Self.rows("SELECT product FROM sales WHERE amount NOT IN (SELECT amount FROM sales WHERE region = 'west')").isEmpty)
        #expect(try Self.rows("""
            SELECT manager FROM regions r WHERE NOT EXISTS (SELECT 1 FROM sales s WHERE s.region = r.region AND s.amount > 6)
            """).map { $0[0] } == [.string("Cy")])
    }

    @Test("scalar subqueries, uncorrelated and correlated (count over no rows is 0)")
    func scalarSubqueries() throws {
        #expect(try Self.rows("SELECT product FROM sales WHERE amount = (SELECT max(amount) FROM sales)") == [[.string("apple")]])
        let counts = try Self.rows("""
            SELECT manager, (SELECT count(*) FROM sales s WHERE s.region = r.region) AS n FROM regions r ORDER BY manager
            """)
        #expect(counts == [[.string("Ann"), .int64(2)], [.string("Bo"), .int64(2)], [.string("Cy"), .int64(0)]])
    }

    @Test("window functions with a named window, and QUALIFY")
    func windows() throws {
        let ranked = try Self.rows("""
            SELECT region, product, row_number() OVER w AS rn, sum(amount) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running
            FROM sales WINDOW w AS (PARTITION BY region ORDER BY day) ORDER BY region, rn
            """)
        #expect(ranked == [
            [.string("east"), .string("apple"), .int32(1), .int64(10)], [.string("east"), .string("pear"), .int32(2), .int64(15)],
            [.string("north"), .string("apple"), .int32(1), .int64(1)],
            [.string("west"), .string("apple"), .int32(1), .int64(7)], [.string("west"), .string("plum"), .int32(2), .int64(7)],
        ])
        let latest = try Self.rows("SELECT region, product FROM sales QUALIFY row_number() OVER (PARTITION BY region ORDER BY day DESC) = 1 ORDER BY region")
        #expect(latest == [[.string("east"), .string("pear")], [.string("north"), .string("apple")], [.string("west"), .string("plum")]])
    }

    @Test("CASE, CAST, TRY_CAST, ::, LIKE, ILIKE, BETWEEN, IS DISTINCT FROM, date literals and intervals")
    func expressions() throws {
        let result = try Self.rows("""
            SELECT CASE region WHEN 'east' THEN 'E' ELSE 'other' END, CAST(amount AS STRING), TRY_CAST('x' AS INT), '12'::INT + 1,
                   product LIKE 'a%', product ILIKE 'APP%' OR product RLIKE '^p.a', amount BETWEEN 5 AND 10, amount IS DISTINCT FROM NULL,
                   day + INTERVAL '1' MONTH, DATE '2024-02-29' - INTERVAL 1 DAY, 1.50 * 2
            FROM sales WHERE product = 'pear'
            """)
        #expect(result == [[.string("E"), .string("5"), .null, .int32(13), .boolean(false), .boolean(true), .boolean(true), .boolean(true),
                            .date(20_001 + 31), .date(Int32(CalendarDate("2024-02-28")!.daysSinceEpoch)),
                            .decimal(unscaled: 300, precision: 14, scale: 2)]])
    }

    @Test("temporary views from SQL and DataFrames, SHOW TABLES, DESCRIBE and EXPLAIN")
    func statements() throws {
        let session = try Self.session()
        _ = try session.sql("CREATE OR REPLACE TEMP VIEW big AS SELECT * FROM sales WHERE amount > 5")
        #expect(try session.sql("SELECT count(*) FROM big").collect().map(\.values) == [[.int64(2)]])
        let tables = try session.sql("SHOW TABLES").collect().map { $0.values[0] }
        #expect(tables == ["big", "regions", "sales"].map(Scalar.string))
        let described = try session.sql("DESCRIBE big").collect().map(\.values)
        #expect(described.map { $0[0] } == ["region", "product", "amount", "day"].map(Scalar.string))
        #expect(described.map { $0[1] } == ["string", "string", "bigint", "date"].map(Scalar.string))
        let plan = try session.sql("EXPLAIN SELECT region FROM big").collect()[0].values[0]
        #expect("\(plan)".contains("Filter"), "\(plan)")
        _ = try session.sql("DROP VIEW big")
        #expect(session.tempViewNames == ["regions", "sales"])
    }

    @Test("files read in place: parquet.`path`")
    func filesInPlace() throws {
        let session = try Self.session()
        let folder = try temporaryDirectory()
        _ = try session.sql("SELECT * FROM sales").write.parquet(folder + "/sales")
        let result = try session.sql("SELECT region, sum(amount) FROM parquet.`\(folder)/sales` GROUP BY region ORDER BY region").collect().map(\.values)
        #expect(result == [[.string("east"), .int64(15)], [.string("north"), .int64(1)], [.string("west"), .int64(7)]])
    }
}

extension SQLQueryTests {
    @Test("the README's SQL example: the latest sale per region with QUALIFY")
    func readmeExample() throws {
        let session = Session(parallelism: 2)
        let sales = try session.createDataFrame([
            ExampleContractTests.Sale(id: 1, region: "eu", amount: 10.5, day: "2025-11-01"),
            ExampleContractTests.Sale(id: 2, region: "us", amount: nil, day: "2025-11-01"),
            ExampleContractTests.Sale(id: 3, region: "eu", amount: 7.0, day: "2025-11-02"),
            ExampleContractTests.Sale(id: 3, region: "eu", amount: 7.0, day: "2025-11-02"),
            ExampleContractTests.Sale(id: 4, region: "us", amount: 30.0, day: "2025-11-03"),
        ])
        try sales.createOrReplaceTempView("sales")
        let latest = try session.sql("""
            SELECT region, id, amount
            FROM sales
            WHERE amount IS NOT NULL
            QUALIFY row_number() OVER (PARTITION BY region ORDER BY day DESC, id DESC) = 1
            ORDER BY region
            """)
        #expect(try latest.collect().map(\.values) == [[.string("eu"), .int64(3), .float64(7.0)], [.string("us"), .int64(4), .float64(30.0)]])
    }
}

extension SQLQueryTests {
    @Test("LIMIT … OFFSET and OFFSET alone skip rows in order; df.offset does the same")
    func offset() throws {
        let session = Session(parallelism: 3, batchSize: 2)
        try session.range(0, 20, partitions: 3).createOrReplaceTempView("numbers")
        #expect(try session.sql("SELECT id FROM numbers ORDER BY id DESC LIMIT 3 OFFSET 4").collect().map { $0.values[0] }
                == [15, 14, 13].map(Scalar.int64))
        #expect(try session.sql("SELECT id FROM numbers ORDER BY id OFFSET 17").collect().map { $0.values[0] } == [17, 18, 19].map(Scalar.int64))
        #expect(try session.sql("SELECT id FROM numbers ORDER BY id LIMIT 5 OFFSET 30").collect().isEmpty)
        let frame = try session.range(0, 20, partitions: 3).orderBy(col("id")).offset(5).limit(2)
        #expect(try frame.collect().map { $0.values[0] } == [5, 6].map(Scalar.int64))
        #expect(try session.sql("SELECT count(*) FROM (SELECT id FROM numbers LIMIT 10 OFFSET 15)").collect()[0].values[0] == .int64(5))
    }
}

extension SQLQueryTests {
    @Test("CREATE TABLE (declared, and AS SELECT partitioned), INSERT INTO and OVERWRITE, DROP TABLE, in the catalog")
    func catalogTables() throws {
        let warehouse = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: warehouse) }
        let session = Session(parallelism: 2, warehouse: warehouse)
        try session.createDataFrame(rows: [[.string("east"), .int64(1)], [.string("west"), .int64(2)]],
                                    schema: try Schema(ddl: "region STRING, amount BIGINT")).createOrReplaceTempView("facts")
        _ = try session.sql("CREATE TABLE shop.totals USING parquet PARTITIONED BY (region) AS SELECT region, sum(amount) AS total FROM facts GROUP BY region")
        #expect(try session.sql("SELECT region, total FROM shop.totals ORDER BY region").collect().map(\.values)
                == [[.string("east"), .int64(1)], [.string("west"), .int64(2)]])
        // Columns match by position, the partition column last (as the table has them).
        _ = try session.sql("INSERT INTO shop.totals SELECT 5, 'north'")
        #expect(try session.sql("SELECT sum(total), count(*) FROM shop.totals").collect()[0].values == [.int64(8), .int64(3)])
        _ = try session.sql("INSERT OVERWRITE shop.totals SELECT amount * 10, region FROM facts")
        #expect(try session.sql("SELECT total FROM shop.totals ORDER BY total").collect().map { $0.values[0] } == [.int64(10), .int64(20)])

        _ = try session.sql("CREATE TABLE notes (id INT, note STRING) USING json")
        #expect(try session.sql("SELECT count(*) FROM notes").collect()[0].values == [.int64(0)])
        _ = try session.sql("INSERT INTO default.notes VALUES (1, 'first'), (2, 'second')")
        #expect(try session.sql("SELECT note FROM notes WHERE id = 2").collect().map(\.values) == [[.string("second")]])
        #expect(try session.sql("SHOW TABLES").collect().map { $0.values[0] } == ["default.notes", "shop.totals", "facts"].map(Scalar.string))

        _ = try session.sql("DROP TABLE shop.totals")
        #expect(throws: DataFlowError.self) { try session.sql("SELECT * FROM shop.totals") }
        #expect(!FileManager.default.fileExists(atPath: warehouse + "/shop.db/totals"), "a table the catalog placed loses its files")
        _ = try session.sql("DROP TABLE IF EXISTS shop.totals")
        #expect(throws: DataFlowError.self) { try session.sql("CREATE TABLE notes (id INT) USING parquet") }
    }
}
