import DataFlow

/// The wire types of the Thrift compact protocol (the low nibble of a field header).
enum ThriftType: UInt8 {
    case stop = 0, boolTrue = 1, boolFalse = 2, byte = 3, i16 = 4, i32 = 5, i64 = 6, double = 7
    case binary = 8, list = 9, set = 10, map = 11, structure = 12
}

/// One field header of a compact-protocol struct: its id and wire type.
struct ThriftField {
    /// The field id.
    let id: Int16
    /// The wire type; for booleans it carries the value (`boolTrue` or `boolFalse`).
    let type: ThriftType
}

/// Decodes the Thrift compact protocol from bytes that live while it is used (Parquet footers and
/// page headers). Every read is bounds-checked: truncated or corrupt input throws
/// `DataFlowError(.parse)` with the file and byte offset, never traps.
struct ThriftCompactReader {
    private let bytes: UnsafeRawBufferPointer
    /// The position of the next byte to read, relative to `bytes`.
    private(set) var position: Int
    /// Where errors point: the file, and the file offset of `bytes[0]`.
    private let path: String
    private let baseOffset: Int
    /// Nesting depth of structs and containers, bounded so that hostile input cannot overflow the stack.
    private var depth = 0
    private static let maxDepth = 64

    /// A reader of `bytes`, which start at `baseOffset` in the file at `path`.
    init(_ bytes: UnsafeRawBufferPointer, path: String, baseOffset: Int) {
        self.bytes = bytes
        position = 0
        self.path = path
        self.baseOffset = baseOffset
    }

    /// A parse error at the current position.
    func corrupt(_ message: String) -> DataFlowError {
        DataFlowError(.parse, "corrupt Parquet metadata: \(message)", location: ErrorLocation(path: path, byteOffset: baseOffset + position))
    }

    mutating func readByte() throws -> UInt8 {
        guard position < bytes.count else { throw corrupt("unexpected end of data") }
        defer { position += 1 }
        return bytes[position]
    }

    /// An unsigned LEB128 varint of at most 10 bytes.
    mutating func readVarint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readByte()
            guard shift < 64 else { throw corrupt("varint longer than 10 bytes") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// A zigzag-encoded signed varint.
    mutating func readZigzag() throws -> Int64 {
        let raw = try readVarint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    mutating func readI32() throws -> Int32 {
        let value = try readZigzag()
        guard let narrow = Int32(exactly: value) else { throw corrupt("i32 value \(value) out of range") }
        return narrow
    }

    mutating func readI64() throws -> Int64 { try readZigzag() }

    mutating func readDouble() throws -> Double {
        guard bytes.count - position >= 8 else { throw corrupt("unexpected end of data in a double") }
        defer { position += 8 }
        return Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self)))
    }

    /// A length-prefixed byte string.
    mutating func readBinary() throws -> [UInt8] {
        let length = try readVarint()
        guard length <= UInt64(bytes.count - position) else {
            throw corrupt("binary of \(length) bytes runs past the end (\(bytes.count - position) left)")
        }
        defer { position += Int(length) }
        return Array(bytes[position..<position + Int(length)])
    }

    /// A length-prefixed UTF-8 string (invalid UTF-8 is repaired, not trusted).
    mutating func readString() throws -> String {
        String(decoding: try readBinary(), as: UTF8.self)
    }

    /// The header of a list or set: element type and count.
    mutating func readListHeader() throws -> (elementType: ThriftType, count: Int) {
        let header = try readByte()
        guard let type = ThriftType(rawValue: header & 0x0F) else { throw corrupt("unknown list element type \(header & 0x0F)") }
        var count = Int(header >> 4)
        if count == 15 {
            let long = try readVarint()
            // Every element takes at least one byte (booleans included).
            guard long <= UInt64(bytes.count - position) else { throw corrupt("list of \(long) elements runs past the end") }
            count = Int(long)
        }
        return (type, count)
    }

    /// Reads a struct: `field` is called for each field and returns false for fields it does not
    /// know, which are skipped.
    mutating func readStruct(_ field: (inout ThriftCompactReader, ThriftField) throws -> Bool) throws {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw corrupt("structs nested deeper than \(Self.maxDepth)") }
        var lastID: Int16 = 0
        while true {
            let header = try readByte()
            guard let type = ThriftType(rawValue: header & 0x0F) else { throw corrupt("unknown field type \(header & 0x0F)") }
            if type == .stop { return }
            let delta = Int16(header >> 4)
            let id: Int16
            if delta == 0 {
                let raw = try readZigzag()
                guard let narrow = Int16(exactly: raw) else { throw corrupt("field id \(raw) out of range") }
                id = narrow
            } else {
                id = lastID &+ delta
            }
            lastID = id
            if try !field(&self, ThriftField(id: id, type: type)) { try skip(type) }
        }
    }

    /// Reads a list whose elements `element` decodes.
    mutating func readList<T>(_ element: (inout ThriftCompactReader, ThriftType) throws -> T) throws -> [T] {
        let (type, count) = try readListHeader()
        var result: [T] = []
        // The count is only bounded by the bytes left; elements of T may be far larger than a byte.
        result.reserveCapacity(min(count, 1024))
        for _ in 0..<count { result.append(try element(&self, type)) }
        return result
    }

    /// Skips one value of wire type `type`.
    mutating func skip(_ type: ThriftType) throws {
        switch type {
        case .stop: throw corrupt("unexpected stop field")
        case .boolTrue, .boolFalse: return
        case .byte: _ = try readByte()
        case .i16, .i32, .i64: _ = try readVarint()
        case .double:
            guard bytes.count - position >= 8 else { throw corrupt("unexpected end of data in a double") }
            position += 8
        case .binary:
            let length = try readVarint()
            guard length <= UInt64(bytes.count - position) else { throw corrupt("binary of \(length) bytes runs past the end") }
            position += Int(length)
        case .list, .set:
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maxDepth else { throw corrupt("containers nested deeper than \(Self.maxDepth)") }
            let (elementType, count) = try readListHeader()
            for _ in 0..<count {
                // Booleans inside containers take one byte each.
                if elementType == .boolTrue || elementType == .boolFalse { _ = try readByte() } else { try skip(elementType) }
            }
        case .map:
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maxDepth else { throw corrupt("containers nested deeper than \(Self.maxDepth)") }
            let count = try readVarint()
            guard count <= UInt64(bytes.count - position) else { throw corrupt("map of \(count) entries runs past the end") }
            guard count > 0 else { return }
            let types = try readByte()
            guard let keyType = ThriftType(rawValue: types >> 4), let valueType = ThriftType(rawValue: types & 0x0F) else {
                throw corrupt("unknown map key or value type")
            }
            for _ in 0..<count {
                for type in [keyType, valueType] {
                    if type == .boolTrue || type == .boolFalse { _ = try readByte() } else { try skip(type) }
                }
            }
        case .structure:
            try readStruct { _, _ in false }
        }
    }
}
