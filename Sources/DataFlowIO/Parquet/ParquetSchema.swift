import DataFlow

/// How the physical values of a leaf column become a DataFlow column.
enum ParquetConversion: Sendable, Equatable {
    /// Values pass through (int32, int64, double, boolean, date, timestamp micros, strings, binary).
    case direct
    /// FLOAT widened to double.
    case floatToDouble
    /// UINT_32 widened to int64.
    case unsigned32
    /// UINT_64 as decimal(20, 0).
    case unsigned64
    /// Integer timestamps multiplied (millis) or divided (nanos) to microseconds.
    case timestampMillis, timestampNanos
    /// INT96 (nanoseconds of the day, Julian day) to microseconds.
    case int96
    /// INT32 or INT64 unscaled decimals.
    case integerDecimal
    /// Big-endian two's complement decimals in FIXED_LEN_BYTE_ARRAY or BYTE_ARRAY.
    case bytesDecimal
    /// A 16-byte UUID formatted as text.
    case uuid
}

/// One leaf column of a Parquet file's schema: its physical type and levels, and the DataFlow
/// type its values read as (nil, with a reason, when DataFlow cannot read it).
struct ParquetLeaf: Sendable {
    /// The names from the top-level column down to the leaf.
    let path: [String]
    /// The index of the leaf among all leaves (its column chunk index in a row group).
    let chunkIndex: Int
    let physical: ParquetPhysicalType
    let typeLength: Int
    let maxDefinitionLevel: Int
    let maxRepetitionLevel: Int
    /// The DataFlow field of the values (named by the leaf's own name), or nil when unreadable.
    let field: Field?
    let conversion: ParquetConversion
    /// Why the values cannot be read (a type DataFlow does not have).
    let unsupported: String?

    /// The dotted path of the column (its name for a top-level column).
    var name: String { path.joined(separator: ".") }
}

/// A top-level column of a Parquet file as DataFlow exposes it: a flat leaf, or a nested column
/// (struct, list or map) read through its tree of leaves.
struct ParquetColumn: Sendable {
    let name: String
    /// The DataFlow field, or nil when the column cannot be read.
    let field: Field?
    /// Why the column cannot be read.
    let unsupported: String?
    /// The column chunks of its leaves.
    let chunks: Range<Int>
    /// The leaf of a flat column; nil for a nested one.
    let flatLeaf: ParquetLeaf?
    /// The tree of a readable nested column.
    let nested: ParquetNode?
}

/// The readable shape of a Parquet schema: its leaves (one column chunk each) and the top-level
/// columns DataFlow exposes.
struct ParquetSchema: Sendable {
    /// Every leaf, in chunk order.
    let leaves: [ParquetLeaf]
    /// The top-level columns, in order.
    let columns: [ParquetColumn]

    /// A schema element with its children, and the chunks of the leaves under it.
    private struct ElementTree {
        let element: SchemaElement
        let children: [ElementTree]
        let chunks: Range<Int>
        var isGroup: Bool { element.type == nil }
    }

