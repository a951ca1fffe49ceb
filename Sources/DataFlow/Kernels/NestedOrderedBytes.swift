/// Byte images of array, map and struct values that compare, byte by byte, the way Spark orders
/// the values, and decode back to them: what lets nested values be compared, hashed, sorted and
/// grouped through the engine's string paths.
///
/// A value is written by its physical type: a boolean as one byte; integers (dates, timestamps,
/// decimals) big-endian with the sign bit flipped; a double as its `OrderedKey` (NaN above
/// everything, -0.0 as 0.0); bytes with each 0x00 written 0x00 0xFF and ended by 0x00 0x00, so a
/// prefix sorts first; an array as its elements and then 0x00; a map as its key/value pairs and
/// then 0x00; a struct as its fields. Every element, key, value and field is a slot: 0x01 for
/// null, which sorts before 0x02 and the value. So arrays compare element by element, a shorter
/// one first when it is a prefix, and nulls inside sort first and are equal to each other, as in
/// Spark.
enum NestedOrderedBytes {
    private static let endMarker: UInt8 = 0, nullMarker: UInt8 = 1, valueMarker: UInt8 = 2

    /// The byte images of a nested column's rows, as a binary column (null where a row is null).
    static func encode(_ column: Column) -> Column {
        var builder = ColumnBuilder(type: .binary, capacity: column.count)
        var bytes: [UInt8] = []
        for row in 0..<column.count {
            if column.isNull(row) {
                builder.appendNull()
                continue
            }
            bytes.removeAll(keepingCapacity: true)
            writeValue(column, row, into: &bytes)
            bytes.withUnsafeBytes { builder.appendBytes($0) }
        }
        return builder.finish()
    }

    /// Decodes one byte image made by `encode` and appends the value to `builder` (of the column's
    /// nested type).
    static func append(_ image: UnsafeRawBufferPointer, to builder: inout ColumnBuilder) {
        var reader = Reader(bytes: image)
        readValue(&reader, into: &builder)
    }

    private static func writeSlot(_ column: Column, _ row: Int, into out: inout [UInt8]) {
        if column.isNull(row) {
            out.append(nullMarker)
        } else {
            out.append(valueMarker)
            writeValue(column, row, into: &out)
        }
    }

    private static func writeValue(_ column: Column, _ row: Int, into out: inout [UInt8]) {
        @inline(__always) func bigEndian<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.bigEndian) { out.append(contentsOf: $0) }
        }
        switch column.type.physical {
        case .bit: out.append(column.withBits { bits, _ in bits[row] } ? 1 : 0)
        case .int32: bigEndian(UInt32(bitPattern: column.withValues(Int32.self) { values, _ in values[row] }) ^ (1 << 31))
        case .int64: bigEndian(UInt64(bitPattern: column.withValues(Int64.self) { values, _ in values[row] }) ^ OrderedKey.signBit)
        case .int128: bigEndian(UInt128(bitPattern: column.withValues(Int128.self) { values, _ in values[row] }) ^ (1 << 127))
        case .float64: bigEndian(OrderedKey.of(column.withValues(Double.self) { values, _ in values[row] }))
        case .bytes:
            column.withBytes { offsets, data, _ in
                for index in Int(offsets[row]) ..< Int(offsets[row + 1]) {
                    out.append(data[index])
                    if data[index] == 0 { out.append(0xFF) }
                }
            }
            out.append(contentsOf: [0, 0])
        case .list:
            for entry in column.listRange(row) {
                for child in column.children { writeSlot(child, entry, into: &out) }
            }
            out.append(endMarker)
        case .struct:
            for child in column.children { writeSlot(child, row, into: &out) }
        }
    }

    /// A cursor over one image.
    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var position = 0

        mutating func byte() -> UInt8 {
            defer { position += 1 }
            return bytes[position]
        }

        mutating func bigEndian<T: FixedWidthInteger>(_: T.Type) -> T {
            defer { position += MemoryLayout<T>.size }
            return T(bigEndian: bytes.loadUnaligned(fromByteOffset: position, as: T.self))
        }
    }

    private static func readSlot(_ reader: inout Reader, into builder: inout ColumnBuilder) {
        if reader.byte() == nullMarker {
            builder.appendNull()
        } else {
            readValue(&reader, into: &builder)
        }
    }

    private static func readValue(_ reader: inout Reader, into builder: inout ColumnBuilder) {
        switch builder.type.physical {
        case .bit: builder.appendBit(reader.byte() == 1)
        case .int32: builder.appendFixed(Int32(bitPattern: reader.bigEndian(UInt32.self) ^ (1 << 31)))
        case .int64: builder.appendFixed(Int64(bitPattern: reader.bigEndian(UInt64.self) ^ OrderedKey.signBit))
        case .int128: builder.appendFixed(Int128(bitPattern: reader.bigEndian(UInt128.self) ^ (1 << 127)))
        case .float64:
            let image = reader.bigEndian(UInt64.self)
            builder.appendFixed(Double(bitPattern: image & OrderedKey.signBit != 0 ? image ^ OrderedKey.signBit : ~image))
        case .bytes:
            var value: [UInt8] = []
            while true {
                let byte = reader.byte()
                if byte == 0 {
                    if reader.byte() == 0 { break }
                }
                value.append(byte)
            }
            value.withUnsafeBytes { builder.appendBytes($0) }
        case .list:
            while reader.bytes[reader.position] != endMarker {
                for index in builder.children.indices { readSlot(&reader, into: &builder.children[index]) }
            }
            reader.position += 1
            builder.endList()
        case .struct:
            for index in builder.children.indices { readSlot(&reader, into: &builder.children[index]) }
            builder.endStruct()
        }
    }
}

extension Datum {
    /// The datum with nested values replaced by their `NestedOrderedBytes` images.
    var nestedOrderedBytes: Datum {
        let images = NestedOrderedBytes.encode(column)
        return isConstant ? Datum(constant: images) : Datum(images)
    }
}
