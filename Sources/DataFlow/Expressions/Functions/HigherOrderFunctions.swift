/// A function that takes lambda functions (`transform(xs, x -> x + 1)`): bound by itself, since
/// its lambdas' variables take their types from its other arguments.
struct HigherOrderFunction: Sendable {
    /// The function's name.
    let name: String
    /// Binds the arguments (lambdas among them) and builds the evaluating expression.
    let bind: @Sendable ([Expr], ExprBinder) throws -> any PhysicalExpr
}

/// The higher-order functions over arrays and maps, with Spark's names and null handling: a null
/// array or map gives null; the lambdas run once per batch over all the entries at once.
enum HigherOrderFunctions {
    static let functions: [String: HigherOrderFunction] = Dictionary(uniqueKeysWithValues: [
        elementwise("transform", .transform), elementwise("filter", .filter), elementwise("exists", .exists), elementwise("forall", .forall),
        aggregate, zipWith, mapEntries("map_filter", .filter), mapEntries("transform_keys", .transformKeys),
        mapEntries("transform_values", .transformValues),
    ].map { ($0.name, $0) })

    /// The function called `name` (`reduce` is `aggregate`), if any.
    static func lookup(_ name: String) -> HigherOrderFunction? {
        let key = name.lowercased()
        return functions[key == "reduce" ? "aggregate" : key]
    }

    /// The element type of array argument `index`, bound.
    private static func array(_ name: String, _ arguments: [Expr], _ index: Int, _ binder: ExprBinder) throws -> (any PhysicalExpr, DataType) {
        let bound = try binder.bind(arguments[index])
        guard case let .array(element) = bound.dataType else {
            throw DataFlowError(.analysis, "\(name): argument \(index + 1) (\(arguments[index])) must be an array, found \(bound.dataType)",
                                location: ErrorLocation(operatorName: name))
        }
        return (bound, element)
    }

    /// transform, filter, exists, forall: `(array, x -> …)`; transform and filter also take
    /// `(x, i) -> …` with the element's position from 0.
    private static func elementwise(_ name: String, _ kind: ArrayLambdaExpr.Kind) -> HigherOrderFunction {
        HigherOrderFunction(name: name) { arguments, binder in
            try Arguments.expect(name, arguments, count: 2...2)
            let (array, element) = try array(name, arguments, 0, binder)
            let takesPosition = kind == .transform || kind == .filter
            let variables = BoundLambda.parameterCount(arguments[1]) == 2 && takesPosition ? [element, .int32] : [element]
            let lambda = try BoundLambda(arguments[1], variables: variables, in: name, binder: binder)
            if kind != .transform && lambda.dataType != .boolean && lambda.dataType != .null {
                throw DataFlowError(.analysis, "\(name): the lambda function must return a boolean, found \(lambda.dataType)", location: ErrorLocation(operatorName: name))
            }
            return ArrayLambdaExpr(kind: kind, array: array, lambda: lambda)
        }
    }

    /// aggregate(array, zero, (acc, x) -> acc', acc -> result): the elements folded from `zero`
    /// in order; the fold's type is `zero`'s, which the merge function must return.
    private static let aggregate = HigherOrderFunction(name: "aggregate") { arguments, binder in
        try Arguments.expect("aggregate", arguments, count: 3...4)
        let (array, element) = try array("aggregate", arguments, 0, binder)
        let zero = try binder.bind(arguments[1])
        let merge = try BoundLambda(arguments[2], variables: [zero.dataType, element], in: "aggregate", binder: binder)
        guard merge.dataType == zero.dataType else {
            throw DataFlowError(.analysis, "aggregate: the merge function returns \(merge.dataType) but the initial value \(arguments[1]) is \(zero.dataType); cast the initial value to \(merge.dataType)",
                                location: ErrorLocation(operatorName: "aggregate"))
        }
        let finish = try arguments.count == 4 ? BoundLambda(arguments[3], variables: [zero.dataType], in: "aggregate", binder: binder) : nil
        return ArrayAggregateExpr(array: array, zero: zero, merge: merge, finish: finish)
    }

