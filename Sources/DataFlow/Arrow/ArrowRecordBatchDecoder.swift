
/// Turns the body of one RecordBatch message into a DataFlow `RecordBatch`.
///
/// Per column the body holds, in schema order: nothing for Null; a validity bitmap (possibly empty
/// when the null count is 0) then the values for Bool and fixed-width types; a validity bitmap,
/// `length + 1` offsets and the value bytes for Utf8/Binary (and their Large variants). Buffers that
/// need no conversion are copied in bulk; widened types are converted in one typed loop per column.
/// Every length, offset and count is checked against the body before it is used.
struct ArrowRecordBatchDecoder {
    let fields: [ArrowField]
    let schema: Schema
    /// Decodes zstd-compressed bodies; nil refuses them.
    let zstd: ArrowZstdDecoder?

    /// The batch `header` describes, whose body is `body` (starting at byte `bodyOffset` of the stream).
    /// - Throws: `DataFlowError` (`.parse`) naming the field when a buffer or count is inconsistent.
    func decode(_ header: ArrowRecordBatchHeader, body: UnsafeRawBufferPointer, bodyOffset: Int) throws -> RecordBatch {
        guard header.length >= 0, header.length <= Int(Int32.max) else {
            throw malformed("record batch of \(header.length) rows", at: bodyOffset)
        }
        guard header.nodes.count == fields.count else {
            throw malformed("record batch has \(header.nodes.count) field nodes for \(fields.count) fields", at: bodyOffset)
        }
        for range in header.buffers where range.offset < 0 || range.length < 0 || range.offset > body.count - range.length {
            throw malformed("buffer at \(range.offset) of \(range.length) bytes lies outside the body of \(body.count) bytes", at: bodyOffset)
        }
        guard let codec = header.compression else {
            return try columns(header, body: body, bodyOffset: bodyOffset)
        }
        let (plain, buffers) = try ArrowBodyCompression.decompress(body, buffers: header.buffers, codec: codec, bodyOffset: bodyOffset, zstd: zstd)
        var decompressed = header
        decompressed.buffers = buffers
        return try plain.withUnsafeBytes { try columns(decompressed, body: $0, bodyOffset: bodyOffset) }
    }

    private func columns(_ header: ArrowRecordBatchHeader, body: UnsafeRawBufferPointer, bodyOffset: Int) throws -> RecordBatch {
        var columns: [Column] = []
        columns.reserveCapacity(fields.count)
        var nextBuffer = 0
        for (index, field) in fields.enumerated() {
            let node = header.nodes[index]
            let bufferCount = Self.bufferCount(field.type)
            guard node.length == header.length, node.nullCount >= 0, node.nullCount <= node.length,
                  nextBuffer + bufferCount <= header.buffers.count
            else {
                throw malformed("field '\(field.name)': node of \(node.length) values, \(node.nullCount) nulls and \(header.buffers.count - nextBuffer) buffers left does not fit a batch of \(header.length) rows",
                                at: bodyOffset, field: field.name)
            }
            let buffers = header.buffers[nextBuffer..<nextBuffer + bufferCount].map {
                UnsafeRawBufferPointer(rebasing: body[$0.offset..<$0.offset + $0.length])
            }
            nextBuffer += bufferCount
            do {
                columns.append(try column(field.type, as: schema[index].type, node: node, buffers: buffers))
            } catch let error as DataFlowError {
                throw malformed("field '\(field.name)' (\(field.type)): \(error.message)", at: bodyOffset, field: field.name)
            }
        }
        return try RecordBatch(schema: schema, columns: columns, rowCount: header.length)
    }

    /// The longest Null column read in one batch.
    static let maxNullColumnLength = 1 << 26

    /// How many body buffers a column of `type` takes.
    static func bufferCount(_ type: ArrowType) -> Int {
        switch type {
        case .null: return 0
        case .utf8, .largeUtf8, .binary, .largeBinary: return 3
        default: return 2
        }
    }

