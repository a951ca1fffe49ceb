@testable import DataFlow
import Testing

@Suite("Optimizer rule: FactorDisjunctions")
struct FactorDisjunctionsTests {
    @Test("what every branch of an OR shares moves out of it")
    func factors() throws {
        let frame = try RuleTesting.source().filter((col("id") > 1 && col("name") == "b") || (col("id") > 1 && col("amount") > 4.0))
        let (before, after) = try RuleTesting.rewrite(FactorDisjunctions(), frame)
        #expect(before == """
        Filter (((id > 1) AND (name = b)) OR ((id > 1) AND (amount > 4.0)))
        +- Scan memory [id, name, amount, day]

        """)
        #expect(after == """
        Filter ((id > 1) AND ((name = b) OR (amount > 4.0)))
        +- Scan memory [id, name, amount, day]

        """)
        #expect(try frame.collect().map { $0["id"] } == [.int64(2), .int64(4)])
    }

    @Test("a branch with nothing else left makes the OR its shared part")
    func absorbs() throws {
        let rule = FactorDisjunctions()
        let condition = col("a") || (col("a") && col("b"))
        #expect(rule.factor(condition).description == "a")
        let unshared = col("a") || col("b")
        #expect(rule.factor(unshared).sameAs(unshared))
    }
}
