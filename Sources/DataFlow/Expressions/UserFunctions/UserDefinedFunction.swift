/// A scalar function written in Swift: called on columns it makes an expression, usable wherever
/// a built-in function's is; registered with `session.udf.register`, SQL calls it by name.
/// Build one with `udf(_:_:)` (a typed closure called per row) or `vectorizedUDF(_:returning:_:)`
/// (a closure over whole columns). It runs in this process only: a remote (Spark) session refuses
/// plans that call it.
public struct UserDefinedFunction: Sendable {
    /// The name it prints with and SQL calls it by.
    public let name: String
    /// The result's type.
    public let returnType: DataType
    /// The argument types, each argument cast to its own; nil takes the arguments as they are.
    let parameterTypes: [DataType]?
    /// How many arguments it takes.
    let arity: Int
    /// Whether results may be null.
    let nullable: Bool
    /// Computes the result column from the argument columns, for `count` rows.
    let evaluate: @Sendable (_ arguments: [Column], _ count: Int) throws -> Column
    /// What tells this function from others of the same name.
    let identity: FunctionIdentity

    /// The same function under another name.
    public func named(_ name: String) -> UserDefinedFunction {
        UserDefinedFunction(name: name, returnType: returnType, parameterTypes: parameterTypes, arity: arity, nullable: nullable,
                            evaluate: evaluate, identity: identity)
    }

    /// The call of this function on `arguments` (columns, or columns' names).
    public func callAsFunction(_ arguments: any ColumnOrName...) -> Expr { call(arguments.map(\.columnExpr)) }

    /// The call of this function on `arguments`.
    func call(_ arguments: [Expr]) -> Expr { Expr(.userFunction(self, arguments: arguments)) }
}

/// The identity of a user-defined function: two calls are the same expression only when they call
/// the same function.
final class FunctionIdentity: Sendable {}

/// Runs user code of the function `name`: an error it throws that is not a `DataFlowError` becomes
/// an execution error naming the function.
func callingUserCode<Result>(_ name: String, _ body: () throws -> Result) throws -> Result {
    do {
        return try body()
    } catch let error as DataFlowError {
        throw error
    } catch {
        throw DataFlowError(.execution, "\(name): \(error)", location: ErrorLocation(operatorName: name))
    }
}

/// A typed UDF called once per row: `udf("fahrenheit") { (c: Double) in c * 9 / 5 + 32 }` (the
/// name defaults to `udf`).
/// Parameters and result are `ColumnValue`s (`Bool`, `Int32`, `Int64`, `Int`, `Double`, `String`,
/// `Date`, and their optionals); each argument is cast to its parameter's type. A null argument of a
/// non-optional parameter makes the row's result null without a call; an optional parameter gets
/// `nil`. An error thrown by `body` fails the query, naming the function.
public func udf<each Parameter: ColumnValue, Result: ColumnValue>(
    _ name: String = "udf", _ body: @escaping @Sendable (repeat each Parameter) throws -> Result
) -> UserDefinedFunction {
    var parameterTypes: [DataType] = []
    var skipsNulls = false
    for parameter in repeat (each Parameter).self {
        parameterTypes.append(parameter.dataType)
        skipsNulls = skipsNulls || !parameter.acceptsNull
    }
    return UserDefinedFunction(name: name, returnType: Result.dataType, parameterTypes: parameterTypes, arity: parameterTypes.count,
                               nullable: Result.acceptsNull || skipsNulls, evaluate: { columns, count in
        var position = 0
        func values<Value: ColumnValue>(_: Value.Type) -> [Value?] {
            defer { position += 1 }
            return Value.values(of: columns[position])
        }
        let arguments = (repeat values((each Parameter).self))
        var builder = ColumnBuilder(type: Result.dataType, capacity: count)
        var isNull = [Bool](repeating: false, count: count)
        for column in repeat each arguments {
            for row in 0..<count where column[row] == nil { isNull[row] = true }
        }
        for row in 0..<count {
            if isNull[row] {
                builder.appendNull()
                continue
            }
            Result.append(try callingUserCode(name) { try body(repeat (each arguments)[row]!) }, to: &builder)
        }
        return builder.finish()
    }, identity: FunctionIdentity())
}

/// What a vectorized UDF's parameters are: whole columns.
public protocol ColumnArgument {
    /// The argument from its column.
    init(argument column: Column)
}

extension Column: ColumnArgument {
    /// The column itself.
    public init(argument column: Column) { self = column }
}

/// A vectorized UDF, called once per batch on whole columns:
/// `vectorizedUDF("scaled", returning: .float64) { (values: Column, factors: Column) in … }`.
/// The arguments come as they are typed in the query; `body` returns a column of `returnType` with
/// one value per row of its arguments. No per-row calls, so it runs at the speed of `body`'s loops.
public func vectorizedUDF<each Argument: ColumnArgument>(
    _ name: String = "udf", returning returnType: DataType, _ body: @escaping @Sendable (repeat each Argument) throws -> Column
) -> UserDefinedFunction {
    var arity = 0
    for _ in repeat (each Argument).self { arity += 1 }
    return UserDefinedFunction(name: name, returnType: returnType, parameterTypes: nil, arity: arity, nullable: true, evaluate: { columns, count in
        var position = 0
        func argument<Value: ColumnArgument>(_: Value.Type) -> Value {
            defer { position += 1 }
            return Value(argument: columns[position])
        }
        let result = try callingUserCode(name) { try body(repeat argument((each Argument).self)) }
        guard result.count == count, result.type == returnType else {
            throw DataFlowError(.execution, "\(name) returned \(result.count) values of type \(result.type) for \(count) rows of \(returnType)",
                                location: ErrorLocation(operatorName: name))
        }
        return result
    }, identity: FunctionIdentity())
}
