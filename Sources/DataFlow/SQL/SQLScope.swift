/// The columns names in a query block resolve to, and the enclosing block's scope, whose columns a
/// correlated subquery may read (its outer references).
package final class SQLScope {
    /// The block's input columns.
    let columns: [Attribute]
    /// The enclosing query's scope, for a subquery.
    let outer: SQLScope?

    init(_ columns: [Attribute], outer: SQLScope? = nil) {
        self.columns = columns
        self.outer = outer
    }

    /// The column `parts` names (`x`, `t.x`, `db.t.x`), and whether it belongs to an enclosing query.
    /// - Throws: the analysis error for the innermost scope when no scope has the column, or when
    ///   the name is ambiguous.
    func resolve(_ parts: [String], context: BindContext) throws -> (column: Attribute, isOuter: Bool) {
        let name = parts[parts.count - 1]
        let qualifier = parts.count > 1 ? parts[parts.count - 2] : nil
        let lowered = name.lowercased(), qualifierLowered = qualifier?.lowercased()
        let here = columns.contains { column in
            column.name.lowercased() == lowered && (qualifierLowered == nil || column.qualifier?.lowercased() == qualifierLowered)
        }
        if !here, let outer, let found = try? outer.resolve(parts, context: context) { return (found.column, true) }
        if !here {
            let display = parts.joined(separator: ".")
            let qualified = columns.map { column in column.qualifier.map { "\($0).\(column.name)" } ?? column.name }
            var message = "cannot resolve column '\(display)'"
            if let suggestion = closestMatch(to: name, among: columns.map(\.name)).flatMap({ match in qualified.first { $0 == match || $0.hasSuffix(".\(match)") } }) {
                message += "; did you mean '\(suggestion)'?"
            }
            message += "; available columns: \(qualified.joined(separator: ", "))"
            throw DataFlowError(.analysis, message, location: ErrorLocation(column: display))
        }
        return (try Analyzer(input: columns, context: context).resolveColumn(name, qualifier: qualifier), false)
    }
}
