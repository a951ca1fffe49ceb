/// Missing values, as Spark's `df.na`: `fill`, `drop` and `replace`. A missing number is null or,
/// in a double column, NaN. A value applies to the columns of its kind: a number to numeric columns
/// (cast to each one's type), a string to string columns, a boolean to boolean columns.
public struct DataFrameNaFunctions: Sendable {
    let frame: DataFrame

    /// How many missing values make `drop` remove a row.
    public enum How: Sendable {
        /// A row with any missing value among the columns.
        case any
        /// A row whose values among the columns are all missing.
        case all
    }

    /// Replaces missing values with `value` in the columns of its kind, among `subset` (default all).
    /// - Throws: `DataFlowError` (`.analysis`) for an unknown column, or a value that is not a
    ///   number, string or boolean.
    public func fill(_ value: Scalar, subset: [String]? = nil) throws -> DataFrame {
        let names = subset ?? frame.schema.fields.map(\.name)
        return try fill(Dictionary(names.map { ($0, value) }, uniquingKeysWith: { first, _ in first }), strict: false)
    }

    /// Replaces missing values column by column: `fill(["age": 0, "name": "unknown"])`.
    public func fill(_ values: [String: Scalar]) throws -> DataFrame { try fill(values, strict: true) }

    /// `strict`: a value of another kind than its column's is an error rather than skipped.
    private func fill(_ values: [String: Scalar], strict: Bool) throws -> DataFrame {
        let fields = frame.schema.fields
        let lowered = Dictionary(values.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        for name in lowered.keys where !fields.contains(where: { $0.name.lowercased() == name }) {
            throw DataFlowError(.analysis, "na.fill: no column '\(name)'; available: \(fields.map(\.name))", location: ErrorLocation(argument: name))
        }
        let columns = try fields.map { field -> Expr in
            let column = col(field.name)
            guard let value = lowered[field.name.lowercased()], !value.isNull else { return column }
            guard Self.sameKind(value, field.type) else {
                if strict {
                    throw DataFlowError(.analysis, "na.fill: \(value.formatted()) cannot fill column '\(field.name)' of type \(field.type.sqlName)",
                                        location: ErrorLocation(column: field.name))
                }
                return column
            }
            let replacement = lit(value).cast(field.type)
            let missing = field.type == .float64 ? column.isNull() || Expr.isnan(column) : column.isNull()
            return when(missing, replacement).otherwise(column).alias(field.name)
        }
        return try frame.select(columns)
    }

    /// Removes rows with missing values among `subset` (default all columns): any (or all) of
    /// them, or, with `minimumPresent`, fewer present values than that (Spark's `thresh`).
    public func drop(how: How = .any, minimumPresent: Int? = nil, subset: [String]? = nil) throws -> DataFrame {
        let names = subset ?? frame.schema.fields.map(\.name)
        let types = try frame.select(names.map(col)).schema.fields.map(\.type)
        let required = minimumPresent ?? (how == .any ? names.count : 1)
        guard !names.isEmpty, required > 0 else { return frame }
        let present = zip(names, types).map { name, type -> Expr in
            let column = col(name)
            let missing = type == .float64 ? column.isNull() || Expr.isnan(column) : column.isNull()
            return when(missing, lit(0)).otherwise(lit(1))
        }
        return try frame.filter(present.dropFirst().reduce(present[0], +) >= lit(required))
    }

    /// Replaces each value that is a key of `replacements` by its value, in the columns of the
    /// keys' kind among `subset` (default all): `replace(["N/A": .null, "?": "unknown"])`. Keys and
    /// values are of one kind (numbers, strings or booleans); null replaces too.
    /// - Throws: `DataFlowError` (`.analysis`) when the keys are of several kinds.
    public func replace(_ replacements: [Scalar: Scalar], subset: [String]? = nil) throws -> DataFrame {
        guard let sample = replacements.keys.first(where: { !$0.isNull }) else { return frame }
        let fields = frame.schema.fields
        let chosen = Set(try (subset ?? fields.map(\.name)).map { name in
            guard let field = fields.first(where: { $0.name.lowercased() == name.lowercased() }) else {
                throw DataFlowError(.analysis, "na.replace: no column '\(name)'; available: \(fields.map(\.name))", location: ErrorLocation(argument: name))
            }
            return field.name
        })
        for (key, value) in replacements where !Self.sameKind(key, of: sample) || !(value.isNull || Self.sameKind(value, of: sample)) {
            throw DataFlowError(.analysis, "na.replace: \(key.formatted()) -> \(value.formatted()) mixes kinds; replace numbers, strings or booleans at a time")
        }
        let ordered = replacements.sorted { $0.key.formatted() < $1.key.formatted() }
        let columns = fields.map { field -> Expr in
            let column = col(field.name)
            guard chosen.contains(field.name), Self.sameKind(sample, field.type) else { return column }
            let branches = ordered.map { CaseBranch(condition: column == lit($0.key), value: lit($0.value).cast(field.type)) }
            return Expr(.caseWhen(branches: branches, otherwise: column)).alias(field.name)
        }
        return try frame.select(columns)
    }

    /// Whether `value` is of the kind (number, string, boolean) of `type`.
    private static func sameKind(_ value: Scalar, _ type: DataType) -> Bool {
        switch value {
        case .int32, .int64, .float64, .decimal: return type.isNumeric
        case .string: return type == .string
        case .boolean: return type == .boolean
        default: return false
        }
    }

    /// Whether two values are of one kind.
    private static func sameKind(_ value: Scalar, of other: Scalar) -> Bool { sameKind(value, other.dataType) }
}

extension DataFrame {
    /// Missing values: `df.na.fill(0)`, `df.na.drop()`, `df.na.replace(["?": .null])`.
    public var na: DataFrameNaFunctions { DataFrameNaFunctions(frame: self) }

    /// `na.fill(value, subset:)`.
    public func fillna(_ value: Scalar, subset: [String]? = nil) throws -> DataFrame { try na.fill(value, subset: subset) }

    /// `na.drop(how:minimumPresent:subset:)`.
    public func dropna(how: DataFrameNaFunctions.How = .any, minimumPresent: Int? = nil, subset: [String]? = nil) throws -> DataFrame {
        try na.drop(how: how, minimumPresent: minimumPresent, subset: subset)
    }
}
