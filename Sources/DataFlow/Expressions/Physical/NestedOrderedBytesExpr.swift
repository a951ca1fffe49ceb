/// A nested sort or window partition key evaluated as its `NestedOrderedBytes` images: binary
/// values that sort, compare and hash as the nested values do, so every sort path takes nested
/// keys as it takes strings.
struct NestedOrderedBytesExpr: PhysicalExpr {
    let child: any PhysicalExpr

    var dataType: DataType { .binary }
    var nullable: Bool { child.nullable }
    var description: String { child.description }

    func evaluate(_ batch: RecordBatch) throws -> Datum { try child.evaluate(batch).nestedOrderedBytes }

    /// `expression` itself, or wrapped when its values are nested.
    static func sortable(_ expression: any PhysicalExpr) -> any PhysicalExpr {
        expression.dataType.isNested ? NestedOrderedBytesExpr(child: expression) : expression
    }
}
