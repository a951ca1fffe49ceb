
/// Turns the body of one RecordBatch message into a DataFlow `RecordBatch`.
///
/// Per column the body holds, in schema order: nothing for Null; a validity bitmap (possibly empty
/// when the null count is 0) then the values for Bool and fixed-width types; a validity bitmap,
/// `length + 1` offsets and the value bytes for Utf8/Binary (and their Large variants); a validity
/// bitmap and `length + 1` offsets for List, LargeList and Map, then their child; a validity bitmap
/// for Struct, then its children. Nested fields come in pre-order, one node each. Buffers that
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
        var cursor = Cursor(header: header, body: body)
        var columns: [Column] = []
        columns.reserveCapacity(fields.count)
        for (index, field) in fields.enumerated() {
            do {
                let column = try column(field, as: schema[index].type, cursor: &cursor)
                guard column.count == header.length else {
                    throw DataFlowError(.parse, "\(column.count) values do not fit a batch of \(header.length) rows")
                }
                columns.append(column)
            } catch let error as DataFlowError {
                throw malformed("field '\(field.name)' (\(field.type)): \(error.message)", at: bodyOffset, field: field.name)
            }
        }
        guard cursor.nextNode == header.nodes.count else {
            throw malformed("record batch has \(header.nodes.count) field nodes for \(cursor.nextNode) fields", at: bodyOffset)
        }
        return try RecordBatch(schema: schema, columns: columns, rowCount: header.length)
    }

    /// The next field node and buffers of a body, taken in the order fields are laid out.
    private struct Cursor {
        let header: ArrowRecordBatchHeader
        let body: UnsafeRawBufferPointer
        var nextNode = 0
        var nextBuffer = 0

        mutating func node() throws -> ArrowFieldNode {
            guard nextNode < header.nodes.count else { throw DataFlowError(.parse, "the record batch has too few field nodes") }
            defer { nextNode += 1 }
            let node = header.nodes[nextNode]
            guard node.length >= 0, node.length <= Int(Int32.max), node.nullCount >= 0, node.nullCount <= node.length else {
                throw DataFlowError(.parse, "node of \(node.length) values and \(node.nullCount) nulls")
            }
            return node
        }

        mutating func buffers(_ count: Int) throws -> [UnsafeRawBufferPointer] {
            guard nextBuffer + count <= header.buffers.count else { throw DataFlowError(.parse, "the record batch has too few buffers") }
            defer { nextBuffer += count }
            return header.buffers[nextBuffer ..< nextBuffer + count].map { UnsafeRawBufferPointer(rebasing: body[$0.offset ..< $0.offset + $0.length]) }
        }
    }

    /// The column of `field` (read as `type`), taking its nodes and buffers from `cursor`.
    private func column(_ field: ArrowField, as type: DataType, cursor: inout Cursor) throws -> Column {
        let node = try cursor.node()
        let buffers = try cursor.buffers(Self.bufferCount(field.type))
        switch (field.type, type) {
        case let (.list, .array(element)), let (.largeList, .array(element)):
            let offsets = try Self.listOffsets(buffers[1], count: node.length, large: field.type == .largeList)
            let elements = try column(field.children[0], as: element, cursor: &cursor)
            return .array(count: node.length, offsets: offsets.rebased, elements: try Self.entries(elements, offsets.range),
                          validity: try Self.validity(node, buffers[0]))
        case let (.map, .map(key, value)):
            let offsets = try Self.listOffsets(buffers[1], count: node.length, large: false)
            let entriesType = DataType.struct([Field("key", key, nullable: false), Field("value", value)])
            let entries = try Self.entries(try column(field.children[0], as: entriesType, cursor: &cursor), offsets.range)
            return .map(count: node.length, offsets: offsets.rebased, keys: entries.children[0], values: entries.children[1],
                        validity: try Self.validity(node, buffers[0]))
        case let (.struct, .struct(fields)):
            let children = try zip(field.children, fields).map { child, field in
                let values = try column(child, as: field.type, cursor: &cursor)
                guard values.count >= node.length else { throw DataFlowError(.parse, "field '\(field.name)' has \(values.count) of \(node.length) values") }
                return values.slice(0, node.length)
            }
            return .structure(type, count: node.length, fields: children, validity: try Self.validity(node, buffers[0]))
        default:
            return try column(field.type, as: type, node: node, buffers: buffers)
        }
    }

    /// A list's `count + 1` offsets (Int32, or Int64 when `large`), checked to rise from zero or
    /// more, rebased to zero, with the range of child entries they span.
    private static func listOffsets(_ buffer: UnsafeRawBufferPointer, count: Int, large: Bool) throws -> (rebased: Buffer, range: Range<Int>) {
        let width = large ? 8 : 4
        let rebased = Buffer(capacity: (count + 1) * 4)
        let out = rebased.typed(Int32.self)
        // An empty list column may come without offsets.
        if count == 0 && buffer.isEmpty {
            out[0] = 0
            return (rebased, 0 ..< 0)
        }
        guard buffer.count / width > count else { throw tooShort(buffer, count: count + 1, width: width) }
        func offset(_ index: Int) -> Int {
            large ? Int(buffer.loadUnaligned(fromByteOffset: index * 8, as: Int64.self)) : Int(buffer.loadUnaligned(fromByteOffset: index * 4, as: Int32.self))
        }
        let first = offset(0)
        var previous = first
        for index in 0...count {
            let value = offset(index)
            guard value >= previous, value - first <= Int(Int32.max) else { throw DataFlowError(.parse, "list offsets decrease or overflow at \(index)") }
            out[index] = Int32(value - first)
            previous = value
        }
        guard first >= 0 else { throw DataFlowError(.parse, "list offsets start below zero") }
        return (rebased, first ..< previous)
    }

    /// The child entries a list's offsets span, checked to lie within the child.
    private static func entries(_ child: Column, _ range: Range<Int>) throws -> Column {
        guard range.upperBound <= child.count else {
            throw DataFlowError(.parse, "list offsets reach entry \(range.upperBound) of a child of \(child.count)")
        }
        return child.slice(range.lowerBound, range.count)
    }

    /// A copy of a node's validity bitmap (nil when it has no nulls).
    private static func validity(_ node: ArrowFieldNode, _ buffer: UnsafeRawBufferPointer) throws -> Buffer? {
        guard node.nullCount > 0 else { return nil }
        guard buffer.count >= (node.length + 7) / 8 else {
            throw DataFlowError(.parse, "validity bitmap of \(buffer.count) bytes is too short for \(node.length) rows")
        }
        return Buffer(copying: UnsafeBufferPointer(start: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count: (node.length + 7) / 8))
    }

    /// The longest Null column read in one batch.
    static let maxNullColumnLength = 1 << 26

    /// How many body buffers a column of `type` takes.
    static func bufferCount(_ type: ArrowType) -> Int {
        switch type {
        case .null: return 0
        case .utf8, .largeUtf8, .binary, .largeBinary: return 3
        case .struct: return 1
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
