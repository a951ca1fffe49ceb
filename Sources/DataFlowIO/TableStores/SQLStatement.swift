import DataFlow

/// One SQL statement with its parameter values (`?` placeholders, bound in order, never spliced
/// into the text): bookkeeping a write runs in its own transaction, such as recording an imported
/// file or a high-water mark together with the rows.
public struct SQLStatement: Sendable, Hashable {
    /// The SQL, with `?` placeholders.
    public var sql: String
    /// The placeholders' values.
    public var values: [Scalar]

    /// A statement.
    public init(_ sql: String, _ values: [Scalar] = []) {
        self.sql = sql
        self.values = values
    }
}
