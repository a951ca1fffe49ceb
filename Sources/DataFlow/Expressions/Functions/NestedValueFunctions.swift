/// Functions that build arrays, maps and structs and read parts of them, by Spark's names:
/// array, named_struct (and struct, bound through it), map / create_map, map_from_arrays,
/// map_from_entries, get_field (a struct's field: `Column.getField`, SQL `s.x`), element_at, get,
/// size / cardinality / array_size, map_keys, map_values, map_entries.
enum NestedValueFunctions {
    static let all: [ScalarFunction] = [array, namedStruct, map, mapFromArrays, mapFromEntries, getField, elementAt, get, size("size"),
                                        size("cardinality"), arraySize, mapPart("map_keys", child: 0), mapPart("map_values", child: 1),
                                        mapEntries]

    /// The type `arguments` are gathered in (`TypeCoercion.widerType`), or an analysis error
    /// naming `name`.
    static func commonType(_ name: String, _ arguments: [any PhysicalExpr]) throws -> DataType {
        guard let type = TypeCoercion.widerType(arguments.map(\.dataType)) else {
            throw DataFlowError(.analysis, "\(name): arguments have incompatible types \(arguments.map(\.dataType))", location: ErrorLocation(operatorName: name))
        }
        return type
    }

    /// The argument at `index`, which must be an array; its element type.
    static func arrayArgument(_ name: String, _ arguments: [any PhysicalExpr], _ index: Int) throws -> DataType {
        guard case let .array(element) = arguments[index].dataType else {
            throw DataFlowError(.analysis, "\(name): argument \(index + 1) must be an array, found \(arguments[index].dataType)",
                                location: ErrorLocation(operatorName: name))
        }
        return element
    }

    /// Row `i` of `count` rows: each argument's row `i` laid out one after another, so that entry
    /// `i * width + k` is argument `k`'s row `i`.
    private static func interleaved(_ columns: [Column], count: Int) -> Column {
        let width = columns.count
        var indices = [Int32](repeating: 0, count: count * width)
        for row in 0..<count {
            for k in 0..<width { indices[row * width + k] = Int32(k * count + row) }
        }
        return take(concat(columns), indices: indices)
    }

    /// Offsets `0, width, 2 * width, ...` for `count` rows.
    private static func evenOffsets(count: Int, width: Int) -> Buffer {
        .copying((0...count).map { Int32($0 * width) })
    }

    /// array(a, b, ...): an array of the arguments, in their common type.
    private static let array = ScalarFunction(name: "array") { arguments, binder in
        let type = arguments.isEmpty ? DataType.null : try commonType("array", arguments)
        let elements = try Arguments.coerceAll("array", arguments, to: type, binder)
        return FunctionExpr(name: "array", arguments: elements, dataType: .array(type), nullable: false) { inputs, count in
            let columns = inputs.map { $0.materialize(count) }
            let values = columns.isEmpty ? Column.nulls(type: type, count: 0) : interleaved(columns, count: count)
            return .array(count: count, offsets: evenOffsets(count: count, width: columns.count), elements: values, validity: nil)
        }
    }

    /// named_struct(name1, value1, ...): a struct of the values, named by the constant names.
    private static let namedStruct = ScalarFunction(name: "named_struct") { arguments, _ in
        guard arguments.count % 2 == 0 else { throw DataFlowError(.analysis, "named_struct takes name and value pairs, got \(arguments.count) arguments") }
        var fields: [Field] = []
        for pair in stride(from: 0, to: arguments.count, by: 2) {
            guard let name = try Arguments.constantString("named_struct", arguments, pair) else {
                throw DataFlowError(.analysis, "named_struct: field name \(pair / 2 + 1) is null")
            }
            fields.append(Field(name, arguments[pair + 1].dataType, nullable: arguments[pair + 1].nullable))
        }
        let values = stride(from: 1, to: arguments.count, by: 2).map { arguments[$0] }
        let type = DataType.struct(fields)
        return FunctionExpr(name: "named_struct", arguments: values, dataType: type, nullable: false) { inputs, count in
            .structure(type, count: count, fields: inputs.map { $0.materialize(count) }, validity: nil)
        }
    }