    /// Reads the footer's depth-first schema list.
    /// - Throws: `DataFlowError(.parse)` when the tree is malformed.
    init(_ elements: [SchemaElement], path: String) throws {
        var leaves: [ParquetLeaf] = []
        var index = 1
        func corrupt(_ message: String) -> DataFlowError {
            DataFlowError(.parse, "corrupt Parquet schema: \(message)", location: ErrorLocation(path: path))
        }
        // Reads the subtree at `index`, appending its leaves with their cumulative levels.
        func walk(prefix: [String], definition: Int, repetition: Int, depth: Int) throws -> ElementTree {
            guard index < elements.count else { throw corrupt("the schema list ends inside a group") }
            guard depth < 64 else { throw corrupt("groups nested too deeply") }
            let element = elements[index]
            index += 1
            let names = prefix + [element.name]
            let name = names.joined(separator: ".")
            let rep = element.repetition ?? .optional
            let definition = definition + (rep == .required ? 0 : 1)
            let repetition = repetition + (rep == .repeated ? 1 : 0)
            let first = leaves.count
            if let childCount = element.childCount, element.type == nil {
                guard childCount >= 0, childCount <= elements.count else { throw corrupt("group '\(name)' has \(childCount) children") }
                let children = try (0..<Int(childCount)).map { _ in
                    try walk(prefix: names, definition: definition, repetition: repetition, depth: depth + 1)
                }
                return ElementTree(element: element, children: children, chunks: first..<leaves.count)
            }
            guard let physical = element.type else { throw corrupt("leaf '\(name)' has no physical type") }
            var reason: String?
            var mapped: (DataType, ParquetConversion)?
            do { mapped = try Self.dataType(of: element, physical: physical, path: name) } catch let error as DataFlowError { reason = error.message }
            leaves.append(ParquetLeaf(path: names, chunkIndex: first, physical: physical, typeLength: Int(element.typeLength ?? 0),
                                      maxDefinitionLevel: definition, maxRepetitionLevel: repetition,
                                      field: mapped.map { Field(element.name, $0.0, nullable: rep != .required) },
                                      conversion: mapped?.1 ?? .direct, unsupported: reason))
            return ElementTree(element: element, children: [], chunks: first..<(first + 1))
        }
        let rootChildren = Int(elements.first?.childCount ?? 0)
        guard rootChildren >= 0, rootChildren < elements.count else { throw corrupt("the root has \(rootChildren) children") }
        let trees = try (0..<rootChildren).map { _ in try walk(prefix: [], definition: 0, repetition: 0, depth: 0) }
        self.leaves = leaves
        columns = trees.map { tree in
            let name = tree.element.name
            if !tree.isGroup && tree.element.repetition != .repeated {
                let leaf = leaves[tree.chunks.lowerBound]
                return ParquetColumn(name: name, field: leaf.field.map { Field(name, $0.type, nullable: $0.nullable) }, unsupported: leaf.unsupported,
                                     chunks: tree.chunks, flatLeaf: leaf, nested: nil)
            }
            do {
                let node = try Self.node(tree, definition: 0, repetition: 0, leaves: leaves)
                return ParquetColumn(name: name, field: Field(name, node.type, nullable: node.nullable), unsupported: nil,
                                     chunks: tree.chunks, flatLeaf: nil, nested: node)
            } catch {
                let reason = (error as? DataFlowError)?.message ?? "\(error)"
                return ParquetColumn(name: name, field: nil, unsupported: reason, chunks: tree.chunks, flatLeaf: nil, nested: nil)
            }
        }
    }

    /// The node of `tree`, a child of a node whose values are defined from level `definition` and
    /// repeat at level `repetition`. A repeated field outside a LIST or MAP group is a non-null
    /// array of non-null elements.
    /// - Throws: `DataFlowError(.notImplemented)` naming the field for a leaf type or group layout
    ///   DataFlow does not read.
    private static func node(_ tree: ElementTree, definition: Int, repetition: Int, leaves: [ParquetLeaf]) throws -> ParquetNode {
        switch tree.element.repetition ?? .optional {
        case .repeated:
            let entries = ParquetEntryLevels(definition: definition + 1, repetition: repetition + 1)
            let element = try valueNode(tree, nullable: false, definition: entries.definition, repetition: entries.repetition, leaves: leaves)
            return ParquetNode(name: tree.element.name, type: .array(element.type), nullable: false, definition: definition,
                               shape: .list(element: element, entries: entries), chunks: tree.chunks)
        case .optional:
            return try valueNode(tree, nullable: true, definition: definition + 1, repetition: repetition, leaves: leaves)
        case .required:
            return try valueNode(tree, nullable: false, definition: definition, repetition: repetition, leaves: leaves)
        }
    }

    /// The node of `tree` read as one (not repeated) value defined from level `definition`: a leaf,
    /// a LIST or MAP group as the spec lays them out (with its rules for older writers' lists), or
    /// any other group as a struct.
    private static func valueNode(_ tree: ElementTree, nullable: Bool, definition: Int, repetition: Int,
                                  leaves: [ParquetLeaf]) throws -> ParquetNode {
        let element = tree.element
        func unsupported(_ message: String) -> DataFlowError {
            DataFlowError(.notImplemented, "nested column '\(element.name)': \(message)")
        }
        func make(_ type: DataType, _ shape: ParquetNode.Shape) -> ParquetNode {
            ParquetNode(name: element.name, type: type, nullable: nullable, definition: definition, shape: shape, chunks: tree.chunks)
        }
        guard tree.isGroup else {
            let leaf = leaves[tree.chunks.lowerBound]
            guard let field = leaf.field else { throw unsupported(leaf.unsupported ?? "its type cannot be read") }
            return make(field.type, .leaf(chunkIndex: leaf.chunkIndex))
        }
        let isList = element.logicalType == .list || element.convertedType == .list
        let isMap = element.logicalType == .map || element.convertedType == .map || element.convertedType == .mapKeyValue
        if isList || isMap {
            guard tree.children.count == 1, let repeated = tree.children.first, repeated.element.repetition == .repeated else {
                throw unsupported("a \(isList ? "LIST" : "MAP") group must hold one repeated field")
            }
            let entries = ParquetEntryLevels(definition: definition + 1, repetition: repetition + 1)
            if isMap {
                guard repeated.isGroup, repeated.children.count == 2 else { throw unsupported("a MAP's repeated group must hold a key and a value") }
                let key = try node(repeated.children[0], definition: entries.definition, repetition: entries.repetition, leaves: leaves)
                let value = try node(repeated.children[1], definition: entries.definition, repetition: entries.repetition, leaves: leaves)
                guard !key.nullable else { throw unsupported("its keys are optional; map keys must be required") }
                return make(.map(key: key.type, value: value.type), .map(key: key, value: value, entries: entries))
            }
            // The repeated field is the element itself when it is a leaf, a group of several fields,
            // or named as older writers named a one-field element group; otherwise it wraps the element.
            let isElement = !repeated.isGroup || repeated.children.count != 1 || repeated.element.name == "array"
                || repeated.element.name == element.name + "_tuple"
            let item = isElement
                ? try valueNode(repeated, nullable: false, definition: entries.definition, repetition: entries.repetition, leaves: leaves)
                : try node(repeated.children[0], definition: entries.definition, repetition: entries.repetition, leaves: leaves)
            return make(.array(item.type), .list(element: item, entries: entries))
        }
        guard !tree.children.isEmpty else { throw unsupported("a group without fields") }
        let fields = try tree.children.map { try node($0, definition: definition, repetition: repetition, leaves: leaves) }
        return make(.struct(fields.map { Field($0.name, $0.type, nullable: $0.nullable) }), .structure(fields))
    }

