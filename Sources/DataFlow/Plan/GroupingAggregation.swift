/// Grouping sets as written in SQL (`ROLLUP`, `CUBE`) and the DataFrame API (`rollup`, `cube`):
/// each set lists the grouping expressions it groups by, as indices.
enum GroupingSets {
    /// ROLLUP(a, b): (a, b), (a), ().
    static func rollup(_ members: [[Int]]) -> [[Int]] {
        (0...members.count).reversed().map { Array(members.prefix($0).joined()) }
    }

    /// CUBE(a, b): every subset, largest first.
    static func cube(_ members: [[Int]]) -> [[Int]] {
        let count = members.count
        return (0..<(1 << count)).reversed().map { mask in
            (0..<count).filter { mask & (1 << (count - 1 - $0)) != 0 }.flatMap { members[$0] }
        }
    }
}

/// Grouping for one select block or `agg(...)` call: the aggregate calls its expressions use, each
/// computed once by an `Aggregate` node, and the rewrite of those expressions over the node's
/// output (grouping expressions and calls replaced by the columns that hold them).
///
/// Grouping sets (`ROLLUP`, `CUBE`, `GROUPING SETS`) are planned as Spark's Expand: the input
/// crossed with the set numbers (each row once per set), each grouping expression null in the
/// copies for sets without it, then one aggregation grouped by those columns and the set number.
/// `grouping(e)` and `grouping_id(…)` become constants per set number.
final class GroupingAggregation {
    private let groupings: [Expr]
    /// Each grouping set as indices into `groupings`; nil for a plain GROUP BY.
    private let sets: [[Int]]?
    private let input: LogicalPlan
    private let session: Session
    /// Makes the errors of the query's text (SQL points at the select block).
    private let failure: @Sendable (DataFlowError.Category, String) -> DataFlowError
    private var calls: [Expr] = []
    private var output: [Attribute] = []

    /// `grouping(e)`: 1 when `e` is not grouped in a row's grouping set (its null stands for every
    /// value), else 0.
    static let groupingName = "grouping"
    /// `grouping_id(e1, …, en)`: the bits `grouping(e1)` … `grouping(en)`, `e1`'s the highest;
    /// without arguments, over every GROUP BY expression.
    static let groupingIDName = "grouping_id"

    /// Whether `expr` itself is a `grouping` or `grouping_id` call.
    static func isGroupingCall(_ expr: Expr) -> Bool {
        if case let .function(name, _) = expr.node { return name == groupingName || name == groupingIDName }
        return false
    }

    /// - Parameters:
    ///   - groupings: the grouping expressions, resolved against `input`.
    ///   - sets: each grouping set as indices into `groupings`; nil for a plain grouping.
    ///   - failure: makes an error of a category and message.
    init(groupings: [Expr], sets: [[Int]]?, over input: LogicalPlan, session: Session,
         failure: @escaping @Sendable (DataFlowError.Category, String) -> DataFlowError = { DataFlowError($0, $1) }) {
        self.groupings = groupings
        self.sets = sets
        self.input = input
        self.session = session
        self.failure = failure
    }

    /// Records the aggregate calls in `expr` (not those inside window functions' own aggregates).
    func collect(_ expr: Expr) {
        if case let .window(call) = expr.node {
            call.function.arguments.forEach(collect)
            (call.spec?.partitionBy ?? []).forEach(collect)
            (call.spec?.orderBy ?? []).forEach(collect)
            return
        }
        if case .aggregate = expr.node {
            if !calls.contains(where: { $0.sameAs(expr) }) { calls.append(expr) }
            return
        }
        expr.children.forEach(collect)
    }

