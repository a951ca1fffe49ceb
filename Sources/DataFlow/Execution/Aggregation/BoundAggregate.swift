/// An aggregate call resolved against its input schema: the argument bound (and cast to what the
/// accumulator consumes), the result type, and a factory for per-partition accumulators.
struct BoundAggregate: Sendable {
    /// The call as written.
    let call: AggregateCall
    /// The output column name.
    let name: String
    /// The bound argument; nil for `count(*)`.
    let argument: (any PhysicalExpr)?
    /// The final value's type.
    let resultType: DataType
    /// Whether the final value can be null.
    let nullable: Bool
    /// Makes a fresh accumulator.
    let makeAccumulator: @Sendable () -> any GroupAccumulator

    /// The partial state's fields, named after the aggregate.
    var stateFields: [Field] {
        makeAccumulator().stateFields.map { Field("\(name)#\($0.name)", $0.type, nullable: true) }
    }

    /// Binds `call` (resolved) over the columns `input`.
    /// - Throws: `DataFlowError` (`.analysis`) for argument types the function does not take.
    init(_ call: AggregateCall, name: String, input: [Attribute], context: BindContext) throws {
        self.call = call
        self.name = name
        let binder = ExprBinder(input: input, context: context)
        let bound = try call.argument.map { try binder.bind($0) }
        let inputType = bound?.dataType ?? .int64
        func reject() -> DataFlowError {
            DataFlowError(.analysis, "\(call.kind.rawValue) does not accept \(inputType) (in \(name))", location: ErrorLocation(column: name))
        }
        if call.distinct {
            guard call.kind == .count, let bound else { throw DataFlowError(.notImplemented, "only count supports DISTINCT (in \(name))") }
            argument = bound
            resultType = .int64
            nullable = false
            makeAccumulator = { CountDistinctAccumulator(valueType: inputType) }
            return
        }
        switch call.kind {
        case .count:
            argument = bound
            resultType = .int64
            nullable = false
            makeAccumulator = { CountAccumulator() }
        case .sum, .avg:
            let isAvg = call.kind == .avg
            var input = inputType
            if input == .string || input == .null { input = .float64 }
            guard input.isNumeric else { throw reject() }
            nullable = true
            if case let .decimal(p, s) = input {
                let sumType = DataType.decimal(precision: DataType.maxDecimalPrecision, scale: s)
                let result: DataType = isAvg
                    ? .decimal(precision: min(p + 4, DataType.maxDecimalPrecision), scale: min(s + 4, DataType.maxDecimalPrecision))
                    : .decimal(precision: min(p + 10, DataType.maxDecimalPrecision), scale: s)
                // Same scale as the sum: the accumulator adds the values as they are stored.
                argument = bound
                resultType = result
                if isAvg {
                    makeAccumulator = { AvgAccumulator<Int128>(sumType: sumType, resultType: result) }
                } else {
                    makeAccumulator = { SumAccumulator<Int128>(sumType: sumType, resultType: result) }
                }
            } else if input == .float64 || isAvg {
                argument = try binder.coerce(bound!, to: .float64)
                resultType = .float64
                if isAvg {
                    makeAccumulator = { AvgAccumulator<Double>(sumType: .float64, resultType: .float64) }
                } else {
                    makeAccumulator = { SumAccumulator<Double>(sumType: .float64, resultType: .float64) }
                }
            } else {
                argument = try binder.coerce(bound!, to: .int64)
                resultType = .int64
                makeAccumulator = { SumAccumulator<Int64>(sumType: .int64, resultType: .int64) }
            }
        case .min, .max:
            guard let bound else { throw reject() }
            let isMax = call.kind == .max
            resultType = inputType
            nullable = true
            switch inputType.physical {
            case .int32:
                argument = bound
                makeAccumulator = { MinMaxAccumulator<Int32>(isMax: isMax, valueType: inputType, resultType: inputType, zero: 0) }
            case .int64:
                argument = bound
                makeAccumulator = { MinMaxAccumulator<Int64>(isMax: isMax, valueType: inputType, resultType: inputType, zero: 0) }
            case .float64:
                argument = bound
                makeAccumulator = { MinMaxAccumulator<Double>(isMax: isMax, valueType: inputType, resultType: inputType, zero: 0) }
            case .int128:
                argument = bound
                makeAccumulator = { MinMaxAccumulator<Int128>(isMax: isMax, valueType: inputType, resultType: inputType, zero: 0) }
            case .bit:
                argument = try binder.coerce(bound, to: .int32)
                makeAccumulator = { MinMaxAccumulator<Int32>(isMax: isMax, valueType: .int32, resultType: .boolean, zero: 0) }
            case .bytes:
                argument = bound
                makeAccumulator = { BytesMinMaxAccumulator(isMax: isMax, type: inputType) }
            case .list, .struct:
                throw reject()
            }
        case .stddevSamp, .stddevPop, .varSamp, .varPop, .skewness, .kurtosis:
            guard let bound, bound.dataType.isNumeric || bound.dataType == .string || bound.dataType == .null else { throw reject() }
            let kind = call.kind
            argument = try binder.coerce(bound, to: .float64)
            resultType = .float64
            nullable = true
            makeAccumulator = { MomentsAccumulator(kind: kind) }
        case .boolAnd, .boolOr:
            guard let bound, bound.dataType == .boolean || bound.dataType == .null else { throw reject() }
            let isMax = call.kind == .boolOr
            argument = try binder.coerce(bound, to: .int32)
            resultType = .boolean
            nullable = true
            makeAccumulator = { MinMaxAccumulator<Int32>(isMax: isMax, valueType: .int32, resultType: .boolean, zero: 0) }
        case .countIf:
            guard let bound, bound.dataType == .boolean || bound.dataType == .null else { throw reject() }
            // A row counts where the condition is true: 1 there, null elsewhere.
            argument = CaseWhenExpr(conditions: [try binder.coerce(bound, to: .boolean)], values: [try LiteralExpr(.int32(1), type: .int32)],
                                    otherwise: nil, dataType: .int32)
            resultType = .int64
            nullable = false
            makeAccumulator = { CountAccumulator() }
        case .collectList, .collectSet:
            guard let bound else { throw reject() }
            let distinct = call.kind == .collectSet
            argument = bound
            resultType = .array(inputType)
            nullable = false
            makeAccumulator = { CollectAccumulator(valueType: inputType, distinct: distinct) }
        case .first, .last:
            guard let bound else { throw reject() }
            let isLast = call.kind == .last, ignoreNulls = call.ignoreNulls
            argument = bound
            resultType = inputType
            nullable = true
            makeAccumulator = { FirstLastAccumulator(isLast: isLast, ignoreNulls: ignoreNulls, type: inputType) }
        }
    }
}
