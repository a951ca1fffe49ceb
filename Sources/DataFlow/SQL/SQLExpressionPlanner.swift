import Foundation

/// Turns SQL expressions into `Expr`s whose names are resolved to the columns of a scope (and, in
/// a correlated subquery, of the enclosing queries'). Functions map to DataFlow's by their Spark
/// names; scalar subqueries become columns of a join the caller adds (`SQLSubqueryJoins`).
struct SQLExpressionPlanner {
    let planner: SQLQueryPlanner
    let scope: SQLScope
    /// Select-list aliases, where Spark lets a clause use them (GROUP BY, HAVING, ORDER BY).
    var aliases: [String: Expr] = [:]
    /// `WINDOW name AS (…)` definitions of the block.
    var windows: [String: SQLWindow] = [:]
    /// Where scalar subqueries go; nil where they are not allowed.
    var subqueries: SQLSubqueryJoins?
    /// The variables of the lambda functions being planned, by lower-cased name.
    var lambdaVariables: [String: Expr] = [:]

    private var text: SQLText { planner.text }
    private var context: BindContext { planner.context }

    func plan(_ expression: SQLExpression) throws -> Expr {
        let offset = expression.offset
        switch expression.kind {
        case let .name(parts):
            if parts.count == 1, let variable = lambdaVariables[parts[0].lowercased()] { return variable }
            do {
                return try scope.resolve(parts, context: context).column.reference
            } catch let error as DataFlowError {
                if parts.count == 1, let alias = aliases[parts[0].lowercased()] { return alias }
                throw text.error(.analysis, error.message, at: offset)
            }
        case let .star(qualifier):
            throw text.error(.analysis, "\(qualifier.isEmpty ? "*" : qualifier.joined(separator: ".") + ".*") is only allowed in a select list or count(*)", at: offset)
        case let .literal(literal):
            return try self.literal(literal, at: offset)
        case let .unary(op, operand):
            let value = try plan(operand)
            switch op {
            case "NOT": return !value
            case "-": return -value
            default: throw text.error(.notImplemented, "the bitwise operator \(op) is not supported", at: offset)
            }
        case let .binary(op, left, right):
            return try binary(op, left, right, at: offset)
        case let .function(call):
            return try function(call, at: offset)
        case let .cast(operand, typeName, isTry):
            let type = try dataType(typeName)
            return Expr(.cast(try plan(operand), to: type, strict: !isTry && context.strictCasts))
        case let .caseWhen(operand, branches, otherwise):
            let subject = try operand.map(plan)
            let planned = try branches.map { condition, value -> CaseBranch in
                let test = try plan(condition)
                return CaseBranch(condition: subject.map { $0 == test } ?? test, value: try plan(value))
            }
            return Expr(.caseWhen(branches: planned, otherwise: try otherwise.map(plan)))
        case let .between(operand, low, high, negated):
            let value = try plan(operand)
            let test = value >= (try plan(low)) && value <= (try plan(high))
            return negated ? !test : test
        case let .inList(operand, values, negated):
            let test = Expr(.inList(try plan(operand), try values.map(plan)))
            return negated ? !test : test
        case let .like(operand, pattern, kind, escape, negated):
            let test = try like(try plan(operand), try plan(pattern), kind: kind, escape: escape, at: offset)
            return negated ? !test : test
        case let .isNull(operand, negated):
            let value = try plan(operand)
            return negated ? value.isNotNull() : value.isNull()
        case let .isBoolean(operand, truth, negated):
            let test = try plan(operand).eqNullSafe(lit(truth))
            return negated ? !test : test
        case let .isDistinctFrom(left, right, negated):
            let same = try plan(left).eqNullSafe(try plan(right))
            return negated ? same : !same
        case let .extract(field, operand):
            return try extract(field, try plan(operand), at: offset)
        case let .scalarSubquery(query):
            guard let subqueries else {
                throw text.error(.notImplemented, "a subquery is not supported here", at: offset)
            }
            return try subqueries.scalar(query, scope: scope, at: offset)
        case .exists, .inSubquery:
            throw text.error(.notImplemented, "EXISTS and IN (subquery) are supported as conditions of WHERE, joined by AND; not inside OR, NOT of a larger expression, or a select list", at: offset)
        case let .lambda(parameters, body):
            let variables = parameters.map(LambdaVariable.init)
            var inner = self
            for (name, variable) in zip(parameters, variables) { inner.lambdaVariables[name.lowercased()] = Expr(.lambdaVariable(variable)) }
            return Expr(.lambda(parameters: variables, body: try inner.plan(body)))
        case .element:
            throw text.error(.notImplemented, "subscripts (a[i]) need array and map columns, which DataFlow does not have yet", at: offset)
        }
    }