    /// map(k1, v1, ...) / create_map: a map of the pairs, keys and values each in their common
    /// type. A null key or a key given twice is an error, as in Spark.
    private static let map = ScalarFunction(name: "map") { arguments, binder in
        guard arguments.count % 2 == 0 else { throw DataFlowError(.analysis, "map takes key and value pairs, got \(arguments.count) arguments") }
        let keyArguments = stride(from: 0, to: arguments.count, by: 2).map { arguments[$0] }
        let valueArguments = stride(from: 1, to: arguments.count, by: 2).map { arguments[$0] }
        let keyType = keyArguments.isEmpty ? DataType.null : try commonType("map", keyArguments)
        let valueType = valueArguments.isEmpty ? DataType.null : try commonType("map", valueArguments)
        let keys = try Arguments.coerceAll("map", keyArguments, to: keyType, binder)
        let values = try Arguments.coerceAll("map", valueArguments, to: valueType, binder)
        let width = keys.count
        return FunctionExpr(name: "map", arguments: keys + values, dataType: .map(key: keyType, value: valueType), nullable: false) { inputs, count in
            let columns = inputs.map { $0.materialize(count) }
            let keyColumn = width == 0 ? Column.nulls(type: keyType, count: 0) : interleaved(Array(columns[..<width]), count: count)
            let valueColumn = width == 0 ? Column.nulls(type: valueType, count: 0) : interleaved(Array(columns[width...]), count: count)
            let offsets = evenOffsets(count: count, width: width)
            let result = Column.map(count: count, offsets: offsets, keys: keyColumn, values: valueColumn, validity: nil)
            try checkKeys(result, in: "map")
            return result
        }
    }

    /// Throws when a map has a null key or the same key twice (Spark's default
    /// `mapKeyDedupPolicy`, EXCEPTION).
    static func checkKeys(_ map: Column, in name: String) throws {
        let keys = map.mapEntries.keys
        let images = ValueImages(keys)
        var seen = ValueSet()
        try map.withListOffsets { offsets, validity in
            for row in 0..<map.count where validity[row] {
                seen.reset(capacity: Int(offsets[row + 1] - offsets[row]))
                for entry in Int(offsets[row]) ..< Int(offsets[row + 1]) {
                    if images.isNull(entry) { throw DataFlowError(.execution, "\(name): a map key is null (row \(row))") }
                    guard seen.insert(entry, of: images) else {
                        throw DataFlowError(.execution, "\(name): duplicate map key \(keys.scalar(at: entry).formatted()) (row \(row))")
                    }
                }
            }
        }
    }

    /// map_from_arrays(keys, values): a map pairing two arrays' elements; null when either array
    /// is; arrays of different lengths are an error.
    private static let mapFromArrays = ScalarFunction(name: "map_from_arrays") { arguments, _ in
        try Arguments.expect("map_from_arrays", arguments, count: 2...2)
        let keyType = try arrayArgument("map_from_arrays", arguments, 0), valueType = try arrayArgument("map_from_arrays", arguments, 1)
        return FunctionExpr(name: "map_from_arrays", arguments: arguments, dataType: .map(key: keyType, value: valueType), nullable: true) { inputs, count in
            let keys = inputs[0].materialize(count), values = inputs[1].materialize(count)
            var keyPicks = ArrayAssembly(), valuePicks = ArrayAssembly()
            try keys.withListOffsets { keyOffsets, keysValid in
                try values.withListOffsets { valueOffsets, valuesValid in
                    for row in 0..<count {
                        let isNull = !keysValid[row] || !valuesValid[row]
                        let keyRange = Int(keyOffsets[row]) ..< Int(keyOffsets[row + 1])
                        let valueRange = Int(valueOffsets[row]) ..< Int(valueOffsets[row + 1])
                        if !isNull {
                            guard keyRange.count == valueRange.count else {
                                throw DataFlowError(.execution, "map_from_arrays: \(keyRange.count) keys and \(valueRange.count) values (row \(row))")
                            }
                            keyPicks.append(keyRange)
                            valuePicks.append(valueRange)
                        }
                        keyPicks.endRow(isNull: isNull)
                        valuePicks.endRow(isNull: isNull)
                    }
                }
            }
            let keyArray = keyPicks.finish(elements: keys.arrayElements), valueArray = valuePicks.finish(elements: values.arrayElements)
            let result = Column.map(count: count, offsets: .copying(keyPicks.offsets), keys: keyArray.arrayElements, values: valueArray.arrayElements,
                                    validity: keyArray.validity)
            try checkKeys(result, in: "map_from_arrays")
            return result
        }
    }

