@testable import DataFlow
import Testing

@Suite("Optimizer rule: PushDownLimit")
struct PushDownLimitTests {
    @Test("below a projection and into the scan, the limit kept above it")
    func intoScan() throws {
        let frame = try RuleTesting.source().select(col("name")).limit(1)
        let (before, after) = try RuleTesting.rewrite(PushDownLimit(), frame)
        #expect(before == """
        Limit 1
        +- Project [name]
           +- Scan memory [id, name, amount, day]

        """)
        #expect(after == """
        Project [name]
        +- Limit 1
           +- Scan memory [id, name, amount, day] Limit: 1

        """)
        #expect(try frame.collect().count == 1)
    }

    @Test("into each input of a union, the limit kept above it")
    func intoUnion() throws {
        let source = try RuleTesting.source()
        let frame = try source.union(source).limit(2)
        let (_, after) = try RuleTesting.rewrite(PushDownLimit(), frame)
        #expect(after == """
        Limit 2
        +- Union (2 inputs)
           +- Limit 2
              +- Scan memory [id, name, amount, day] Limit: 2
           +- Limit 2
              +- Scan memory [id, name, amount, day] Limit: 2

        """)
        #expect(try frame.collect().count == 2)
    }

    @Test("a limit over a limit becomes the smaller one")
    func mergesLimits() throws {
        let frame = try RuleTesting.source().limit(3).limit(2)
        let (before, after) = try RuleTesting.rewrite(PushDownLimit(), frame)
        #expect(before == """
        Limit 2
        +- Limit 3
           +- Scan memory [id, name, amount, day]

        """)
        #expect(after == """
        Limit 2
        +- Scan memory [id, name, amount, day]

        """)
        #expect(try frame.collect().count == 2)
    }
}