    // MARK: Operators

    private func binary(_ op: String, _ left: SQLExpression, _ right: SQLExpression, at offset: Int) throws -> Expr {
        if op == "+" || op == "-" {
            if case let .literal(.interval(value, unit)) = right.kind {
                return try shift(try plan(left), by: try SQLInterval(value, unit: unit, text: text, at: right.offset), negated: op == "-", at: offset)
            }
            if op == "+", case let .literal(.interval(value, unit)) = left.kind {
                return try shift(try plan(right), by: try SQLInterval(value, unit: unit, text: text, at: left.offset), negated: false, at: offset)
            }
        }
        let l = try plan(left), r = try plan(right)
        switch op {
        case "AND": return l && r
        case "OR": return l || r
        case "=": return l == r
        case "!=": return l != r
        case "<": return l < r
        case "<=": return l <= r
        case ">": return l > r
        case ">=": return l >= r
        case "<=>": return l.eqNullSafe(r)
        case "+": return l + r
        case "-": return l - r
        case "*": return l * r
        case "/": return l / r
        case "%": return l % r
        case "DIV": return (l / r).cast(.int64)
        case "||": return Expr(.function(name: "concat", arguments: [l, r]))
        default: throw text.error(.notImplemented, "the bitwise operator \(op) is not supported", at: offset)
        }
    }

    /// `value ± interval`: months with add_months, days with date_add (dates), the rest in
    /// microseconds (timestamps).
    private func shift(_ value: Expr, by interval: SQLInterval, negated: Bool, at offset: Int) throws -> Expr {
        let sign = negated ? -1 : 1
        let isTimestamp = (try? Analyzer(input: scope.columns, context: context).typed(value).field.type) == .timestamp
        var result = value
        if interval.months != 0 {
            result = Expr(.function(name: "add_months", arguments: [result, lit(sign * interval.months)]))
        }
        var micros = interval.microseconds
        if interval.days != 0 {
            if isTimestamp {
                micros += Int64(interval.days) * 86_400_000_000
            } else {
                result = Expr(.function(name: "date_add", arguments: [result, lit(sign * interval.days)]))
            }
        }
        if micros != 0 {
            guard isTimestamp else {
                throw text.error(.analysis, "an interval of hours, minutes or seconds applies to a timestamp, not a date", at: offset)
            }
            let shifted = Expr(.function(name: "unix_micros", arguments: [result])) + lit(.int64(Int64(sign) * micros))
            result = Expr(.function(name: "timestamp_micros", arguments: [shifted]))
        }
        return result
    }

    private func like(_ value: Expr, _ pattern: Expr, kind: String, escape: String?, at offset: Int) throws -> Expr {
        if let escape, escape != "\\" {
            throw text.error(.notImplemented, "LIKE … ESCAPE '\(escape)' is not supported; the escape character is \\", at: offset)
        }
        switch kind {
        case "LIKE": return Expr(.function(name: "like", arguments: [value, pattern]))
        case "ILIKE":
            let lowered: Expr
            if case let .literal(.string(text), _) = pattern.node { lowered = lit(text.lowercased()) } else {
                lowered = Expr(.function(name: "lower", arguments: [pattern]))
            }
            return Expr(.function(name: "like", arguments: [Expr(.function(name: "lower", arguments: [value])), lowered]))
        default: return Expr(.function(name: "rlike", arguments: [value, pattern]))
        }
    }

    /// The function `EXTRACT(field FROM …)` and `date_part` use.
    private static let fieldFunctions: [String: String] = [
        "YEAR": "year", "YEARS": "year", "Y": "year", "QUARTER": "quarter", "MONTH": "month", "MONTHS": "month", "MON": "month",
        "DAY": "dayofmonth", "DAYS": "dayofmonth", "D": "dayofmonth", "DAYOFMONTH": "dayofmonth", "DOY": "dayofyear",
        "DAYOFYEAR": "dayofyear", "DOW": "dayofweek", "DAYOFWEEK": "dayofweek", "WEEK": "weekofyear", "WEEKS": "weekofyear",
        "HOUR": "hour", "HOURS": "hour", "H": "hour", "MINUTE": "minute", "MINUTES": "minute", "M": "minute",
        "SECOND": "second", "SECONDS": "second", "S": "second",
    ]

