import Synchronization

/// The identity of one column of a resolved plan: drawn fresh wherever a column is made (a scan's
/// column, a computed expression, an aggregate, a window function, a union's output) and kept by
/// every node that passes the column through, whatever it is called or qualified as.
package struct ColumnID: Hashable, Sendable, Comparable, CustomStringConvertible {
    package let value: Int

    private static let last = Atomic<Int>(0)

    /// An identity no other column has.
    package static func fresh() -> ColumnID { ColumnID(value: last.wrappingAdd(1, ordering: .relaxed).newValue) }

    package static func < (lhs: ColumnID, rhs: ColumnID) -> Bool { lhs.value < rhs.value }

    package var description: String { "#\(value)" }
}

/// One output column of a logical plan: its identity, the name and qualifier it is shown and
/// found by, its type and nullability. Expressions of a resolved plan refer to their inputs by
/// attribute (`Expr.Node.attribute`), so rewrites match columns by `id`, never by name.
package struct Attribute: Hashable, Sendable, CustomStringConvertible {
    package let id: ColumnID
    package var name: String
    package var qualifier: String?
    package var type: DataType
    package var nullable: Bool

    /// A new column with a fresh identity.
    package init(_ field: Field) {
        self.init(id: .fresh(), field: field)
    }

    /// The column `id`, described by `field`.
    package init(id: ColumnID, field: Field) {
        self.id = id
        name = field.name
        qualifier = field.qualifier
        type = field.type
        nullable = field.nullable
    }

    /// The column as a schema field.
    package var field: Field { Field(name, type, nullable: nullable, qualifier: qualifier) }

    /// A reference to this column.
    package var reference: Expr { Expr(.attribute(self)) }

    /// `qualifier.name#id`.
    package var description: String { (qualifier.map { "\($0)." } ?? "") + name + id.description }
}

extension Array where Element == Attribute {
    /// Fresh columns for the fields of `schema`.
    package init(fresh schema: Schema) { self = schema.fields.map(Attribute.init) }

    /// The columns as a schema.
    package var schema: Schema { Schema(map(\.field)) }

    /// The identities, as a set.
    package var ids: Set<ColumnID> { Set(map(\.id)) }
}