    /// map_from_entries(array of key/value structs): a map of the entries; null when the array
    /// or any entry is null.
    private static let mapFromEntries = ScalarFunction(name: "map_from_entries") { arguments, _ in
        try Arguments.expect("map_from_entries", arguments, count: 1...1)
        guard case let .struct(fields) = try arrayArgument("map_from_entries", arguments, 0), fields.count == 2 else {
            throw DataFlowError(.analysis, "map_from_entries takes an array of two-field structs, found \(arguments[0].dataType)")
        }
        let type = DataType.map(key: fields[0].type, value: fields[1].type)
        return FunctionExpr(name: "map_from_entries", arguments: arguments, dataType: type, nullable: true) { inputs, count in
            let entries = inputs[0].materialize(count)
            let structs = entries.arrayElements
            var picks = ArrayAssembly()
            entries.withListOffsets { offsets, validity in
                for row in 0..<count {
                    let range = Int(offsets[row]) ..< Int(offsets[row + 1])
                    let isNull = !validity[row] || range.contains { structs.isNull($0) }
                    if !isNull { picks.append(range) }
                    picks.endRow(isNull: isNull)
                }
            }
            let array = picks.finish(elements: structs)
            let pairs = array.arrayElements.fieldColumns
            let result = Column.map(count: count, offsets: .copying(picks.offsets), keys: pairs[0], values: pairs[1], validity: array.validity)
            try checkKeys(result, in: "map_from_entries")
            return result
        }
    }