    /// zip_with(left, right, (x, y) -> …): the arrays' elements pairwise, the shorter padded with nulls.
    private static let zipWith = HigherOrderFunction(name: "zip_with") { arguments, binder in
        try Arguments.expect("zip_with", arguments, count: 3...3)
        let (left, leftElement) = try array("zip_with", arguments, 0, binder)
        let (right, rightElement) = try array("zip_with", arguments, 1, binder)
        let lambda = try BoundLambda(arguments[2], variables: [leftElement, rightElement], in: "zip_with", binder: binder)
        return ZipWithExpr(left: left, right: right, lambda: lambda)
    }

    /// map_filter, transform_keys, transform_values: `(map, (k, v) -> …)`.
    private static func mapEntries(_ name: String, _ kind: MapLambdaExpr.Kind) -> HigherOrderFunction {
        HigherOrderFunction(name: name) { arguments, binder in
            try Arguments.expect(name, arguments, count: 2...2)
            let map = try binder.bind(arguments[0])
            guard case let .map(key, value) = map.dataType else {
                throw DataFlowError(.analysis, "\(name): argument 1 (\(arguments[0])) must be a map, found \(map.dataType)", location: ErrorLocation(operatorName: name))
            }
            let lambda = try BoundLambda(arguments[1], variables: [key, value], in: name, binder: binder)
            if kind == .filter && lambda.dataType != .boolean && lambda.dataType != .null {
                throw DataFlowError(.analysis, "\(name): the lambda function must return a boolean, found \(lambda.dataType)", location: ErrorLocation(operatorName: name))
            }
            return MapLambdaExpr(kind: kind, name: name, map: map, lambda: lambda)
        }
    }
}

/// A lambda bound for evaluation over entries (array elements, map entries, steps of a fold): its
/// body reads the columns of the enclosing input it uses, gathered to one row per entry, followed
/// by its variables.
struct BoundLambda: Sendable {
    /// The body, over the gathered columns and the variables.
    let body: any PhysicalExpr
    /// The enclosing input's columns the body reads, by position.
    let outer: [Int]
    /// The columns the body is evaluated over.
    let schema: Schema

    var dataType: DataType { body.dataType }
    /// How many variables it takes.
    var variableCount: Int { schema.fields.count - outer.count }

    /// How many variables `expr` takes when it is a lambda.
    static func parameterCount(_ expr: Expr) -> Int? {
        if case let .lambda(parameters, _) = expr.node { return parameters.count }
        return nil
    }

    /// Binds the lambda `expr` of `name` with variables of `variables`' types.
    init(_ expr: Expr, variables: [DataType], in name: String, binder: ExprBinder) throws {
        guard case let .lambda(parameters, body) = expr.node else {
            throw DataFlowError(.analysis, "\(name): expected a lambda function, found \(expr)", location: ErrorLocation(operatorName: name))
        }
        guard parameters.count == variables.count else {
            throw DataFlowError(.analysis, "\(name): the lambda function takes \(parameters.count) variables where \(variables.count) are given",
                                location: ErrorLocation(operatorName: name))
        }
        var outer: [Int] = []
        for id in expr.freeVariables {
            guard let position = binder.position(of: id) else { throw DataFlowError.internalError("\(name): \(id) is not an input of \(expr)") }
            if !outer.contains(position) { outer.append(position) }
        }
        let attributes = outer.map { binder.input[$0] } + zip(parameters, variables).map { Attribute(id: $0.id, field: Field($0.name, $1, nullable: true)) }
        self.outer = outer
        schema = attributes.schema
        self.body = try ExprBinder(input: attributes, context: binder.context).bind(body)
    }

    /// The body's value for each entry: `rows` are the entries' rows of `batch` (nil: one entry
    /// per row), `variables` the variables' columns, one value per entry.
    func evaluate(_ batch: RecordBatch, rows: [Int32]?, variables: [Column]) throws -> Column {
        let count = rows?.count ?? batch.rowCount
        let gathered = outer.map { position in rows.map { take(batch.columns[position], indices: $0) } ?? batch.columns[position] }
        return try body.evaluateColumn(RecordBatch(unchecked: schema, columns: gathered + variables, rowCount: count))
    }
}

