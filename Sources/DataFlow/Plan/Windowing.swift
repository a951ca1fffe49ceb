/// Computes window functions that share one window spec: the child's columns, then one column per
/// function. `firstRowOnly` (set by the optimizer for `rowNumber() == 1` filters) keeps just the
/// first row of each partition.
package struct Windowing: Sendable {
    package var child: LogicalPlan
    package var spec: WindowSpec
    /// The window calls, each aliased with its output name.
    package var functions: [Expr]
    /// The functions' output columns.
    package var functionOutput: [Attribute]
    package var firstRowOnly = false

    /// The child's columns, then the functions'.
    package var output: [Attribute] { child.output + functionOutput }
    package var schema: Schema { output.schema }

    /// - Throws: `DataFlowError` (`.analysis`) for unknown columns, arguments a function does not
    ///   take, or frames the functions cannot use.
    init(child: LogicalPlan, spec: WindowSpec, functions: [Expr], context: BindContext) throws {
        let analyzer = Analyzer(input: child.output, context: context)
        var spec = spec
        spec.partitionBy = try spec.partitionBy.map { try analyzer.typed($0).expr }
        spec.orderBy = try spec.orderBy.map(analyzer.sortKey)
        let binder = ExprBinder(input: child.output, context: context)
        if let frame = spec.frame, frame.kind == .range, frame.start.offset.map({ $0 != 0 }) ?? false || frame.end.offset.map({ $0 != 0 }) ?? false {
            guard spec.orderBy.count == 1 else {
                throw DataFlowError(.analysis, "a range frame with offsets needs exactly one order key, found \(spec.orderBy.count) in \(spec)")
            }
            let type = try binder.bind(spec.orderBy[0].unsorted).dataType
            guard type.isNumeric || type == .date || type == .timestamp else {
                throw DataFlowError(.analysis, "a range frame with offsets needs a numeric, date or timestamp order key, found \(type) in \(spec)")
            }
        }
        var resolvedFunctions: [Expr] = [], output: [Attribute] = []
        for function in functions {
            guard case let .window(call) = function.unaliased.node else {
                throw DataFlowError.internalError("Windowing holds a non-window expression \(function)")
            }
            let arguments = try call.function.arguments.map(analyzer.resolve)
            let resolved = WindowCall(function: call.function.withArguments(arguments), spec: spec)
            output.append(Attribute(try Self.resultField(resolved.function, name: function.outputName, spec: spec, binder: binder)))
            resolvedFunctions.append(Expr(.window(resolved)).alias(function.outputName))
        }
        self.child = child
        self.spec = spec
        self.functions = resolvedFunctions
        functionOutput = output
    }

    /// The output field of a window function (its arguments resolved against `binder`'s input),
    /// as Spark types it.
    static func resultField(_ function: WindowFunction, name: String, spec: WindowSpec, binder: ExprBinder) throws -> Field {
        let needsOrder = { (what: String) in
            if spec.orderBy.isEmpty { throw DataFlowError(.analysis, "\(what) needs a window with orderBy(...)") }
        }
        switch function {
        case .rowNumber, .rank, .denseRank:
            try needsOrder(function.name)
            return Field(name, .int32, nullable: false)
        case let .ntile(n):
            try needsOrder(function.name)
            guard n > 0 else { throw DataFlowError.invalidArgument("ntile", "the number of buckets must be positive, got \(n)") }
            return Field(name, .int32, nullable: false)
        case .percentRank, .cumeDist:
            try needsOrder(function.name)
            return Field(name, .float64, nullable: false)
        case let .offset(value, _, fallback):
            try needsOrder(function.name)
            let valueType = try binder.bind(value).dataType
            if let fallback {
                let fallbackType = try binder.bind(fallback).dataType
                guard TypeCoercion.commonType(valueType, fallbackType) == valueType || fallbackType == .null else {
                    throw DataFlowError(.analysis, "\(function.name): the default (\(fallbackType)) does not fit the value (\(valueType))")
                }
            }
            return Field(name, valueType == .null ? .string : valueType, nullable: true)
        case let .frameValue(value, which, _):
            if case let .nth(n) = which, n < 1 { throw DataFlowError.invalidArgument("nth_value", "n must be at least 1, got \(n)") }
            let type = try binder.bind(value).dataType
            return Field(name, type == .null ? .string : type, nullable: true)
        case let .aggregate(call):
            let bound = try BoundAggregate(call, name: name, input: binder.input, context: binder.context)
            return Field(name, bound.resultType, nullable: bound.nullable)
        case let .unsupported(expr):
            throw DataFlowError(.analysis, "\(expr) is not a window function; use an aggregate or a ranking, offset or value function with over(...)")
        }
    }
}