    /// The DataFlow type of a leaf and the conversion from its physical values.
    /// - Throws: `DataFlowError(.notImplemented)` for types DataFlow does not have.
    static func dataType(of element: SchemaElement, physical: ParquetPhysicalType, path: String) throws -> (DataType, ParquetConversion) {
        func unsupported(_ what: String) -> DataFlowError {
            DataFlowError(.notImplemented, "column '\(path)': \(what) (\(physical.name)) cannot be read yet")
        }
        var logical = element.logicalType
        if logical == nil, let converted = element.convertedType {
            switch converted {
            case .utf8: logical = .string
            case .enumeration: logical = .enumeration
            case .json: logical = .json
            case .decimal: logical = .decimal(scale: element.scale ?? 0, precision: element.precision ?? 0)
            case .date: logical = .date
            case .timestampMillis: logical = .timestamp(adjustedToUTC: true, unit: .millis)
            case .timestampMicros: logical = .timestamp(adjustedToUTC: true, unit: .micros)
            case .timeMillis: logical = .time(adjustedToUTC: true, unit: .millis)
            case .timeMicros: logical = .time(adjustedToUTC: true, unit: .micros)
            case .int8: logical = .integer(bitWidth: 8, signed: true)
            case .int16: logical = .integer(bitWidth: 16, signed: true)
            case .int32: logical = .integer(bitWidth: 32, signed: true)
            case .int64: logical = .integer(bitWidth: 64, signed: true)
            case .uint8: logical = .integer(bitWidth: 8, signed: false)
            case .uint16: logical = .integer(bitWidth: 16, signed: false)
            case .uint32: logical = .integer(bitWidth: 32, signed: false)
            case .uint64: logical = .integer(bitWidth: 64, signed: false)
            case .bson: logical = .bson
            case .interval: throw unsupported("INTERVAL")
            case .map, .mapKeyValue, .list: break
            }
        }
        switch (physical, logical) {
        case (.boolean, _): return (.boolean, .direct)
        case (.int32, .date?): return (.date, .direct)
        case (.int32, .integer(_, false)?) where element.convertedType == .uint32 || logical == .integer(bitWidth: 32, signed: false):
            return (.int64, .unsigned32)
        case (.int32, .integer?), (.int32, nil): return (.int32, .direct)
        case (.int64, .integer(_, false)?): return (.decimal(precision: 20, scale: 0), .unsigned64)
        case (.int64, .integer?), (.int64, nil): return (.int64, .direct)
        case let (.int64, .timestamp(_, unit)?):
            switch unit {
            case .millis: return (.timestamp, .timestampMillis)
            case .micros: return (.timestamp, .direct)
            case .nanos: return (.timestamp, .timestampNanos)
            }
        case let (.int32, .decimal(scale, precision)?), let (.int64, .decimal(scale, precision)?),
             let (.fixedLenByteArray, .decimal(scale, precision)?), let (.byteArray, .decimal(scale, precision)?):
            guard precision >= 1, precision <= DataType.maxDecimalPrecision, scale >= 0, scale <= precision else {
                throw unsupported("DECIMAL(\(precision), \(scale))")
            }
            let type = DataType.decimal(precision: Int(precision), scale: Int(scale))
            return (type, physical == .int32 || physical == .int64 ? .integerDecimal : .bytesDecimal)
        case (.int96, _): return (.timestamp, .int96)
        case (.float, nil): return (.float64, .floatToDouble)
        case (.double, nil): return (.float64, .direct)
        case (.byteArray, .string?), (.byteArray, .enumeration?), (.byteArray, .json?): return (.string, .direct)
        case (.byteArray, nil), (.byteArray, .bson?), (.fixedLenByteArray, nil): return (.binary, .direct)
        case (.fixedLenByteArray, .uuid?) where element.typeLength == 16: return (.string, .uuid)
        case let (_, logical?): throw unsupported("logical type \(logical)")
        default: throw unsupported("this physical type")
        }
    }

