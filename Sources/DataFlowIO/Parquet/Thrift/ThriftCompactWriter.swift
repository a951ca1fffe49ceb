/// Encodes the Thrift compact protocol into a byte array: field headers with id deltas, zigzag
/// varints, length-prefixed binaries, list headers, and booleans folded into their field header.
struct ThriftCompactWriter {
    /// The encoded bytes so far.
    private(set) var bytes: [UInt8] = []
    /// The last field id of each open struct (the innermost last).
    private var lastIDs: [Int16] = [0]

    /// An empty writer.
    init() {}

    mutating func writeVarint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    mutating func writeZigzag(_ value: Int64) {
        writeVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// A field header: the id as a delta from the previous field when it fits in 4 bits.
    mutating func fieldHeader(_ id: Int16, _ type: ThriftType) {
        let last = lastIDs[lastIDs.count - 1]
        let delta = Int(id) - Int(last)
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            writeZigzag(Int64(id))
        }
        lastIDs[lastIDs.count - 1] = id
    }

    mutating func writeI32(_ id: Int16, _ value: Int32) {
        fieldHeader(id, .i32)
        writeZigzag(Int64(value))
    }

    mutating func writeI64(_ id: Int16, _ value: Int64) {
        fieldHeader(id, .i64)
        writeZigzag(value)
    }

    mutating func writeBool(_ id: Int16, _ value: Bool) {
        fieldHeader(id, value ? .boolTrue : .boolFalse)
    }

    mutating func writeBinary(_ id: Int16, _ value: [UInt8]) {
        fieldHeader(id, .binary)
        writeBinaryValue(value)
    }

    mutating func writeString(_ id: Int16, _ value: String) { writeBinary(id, Array(value.utf8)) }

    /// A binary without a field header (a list element).
    mutating func writeBinaryValue(_ value: [UInt8]) {
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// A list field's header; the caller then writes `count` elements of `elementType`.
    mutating func writeListHeader(_ id: Int16, _ elementType: ThriftType, count: Int) {
        fieldHeader(id, .list)
        if count < 15 {
            bytes.append(UInt8(count) << 4 | elementType.rawValue)
        } else {
            bytes.append(0xF0 | elementType.rawValue)
            writeVarint(UInt64(count))
        }
    }

    /// A struct field: its header, then `body` writes its fields, then the stop byte.
    mutating func writeStruct(_ id: Int16, _ body: (inout ThriftCompactWriter) -> Void) {
        fieldHeader(id, .structure)
        writeStructValue(body)
    }

    /// A struct without a field header (the top level, or a list element).
    mutating func writeStructValue(_ body: (inout ThriftCompactWriter) -> Void) {
        lastIDs.append(0)
        body(&self)
        lastIDs.removeLast()
        bytes.append(ThriftType.stop.rawValue)
    }
}
