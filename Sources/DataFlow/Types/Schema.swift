/// The ordered fields of a `DataFrame` or `RecordBatch`.
public struct Schema: Hashable, Sendable, CustomStringConvertible {
    /// The fields, in column order.
    public var fields: [Field]

    /// Creates a schema from fields.
    public init(_ fields: [Field]) { self.fields = fields }

    /// The column names, in order.
    public var names: [String] { fields.map(\.name) }

    /// The number of columns.
    public var count: Int { fields.count }

    /// The field at `index`.
    public subscript(index: Int) -> Field { fields[index] }

    /// The index of the column called `name` (case-insensitive, as Spark resolves by default),
    /// optionally qualified by a table alias.
    /// - Throws: `DataFlowError` (`.analysis`) when no column or more than one column matches.
    public func index(of name: String, qualifier: String? = nil) throws -> Int {
        let lowered = name.lowercased()
        let matches = fields.indices.filter { index in
            fields[index].name.lowercased() == lowered
                && (qualifier == nil || fields[index].qualifier?.lowercased() == qualifier!.lowercased())
        }
        if matches.count == 1 { return matches[0] }
        let display = qualifier.map { "\($0).\(name)" } ?? name
        if matches.isEmpty {
            throw DataFlowError.unresolvedColumn(display, available: qualifiedNames)
        }
        throw DataFlowError(.analysis, "column reference '\(display)' is ambiguous: it matches \(matches.count) columns of [\(qualifiedNames.joined(separator: ", "))]",
                            location: ErrorLocation(column: display))
    }

    /// Names with their qualifiers, for error messages.
    var qualifiedNames: [String] { fields.map { field in field.qualifier.map { "\($0).\(field.name)" } ?? field.name } }

    /// A copy whose fields all carry `qualifier`.
    func qualified(by qualifier: String?) -> Schema {
        Schema(fields.map { var field = $0; field.qualifier = qualifier; return field })
    }

    /// The schema as Spark's `printSchema()` prints it.
    public var treeString: String {
        var text = "root\n"
        for field in fields { Self.appendTree(name: field.name, type: field.type, nullability: "nullable = \(field.nullable)", depth: 1, to: &text) }
        return text
    }

    /// Appends the line of one field (or element, key, value) and the lines of the types in it.
    private static func appendTree(name: String, type: DataType, nullability: String?, depth: Int, to text: inout String) {
        let typeName: String
        switch type {
        case .array: typeName = "array"
        case .map: typeName = "map"
        case .struct: typeName = "struct"
        default: typeName = type.description
        }
        text += String(repeating: " |   ", count: depth - 1) + " |-- \(name): \(typeName)" + (nullability.map { " (\($0))" } ?? "") + "\n"
        switch type {
        case let .array(element): appendTree(name: "element", type: element, nullability: "containsNull = true", depth: depth + 1, to: &text)
        case let .map(key, value):
            appendTree(name: "key", type: key, nullability: nil, depth: depth + 1, to: &text)
            appendTree(name: "value", type: value, nullability: "valueContainsNull = true", depth: depth + 1, to: &text)
        case let .struct(fields):
            for field in fields {
                appendTree(name: field.name, type: field.type, nullability: "nullable = \(field.nullable)", depth: depth + 1, to: &text)
            }
        default: break
        }
    }

    public var description: String { "[" + fields.map(\.description).joined(separator: ", ") + "]" }
}