    /// get_field(struct, name): the struct's field `name` (case-insensitive), null where the
    /// struct is null.
    private static let getField = ScalarFunction(name: "get_field") { arguments, _ in
        try Arguments.expect("get_field", arguments, count: 2...2)
        guard case let .struct(fields) = arguments[0].dataType else {
            throw DataFlowError(.analysis, "get_field needs a struct, found \(arguments[0].dataType)")
        }
        let name = try Arguments.constantString("get_field", arguments, 1) ?? ""
        guard let index = fields.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) else {
            throw DataFlowError(.analysis, "no field '\(name)' in \(arguments[0].dataType)", location: ErrorLocation(column: name))
        }
        return FunctionExpr(name: "get_field", arguments: [arguments[0]], dataType: fields[index].type, nullable: true) { inputs, count in
            inputs[0].materialize(count).field(index)
        }
    }

    /// Entry `position` of row `row`'s range `range` as a pick: 1-based from the start, negative
    /// from the end; -1 when out of range.
    private static func pick(_ range: Range<Int>, _ position: Int, oneBased: Bool) -> Int32 {
        let index = oneBased ? (position > 0 ? position - 1 : range.count + position) : position
        return index >= 0 && index < range.count ? Int32(range.lowerBound + index) : -1
    }

    /// The picks for an element lookup: per row of `arrays`, entry `positions[row]`; a null array
    /// or position, or one out of range, is a null.
    private static func positionPicks(_ arrays: Column, _ positions: Column, oneBased: Bool) throws -> [Int32] {
        let count = arrays.count
        return try arrays.withListOffsets { offsets, valid in
            try positions.withValues(Int32.self) { values, present in
                try (0..<count).map { row in
                    guard valid[row], present[row] else { return -1 }
                    if oneBased && values[row] == 0 { throw DataFlowError(.execution, "element_at: the index 0 is invalid; indices start at 1 (row \(row))") }
                    return pick(Int(offsets[row]) ..< Int(offsets[row + 1]), Int(values[row]), oneBased: oneBased)
                }
            }
        }
    }

    /// The picks for a map lookup: per row, the entry whose key equals `keys[row]`; -1 for none.
    static func keyPicks(_ maps: Column, _ keys: Column) -> [Int32] {
        let count = maps.count
        let entryKeys = maps.mapEntries.keys
        // The sought keys and the map's keys share one set of images.
        let range = maps.listEntries
        let images = ValueImages(concat([entryKeys.slice(range.lowerBound, range.count), keys]))
        return maps.withListOffsets { offsets, valid in
            (0..<count).map { row in
                guard valid[row], !keys.isNull(row) else { return -1 }
                for entry in Int(offsets[row]) ..< Int(offsets[row + 1]) where images.equal(entry - range.lowerBound, range.count + row) {
                    return Int32(entry)
                }
                return -1
            }
        }
    }

    /// element_at(array, index): the element at a 1-based index (negative: from the end), null
    /// when out of range; element_at(map, key): the key's value, null when absent.
    private static let elementAt = ScalarFunction(name: "element_at") { arguments, binder in
        try Arguments.expect("element_at", arguments, count: 2...2)
        switch arguments[0].dataType {
        case let .array(element):
            let index = try Arguments.coerce("element_at", arguments, 1, to: .int32, binder)
            return FunctionExpr(name: "element_at", arguments: [arguments[0], index], dataType: element, nullable: true) { inputs, count in
                let arrays = inputs[0].materialize(count)
                return take(arrays.arrayElements, indices: try positionPicks(arrays, inputs[1].materialize(count), oneBased: true))
            }
        case let .map(key, value):
            let sought = try Arguments.coerce("element_at", arguments, 1, to: key, binder)
            return FunctionExpr(name: "element_at", arguments: [arguments[0], sought], dataType: value, nullable: true) { inputs, count in
                let maps = inputs[0].materialize(count)
                return take(maps.mapEntries.values, indices: keyPicks(maps, inputs[1].materialize(count)))
            }
        default:
            throw DataFlowError(.analysis, "element_at needs an array or a map, found \(arguments[0].dataType)")
        }
    }

    /// get(array, index): the element at a 0-based index, null when out of range (SQL's
    /// `array[index]`); get(map, key) is the key's value (`Column.getItem` on either).
    private static let get = ScalarFunction(name: "get") { arguments, binder in
        try Arguments.expect("get", arguments, count: 2...2)
        if case .map = arguments[0].dataType { return try elementAt.bind(arguments, binder) }
        let element = try arrayArgument("get", arguments, 0)
        let index = try Arguments.coerce("get", arguments, 1, to: .int32, binder)
        return FunctionExpr(name: "get", arguments: [arguments[0], index], dataType: element, nullable: true) { inputs, count in
            let arrays = inputs[0].materialize(count)
            return take(arrays.arrayElements, indices: try positionPicks(arrays, inputs[1].materialize(count), oneBased: false))
        }
    }

    /// size(array or map) / cardinality: the number of elements or entries; -1 for null (Spark's
    /// behaviour without ANSI mode).
    private static func size(_ name: String) -> ScalarFunction {
        ScalarFunction(name: name) { arguments, _ in
            try Arguments.expect(name, arguments, count: 1...1)
            guard case .list = arguments[0].dataType.physical else {
                throw DataFlowError(.analysis, "\(name) needs an array or a map, found \(arguments[0].dataType)")
            }
            return FunctionExpr(name: name, arguments: arguments, dataType: .int32, nullable: false) { inputs, count in
                let lists = inputs[0].materialize(count)
                let sizes = lists.withListOffsets { offsets, valid in (0..<count).map { valid[$0] ? offsets[$0 + 1] - offsets[$0] : -1 } }
                return try Column(sizes)
            }
        }
    }

    /// array_size(array): the number of elements; null for null.
    private static let arraySize = ScalarFunction(name: "array_size") { arguments, _ in
        try Arguments.expect("array_size", arguments, count: 1...1)
        _ = try arrayArgument("array_size", arguments, 0)
        return FunctionExpr(name: "array_size", arguments: arguments, dataType: .int32, nullable: true) { inputs, count in
            let arrays = inputs[0].materialize(count)
            let sizes = arrays.withListOffsets { offsets, _ in (0..<count).map { offsets[$0 + 1] - offsets[$0] } }
            return try Column(sizes).withValidity(arrays.hasNulls ? Bitmap.copy(arrays.validityView, count: count) : nil)
        }
    }

    /// map_keys(map) / map_values(map): the keys or the values as an array.
    private static func mapPart(_ name: String, child: Int) -> ScalarFunction {
        ScalarFunction(name: name) { arguments, _ in
            try Arguments.expect(name, arguments, count: 1...1)
            guard case let .map(key, value) = arguments[0].dataType else { throw DataFlowError(.analysis, "\(name) needs a map, found \(arguments[0].dataType)") }
            return FunctionExpr(name: name, arguments: arguments, dataType: .array(child == 0 ? key : value), nullable: true) { inputs, count in
                let maps = inputs[0].materialize(count)
                return Column(type: .array(child == 0 ? key : value), count: count, values: maps.values, validity: maps.validity,
                              offset: maps.offset, nullCount: maps.nullCount, children: [maps.children[child]])
            }
        }
    }

    /// map_entries(map): the entries as an array of key/value structs.
    private static let mapEntries = ScalarFunction(name: "map_entries") { arguments, _ in
        try Arguments.expect("map_entries", arguments, count: 1...1)
        guard case let .map(key, value) = arguments[0].dataType else { throw DataFlowError(.analysis, "map_entries needs a map, found \(arguments[0].dataType)") }
        let entry = DataType.struct([Field("key", key, nullable: false), Field("value", value)])
        return FunctionExpr(name: "map_entries", arguments: arguments, dataType: .array(entry), nullable: true) { inputs, count in
            let maps = inputs[0].materialize(count)
            let (keys, values) = maps.mapEntries
            let entries = Column.structure(entry, count: keys.count, fields: [keys, values], validity: nil)
            return Column(type: .array(entry), count: count, values: maps.values, validity: maps.validity, offset: maps.offset,
                          nullCount: maps.nullCount, children: [entries])
        }
    }
}

