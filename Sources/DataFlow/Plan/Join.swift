/// The kinds of join, with Spark's semantics.
public enum JoinType: String, Sendable, CaseIterable {
    /// Pairs of rows that satisfy the condition.
    case inner
    /// Every left row; right columns null where no right row matches.
    case left
    /// Every right row; left columns null where no left row matches.
    case right
    /// Every row of both sides; the other side's columns null where nothing matches.
    case full
    /// Left rows with at least one match (left columns only).
    case leftSemi = "left_semi"
    /// Left rows with no match (left columns only).
    case leftAnti = "left_anti"
    /// Every pair of rows (a condition, if any, filters them).
    case cross

    /// Parses Spark's join type names ("left_outer", "outer", "semi", ...).
    public init?(spark name: String) {
        switch name.lowercased().replacingOccurrences(of: "_", with: "") {
        case "inner": self = .inner
        case "left", "leftouter": self = .left
        case "right", "rightouter": self = .right
        case "full", "outer", "fullouter": self = .full
        case "leftsemi", "semi": self = .leftSemi
        case "leftanti", "anti": self = .leftAnti
        case "cross": self = .cross
        default: return nil
        }
    }

    /// Whether the output has the right side's columns.
    package var keepsRightColumns: Bool { self != .leftSemi && self != .leftAnti }
    /// Whether unmatched left rows appear (with nulls on the right).
    package var keepsUnmatchedLeft: Bool { self == .left || self == .full }
    /// Whether unmatched right rows appear (with nulls on the left).
    package var keepsUnmatchedRight: Bool { self == .right || self == .full }
}

/// Joins two inputs on an optional condition. The output is the left columns then the right ones
/// (left only for semi and anti joins); columns of the side that may be missing become nullable.
package struct Join: Sendable {
    package var left: LogicalPlan
    package var right: LogicalPlan
    package let type: JoinType
    package var condition: Expr?

    /// Joins `left` and `right`; a right input that shares columns with the left (a self-join)
    /// gets new column identities first, so that every column of the join is one side's.
    /// - Throws: `DataFlowError` (`.analysis`) when the condition does not resolve over both sides'
    ///   columns or is not boolean.
    init(left: LogicalPlan, right: LogicalPlan, type: JoinType, condition: Expr?, context: BindContext) throws {
        self.left = left
        self.right = left.output.ids.isDisjoint(with: right.output.ids) ? right : right.withFreshColumns()
        self.type = type
        self.condition = nil
        if let condition {
            if condition.containsAggregate {
                throw DataFlowError(.analysis, "aggregate \(condition) is not allowed in a join condition")
            }
            let analyzer = Analyzer(input: self.left.output + self.right.output, context: context)
            self.condition = try analyzer.condition(condition, role: "join condition")
        }
    }

    /// A join whose condition is resolved over both sides' columns already (optimizer rewrites).
    package init(unchecked left: LogicalPlan, _ right: LogicalPlan, type: JoinType, condition: Expr?) {
        self.left = left
        self.right = right
        self.type = type
        self.condition = condition
    }

    /// Both sides' columns, left first, as the condition sees them.
    package var combinedOutput: [Attribute] { left.output + right.output }

    package var output: [Attribute] {
        let nullable = { (attributes: [Attribute], flag: Bool) in attributes.map { attribute -> Attribute in
            var attribute = attribute
            if flag { attribute.nullable = true }
            return attribute
        } }
        let leftColumns = nullable(left.output, type.keepsUnmatchedRight)
        guard type.keepsRightColumns else { return leftColumns }
        return leftColumns + nullable(right.output, type.keepsUnmatchedLeft)
    }

    package var schema: Schema { output.schema }
}
