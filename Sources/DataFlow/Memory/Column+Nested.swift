/// Arrays, maps and structs: building them from child columns and reading their parts.
extension Column {
    /// An array column of `count` rows whose row `i` holds `elements[offsets[i] ..< offsets[i + 1]]`.
    /// `offsets` holds `count + 1` non-decreasing `Int32`s within `elements`.
    static func array(count: Int, offsets: Buffer, elements: Column, validity: Buffer?) -> Column {
        Column(type: .array(elements.type), count: count, values: offsets, validity: validity, children: [elements])
    }

    /// A map column of `count` rows whose row `i` holds the pairs `offsets[i] ..< offsets[i + 1]` of
    /// `keys` and `values` (the same length; keys never null).
    static func map(count: Int, offsets: Buffer, keys: Column, values: Column, validity: Buffer?) -> Column {
        Column(type: .map(key: keys.type, value: values.type), count: count, values: offsets, validity: validity, children: [keys, values])
    }

    /// A struct column whose fields are `fields` (columns of `count` rows, named by `type`).
    static func structure(_ type: DataType, count: Int, fields: [Column], validity: Buffer?) -> Column {
        Column(type: type, count: count, values: Buffer(capacity: 0), validity: validity, children: fields)
    }

    /// The field columns of a struct column, row for row with it.
    public var fieldColumns: [Column] {
        guard case .struct = type else { return [] }
        return children
    }

    /// Field `index` of a struct column, null where the struct is null.
    func field(_ index: Int) -> Column {
        let values = children[index]
        guard hasNulls else { return values }
        return values.withValidity(Bitmap.and(validityView, values.validityView, count: count))
    }

    /// Calls `body` with the `count + 1` offsets of an array or map column into its children, and
    /// its validity view. Row `i`'s entries are `offsets[i] ..< offsets[i + 1]`.
    public func withListOffsets<R>(_ body: (UnsafeBufferPointer<Int32>, BitView) throws -> R) rethrows -> R {
        precondition(type.physical == .list, "withListOffsets needs an array or a map column")
        return try withExtendedLifetime(self) {
            try body(UnsafeBufferPointer(start: UnsafePointer(values.typed(Int32.self)) + offset, count: count + 1), validityView)
        }
    }

    /// The element column of an array column (all of it: index it through `withListOffsets`).
    public var arrayElements: Column {
        precondition(type.physical == .list && children.count == 1, "arrayElements needs an array column")
        return children[0]
    }

    /// The key and value columns of a map column (all of them: index them through `withListOffsets`).
    public var mapEntries: (keys: Column, values: Column) {
        precondition(type.physical == .list && children.count == 2, "mapEntries needs a map column")
        return (children[0], children[1])
    }

    /// The entries of row `index` of an array or map column, as child row indices.
    func listRange(_ index: Int) -> Range<Int> {
        withListOffsets { offsets, _ in Int(offsets[index]) ..< Int(offsets[index + 1]) }
    }

    /// The value of a non-null row of a nested column as a `Scalar`.
    func nestedScalar(at index: Int) -> Scalar {
        switch type {
        case .array:
            return .array(listRange(index).map(children[0].scalar(at:)))
        case .map:
            let range = listRange(index)
            return .map(keys: range.map(children[0].scalar(at:)), values: range.map(children[1].scalar(at:)))
        case let .struct(fields):
            return .struct(names: fields.map(\.name), values: children.map { $0.scalar(at: index) })
        default:
            preconditionFailure("nestedScalar needs a nested column")
        }
    }
}