extension ColumnOrName where Self == Expr {
    /// `function` of each element: `Expr.transform("prices") { p in p * 1.2 }` (null for a null array).
    public static func transform(_ array: some ColumnOrName, _ function: (Expr) -> Expr) -> Expr {
        higherOrder("transform", array, .lambda(["x"]) { function($0[0]) })
    }
    /// `function` of each element and its position from 0.
    public static func transform(_ array: some ColumnOrName, _ function: (Expr, Expr) -> Expr) -> Expr {
        higherOrder("transform", array, .lambda(["x", "i"]) { function($0[0], $0[1]) })
    }
    /// The elements for which `predicate` is true.
    public static func filter(_ array: some ColumnOrName, _ predicate: (Expr) -> Expr) -> Expr {
        higherOrder("filter", array, .lambda(["x"]) { predicate($0[0]) })
    }
    /// The elements for which `predicate` of the element and its position from 0 is true.
    public static func filter(_ array: some ColumnOrName, _ predicate: (Expr, Expr) -> Expr) -> Expr {
        higherOrder("filter", array, .lambda(["x", "i"]) { predicate($0[0], $0[1]) })
    }
    /// Whether `predicate` is true for some element: null when it is for none but null for some.
    public static func exists(_ array: some ColumnOrName, _ predicate: (Expr) -> Expr) -> Expr {
        higherOrder("exists", array, .lambda(["x"]) { predicate($0[0]) })
    }
    /// Whether `predicate` is true for every element: null when it is false for none but null for some.
    public static func forall(_ array: some ColumnOrName, _ predicate: (Expr) -> Expr) -> Expr {
        higherOrder("forall", array, .lambda(["x"]) { predicate($0[0]) })
    }
    /// The elements folded by `merge` from `initialValue` (whose type `merge` must return), then
    /// passed through `finish`: `Expr.aggregate("xs", lit(0), { acc, x in acc + x })`.
    public static func aggregate(_ array: some ColumnOrName, _ initialValue: some ColumnOrName, _ merge: (Expr, Expr) -> Expr,
                                 finish: ((Expr) -> Expr)? = nil) -> Expr {
        let lambdas = [Expr.lambda(["acc", "x"]) { merge($0[0], $0[1]) }] + (finish.map { finish in [Expr.lambda(["acc"]) { finish($0[0]) }] } ?? [])
        return Expr(.function(name: "aggregate", arguments: [array.columnExpr, initialValue.columnExpr] + lambdas))
    }
    /// `aggregate`, by its other name.
    public static func reduce(_ array: some ColumnOrName, _ initialValue: some ColumnOrName, _ merge: (Expr, Expr) -> Expr,
                              finish: ((Expr) -> Expr)? = nil) -> Expr {
        aggregate(array, initialValue, merge, finish: finish)
    }
    /// `function` of the arrays' elements pairwise, the shorter array padded with nulls.
    public static func zipWith(_ left: some ColumnOrName, _ right: some ColumnOrName, _ function: (Expr, Expr) -> Expr) -> Expr {
        Expr(.function(name: "zip_with", arguments: [left.columnExpr, right.columnExpr, .lambda(["x", "y"]) { function($0[0], $0[1]) }]))
    }
    /// The entries for which `predicate` of key and value is true.
    public static func mapFilter(_ map: some ColumnOrName, _ predicate: (Expr, Expr) -> Expr) -> Expr {
        higherOrder("map_filter", map, .lambda(["k", "v"]) { predicate($0[0], $0[1]) })
    }
    /// The map with each key replaced by `function` of key and value (a null or repeated key is an error).
    public static func transformKeys(_ map: some ColumnOrName, _ function: (Expr, Expr) -> Expr) -> Expr {
        higherOrder("transform_keys", map, .lambda(["k", "v"]) { function($0[0], $0[1]) })
    }
    /// The map with each value replaced by `function` of key and value.
    public static func transformValues(_ map: some ColumnOrName, _ function: (Expr, Expr) -> Expr) -> Expr {
        higherOrder("transform_values", map, .lambda(["k", "v"]) { function($0[0], $0[1]) })
    }

    private static func higherOrder(_ name: String, _ collection: some ColumnOrName, _ lambda: Expr) -> Expr {
        Expr(.function(name: name, arguments: [collection.columnExpr, lambda]))
    }
}