    private func extract(_ field: String, _ value: Expr, at offset: Int) throws -> Expr {
        guard let function = Self.fieldFunctions[field.uppercased()] else {
            throw text.error(.analysis, "EXTRACT: unknown field \(field); known: YEAR, QUARTER, MONTH, WEEK, DAY, DAYOFWEEK, DOW, DAYOFYEAR, DOY, HOUR, MINUTE, SECOND", at: offset)
        }
        return Expr(.function(name: function, arguments: [value]))
    }

    // MARK: Literals and types

    func dataType(_ name: SQLTypeName) throws -> DataType {
        do {
            return try DataType(sqlName: name.name, parameters: name.parameters)
        } catch let error as DataFlowError {
            throw text.error(.parse, error.message, at: name.offset)
        }
    }

    private func literal(_ literal: SQLLiteral, at offset: Int) throws -> Expr {
        switch literal {
        case .null: return Expr(.literal(.null, type: nil))
        case let .boolean(value): return lit(value)
        case let .string(value): return lit(value)
        case let .integer(digits, suffix):
            switch suffix {
            case "L":
                guard let value = Int64(digits) else { throw text.error(.parse, "\(digits)L does not fit a bigint", at: offset) }
                return lit(.int64(value))
            case "S", "Y":
                guard let value = Int32(digits) else { throw text.error(.parse, "\(digits)\(suffix) is out of range", at: offset) }
                return lit(.int32(value))
            case "D", "F": return lit(.float64(Double(digits)!))
            case "BD": return try decimal(digits, at: offset)
            case "": 
                if let value = Int32(digits) { return lit(.int32(value)) }
                if let value = Int64(digits) { return lit(.int64(value)) }
                return try decimal(digits, at: offset)
            default: throw text.error(.parse, "unknown number suffix \(suffix)", at: offset)
            }
        case let .number(digits, suffix):
            switch suffix {
            case "D", "F": return lit(.float64(Double(digits)!))
            case "BD": return try decimal(digits, at: offset)
            case "":
                if digits.lowercased().contains("e") { return lit(.float64(Double(digits)!)) }
                return try decimal(digits, at: offset)
            default: throw text.error(.parse, "unknown number suffix \(suffix)", at: offset)
            }
        case let .typed(type, value):
            switch type {
            case "DATE":
                guard let date = CalendarDate(value.trimmingCharacters(in: .whitespaces)) else {
                    throw text.error(.parse, "invalid DATE literal '\(value)' (expected yyyy-MM-dd)", at: offset)
                }
                return lit(.date(Int32(date.daysSinceEpoch)))
            case "X":
                guard let bytes = Self.hexBytes(value) else { throw text.error(.parse, "invalid binary literal X'\(value)'", at: offset) }
                return lit(.binary(bytes))
            default:
                return Expr(.cast(lit(value), to: .timestamp, strict: true))
            }
        case .interval:
            throw text.error(.notImplemented, "an interval is supported only added to or subtracted from a date or timestamp", at: offset)
        }
    }

    /// A decimal literal typed as Spark types it: precision the digits, scale the fraction's.
    private func decimal(_ digits: String, at offset: Int) throws -> Expr {
        let negative = digits.hasPrefix("-")
        let unsigned = negative ? String(digits.dropFirst()) : digits
        let parts = unsigned.split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(parts[0]), fraction = parts.count > 1 ? String(parts[1]) : ""
        let significant = String((whole + fraction).drop { $0 == "0" })
        let scale = fraction.count
        let precision = max(max(significant.count, 1), scale)
        guard precision <= DataType.maxDecimalPrecision, let magnitude = Int128(significant.isEmpty ? "0" : significant) else {
            return lit(.float64(Double(digits)!))
        }
        return lit(.decimal(unscaled: negative ? -magnitude : magnitude, precision: precision, scale: scale))
    }

    private static func hexBytes(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }

    // MARK: Functions

