@testable import DataFlow
import Testing

@Suite("Optimizer rule: CombineFilters")
struct CombineFiltersTests {
    @Test("a filter over a filter becomes one, the inner condition first")
    func combines() throws {
        let frame = try RuleTesting.source().filter(col("id") > 1).filter(col("name").isNotNull())
        let (before, after) = try RuleTesting.rewrite(CombineFilters(), frame)
        #expect(before == """
        Filter (name IS NOT NULL)
        +- Filter (id > 1)
           +- Scan memory [id, name, amount, day]

        """)
        #expect(after == """
        Filter ((id > 1) AND (name IS NOT NULL))
        +- Scan memory [id, name, amount, day]

        """)
        #expect(try frame.collect().map { $0["id"] } == [.int64(2), .int64(4)])
    }
}
