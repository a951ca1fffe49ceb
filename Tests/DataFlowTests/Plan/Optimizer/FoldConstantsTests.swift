@testable import DataFlow
import Testing

@Suite("Optimizer rule: FoldConstants")
struct FoldConstantsTests {
    @Test("constant sub-expressions become literals; projections keep their output names")
    func folds() throws {
        let frame = try RuleTesting.source().select((lit(2) * 3 + col("id")).alias("x"), lit("2025-01-02").cast(.date))
        let (before, after) = try RuleTesting.rewrite(FoldConstants(), frame)
        #expect(before == """
        Project [((2 * 3) + id) AS x, CAST(2025-01-02 AS DATE)]
        +- Scan memory [id, name, amount, day]

        """)
        #expect(after == """
        Project [(6 + id) AS x, 2025-01-02 AS CAST(2025-01-02 AS DATE)]
        +- Scan memory [id, name, amount, day]

        """)
        #expect(try frame.collect().map(\.values) == [[.int64(7), .date(20_090)], [.int64(8), .date(20_090)], [.int64(9), .date(20_090)], [.int64(10), .date(20_090)]])
    }

    @Test("conditions fold too; what reads a column or differs per evaluation does not")
    func foldsConditions() throws {
        let now = Expr(.function(name: "current_timestamp", arguments: []))
        let frame = try RuleTesting.source().filter(col("amount") > lit(1) + 1 && col("day").cast(.timestamp) < now)
        let (_, after) = try RuleTesting.rewrite(FoldConstants(), frame)
        #expect(after == """
        Filter ((amount > 2) AND (CAST(day AS TIMESTAMP) < current_timestamp()))
        +- Scan memory [id, name, amount, day]

        """)
    }
}