    func plan() throws -> LogicalPlan {
        let named = calls.enumerated().map { $1.alias("__agg\($0)") }
        guard let sets else {
            let groupingNames = groupings.enumerated().map { index, expr -> Expr in
                if case .attribute = expr.node { return expr }
                return expr.alias("__group\(index)")
            }
            let aggregate = try Aggregate(child: input, groupings: groupingNames, aggregates: named, context: session.bindContext())
            output = aggregate.output
            return .aggregate(aggregate)
        }
        let numbers = try session.createDataFrame(columns: [try Column(sets.indices.map { Int32($0) })],
                                                          schema: Schema([Field("__grouping_set", .int32, nullable: false)]))
        let expanded = try DataFrame(session: session, plan: input).crossJoin(numbers)
        let setNumber = expanded.plan.output[input.output.count].reference
        let keys = groupings.enumerated().map { index, expr -> Expr in
            let inSets = sets.indices.filter { sets[$0].contains(index) }.map { lit(.int32(Int32($0))) }
            return when(inSets.isEmpty ? lit(false) : setNumber.isin(inSets), expr).alias("__group\(index)")
        }
        let projected = try expanded.select(input.output.map(\.reference) + keys + [setNumber]).plan
        let aggregate = try Aggregate(child: projected, groupings: projected.output[input.output.count...].map { $0.reference },
                                      aggregates: named, context: session.bindContext())
        output = aggregate.output
        return .aggregate(aggregate)
    }

    /// Where the aggregate calls' columns start in the output: after the grouping columns (and
    /// the set number, with grouping sets).
    private var callsStart: Int { groupings.count + (sets == nil ? 0 : 1) }

    /// `expr` over the aggregate's output.
    func rewrite(_ expr: Expr) throws -> Expr {
        if let index = groupings.firstIndex(where: { $0.sameAs(expr) }) { return output[index].reference }
        if case .aggregate = expr.node, let index = calls.firstIndex(where: { $0.sameAs(expr) }) {
            return output[callsStart + index].reference
        }
        if case let .function(name, arguments) = expr.node, Self.isGroupingCall(expr) {
            return try groupingValue(expr, name: name, arguments: arguments)
        }
        if case let .window(call) = expr.node, case let .aggregate(inner) = call.function {
            // An aggregate over a window: its argument is over the groups.
            var rewritten = call
            rewritten.function = .aggregate(AggregateCall(kind: inner.kind, arguments: try inner.arguments.map(rewrite), distinct: inner.distinct, ignoreNulls: inner.ignoreNulls))
            rewritten.spec?.partitionBy = try call.spec?.partitionBy.map(rewrite) ?? []
            rewritten.spec?.orderBy = try call.spec?.orderBy.map(rewrite) ?? []
            return Expr(.window(rewritten))
        }
        let children = expr.children
        return children.isEmpty ? expr : expr.withChildren(try children.map(rewrite))
    }

    /// A `grouping` or `grouping_id` call over the aggregate's output: its value for each set
    /// number (0 in every row of a plain GROUP BY). `grouping` is an integer, `grouping_id` a long,
    /// as Spark's (whose `grouping` is a tinyint).
    private func groupingValue(_ call: Expr, name: String, arguments: [Expr]) throws -> Expr {
        if name == Self.groupingName && arguments.count != 1 {
            throw failure(.analysis, "grouping takes one GROUP BY expression, got \(arguments.count) arguments")
        }
        let indices = try arguments.isEmpty ? Array(groupings.indices) : arguments.map { argument in
            guard let index = groupings.firstIndex(where: { $0.sameAs(argument) }) else {
                throw failure(.analysis, "\(call): \(argument) is not a GROUP BY expression")
            }
            return index
        }
        guard indices.count < Int64.bitWidth else {
            throw failure(.analysis, "\(name) takes at most \(Int64.bitWidth - 1) expressions, got \(indices.count)")
        }
        let typed: (Int64) -> Expr = { name == Self.groupingName ? lit(.int32(Int32($0))) : lit(.int64($0)) }
        guard let sets else { return typed(0) }
        let values = sets.map { set in indices.reduce(Int64(0)) { bits, index in bits << 1 | (set.contains(index) ? 0 : 1) } }
        let setNumber = output[groupings.count].reference
        let branches = Set(values).sorted().filter { $0 != 0 }.map { distinct in
            CaseBranch(condition: setNumber.isin(values.indices.filter { values[$0] == distinct }.map { lit(.int32(Int32($0))) }), value: typed(distinct))
        }
        return branches.isEmpty ? typed(0) : Expr(.caseWhen(branches: branches, otherwise: typed(0)))
    }
}
