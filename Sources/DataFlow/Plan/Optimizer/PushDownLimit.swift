/// Moves limits toward the data: below projections, into each input of a union (keeping the limit
/// above), and into scans with no filter left above them.
struct PushDownLimit: OptimizerRule {
    var name: String { "PushDownLimit" }

    func apply(_ plan: LogicalPlan, context: BindContext) throws -> LogicalPlan {
        plan.transformDown { node in
            guard case let .limit(limit) = node else { return node }
            switch limit.child {
            case let .limit(inner):
                return .limit(Limit(child: inner.child, count: min(limit.count, inner.count)))
            case let .project(project):
                var project = project
                project.child = .limit(Limit(child: project.child, count: limit.count))
                return .project(project)
            case let .union(union):
                var union = union
                union.inputs = union.inputs.map { input in
                    if case let .limit(existing) = input, existing.count <= limit.count { return input }
                    return .limit(Limit(child: input, count: limit.count))
                }
                return .limit(Limit(child: .union(union), count: limit.count))
            case let .scan(scan) where scan.limit == nil || scan.limit! > limit.count:
                var scan = scan
                scan.limit = limit.count
                return .limit(Limit(child: .scan(scan), count: limit.count))
            default:
                return node
            }
        }
    }
}
