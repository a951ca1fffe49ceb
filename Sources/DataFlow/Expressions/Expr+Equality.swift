/// Structural equality of expressions: the same operators, functions, literals, names and resolved
/// columns, in the same tree. (`Expr` is not `Equatable`: its `==` builds a comparison.)
extension Expr {
    /// Whether `other` is the same tree.
    package func sameAs(_ other: Expr) -> Bool {
        guard shape == other.shape else { return false }
        let mine = children, theirs = other.children
        return mine.count == theirs.count && zip(mine, theirs).allSatisfy { $0.sameAs($1) }
    }

    /// What the node is, without its sub-expressions.
    private var shape: Shape {
        switch node {
        case let .column(name, qualifier): return .column(name, qualifier)
        case let .attribute(attribute): return .attribute(attribute.id)
        case let .literal(value, type): return .literal(value, type)
        case let .alias(_, name): return .alias(name)
        case let .unary(op, _): return .unary(op)
        case let .binary(op, _, _): return .binary(op)
        case let .function(name, _): return .function(name.lowercased())
        case let .userFunction(function, _): return .userFunction(ObjectIdentifier(function.identity))
        case let .lambda(parameters, _): return .lambda(parameters.map(\.id))
        case let .lambdaVariable(variable): return .lambdaVariable(variable.id)
        case let .cast(_, type, strict): return .cast(type, strict)
        case let .caseWhen(branches, otherwise): return .caseWhen(branches.count, otherwise != nil)
        case let .inList(_, values): return .inList(values.count)
        case let .aggregate(call):
            return .aggregate(call.kind, call.distinct, call.ignoreNulls, call.arguments.count, call.userAggregate.map { ObjectIdentifier($0.identity) })
        case let .sortKey(_, ascending, nullsFirst): return .sortKey(ascending, nullsFirst)
        case let .window(call):
            return .window(call.function.kind, call.spec?.partitionBy.count, call.spec?.orderBy.count, call.spec?.frame)
        }
    }

    private enum Shape: Hashable {
        case column(String, String?)
        case attribute(ColumnID)
        case literal(Scalar, DataType?)
        case alias(String)
        case unary(UnaryOperator)
        case binary(BinaryOperator)
        case function(String)
        case userFunction(ObjectIdentifier)
        case lambda([ColumnID])
        case lambdaVariable(ColumnID)
        case cast(DataType, Bool)
        case caseWhen(Int, Bool)
        case inList(Int)
        case aggregate(AggregateKind, Bool, Bool, Int, ObjectIdentifier?)
        case sortKey(Bool, Bool)
        case window(WindowFunction.Kind, Int?, Int?, WindowFrame?)
    }
}

extension WindowFunction {
    /// The function and its constant parameters, without its argument expressions.
    enum Kind: Hashable {
        case rowNumber, rank, denseRank, percentRank, cumeDist, unsupported
        case ntile(Int)
        case offset(Int, hasFallback: Bool)
        case frameValue(FrameValue, ignoreNulls: Bool)
        case aggregate(AggregateKind, distinct: Bool, ignoreNulls: Bool, argumentCount: Int, user: ObjectIdentifier?)
    }

    var kind: Kind {
        switch self {
        case .rowNumber: return .rowNumber
        case .rank: return .rank
        case .denseRank: return .denseRank
        case .percentRank: return .percentRank
        case .cumeDist: return .cumeDist
        case .unsupported: return .unsupported
        case let .ntile(n): return .ntile(n)
        case let .offset(_, offset, fallback): return .offset(offset, hasFallback: fallback != nil)
        case let .frameValue(_, which, ignoreNulls): return .frameValue(which, ignoreNulls: ignoreNulls)
        case let .aggregate(call):
            return .aggregate(call.kind, distinct: call.distinct, ignoreNulls: call.ignoreNulls, argumentCount: call.arguments.count,
                              user: call.userAggregate.map { ObjectIdentifier($0.identity) })
        }
    }
}
