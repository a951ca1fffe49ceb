/// Reads only the columns a query needs: drops unused expressions of projections and narrows scans
/// to the columns referenced above them.
struct PruneColumns: OptimizerRule {
    var name: String { "PruneColumns" }

    func apply(_ plan: LogicalPlan, context: BindContext) throws -> LogicalPlan {
        prune(plan, required: nil)
    }

    /// `plan` producing at least the columns `required` (nil means all).
    private func prune(_ plan: LogicalPlan, required: Set<ColumnID>?) -> LogicalPlan {
        let reads = { (exprs: [Expr]) in exprs.reduce(into: Set<ColumnID>()) { $0.formUnion($1.references) } }
        switch plan {
        case let .project(project):
            var expressions = project.expressions
            var output = project.output
            if let required {
                let keep = output.indices.filter { required.contains(output[$0].id) }
                if !keep.isEmpty && keep.count < expressions.count {
                    expressions = keep.map { project.expressions[$0] }
                    output = keep.map { project.output[$0] }
                }
            }
            let child = prune(project.child, required: reads(expressions))
            return .project(Project(unchecked: child, expressions: expressions, output: output))
        case let .filter(filter):
            let needed = required.map { $0.union(filter.condition.references) }
            return .filter(Filter(unchecked: prune(filter.child, required: needed), condition: filter.condition))
        case let .aggregate(aggregate):
            var aggregate = aggregate
            aggregate.child = prune(aggregate.child, required: reads(aggregate.groupings + aggregate.aggregates))
            return .aggregate(aggregate)
        case let .sort(sort):
            var sort = sort
            sort.child = prune(sort.child, required: required.map { $0.union(reads(sort.orders)) })
            return .sort(sort)
        case let .limit(limit):
            var limit = limit
            limit.child = prune(limit.child, required: required)
            return .limit(limit)
        case let .repartition(repartition):
            var repartition = repartition
            repartition.child = prune(repartition.child, required: required.map { $0.union(reads(repartition.keys)) })
            return .repartition(repartition)
        case let .dropDuplicates(dedup):
            var dedup = dedup
            dedup.child = prune(dedup.child, required: required.map { $0.union(dedup.keys.ids) })
            return .dropDuplicates(dedup)
        case let .subqueryAlias(alias):
            var alias = alias
            alias.child = prune(alias.child, required: required)
            return .subqueryAlias(alias)
        case let .scan(scan):
            guard let required else { return plan }
            let current = scan.columns ?? Array(scan.attributes.indices)
            var keep = current.filter { required.contains(scan.attributes[$0].id) }
            if keep.isEmpty, let first = current.first { keep = [first] }
            guard keep.count < current.count else { return plan }
            var scan = scan
            scan.columns = keep
            return .scan(scan)
        case let .window(window):
            // The functions' inputs, partition and order keys, and what is required above.
            let needed = reads(window.functions + window.spec.partitionBy + window.spec.orderBy)
            var pruned = window
            pruned.child = prune(window.child, required: required.map { $0.union(needed) })
            return .window(pruned)
        case let .generate(generate):
            // The argument, and what is required above of the child's columns.
            var pruned = generate
            pruned.child = prune(generate.child, required: required.map { $0.union(generate.argument.references) })
            return .generate(pruned)
        case let .join(join):
            // Each side keeps what is required above or read by the condition.
            let needed = required.map { columns in join.condition.map { columns.union($0.references) } ?? columns }
            var pruned = join
            pruned.left = prune(join.left, required: needed)
            pruned.right = prune(join.right, required: needed)
            return .join(pruned)
        case let .values(values):
            // Select the needed columns of in-memory data: column references cost no copy.
            guard let required else { return plan }
            let keep = values.output.filter { required.contains($0.id) }
            guard !keep.isEmpty, keep.count < values.output.count else { return plan }
            return .project(Project(unchecked: plan, expressions: keep.map(\.reference), output: keep))
        case .union, .range:
            return plan.withChildren(plan.children.map { prune($0, required: nil) })
        }
    }
}
