/// Reads only the columns a query needs: drops unused expressions of projections and narrows scans
/// to the columns referenced above them.
struct PruneColumns: OptimizerRule {
    var name: String { "PruneColumns" }

    func apply(_ plan: LogicalPlan, context: BindContext) throws -> LogicalPlan {
        prune(plan, required: nil)
    }

    /// `plan` producing at least the columns `required` (lower-cased names; nil means all).
    private func prune(_ plan: LogicalPlan, required: Set<String>?) -> LogicalPlan {
        switch plan {
        case let .project(project):
            var expressions = project.expressions
            var fields = project.schema.fields
            if let required {
                let keep = project.schema.fields.indices.filter { required.contains(project.schema[$0].name.lowercased()) }
                if !keep.isEmpty && keep.count < expressions.count {
                    expressions = keep.map { project.expressions[$0] }
                    fields = keep.map { project.schema[$0] }
                }
            }
            let needed = expressions.reduce(into: Set<String>()) { $0.formUnion($1.referencedNames) }
            let child = prune(project.child, required: needed)
            return .project(Project(unchecked: child, expressions: expressions, schema: Schema(fields)))
        case let .filter(filter):
            let needed = required.map { $0.union(filter.condition.referencedNames) }
            return .filter(Filter(unchecked: prune(filter.child, required: needed), condition: filter.condition))
        case let .aggregate(aggregate):
            let needed = (aggregate.groupings + aggregate.aggregates).reduce(into: Set<String>()) { $0.formUnion($1.referencedNames) }
            var aggregate = aggregate
            aggregate.child = prune(aggregate.child, required: needed)
            return .aggregate(aggregate)
        case let .sort(sort):
            var sort = sort
            sort.child = prune(sort.child, required: required.map { names in sort.orders.reduce(names) { $0.union($1.referencedNames) } })
            return .sort(sort)
        case let .limit(limit):
            return .limit(Limit(child: prune(limit.child, required: required), count: limit.count))
        case let .repartition(repartition):
            var repartition = repartition
            repartition.child = prune(repartition.child, required: required.map { names in repartition.keys.reduce(names) { $0.union($1.referencedNames) } })
            return .repartition(repartition)
        case let .dropDuplicates(dedup):
            var dedup = dedup
            dedup.child = prune(dedup.child, required: required.map { $0.union(dedup.keys.map { $0.lowercased() }) })
            return .dropDuplicates(dedup)
        case let .subqueryAlias(alias):
            var alias = alias
            alias.child = prune(alias.child, required: required)
            return .subqueryAlias(alias)
        case let .scan(scan):
            guard let required else { return plan }
            let source = scan.source.schema
            let current = scan.columns ?? Array(source.fields.indices)
            var keep = current.filter { required.contains(source[$0].name.lowercased()) }
            if keep.isEmpty, let first = current.first { keep = [first] }
            guard keep.count < current.count else { return plan }
            var scan = scan
            scan.columns = keep
            return .scan(scan)
        case let .window(window):
            // The functions' inputs, partition and order keys, and what is required above.
            var needed = Set<String>()
            for expr in window.functions + window.spec.partitionBy + window.spec.orderBy { needed.formUnion(expr.referencedNames) }
            var pruned = window
            pruned.child = prune(window.child, required: required.map { $0.union(needed) })
            return .window(pruned)
        case let .join(join):
            // Each side keeps what is required above or read by the condition (by name: a name on
            // both sides is kept on both).
            let needed = required.map { names in join.condition.map { names.union($0.referencedNames) } ?? names }
            var pruned = join
            pruned.left = prune(join.left, required: needed)
            pruned.right = prune(join.right, required: needed)
            return .join(pruned)
        case let .values(values):
            // Select the needed columns of in-memory data: column references cost no copy.
            guard let required else { return plan }
            let keep = values.schema.fields.filter { required.contains($0.name.lowercased()) }
            guard !keep.isEmpty, keep.count < values.schema.count else { return plan }
            let references = keep.map { Expr(.column(name: $0.name, qualifier: $0.qualifier)) }
            return .project(Project(unchecked: plan, expressions: references, schema: Schema(keep)))
        case .union, .range:
            return plan.withChildren(plan.children.map { prune($0, required: nil) })
        }
    }
}