    /// The footer schema of a DataFlow schema: a root group, then each column depth first. Arrays
    /// and maps are the spec's three-level groups (`list` / `element`, `key_value` / `key` /
    /// `value`) with nullable elements and values, as Spark and pyarrow write them.
    /// - Throws: `DataFlowError(.notImplemented)` for void columns.
    static func elements(for schema: Schema) throws -> [SchemaElement] {
        var elements = [SchemaElement(name: "schema", childCount: Int32(schema.count))]
        for field in schema.fields { try appendElements(of: field, path: field.name, to: &elements) }
        return elements
    }

    /// Appends the elements of `field` (at dotted `path`) to `elements`.
    private static func appendElements(of field: Field, path: String, to elements: inout [SchemaElement]) throws {
        let repetition: ParquetRepetition = field.nullable ? .optional : .required
        var element = SchemaElement(name: field.name, repetition: repetition)
        switch field.type {
        case .boolean: element.type = .boolean
        case .int32: element.type = .int32
        case .int64: element.type = .int64
        case .float64: element.type = .double
        case .string:
            element.type = .byteArray
            element.logicalType = .string
            element.convertedType = .utf8
        case .binary: element.type = .byteArray
        case .date:
            element.type = .int32
            element.logicalType = .date
            element.convertedType = .date
        case .timestamp:
            element.type = .int64
            element.logicalType = .timestamp(adjustedToUTC: true, unit: .micros)
            element.convertedType = .timestampMicros
        case let .decimal(precision, scale):
            let layout = ParquetDecimalLayout(precision: precision)
            element.type = layout.physical
            if layout.physical == .fixedLenByteArray { element.typeLength = Int32(layout.byteWidth) }
            element.logicalType = .decimal(scale: Int32(scale), precision: Int32(precision))
            element.convertedType = .decimal
            element.scale = Int32(scale)
            element.precision = Int32(precision)
        case .null:
            throw DataFlowError(.notImplemented, "column '\(path)' has no type (an untyped null); cast it before writing Parquet",
                                location: ErrorLocation(column: path))
        case let .array(item):
            element.childCount = 1
            element.logicalType = .list
            element.convertedType = .list
            elements.append(element)
            elements.append(SchemaElement(name: "list", repetition: .repeated, childCount: 1))
            try appendElements(of: Field("element", item), path: path + ".element", to: &elements)
            return
        case let .map(key, value):
            element.childCount = 1
            element.logicalType = .map
            element.convertedType = .map
            elements.append(element)
            elements.append(SchemaElement(name: "key_value", repetition: .repeated, childCount: 2))
            try appendElements(of: Field("key", key, nullable: false), path: path + ".key", to: &elements)
            try appendElements(of: Field("value", value), path: path + ".value", to: &elements)
            return
        case let .struct(fields):
            guard !fields.isEmpty else {
                throw DataFlowError(.notImplemented, "column '\(path)' is a struct without fields, which Parquet cannot hold",
                                    location: ErrorLocation(column: path))
            }
            element.childCount = Int32(fields.count)
            elements.append(element)
            for child in fields { try appendElements(of: child, path: path + "." + child.name, to: &elements) }
            return
        }
        elements.append(element)
    }
}

/// How a decimal of some precision is stored: INT32 up to 9 digits, INT64 up to 18, else the
/// smallest FIXED_LEN_BYTE_ARRAY that holds it.
struct ParquetDecimalLayout {
    let physical: ParquetPhysicalType
    /// Bytes of the FIXED_LEN_BYTE_ARRAY (4 or 8 for the integer layouts).
    let byteWidth: Int

    init(precision: Int) {
        if precision <= 9 {
            physical = .int32
            byteWidth = 4
        } else if precision <= 18 {
            physical = .int64
            byteWidth = 8
        } else {
            physical = .fixedLenByteArray
            // The smallest n with 2^(8n - 1) > 10^precision.
            var width = 1
            while Double(8 * width - 1) * 0.30102999566398120 < Double(precision) { width += 1 }
            byteWidth = width
        }
    }
}
