@testable import DataFlow
import Testing

/// The resolved plan: names resolve once, to column identities that rewrites and the planner follow.
@Suite("Analyzer and the resolved plan")
struct AnalyzerTests {
    @Test("an unknown column names the available ones and the closest match")
    func unknownColumn() throws {
        let error = #expect(throws: DataFlowError.self) { try RuleTesting.source().select(col("amont") + 1) }
        #expect(error?.message == "cannot resolve column 'amont'; available columns: [id, name, amount, day]; did you mean 'amount'?")
        #expect(throws: DataFlowError.self) { try RuleTesting.source().groupBy("nam") }
        #expect(throws: DataFlowError.self) { try RuleTesting.source().dropDuplicates(["idd"]) }
        #expect(throws: DataFlowError.self) { try RuleTesting.source().repartition(2, by: col("dy")) }
    }

    @Test("expressions in the plan refer to columns by identity, with their type and nullability")
    func resolvedReferences() throws {
        let source = try RuleTesting.source()
        let frame = try source.filter(col("AMOUNT") > 2)
        guard case let .filter(filter) = frame.plan, case let .binary(_, lhs, _) = filter.condition.node,
              case let .attribute(attribute) = lhs.node else {
            Issue.record("expected a resolved condition in \(frame.plan)")
            return
        }
        #expect(attribute == source.plan.output[2])
        #expect(attribute.name == "amount" && attribute.type == .float64 && attribute.nullable)
    }

    @Test("a plain column keeps its identity through projections and groupings; computed columns get new ones")
    func identities() throws {
        let source = try RuleTesting.source()
        let input = source.plan.output
        let projected = try source.select(col("id"), col("amount").alias("amount"), (col("amount") + 1).alias("a1"), col("name").alias("label"))
        let output = projected.plan.output
        #expect(output[0].id == input[0].id && output[1].id == input[2].id)
        #expect(!input.ids.contains(output[2].id) && !input.ids.contains(output[3].id))
        let grouped = try source.groupBy(col("name"), (col("id") % 2).alias("parity")).count()
        #expect(grouped.plan.output[0].id == input[1].id)
        #expect(!input.ids.contains(grouped.plan.output[1].id))
    }

    @Test("the right side of a self-join gets columns of its own; each side's columns stay apart")
    func selfJoin() throws {
        let source = try RuleTesting.source()
        let frame = try source.join(source.select(col("id"), col("name")), on: "id")
        guard case let .project(project) = frame.plan, case let .join(join) = project.child else {
            Issue.record("unexpected plan \(frame.plan)")
            return
        }
        #expect(join.left.output.ids.isDisjoint(with: join.right.output.ids))
        #expect(frame.columns == ["id", "name", "amount", "day", "name"])
        #expect(try frame.orderBy(col("id")).collect().map(\.values).first == [.int64(1), .string("a"), .float64(1.5), .date(20_000), .string("a")])
    }

    @Test("plans are equal when built alike from the same input, and differ when built over another read")
    func equality() throws {
        let source = try RuleTesting.source()
        let a = try source.filter(col("id") > 1).select(col("name"))
        let b = try source.filter(col("id") > 1).select(col("name"))
        #expect(a.plan == b.plan)
        #expect(a.plan != (try source.filter(col("id") > 2).select(col("name"))).plan)
        #expect(a.plan != (try RuleTesting.source().filter(col("id") > 1).select(col("name"))).plan)
    }

    @Test("the same column selected twice, and a column passed through after a rename, run right")
    func repeatedColumns() throws {
        let frame = try RuleTesting.source().select(col("id"), col("ID"), col("id").alias("x")).withColumnRenamed("x", "y").filter(col("y") > 3)
        #expect(frame.columns == ["id", "ID", "y"])
        #expect(try frame.collect().map(\.values) == [[.int64(4), .int64(4), .int64(4)]])
    }
}
