/// Building columns from Swift arrays: one copy into an aligned buffer, no per-value work.
extension Column {
    /// A long column (or `type`: timestamp, or a decimal of precision <= 18 given unscaled).
    /// `validity[i] == false` marks row `i` null; nil means no nulls.
    public init(_ values: [Int64], type: DataType = .int64, validity: [Bool]? = nil) throws {
        try self.init(fixedWidth: values, type: type, physical: .int64, validity: validity)
    }

    /// An integer column (or `type`: date, as days since 1970-01-01).
    public init(_ values: [Int32], type: DataType = .int32, validity: [Bool]? = nil) throws {
        try self.init(fixedWidth: values, type: type, physical: .int32, validity: validity)
    }

    /// A double column.
    public init(_ values: [Double], validity: [Bool]? = nil) throws {
        try self.init(fixedWidth: values, type: .float64, physical: .float64, validity: validity)
    }

    /// A boolean column.
    public init(_ values: [Bool], validity: [Bool]? = nil) throws {
        let buffer = Buffer(capacity: Bitmap.byteCount(values.count), zeroed: true)
        for (index, value) in values.enumerated() where value { Bitmap.set(buffer.typed(UInt8.self), index) }
        self.init(type: .boolean, count: values.count, values: buffer, validity: try Self.validityBuffer(validity, count: values.count))
    }

    /// A string (or binary) column from Arrow-style offsets (`count + 1`, non-decreasing, starting at
    /// 0 and ending at `bytes.count`) and UTF-8 bytes.
    /// - Throws: `DataFlowError` (`.invalidArgument`) when the offsets are inconsistent.
    public init(offsets: [Int32], bytes: [UInt8], type: DataType = .string, validity: [Bool]? = nil) throws {
        guard type.isVariableWidth else { throw DataFlowError.invalidArgument("type", "\(type) is not a string or binary type") }
        guard let first = offsets.first, first == 0, Int(offsets[offsets.count - 1]) == bytes.count,
              zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            throw DataFlowError.invalidArgument("offsets", "must start at 0, never decrease and end at the byte count \(bytes.count)")
        }
        let count = offsets.count - 1
        let values = offsets.withUnsafeBufferPointer { Buffer(copying: $0) }
        let data = bytes.withUnsafeBufferPointer { Buffer(copying: $0) }
        self.init(type: type, count: count, values: values, bytes: data, validity: try Self.validityBuffer(validity, count: count))
    }

    /// A string column from Swift strings (nil elements are nulls).
    public init(_ strings: [String?]) {
        var builder = ColumnBuilder(type: .string, capacity: strings.count)
        for string in strings {
            if let string { builder.appendString(string) } else { builder.appendNull() }
        }
        self = builder.finish()
    }

    /// A column of `type` holding the values of `values`, whose storage it takes over without a copy
    /// (the buffer must not be appended to afterwards). `T` is the type's physical storage type.
    /// - Throws: `DataFlowError` (`.invalidArgument`) when `T` does not store `type`, or the
    ///   validity's length differs from the values'.
    public init<T>(_ type: DataType, adopting values: GrowableBuffer<T>, validity: [Bool]? = nil) throws {
        try Self.checkStorage(T.self, of: type)
        self.init(type: type, count: values.count, values: values.storage, validity: try Self.validityBuffer(validity, count: values.count))
    }

    /// A column of `type` from values of its physical storage type `T`.
    init<T>(fixedWidth values: [T], type: DataType, physical: PhysicalType, validity: [Bool]?) throws {
        guard type.physical == physical else {
            throw DataFlowError.invalidArgument("type", "\(type) is not stored as \(T.self)")
        }
        let buffer = values.withUnsafeBufferPointer { Buffer(copying: $0) }
        self.init(type: type, count: values.count, values: buffer, validity: try Self.validityBuffer(validity, count: values.count))
    }

    /// An array column whose row `i` holds `elements[offsets[i] ..< offsets[i + 1]]`.
    /// - Throws: `DataFlowError(.invalidArgument)` when the offsets are not `rows + 1`
    ///   non-decreasing positions within `elements`, or the validity has the wrong length.
    public init(arrayOffsets offsets: [Int32], elements: Column, validity: [Bool]? = nil) throws {
        try Self.checkListOffsets(offsets, entries: elements.count)
        let rows = offsets.count - 1
        self = .array(count: rows, offsets: offsets.withUnsafeBufferPointer { Buffer(copying: $0) }, elements: elements,
                      validity: try Self.validityBuffer(validity, count: rows))
    }

    /// A map column whose row `i` pairs `keys[offsets[i] ..< offsets[i + 1]]` with the same rows of `values`.
    /// - Throws: `DataFlowError(.invalidArgument)` for offsets as `init(arrayOffsets:elements:validity:)`
    ///   refuses them, keys and values of different lengths, or a null key.
    public init(mapOffsets offsets: [Int32], keys: Column, values: Column, validity: [Bool]? = nil) throws {
        guard keys.count == values.count else {
            throw DataFlowError.invalidArgument("values", "has \(values.count) entries for \(keys.count) keys")
        }
        guard !keys.hasNulls else { throw DataFlowError.invalidArgument("keys", "a map key cannot be null") }
        try Self.checkListOffsets(offsets, entries: keys.count)
        let rows = offsets.count - 1
        self = .map(count: rows, offsets: offsets.withUnsafeBufferPointer { Buffer(copying: $0) }, keys: keys, values: values,
                    validity: try Self.validityBuffer(validity, count: rows))
    }

    /// A struct column of `count` rows whose fields `fields` hold the values of `columns`.
    /// - Throws: `DataFlowError(.invalidArgument)` when the columns do not match the fields in
    ///   number and type or are not `count` rows long, or the validity has the wrong length.
    public init(structFields fields: [Field], columns: [Column], count: Int, validity: [Bool]? = nil) throws {
        guard fields.count == columns.count else {
            throw DataFlowError.invalidArgument("columns", "has \(columns.count) columns for \(fields.count) fields")
        }
        for (field, column) in zip(fields, columns) {
            guard column.type == field.type, column.count == count else {
                throw DataFlowError.invalidArgument("columns", "field '\(field.name)' is \(field.type) of \(count) rows, its column \(column.type) of \(column.count)")
            }
        }
        self = .structure(.struct(fields), count: count, fields: columns, validity: try Self.validityBuffer(validity, count: count))
    }

    /// Checks that `offsets` are at least one non-decreasing position within `entries` entries.
    private static func checkListOffsets(_ offsets: [Int32], entries: Int) throws {
        guard let first = offsets.first, first >= 0, Int(offsets[offsets.count - 1]) <= entries else {
            throw DataFlowError.invalidArgument("offsets", "must be rows + 1 positions within the \(entries) entries")
        }
        for index in 1..<offsets.count where offsets[index] < offsets[index - 1] {
            throw DataFlowError.invalidArgument("offsets", "decrease at row \(index - 1)")
        }
    }

    private static func validityBuffer(_ validity: [Bool]?, count: Int) throws -> Buffer? {
        guard let validity else { return nil }
        guard validity.count == count else {
            throw DataFlowError.invalidArgument("validity", "has \(validity.count) entries for \(count) values")
        }
        return Bitmap.fromBools(validity)
    }
}
