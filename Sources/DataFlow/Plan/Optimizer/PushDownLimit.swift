/// Moves limits toward the data: below projections, into each input of a union (keeping the limit
/// above), and into scans with no filter left above them; below the limit, an offset's skipped rows
/// count too (`LIMIT 10 OFFSET 5` reads 15).
struct PushDownLimit: OptimizerRule {
    var name: String { "PushDownLimit" }

    func apply(_ plan: LogicalPlan, context: BindContext) throws -> LogicalPlan {
        plan.transformDown { node in
            guard case let .limit(limit) = node else { return node }
            switch limit.child {
            case let .limit(inner) where limit.offset == 0 && inner.offset == 0:
                return .limit(Limit(child: inner.child, count: min(limit.count, inner.count)))
            case let .project(project):
                var project = project
                var below = limit
                below.child = project.child
                project.child = .limit(below)
                return .project(project)
            case let .union(union) where limit.reach < Int.max:
                var union = union
                union.inputs = union.inputs.map { input in
                    if case let .limit(existing) = input, existing.offset == 0, existing.count <= limit.reach { return input }
                    return .limit(Limit(child: input, count: limit.reach))
                }
                var above = limit
                above.child = .union(union)
                return .limit(above)
            case let .scan(scan) where limit.reach < Int.max && (scan.limit == nil || scan.limit! > limit.reach):
                var scan = scan
                scan.limit = limit.reach
                var above = limit
                above.child = .scan(scan)
                return .limit(above)
            default:
                return node
            }
        }
    }
}