    /// Aggregates that take one argument and nothing else, by every name Spark gives them.
    private static let plainAggregates: [String: AggregateKind] = [
        "stddev": .stddevSamp, "std": .stddevSamp, "stddev_samp": .stddevSamp, "stddev_pop": .stddevPop, "variance": .varSamp,
        "var_samp": .varSamp, "var_pop": .varPop, "skewness": .skewness, "kurtosis": .kurtosis, "bool_and": .boolAnd, "every": .boolAnd,
        "bool_or": .boolOr, "some": .boolOr, "any": .boolOr, "count_if": .countIf,
        "bit_and": .bitAnd, "bit_or": .bitOr, "bit_xor": .bitXor,
        "collect_list": .collectList, "array_agg": .collectList, "collect_set": .collectSet,
    ]
    /// The aggregates of several arguments, or of a value and constants.
    private static let multiArgumentAggregates: [AggregateKind] = [
        .corr, .covarPop, .covarSamp, .regrCount, .regrAvgX, .regrAvgY, .regrSXX, .regrSYY, .regrSXY, .regrSlope, .regrIntercept, .regrR2,
        .maxBy, .minBy, .percentile, .percentileApprox, .median,
    ]
    private static let aggregateNames: Set<String> = Set(["count", "sum", "avg", "mean", "min", "max", "first", "last", "any_value", "first_value",
                                                          "last_value", "approx_percentile"] + plainAggregates.keys + multiArgumentAggregates.map(\.rawValue))
    private static let windowNames: Set<String> = ["row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead", "nth_value"]

    /// The names SQL calls functions by, sorted: the scalar functions and their aliases, the
    /// higher-order, aggregate, window and generator functions, the forms this planner rewrites,
    /// and `registered` (the session's UDFs).
    static func functionNames(_ registered: [String]) -> [String] {
        let scalar = Array(FunctionRegistry.functions.keys) + Array(FunctionRegistry.aliases.keys)
        let others = Array(HigherOrderFunctions.functions.keys) + ["reduce"] + Array(aggregateNames) + Array(windowNames)
            + Array(Generate.functions.keys) + [GroupingAggregation.groupingName, GroupingAggregation.groupingIDName]
            + ["struct", "if", "iff", "ifnull", "date_part", "datepart", "extract"]
        return Set(scalar + others + registered.map { $0.lowercased() }).sorted()
    }

    private func function(_ call: SQLFunctionCall, at offset: Int) throws -> Expr {
        let name = call.name.lowercased()
        if let window = call.window { return try windowFunction(call, window, at: offset) }
        if Self.windowNames.contains(name) {
            throw text.error(.analysis, "\(name) is a window function: it needs OVER (…)", at: offset)
        }
        if let registered = planner.session.udf.lookup(name) { return try userFunction(registered, call, at: offset) }
        if Self.aggregateNames.contains(name) { return try aggregate(call, at: offset) }
        if call.distinct { throw text.error(.analysis, "DISTINCT is only allowed in aggregate functions, not \(name)", at: offset) }
        if call.filter != nil { throw text.error(.analysis, "FILTER (WHERE …) is only allowed on aggregate functions, not \(name)", at: offset) }
        let arguments = try call.arguments.map(plan)
        switch name {
        case "if", "iff":
            guard arguments.count == 3 else { throw text.error(.analysis, "\(name) takes 3 arguments, got \(arguments.count)", at: offset) }
            return when(arguments[0], arguments[1]).otherwise(arguments[2])
        case "trim", "ltrim", "rtrim":
            // Spark's SQL takes the characters first; DataFlow's functions take the text first (one argument reads the same either way).
            return Expr(.function(name: name, arguments: arguments.reversed()))
        case "ifnull": return Expr(.function(name: "coalesce", arguments: arguments))
        case "substr": return Expr(.function(name: "substring", arguments: arguments))
        case "char_length", "character_length", "len": return Expr(.function(name: "length", arguments: arguments))
        case "date_part", "datepart":
            guard arguments.count == 2, case let .literal(.string(field), _) = arguments[0].node else {
                throw text.error(.analysis, "\(name) takes a field name as a string and a date or timestamp", at: offset)
            }
            return try extract(field, arguments[1], at: offset)
        case "now": return Expr(.function(name: "current_timestamp", arguments: []))
        case GroupingAggregation.groupingName, GroupingAggregation.groupingIDName:
            // Resolved by the block's Aggregation, against its grouping sets.
            return Expr(.function(name: name, arguments: arguments))
        default:
            guard FunctionRegistry.lookup(name) != nil || HigherOrderFunctions.lookup(name) != nil else {
                let known = Array(FunctionRegistry.functions.keys) + Array(Self.aggregateNames) + Array(Self.windowNames)
                var message = "unknown function \(call.name)"
                if let suggestion = closestMatch(to: name, among: known) { message += "; did you mean \(suggestion)?" }
                throw text.error(.analysis, message, at: offset)
            }
            return Expr(.function(name: name, arguments: arguments))
        }
    }

