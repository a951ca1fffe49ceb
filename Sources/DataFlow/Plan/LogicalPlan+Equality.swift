/// Plans are equal when they compute the same columns the same way: the same nodes, expressions
/// (structurally), column identities and inputs. The optimizer stops when a pass changes nothing.
extension LogicalPlan: Equatable {
    package static func == (lhs: LogicalPlan, rhs: LogicalPlan) -> Bool {
        let same = { (a: [Expr], b: [Expr]) in a.count == b.count && zip(a, b).allSatisfy { $0.sameAs($1) } }
        switch (lhs, rhs) {
        case let (.scan(a), .scan(b)):
            return a.attributes == b.attributes && a.columns == b.columns && a.pushedFilters == b.pushedFilters && a.limit == b.limit
        case let (.values(a), .values(b)):
            return a.output == b.output
        case let (.range(a), .range(b)):
            return a.attribute == b.attribute && a.start == b.start && a.end == b.end && a.step == b.step && a.partitions == b.partitions
        case let (.project(a), .project(b)):
            return a.output == b.output && same(a.expressions, b.expressions) && a.child == b.child
        case let (.filter(a), .filter(b)):
            return a.condition.sameAs(b.condition) && a.child == b.child
        case let (.aggregate(a), .aggregate(b)):
            return a.output == b.output && same(a.groupings, b.groupings) && same(a.aggregates, b.aggregates) && a.child == b.child
        case let (.sort(a), .sort(b)):
            return same(a.orders, b.orders) && a.child == b.child
        case let (.limit(a), .limit(b)):
            return a.count == b.count && a.offset == b.offset && a.child == b.child
        case let (.dropDuplicates(a), .dropDuplicates(b)):
            return a.keys == b.keys && a.child == b.child
        case let (.union(a), .union(b)):
            return a.output == b.output && a.inputs == b.inputs
        case let (.repartition(a), .repartition(b)):
            return a.partitions == b.partitions && a.shuffle == b.shuffle && a.byRange == b.byRange && same(a.keys, b.keys) && a.child == b.child
        case let (.subqueryAlias(a), .subqueryAlias(b)):
            return a.alias == b.alias && a.child == b.child
        case let (.join(a), .join(b)):
            let conditions = switch (a.condition, b.condition) {
            case (nil, nil): true
            case let (x?, y?): x.sameAs(y)
            default: false
            }
            return a.type == b.type && conditions && a.left == b.left && a.right == b.right
        case let (.window(a), .window(b)):
            return a.firstRowOnly == b.firstRowOnly && a.functionOutput == b.functionOutput && same(a.functions, b.functions)
                && same(a.spec.partitionBy, b.spec.partitionBy) && same(a.spec.orderBy, b.spec.orderBy) && a.spec.frame == b.spec.frame
                && a.child == b.child
        case let (.generate(a), .generate(b)):
            return a.kind == b.kind && a.outer == b.outer && a.argument.sameAs(b.argument) && a.generatedOutput == b.generatedOutput && a.child == b.child
        default:
            return false
        }
    }
}
