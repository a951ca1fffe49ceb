/// Spark's implicit type coercion rules, as far as DataFlow's types go.
enum TypeCoercion {
    /// The decimal type that holds every value of an integer type.
    static func decimalFor(_ type: DataType) -> DataType? {
        switch type {
        case .int32: return .decimal(precision: 10, scale: 0)
        case .int64: return .decimal(precision: 20, scale: 0)
        case .decimal: return type
        default: return nil
        }
    }

    /// The narrowest decimal holding both decimals.
    static func widerDecimal(_ a: DataType, _ b: DataType) -> DataType {
        guard case let .decimal(p1, s1) = a, case let .decimal(p2, s2) = b else { return a }
        let scale = max(s1, s2)
        let range = max(p1 - s1, p2 - s2)
        return .decimal(precision: min(range + scale, DataType.maxDecimalPrecision), scale: scale)
    }

    /// The type both operands of a comparison, `IN`, `CASE` or `coalesce` are converted to; nil
    /// when none exists.
    static func commonType(_ a: DataType, _ b: DataType) -> DataType? {
        if a == b { return a }
        switch (a, b) {
        case (.null, _): return b
        case (_, .null): return a
        case (.int32, .int64), (.int64, .int32): return .int64
        case (.float64, _) where b.isNumeric, (_, .float64) where a.isNumeric: return .float64
        case (.decimal, _) where b.isInteger, (_, .decimal) where a.isInteger, (.decimal, .decimal):
            return widerDecimal(decimalFor(a)!, decimalFor(b)!)
        case (.date, .timestamp), (.timestamp, .date): return .timestamp
        case (.string, .date), (.date, .string): return .date
        case (.string, .timestamp), (.timestamp, .string): return .timestamp
        case (.string, _) where b.isNumeric || b == .boolean: return b
        case (_, .string) where a.isNumeric || a == .boolean: return a
        case (.string, .binary), (.binary, .string): return .binary
        case let (.array(x), .array(y)): return commonType(x, y).map(DataType.array)
        case let (.map(xKey, xValue), .map(yKey, yValue)):
            guard let key = commonType(xKey, yKey), let value = commonType(xValue, yValue) else { return nil }
            return .map(key: key, value: value)
        case let (.struct(x), .struct(y)) where x.count == y.count:
            // Field by field, named as the first struct names them.
            var fields: [Field] = []
            for (left, right) in zip(x, y) {
                guard let type = commonType(left.type, right.type) else { return nil }
                fields.append(Field(left.name, type, nullable: left.nullable || right.nullable))
            }
            return .struct(fields)
        default: return nil
        }
    }

    /// The type values of `types` are gathered in by `array(...)` and `map(...)`: their common
    /// type, except that text mixed with numbers, dates or timestamps stays text (Spark's string
    /// promotion).
    static func widerType(_ types: [DataType]) -> DataType? {
        guard var result = types.first else { return nil }
        for type in types.dropFirst() {
            switch (result, type) {
            case (.string, _) where type.isNumeric || type == .date || type == .timestamp: continue
            case (_, .string) where result.isNumeric || result == .date || result == .timestamp: result = .string
            default:
                guard let next = commonType(result, type) else { return nil }
                result = next
            }
        }
        return result
    }

    /// The common type of several expressions' types (for CASE, coalesce, IN, union).
    static func commonType(_ types: [DataType]) -> DataType? {
        guard var result = types.first else { return nil }
        for type in types.dropFirst() {
            guard let next = commonType(result, type) else { return nil }
            result = next
        }
        return result
    }

    /// Spark's decimal result type with precision loss allowed: at most 38 digits, keeping at least
    /// min(scale, 6) fraction digits.
    static func boundedDecimal(precision: Int, scale: Int) -> DataType {
        if precision <= DataType.maxDecimalPrecision { return .decimal(precision: precision, scale: scale) }
        let integerDigits = precision - scale
        let minimumScale = min(scale, 6)
        return .decimal(precision: DataType.maxDecimalPrecision,
                        scale: max(DataType.maxDecimalPrecision - integerDigits, minimumScale))
    }

    /// The result type of a decimal operation, with both operands already decimals.
    static func decimalResult(_ op: BinaryOperator, _ a: DataType, _ b: DataType) -> DataType {
        guard case let .decimal(p1, s1) = a, case let .decimal(p2, s2) = b else { return a }
        switch op {
        case .add, .subtract:
            let scale = max(s1, s2)
            return boundedDecimal(precision: max(p1 - s1, p2 - s2) + scale + 1, scale: scale)
        case .multiply: return boundedDecimal(precision: p1 + p2 + 1, scale: s1 + s2)
        case .divide:
            let scale = max(6, s1 + p2 + 1)
            return boundedDecimal(precision: p1 - s1 + s2 + scale, scale: scale)
        default:
            let scale = max(s1, s2)
            return boundedDecimal(precision: min(p1 - s1, p2 - s2) + scale, scale: scale)
        }
    }
}