    /// A call of a function registered with `session.udf`.
    private func userFunction(_ function: UserFunctionRegistry.Function, _ call: SQLFunctionCall, at offset: Int) throws -> Expr {
        let arguments = try call.arguments.map(plan)
        switch function {
        case let .scalar(function):
            if call.distinct || call.filter != nil {
                throw text.error(.analysis, "DISTINCT and FILTER (WHERE …) are only allowed in aggregate functions, not \(call.name)", at: offset)
            }
            return function.call(arguments)
        case let .aggregate(function):
            if call.distinct { throw text.error(.notImplemented, "DISTINCT is not supported in the Swift aggregate \(call.name)", at: offset) }
            guard arguments.count == 1 else { throw text.error(.analysis, "\(call.name) takes one argument, got \(arguments.count)", at: offset) }
            return function(try call.filter.map { when(try plan($0), arguments[0]) } ?? arguments[0])
        }
    }

    /// An aggregate call, with `FILTER (WHERE c)` as a CASE on its argument.
    private func aggregate(_ call: SQLFunctionCall, at offset: Int) throws -> Expr {
        let name = call.name.lowercased()
        let filter = try call.filter.map(plan)
        func argument() throws -> Expr {
            guard call.arguments.count == 1 || (["first", "last"].contains(name) && call.arguments.count == 2) else {
                throw text.error(.analysis, "\(name) takes one argument, got \(call.arguments.count)", at: offset)
            }
            let value = try plan(call.arguments[0])
            return filter.map { when($0, value) } ?? value
        }
        if let kind = Self.plainAggregates[name] { return Expr(.aggregate(AggregateCall(kind: kind, argument: try argument(), distinct: call.distinct))) }
        if let kind = AggregateKind(rawValue: name == "approx_percentile" ? "percentile_approx" : name), Self.multiArgumentAggregates.contains(kind) {
            let counts = kind.argumentCounts
            guard counts.contains(call.arguments.count) else {
                throw text.error(.analysis, "\(name) takes \(counts.count == 1 ? "\(counts.lowerBound)" : "\(counts.lowerBound) to \(counts.upperBound)") arguments, got \(call.arguments.count)", at: offset)
            }
            // FILTER nulls out the values of the rows it drops; a percentile's constants stay.
            let filtered = kind.takesTwoArguments ? call.arguments.count : 1
            let arguments = try call.arguments.enumerated().map { index, argument in
                let value = try plan(argument)
                return index < filtered ? filter.map { when($0, value) } ?? value : value
            }
            return Expr(.aggregate(AggregateCall(kind: kind, arguments: arguments, distinct: call.distinct)))
        }
        switch name {
        case "count":
            if call.arguments.isEmpty || { if case .star = call.arguments[0].kind { return true } else { return false } }() {
                if call.distinct { throw text.error(.analysis, "count(DISTINCT *) is not valid; name the columns", at: offset) }
                return filter.map { Expr.count(when($0, lit(1))) } ?? Expr.count()
            }
            if call.arguments.count > 1 {
                throw text.error(.notImplemented, "count over several arguments is not supported; count one expression", at: offset)
            }
            return call.distinct ? Expr.countDistinct(try argument()) : Expr.count(try argument())
        case "sum", "avg", "mean", "min", "max":
            let kind: AggregateKind = name == "sum" ? .sum : name == "min" ? .min : name == "max" ? .max : .avg
            return Expr(.aggregate(AggregateCall(kind: kind, argument: try argument(), distinct: call.distinct)))
        default:
            var ignoreNulls = call.ignoreNulls || name == "any_value"
            if call.arguments.count == 2, case let .literal(.boolean(flag)) = call.arguments[1].kind { ignoreNulls = flag }
            let kind: AggregateKind = name == "last" || name == "last_value" ? .last : .first
            return Expr(.aggregate(AggregateCall(kind: kind, argument: try argument(), ignoreNulls: ignoreNulls)))
        }
    }

