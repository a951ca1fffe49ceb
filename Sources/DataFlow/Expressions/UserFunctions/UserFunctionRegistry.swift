/// The Swift functions a session's SQL calls by name, as Spark's `spark.udf`:
/// `session.udf.register("fahrenheit", toFahrenheit)`, then `SELECT fahrenheit(c) FROM t`. A
/// registered name takes precedence over a built-in function of the same name; registering a name
/// again replaces its function.
public final class UserFunctionRegistry: Sendable {
    /// A registered function.
    enum Function {
        case scalar(UserDefinedFunction)
        case aggregate(UserDefinedAggregateFunction)
    }

    private let functions = Locked<[String: Function]>([:])

    /// Registers `function` under `name` (a SQL identifier) and returns it renamed.
    /// - Throws: `DataFlowError` (`.invalidArgument`) when `name` is not an identifier.
    @discardableResult
    public func register(_ name: String, _ function: UserDefinedFunction) throws -> UserDefinedFunction {
        let named = function.named(name)
        try store(name, .scalar(named))
        return named
    }

    /// Registers the aggregate `function` under `name` (a SQL identifier) and returns it renamed.
    /// - Throws: `DataFlowError` (`.invalidArgument`) when `name` is not an identifier.
    @discardableResult
    public func register(_ name: String, _ function: UserDefinedAggregateFunction) throws -> UserDefinedAggregateFunction {
        let named = function.named(name)
        try store(name, .aggregate(named))
        return named
    }

    /// The names registered, sorted.
    public var names: [String] { functions.withLock { $0.keys.sorted() } }

    /// The function registered as `name` (any case).
    func lookup(_ name: String) -> Function? { functions.withLock { $0[name.lowercased()] } }

    private func store(_ name: String, _ function: Function) throws {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic),
              name.unicodeScalars.allSatisfy({ $0 == "_" || ($0.isASCII && $0.properties.isAlphabetic) || ("0"..."9").contains($0) }) else {
            throw DataFlowError.invalidArgument("name", "'\(name)' is not a function name: use letters, digits and _, starting with a letter or _")
        }
        functions.withLock { $0[name.lowercased()] = function }
    }
}
