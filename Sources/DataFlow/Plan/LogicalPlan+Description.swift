extension LogicalPlan: CustomStringConvertible {
    /// The plan as an indented tree, in the style of Spark's `explain`.
    package var description: String { treeString(indent: 0) }

    private func treeString(indent: Int) -> String {
        let prefix = indent == 0 ? "" : String(repeating: "   ", count: indent - 1) + "+- "
        var text = prefix + nodeString + "\n"
        for child in children { text += child.treeString(indent: indent + 1) }
        return text
    }

    /// One line describing this node.
    var nodeString: String {
        let list = { (exprs: [Expr]) in exprs.map(displayString).joined(separator: ", ") }
        switch self {
        case let .scan(node):
            var text = "Scan \(node.source.description) [\(node.schema.names.joined(separator: ", "))]"
            if !node.pushedFilters.isEmpty { text += " PushedFilters: [\(node.pushedFilters.map(\.description).joined(separator: ", "))]" }
            if let limit = node.limit { text += " Limit: \(limit)" }
            return text
        case let .values(node): return "LocalRelation [\(node.schema.names.joined(separator: ", "))], \(node.rowCount) rows"
        case let .range(node): return "Range (\(node.start), \(node.end), step=\(node.step), splits=\(node.partitions))"
        case let .project(node): return "Project [\(list(node.expressions))]"
        case let .filter(node): return "Filter \(node.condition)"
        case let .aggregate(node): return "Aggregate [\(list(node.groupings))], [\(list(node.groupings + node.aggregates))]"
        case let .sort(node): return "Sort [\(list(node.orders))]"
        case let .limit(node): return "Limit \(node.count)" + (node.offset > 0 ? " Offset \(node.offset)" : "")
        case let .dropDuplicates(node): return "Deduplicate [\(node.keys.map(\.name).joined(separator: ", "))]"
        case let .union(node): return "Union (\(node.inputs.count) inputs)"
        case let .repartition(node):
            if !node.shuffle { return "Repartition \(node.partitions), shuffle=false" }
            if node.keys.isEmpty { return "Repartition \(node.partitions), shuffle=true" }
            if node.byRange { return "RepartitionByRange [\(list(node.keys))], \(node.partitions)" }
            return "RepartitionByExpression [\(list(node.keys))], \(node.partitions)"
        case let .subqueryAlias(node): return "SubqueryAlias \(node.alias)"
        case let .join(node): return "Join \(node.type.rawValue)" + (node.condition.map { ", \(displayString($0))" } ?? "")
        case let .window(node):
            let functions = node.functions.map { expr -> String in
                guard case let .window(call) = expr.unaliased.node else { return displayString(expr) }
                return "\(call.function.name) AS \(expr.outputName)"
            }
            return "Window [\(functions.joined(separator: ", "))], \(node.spec)" + (node.firstRowOnly ? ", first row per partition only" : "")
        case let .generate(node):
            return "Generate \(node.functionName)(\(displayString(node.argument))) AS [\(node.generatedOutput.map(\.name).joined(separator: ", "))]"
        }
    }

    /// An expression as plan text: aliases show what they name (`sum(amount) AS total`).
    private func displayString(_ expr: Expr) -> String {
        if case let .alias(inner, name) = expr.node {
            let text = ExprFormatter.format(inner)
            return text == name ? name : "\(text) AS \(name)"
        }
        return ExprFormatter.format(expr)
    }
}