extension ColumnOrName where Self == Expr {
    /// An array of the arguments.
    public static func array(_ columns: any ColumnOrName...) -> Expr { Expr(.function(name: "array", arguments: columns.map(\.columnExpr))) }
    /// A struct of the arguments, each field named by its column name or alias (`col1`, `col2`, ...
    /// for other expressions).
    public static func `struct`(_ columns: any ColumnOrName...) -> Expr { Expr(.function(name: "struct", arguments: columns.map(\.columnExpr))) }
    /// A struct of `(name, value)` pairs.
    public static func namedStruct(_ fields: (String, any ColumnOrName)...) -> Expr {
        Expr(.function(name: "named_struct", arguments: fields.flatMap { [lit($0.0), $0.1.columnExpr] }))
    }
    /// A map of the `(key, value)` pairs; a null or repeated key is an error.
    public static func createMap(_ pairs: (any ColumnOrName, any ColumnOrName)...) -> Expr {
        Expr(.function(name: "map", arguments: pairs.flatMap { [$0.0.columnExpr, $0.1.columnExpr] }))
    }
    /// A map pairing the elements of two arrays.
    public static func mapFromArrays(_ keys: some ColumnOrName, _ values: some ColumnOrName) -> Expr { call("map_from_arrays", keys, values) }
    /// A map of an array of key/value structs.
    public static func mapFromEntries(_ entries: some ColumnOrName) -> Expr { call("map_from_entries", entries) }
    /// The element at a 1-based index of an array (negative: from the end), or a map's value for a key.
    public static func elementAt(_ collection: some ColumnOrName, _ key: Scalar) -> Expr {
        Expr(.function(name: "element_at", arguments: [collection.columnExpr, lit(key.asIndex)]))
    }
    /// The number of elements of an array or entries of a map; -1 for null.
    public static func size(_ collection: some ColumnOrName) -> Expr { call("size", collection) }
    /// The number of elements of an array or entries of a map; -1 for null.
    public static func cardinality(_ collection: some ColumnOrName) -> Expr { call("cardinality", collection) }
    /// The number of elements of an array; null for null.
    public static func arraySize(_ array: some ColumnOrName) -> Expr { call("array_size", array) }
    /// A map's keys as an array.
    public static func mapKeys(_ map: some ColumnOrName) -> Expr { call("map_keys", map) }
    /// A map's values as an array.
    public static func mapValues(_ map: some ColumnOrName) -> Expr { call("map_values", map) }
    /// A map's entries as an array of key/value structs.
    public static func mapEntries(_ map: some ColumnOrName) -> Expr { call("map_entries", map) }
    /// A row per element of an array (column `col`) or entry of a map (`key`, `value`); none for
    /// a null or empty one. Use it as a whole column of `select` or `withColumn`.
    public static func explode(_ collection: some ColumnOrName) -> Expr { call("explode", collection) }
    /// `explode`, with a row of nulls for a null or empty array or map.
    public static func explodeOuter(_ collection: some ColumnOrName) -> Expr { call("explode_outer", collection) }
    /// `explode` with each element's 0-based position first (column `pos`).
    public static func posexplode(_ collection: some ColumnOrName) -> Expr { call("posexplode", collection) }
    /// `posexplode`, with a row of nulls for a null or empty array or map.
    public static func posexplodeOuter(_ collection: some ColumnOrName) -> Expr { call("posexplode_outer", collection) }
    /// A row per struct of an array of structs, a column per field.
    public static func inline(_ structs: some ColumnOrName) -> Expr { call("inline", structs) }
    /// `inline`, with a row of nulls for a null or empty array.
    public static func inlineOuter(_ structs: some ColumnOrName) -> Expr { call("inline_outer", structs) }
}

extension Expr {
    /// The struct's field `name`.
    public func getField(_ name: String) -> Expr { Expr(.function(name: "get_field", arguments: [self, lit(name)])) }

    /// An array's element at a 0-based index, or a map's value for `key`; null when absent. An
    /// integer key reads `get` (which takes maps too), any other `element_at`, as Spark needs on
    /// a cluster.
    public func getItem(_ key: Scalar) -> Expr {
        Expr(.function(name: key.integerValue == nil ? "element_at" : "get", arguments: [self, lit(key.asIndex)]))
    }
}

extension Scalar {
    /// An integer that fits 32 bits as an int (the type Spark wants for array indices); any other
    /// value as it is.
    fileprivate var asIndex: Scalar {
        if case let .int64(value) = self, let narrow = Int32(exactly: value) { return .int32(narrow) }
        return self
    }
}
