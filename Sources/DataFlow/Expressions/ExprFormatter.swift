/// Prints expressions the way Spark names columns: `(amount * 0.9)`, `sum(amount)`, `count(1)`.
enum ExprFormatter {
    /// The printed form; `exact` adds literal types and qualifiers so that structurally different
    /// expressions never print alike.
    static func format(_ expr: Expr, exact: Bool = false) -> String {
        let f = { (e: Expr) in format(e, exact: exact) }
        switch expr.node {
        case let .column(name, qualifier):
            return exact ? (qualifier.map { "\($0)." } ?? "") + name : name
        case let .attribute(attribute):
            return exact ? attribute.description : attribute.name
        case let .literal(value, type):
            let text: String
            switch value {
            case .null: text = "NULL"
            case let .string(s): text = exact ? "'\(s)'" : s
            default: text = value.formatted()
            }
            return exact ? "\(text):\(type ?? value.dataType)" : text
        case let .alias(inner, name): return exact ? "\(f(inner)) AS \(name)" : name
        case let .unary(op, operand):
            switch op {
            case .not: return "(NOT \(f(operand)))"
            case .negate: return "(- \(f(operand)))"
            case .isNull: return "(\(f(operand)) IS NULL)"
            case .isNotNull: return "(\(f(operand)) IS NOT NULL)"
            }
        case let .binary(op, lhs, rhs): return "(\(f(lhs)) \(op.rawValue) \(f(rhs)))"
        case let .function(name, arguments):
            if name == "like", arguments.count == 2 { return "\(f(arguments[0])) LIKE \(f(arguments[1]))" }
            return "\(name)(\(arguments.map(f).joined(separator: ", ")))"
        case let .lambda(parameters, body):
            // Spark's name: the variables are anonymous in column names.
            return "lambdafunction(\(([f(body)] + parameters.map { f(Expr(.lambdaVariable($0))) }).joined(separator: ", ")))"
        case let .lambdaVariable(variable): return exact ? variable.name : "namedlambdavariable()"
        case let .userFunction(function, arguments): return "\(function.name)(\(arguments.map(f).joined(separator: ", ")))"
        case let .cast(inner, type, strict): return "\(strict ? "ansi_cast" : "CAST")(\(f(inner)) AS \(type.sqlName))"
        case let .caseWhen(branches, otherwise):
            var text = "CASE"
            for branch in branches { text += " WHEN \(f(branch.condition)) THEN \(f(branch.value))" }
            if let otherwise { text += " ELSE \(f(otherwise))" }
            return text + " END"
        case let .inList(value, list): return "(\(f(value)) IN (\(list.map(f).joined(separator: ", "))))"
        case let .aggregate(call):
            let argument = call.arguments.isEmpty ? "1" : call.arguments.map(f).joined(separator: ", ")
            let name = call.name
            let ignore = call.ignoreNulls ? ", true" : (call.kind == .first || call.kind == .last ? ", false" : "")
            return "\(name)(\(call.distinct ? "DISTINCT " : "")\(argument)\(ignore))"
        case let .window(call):
            return call.function.name + " OVER (" + (call.spec.map(\.description) ?? "") + ")"
        case let .sortKey(inner, ascending, nullsFirst):
            return "\(f(inner)) \(ascending ? "ASC" : "DESC") NULLS \(nullsFirst ? "FIRST" : "LAST")"
        }
    }
}

extension DataType {
    /// The type as Spark's SQL names it (`BIGINT`, `DOUBLE`, ...).
    var sqlName: String {
        switch self {
        case .boolean: return "BOOLEAN"
        case .int32: return "INT"
        case .int64: return "BIGINT"
        case .float64: return "DOUBLE"
        case let .decimal(p, s): return "DECIMAL(\(p),\(s))"
        case .string: return "STRING"
        case .binary: return "BINARY"
        case .date: return "DATE"
        case .timestamp: return "TIMESTAMP"
        case .null: return "VOID"
        case let .array(element): return "ARRAY<\(element.sqlName)>"
        case let .map(key, value): return "MAP<\(key.sqlName), \(value.sqlName)>"
        case let .struct(fields): return "STRUCT<" + fields.map { "\($0.name): \($0.type.sqlName)" }.joined(separator: ", ") + ">"
        }
    }
}
