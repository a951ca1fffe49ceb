/// Rewriting the column identities of a plan: a self-join's right side gets columns of its own.
extension LogicalPlan {
    /// The same plan computing the same rows, with a new identity for every column it makes.
    func withFreshColumns() -> LogicalPlan {
        var renamed: [ColumnID: ColumnID] = [:]
        func collect(_ plan: LogicalPlan) {
            let made = if case let .scan(scan) = plan { scan.attributes } else { plan.output }
            for attribute in made where renamed[attribute.id] == nil { renamed[attribute.id] = .fresh() }
            plan.children.forEach(collect)
        }
        collect(self)
        return mapColumns { Attribute(id: renamed[$0.id] ?? $0.id, field: $0.field) }
    }

    /// The plan with every column, where it is made and where it is read, rewritten by `transform`.
    func mapColumns(_ transform: (Attribute) -> Attribute) -> LogicalPlan {
        func columns(_ attributes: [Attribute]) -> [Attribute] { attributes.map(transform) }
        func exprs(_ exprs: [Expr]) -> [Expr] { exprs.map { $0.mapColumns(transform) } }
        return transformUp { node in
            switch node {
            case var .scan(scan): scan.attributes = columns(scan.attributes); return .scan(scan)
            case var .values(values): values.output = columns(values.output); return .values(values)
            case var .range(range): range.attribute = transform(range.attribute); return .range(range)
            case var .project(project):
                project.expressions = exprs(project.expressions)
                project.output = columns(project.output)
                return .project(project)
            case var .filter(filter): filter.condition = filter.condition.mapColumns(transform); return .filter(filter)
            case var .aggregate(aggregate):
                aggregate.groupings = exprs(aggregate.groupings)
                aggregate.aggregates = exprs(aggregate.aggregates)
                aggregate.output = columns(aggregate.output)
                return .aggregate(aggregate)
            case var .sort(sort): sort.orders = exprs(sort.orders); return .sort(sort)
            case .limit, .subqueryAlias: return node
            case var .dropDuplicates(dedup): dedup.keys = columns(dedup.keys); return .dropDuplicates(dedup)
            case var .union(union): union.output = columns(union.output); return .union(union)
            case var .repartition(repartition): repartition.keys = exprs(repartition.keys); return .repartition(repartition)
            case var .join(join): join.condition = join.condition?.mapColumns(transform); return .join(join)
            case var .window(window):
                window.spec.partitionBy = exprs(window.spec.partitionBy)
                window.spec.orderBy = exprs(window.spec.orderBy)
                window.functions = exprs(window.functions)
                window.functionOutput = columns(window.functionOutput)
                return .window(window)
            case var .generate(generate):
                generate.argument = generate.argument.mapColumns(transform)
                generate.generatedOutput = columns(generate.generatedOutput)
                return .generate(generate)
            }
        }
    }
}

extension Expr {
    /// The expression with every resolved column rewritten by `transform`.
    func mapColumns(_ transform: (Attribute) -> Attribute) -> Expr {
        transformUp { node in
            if case let .attribute(attribute) = node.node { return transform(attribute).reference }
            return node
        }
    }
}