    private func windowFunction(_ call: SQLFunctionCall, _ window: SQLWindow, at offset: Int) throws -> Expr {
        let name = call.name.lowercased()
        let spec = try windowSpec(window)
        let arguments = try call.arguments.map(plan)
        func constant(_ index: Int, default fallback: Int?) throws -> Int {
            guard index < call.arguments.count else {
                guard let fallback else { throw text.error(.analysis, "\(name) needs \(index + 1) arguments", at: offset) }
                return fallback
            }
            guard case let .literal(.integer(digits, _)) = call.arguments[index].kind, let value = Int(digits) else {
                throw text.error(.analysis, "\(name): argument \(index + 1) must be an integer constant", at: call.arguments[index].offset)
            }
            return value
        }
        func expectArguments(_ range: ClosedRange<Int>) throws {
            guard range.contains(arguments.count) else {
                throw text.error(.analysis, "\(name) takes \(range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)") arguments, got \(arguments.count)", at: offset)
            }
        }
        let function: Expr
        switch name {
        case "row_number": try expectArguments(0...0); function = Expr.rowNumber()
        case "rank": try expectArguments(0...0); function = Expr.rank()
        case "dense_rank": try expectArguments(0...0); function = Expr.denseRank()
        case "percent_rank": try expectArguments(0...0); function = Expr.percentRank()
        case "cume_dist": try expectArguments(0...0); function = Expr.cumeDist()
        case "ntile": try expectArguments(1...1); function = Expr.ntile(try constant(0, default: nil))
        case "lag", "lead":
            try expectArguments(1...3)
            let distance = try constant(1, default: 1)
            let fallback = arguments.count > 2 ? arguments[2] : nil
            function = name == "lag" ? Expr.lag(arguments[0], distance, fallback) : Expr.lead(arguments[0], distance, fallback)
        case "first_value", "last_value":
            try expectArguments(1...2)
            var ignoreNulls = call.ignoreNulls
            if call.arguments.count == 2, case let .literal(.boolean(flag)) = call.arguments[1].kind { ignoreNulls = flag }
            function = name == "first_value" ? Expr.firstValue(arguments[0], ignoreNulls: ignoreNulls) : Expr.lastValue(arguments[0], ignoreNulls: ignoreNulls)
        case "nth_value":
            try expectArguments(2...2)
            function = Expr.nthValue(arguments[0], try constant(1, default: nil), ignoreNulls: call.ignoreNulls)
        default:
            guard Self.aggregateNames.contains(name) else {
                throw text.error(.analysis, "\(call.name) is not a window or aggregate function, so it cannot take OVER (…)", at: offset)
            }
            var plain = call
            plain.window = nil
            function = try aggregate(plain, at: offset)
        }
        return function.over(spec)
    }

    /// The window's spec, starting from the named window it refines.
    private func windowSpec(_ window: SQLWindow) throws -> WindowSpec {
        var merged = window
        var seen: Set<String> = []
        while let base = merged.base {
            guard !seen.contains(base.lowercased()) else { throw text.error(.analysis, "window \(base) is defined in terms of itself", at: window.offset) }
            seen.insert(base.lowercased())
            guard let definition = windows[base.lowercased()] else {
                throw text.error(.analysis, "unknown window \(base); define it with WINDOW \(base) AS (…)", at: window.offset)
            }
            if merged.partitionBy.isEmpty { merged.partitionBy = definition.partitionBy }
            if merged.orderBy.isEmpty { merged.orderBy = definition.orderBy }
            if merged.frame == nil { merged.frame = definition.frame }
            merged.base = definition.base
        }
        var spec = WindowSpec().partitionBy(try merged.partitionBy.map(plan)).orderBy(try merged.orderBy.map(sortKey))
        if let frame = merged.frame {
            func offset(_ bound: SQLFrame.Bound) -> Int64 {
                switch bound {
                case .unboundedPreceding: return Window.unboundedPreceding
                case .unboundedFollowing: return Window.unboundedFollowing
                case .currentRow: return Window.currentRow
                case let .offset(value): return value
                }
            }
            spec = frame.isRange ? spec.rangeBetween(offset(frame.start), offset(frame.end)) : spec.rowsBetween(offset(frame.start), offset(frame.end))
        }
        return spec
    }

    /// An ORDER BY item as a sort key: ascending with nulls first, descending with nulls last,
    /// unless NULLS FIRST|LAST says otherwise (Spark's defaults).
    func sortKey(_ item: SQLOrderItem) throws -> Expr {
        try sortKey(item, plan(item.expression))
    }

    /// `value` sorted as `item` says.
    func sortKey(_ item: SQLOrderItem, _ value: Expr) -> Expr {
        Expr(.sortKey(value, ascending: item.ascending, nullsFirst: item.nullsFirst ?? item.ascending))
    }
}
