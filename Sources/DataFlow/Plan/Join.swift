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

    /// - Throws: `DataFlowError` (`.analysis`) when the condition does not resolve over both sides'
    ///   columns or is not boolean.
    init(left: LogicalPlan, right: LogicalPlan, type: JoinType, condition: Expr?, context: BindContext) throws {
        self.left = left
        self.right = right
        self.type = type
        self.condition = condition
        if let condition {
            if condition.containsAggregate {
                throw DataFlowError(.analysis, "aggregate \(condition) is not allowed in a join condition")
            }
            let bound = try ExprBinder(schema: Self.combinedSchema(left, right), context: context).bind(condition)
            guard bound.dataType == .boolean || bound.dataType == .null else {
                throw DataFlowError(.analysis, "join condition \(condition) is \(bound.dataType), not boolean")
            }
        }
    }

    /// Both sides' columns, left first, as the condition sees them.
    static func combinedSchema(_ left: LogicalPlan, _ right: LogicalPlan) -> Schema {
        Schema(left.schema.fields + right.schema.fields)
    }

    package var schema: Schema {
        let nullable = { (fields: [Field], flag: Bool) in fields.map { field -> Field in
            var field = field
            if flag { field.nullable = true }
            return field
        } }
        let leftFields = nullable(left.schema.fields, type.keepsUnmatchedRight)
        guard type.keepsRightColumns else { return Schema(leftFields) }
        return Schema(leftFields + nullable(right.schema.fields, type.keepsUnmatchedLeft))
    }
}
