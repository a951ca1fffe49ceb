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
/// type it reads as (nil, with a reason, when DataFlow cannot read it).
struct ParquetLeaf: Sendable {
    /// The dotted path of the column (its name for a top-level column).
    let name: String
    /// The index of the leaf among all leaves (its column chunk index in a row group).
    let chunkIndex: Int
    let physical: ParquetPhysicalType
    let typeLength: Int
    let maxDefinitionLevel: Int
    let maxRepetitionLevel: Int
    /// The DataFlow field, or nil when unreadable.
    let field: Field?
    let conversion: ParquetConversion
    /// Why the column cannot be read (nested or unsupported type).
    let unsupported: String?
}

/// The readable shape of a Parquet schema: the top-level columns DataFlow exposes (flat leaves) and
/// the nested ones it skips unless selected.
struct ParquetSchema: Sendable {
    /// Every leaf, in chunk order.
    let leaves: [ParquetLeaf]
    /// The top-level columns as DataFlow sees them: each maps to one leaf, or to a nested group
    /// (whose first leaf is given, with `unsupported` set).
    let columns: [ParquetLeaf]

    /// Flattens the footer's depth-first schema list.
    /// - Throws: `DataFlowError(.parse)` when the tree is malformed.
    init(_ elements: [SchemaElement], path: String) throws {
        var leaves: [ParquetLeaf] = []
        var columns: [ParquetLeaf] = []
        var index = 1
        func corrupt(_ message: String) -> DataFlowError {
            DataFlowError(.parse, "corrupt Parquet schema: \(message)", location: ErrorLocation(path: path))
        }
        // Walks the subtree at `index`; `topLevel` names the top-level column it belongs to.
        func walk(prefix: String, definition: Int, repetition: Int, nested: String?, depth: Int) throws {
            guard index < elements.count else { throw corrupt("the schema list ends inside a group") }
            guard depth < 64 else { throw corrupt("groups nested too deeply") }
            let element = elements[index]
            index += 1
            let name = prefix.isEmpty ? element.name : prefix + "." + element.name
            let rep = element.repetition ?? .optional
            let definition = definition + (rep == .required ? 0 : 1)
            let repetition = repetition + (rep == .repeated ? 1 : 0)
            let isTop = prefix.isEmpty
            if let children = element.childCount, element.type == nil {
                guard children >= 0, children <= elements.count else { throw corrupt("group '\(name)' has \(children) children") }
                let kind: String
                switch (element.logicalType, element.convertedType) {
                case (.list?, _), (_, .list?): kind = "LIST"
                case (.map?, _), (_, .map?), (_, .mapKeyValue?): kind = "MAP"
                default: kind = rep == .repeated ? "repeated group" : "STRUCT"
                }
                let nestedReason = nested ?? "nested column '\(name)' (\(kind)) cannot be read yet"
                let first = leaves.count
                for _ in 0..<children {
                    try walk(prefix: name, definition: definition, repetition: repetition, nested: nestedReason, depth: depth + 1)
                }
                if isTop {
                    let leaf = first < leaves.count ? leaves[first] : nil
                    columns.append(ParquetLeaf(name: element.name, chunkIndex: leaf?.chunkIndex ?? -1, physical: leaf?.physical ?? .int32,
                                               typeLength: 0, maxDefinitionLevel: definition, maxRepetitionLevel: repetition,
                                               field: nil, conversion: .direct, unsupported: nestedReason))
                }
                return
            }
            guard let physical = element.type else { throw corrupt("leaf '\(name)' has no physical type") }
            var reason = nested ?? (rep == .repeated ? "repeated column '\(name)' cannot be read yet" : nil)
            var mapped: (DataType, ParquetConversion)?
            if reason == nil {
                do { mapped = try Self.dataType(of: element, physical: physical) } catch let error as DataFlowError { reason = error.message }
            }
            let leaf = ParquetLeaf(name: name, chunkIndex: leaves.count, physical: physical, typeLength: Int(element.typeLength ?? 0),
                                   maxDefinitionLevel: definition, maxRepetitionLevel: repetition,
                                   field: mapped.map { Field(element.name, $0.0, nullable: rep != .required) },
                                   conversion: mapped?.1 ?? .direct, unsupported: mapped == nil ? reason : nil)
            leaves.append(leaf)
            if isTop { columns.append(leaf) }
        }
        let rootChildren = Int(elements.first?.childCount ?? 0)
        guard rootChildren >= 0, rootChildren < elements.count else { throw corrupt("the root has \(rootChildren) children") }
        for _ in 0..<rootChildren { try walk(prefix: "", definition: 0, repetition: 0, nested: nil, depth: 0) }
        self.leaves = leaves
        self.columns = columns
    }

    /// The DataFlow type of a leaf and the conversion from its physical values.
    /// - Throws: `DataFlowError(.notImplemented)` for types DataFlow does not have.
    static func dataType(of element: SchemaElement, physical: ParquetPhysicalType) throws -> (DataType, ParquetConversion) {
        func unsupported(_ what: String) -> DataFlowError {
            DataFlowError(.notImplemented, "column '\(element.name)': \(what) (\(physical.name)) cannot be read yet")
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

    /// The footer schema of a flat DataFlow schema: a root group and one leaf per column.
    /// - Throws: `DataFlowError(.notImplemented)` for void columns.
    static func elements(for schema: Schema) throws -> [SchemaElement] {
        var elements = [SchemaElement(name: "schema", childCount: Int32(schema.count))]
        for field in schema.fields {
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
                throw DataFlowError(.notImplemented, "column '\(field.name)' has no type (an untyped null); cast it before writing Parquet",
                                    location: ErrorLocation(column: field.name))
            case .array, .map, .struct:
                throw DataFlowError(.notImplemented, "column '\(field.name)' is \(field.type); DataFlow does not write nested Parquet columns yet",
                                    location: ErrorLocation(column: field.name))
            }
            elements.append(element)
        }
        return elements
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
