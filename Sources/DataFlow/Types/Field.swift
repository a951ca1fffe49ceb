/// A named, typed column of a schema.
public struct Field: Hashable, Sendable, CustomStringConvertible {
    /// The column name.
    public var name: String
    /// The column type.
    public var type: DataType
    /// Whether the column may hold nulls.
    public var nullable: Bool
    /// The table (alias) the column came from, used to resolve qualified names such as `a.id`.
    public var qualifier: String?

    /// Creates a field.
    public init(_ name: String, _ type: DataType, nullable: Bool = true, qualifier: String? = nil) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.qualifier = qualifier
    }

    public var description: String { "\(name): \(type)\(nullable ? "" : " not null")" }
}