    private func column(_ arrow: ArrowType, as type: DataType, node: ArrowFieldNode, buffers: [UnsafeRawBufferPointer]) throws -> Column {
        let count = node.length
        if case .null = arrow {
            // A Null column has no buffers to bound its length; cap it so a forged length cannot
            // allocate unbounded memory (Arrow writers send far smaller batches).
            guard count <= Self.maxNullColumnLength else {
                throw DataFlowError(.parse, "Null column of \(count) rows exceeds the \(Self.maxNullColumnLength) DataFlow reads per batch")
            }
            let allNull = [UInt8](repeating: 0, count: (count + 7) / 8)
            return try allNull.withUnsafeBytes { bits in
                try Column.fixedWidth(.null, count: count, validity: bits) { (values: UnsafeMutableBufferPointer<Int32>) in values.initialize(repeating: 0) }
            }
        }
        if count == 0 { return Column.nulls(type: type, count: 0) }
        var validity: UnsafeRawBufferPointer?
        if node.nullCount > 0 {
            guard buffers[0].count >= (count + 7) / 8 else {
                throw DataFlowError(.parse, "validity bitmap of \(buffers[0].count) bytes is too short for \(count) rows")
            }
            validity = buffers[0]
        }
        let values = buffers[1]
        switch arrow {
        case .bool: return try Column.booleans(count: count, bits: values, validity: validity)
        case .utf8, .binary: return try Column.variableWidth(type, count: count, offsets: values, bytes: buffers[2], validity: validity)
        case .largeUtf8, .largeBinary: return try Column.variableWidth(type, count: count, largeOffsets: values, bytes: buffers[2], validity: validity)
        case .int(32, true), .date(0): return try Self.copied(Int32.self, type, values, count: count, validity: validity)
        case .int(64, true), .timestamp(2, _): return try Self.copied(Int64.self, type, values, count: count, validity: validity)
        case .floatingPoint(2): return try Self.copied(Double.self, type, values, count: count, validity: validity)
        case .int(8, true): return try Self.converted(Int8.self, to: Int32.self, type, values, count: count, validity: validity) { Int32($0) }
        case .int(16, true): return try Self.converted(Int16.self, to: Int32.self, type, values, count: count, validity: validity) { Int32($0) }
        case .int(8, false): return try Self.converted(UInt8.self, to: Int32.self, type, values, count: count, validity: validity) { Int32($0) }
        case .int(16, false): return try Self.converted(UInt16.self, to: Int32.self, type, values, count: count, validity: validity) { Int32($0) }
        case .int(32, false): return try Self.converted(UInt32.self, to: Int64.self, type, values, count: count, validity: validity) { Int64($0) }
        case .floatingPoint(1): return try Self.converted(Float.self, to: Double.self, type, values, count: count, validity: validity) { Double($0) }
        case .date(1):
            return try Self.converted(Int64.self, to: Int32.self, type, values, count: count, validity: validity) { Int32(exactly: floorDivide($0, 86_400_000)) }
        case .timestamp(0, _):
            return try Self.converted(Int64.self, to: Int64.self, type, values, count: count, validity: validity) { $0.multipliedReportingOverflow(by: 1_000_000).overflow ? nil : $0 * 1_000_000 }
        case .timestamp(1, _):
            return try Self.converted(Int64.self, to: Int64.self, type, values, count: count, validity: validity) { $0.multipliedReportingOverflow(by: 1_000).overflow ? nil : $0 * 1_000 }
        case .timestamp(3, _):
            return try Self.converted(Int64.self, to: Int64.self, type, values, count: count, validity: validity) { floorDivide($0, 1_000) }
        case let .decimal(precision, _, bitWidth):
            return try Self.decimal(bitWidth: bitWidth, wide: precision > 18, type, values, count: count, validity: validity)
        default:
            throw DataFlowError(.internal, "no decoder for Arrow type \(arrow)")
        }
    }

    /// A decimal column from Arrow's 32, 64 or 128-bit two's complement values, stored as `Int64`
    /// (precision <= 18) or `Int128`.
    private static func decimal(bitWidth: Int, wide: Bool, _ type: DataType, _ values: UnsafeRawBufferPointer, count: Int,
                                validity: UnsafeRawBufferPointer?) throws -> Column
    {
        switch (bitWidth, wide) {
        case (32, false): return try converted(Int32.self, to: Int64.self, type, values, count: count, validity: validity) { Int64($0) }
        case (64, false): return try copied(Int64.self, type, values, count: count, validity: validity)
        case (128, false): return try converted(Int128.self, to: Int64.self, type, values, count: count, validity: validity) { Int64(exactly: $0) }
        case (32, true): return try converted(Int32.self, to: Int128.self, type, values, count: count, validity: validity) { Int128($0) }
        case (64, true): return try converted(Int64.self, to: Int128.self, type, values, count: count, validity: validity) { Int128($0) }
        default: return try copied(Int128.self, type, values, count: count, validity: validity)
        }
    }

    /// A column whose values are the buffer's bytes as they are (one copy).
    private static func copied<T>(_: T.Type, _ type: DataType, _ values: UnsafeRawBufferPointer, count: Int,
                                  validity: UnsafeRawBufferPointer?) throws -> Column
    {
        let byteCount = count * MemoryLayout<T>.size
        guard values.count >= byteCount, let source = values.baseAddress else { throw tooShort(values, count: count, width: MemoryLayout<T>.size) }
        return try Column.fixedWidth(type, count: count, validity: validity) { (out: UnsafeMutableBufferPointer<T>) in
            UnsafeMutableRawPointer(out.baseAddress!).copyMemory(from: source, byteCount: byteCount)
        }
    }

    /// A column of `Target` values converted one by one from the buffer's `Source` values. A value
    /// `convert` rejects (out of DataFlow's range) is an error unless its slot is null.
    @inline(__always)
    private static func converted<Source, Target: Numeric>(
        _: Source.Type, to _: Target.Type, _ type: DataType, _ values: UnsafeRawBufferPointer, count: Int,
        validity: UnsafeRawBufferPointer?, _ convert: (Source) -> Target?
    ) throws -> Column {
        let width = MemoryLayout<Source>.size
        guard values.count / width >= count, let source = values.baseAddress else { throw tooShort(values, count: count, width: width) }
        return try Column.fixedWidth(type, count: count, validity: validity) { (out: UnsafeMutableBufferPointer<Target>) in
            var rejected: Int?
            for index in 0..<count {
                if let value = convert(source.loadUnaligned(fromByteOffset: index &* width, as: Source.self)) {
                    out[index] = value
                } else {
                    out[index] = 0
                    if rejected == nil && isValid(validity, index) { rejected = index }
                }
            }
            if let rejected { throw DataFlowError(.parse, "value at row \(rejected) is outside the range of \(type)") }
        }
    }

    private static func isValid(_ validity: UnsafeRawBufferPointer?, _ index: Int) -> Bool {
        guard let validity else { return true }
        return validity[index >> 3] & (1 << UInt8(index & 7)) != 0
    }

    private static func tooShort(_ values: UnsafeRawBufferPointer, count: Int, width: Int) -> DataFlowError {
        DataFlowError(.parse, "values buffer of \(values.count) bytes is too short for \(count) values of \(width) bytes")
    }

    private func malformed(_ detail: String, at offset: Int, field: String? = nil) -> DataFlowError {
        DataFlowError(.parse, "Arrow IPC: \(detail)", location: ErrorLocation(column: field, byteOffset: offset))
    }
}
