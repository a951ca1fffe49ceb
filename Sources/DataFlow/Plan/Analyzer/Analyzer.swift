/// Resolves what the user wrote against the output of a plan: column names (with their table
/// qualifiers) become the input's attributes, and every expression is type-checked once, when the
/// transformation is applied. Errors name the column, the available ones and the closest match.
struct Analyzer {
    /// The columns the expressions may read.
    let input: [Attribute]
    let context: BindContext
    /// Types the resolved expressions.
    private let binder: ExprBinder

    init(input: [Attribute], context: BindContext) {
        self.input = input
        self.context = context
        binder = ExprBinder(input: input, context: context)
    }

    /// `expr` with every column name replaced by the input column it refers to.
    /// - Throws: `DataFlowError` (`.analysis`) for unknown or ambiguous columns.
    func resolve(_ expr: Expr) throws -> Expr {
        try expr.transformUp { node in
            switch node.node {
            case let .column(name, qualifier): return try resolveColumn(name, qualifier: qualifier).reference
            case let .attribute(attribute): return try resolveAttribute(attribute).reference
            default: return node
            }
        }
    }

    /// `expr` resolved, with the field it computes (named by its output name).
    /// - Throws: `DataFlowError` (`.analysis`) for unknown columns or types the operators and
    ///   functions do not take.
    func typed(_ expr: Expr) throws -> (expr: Expr, field: Field) {
        let resolved = try resolve(expr)
        let bound = try binder.bind(resolved)
        return (resolved, Field(expr.outputName, bound.dataType == .null ? .string : bound.dataType, nullable: bound.nullable))
    }

    /// `expr` resolved and checked to be a boolean condition.
    /// - Throws: `DataFlowError` (`.analysis`) naming `role` when the condition is not boolean.
    func condition(_ expr: Expr, role: String) throws -> Expr {
        let resolved = try resolve(expr)
        let type = try binder.bind(resolved).dataType
        guard type == .boolean || type == .null else {
            throw DataFlowError(.analysis, "\(role) \(expr) is \(type), not boolean")
        }
        return resolved
    }

    /// A sort key resolved and type-checked; a plain expression sorts ascending, nulls first.
    func sortKey(_ order: Expr) throws -> Expr {
        let key: Expr
        if case .sortKey = order.node { key = order } else { key = order.asc() }
        let resolved = try resolve(key)
        _ = try binder.bind(resolved.unsorted)
        return resolved
    }

    /// The input column `name` refers to.
    func resolveColumn(_ name: String, qualifier: String?) throws -> Attribute {
        let schema = input.schema
        if let qualifier {
            // "a.b" may be a qualified name or a column literally called "a.b".
            if let index = try? schema.index(of: name, qualifier: qualifier) { return input[index] }
            if let index = try? schema.index(of: "\(qualifier).\(name)") { return input[index] }
            // df["k"] outside a join: the DataFrame's automatic qualifier is not on the columns yet.
            // Where some columns carry automatic qualifiers (a join's sides), it must match one.
            if qualifier.hasPrefix(DataFrameIdentity.prefix),
               !input.contains(where: { $0.qualifier?.hasPrefix(DataFrameIdentity.prefix) == true }) {
                return input[try schema.index(of: name)]
            }
            return input[try schema.index(of: name, qualifier: qualifier)]
        }
        return input[try schema.index(of: name)]
    }

    /// The input column an already resolved reference is: the same identity, as the input now
    /// names and types it.
    private func resolveAttribute(_ attribute: Attribute) throws -> Attribute {
        if let match = input.first(where: { $0.id == attribute.id }) { return match }
        throw DataFlowError.unresolvedColumn(attribute.qualifier.map { "\($0).\(attribute.name)" } ?? attribute.name,
                                             available: input.schema.qualifiedNames)
    }
}
