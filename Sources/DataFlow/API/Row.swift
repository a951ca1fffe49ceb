/// One row of a result, as returned by `collect()`: values by position or column name.
public struct Row: Hashable, Sendable, CustomStringConvertible {
    /// The columns of the row.
    public let schema: Schema
    /// The values, in column order.
    public let values: [Scalar]

    /// Creates a row.
    public init(schema: Schema, values: [Scalar]) {
        self.schema = schema
        self.values = values
    }

    /// The value at `index`.
    public subscript(index: Int) -> Scalar { values[index] }

    /// The value of column `name` (nil when there is no such column).
    public subscript(name: String) -> Scalar? {
        guard let index = try? schema.index(of: name) else { return nil }
        return values[index]
    }

    public var description: String {
        "Row(" + zip(schema.names, values).map { "\($0)=\($1.formatted())" }.joined(separator: ", ") + ")"
    }
}
