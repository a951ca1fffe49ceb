
/// A bounds-checked reader of one FlatBuffers table (the encoding of Arrow's IPC metadata).
///
/// Layout: a table starts with an `Int32` giving the distance back to its vtable; the vtable holds
/// `UInt16`s: its own size, the table's inline size, then one offset per field slot from the table
/// start (0 = absent, read as the default). Tables, strings and vectors a field refers to are
/// reached through a `UInt32` offset relative to the field's own position. Everything is little
/// endian. Every read checks its bounds and throws `DataFlowError` (`.parse`) instead of trapping.
struct FlatBufferTable {
    /// The whole flatbuffer.
    let bytes: [UInt8]
    /// Where the table starts.
    let position: Int
    private let vtable: Int
    private let vtableSize: Int

    /// The root table of `bytes`.
    init(root bytes: [UInt8]) throws {
        let rootOffset = try Self.load(UInt32.self, bytes, at: 0)
        try self.init(bytes, at: Int(rootOffset))
    }

    /// The table starting at `position` of `bytes`.
    init(_ bytes: [UInt8], at position: Int) throws {
        self.bytes = bytes
        self.position = position
        let distance = try Self.load(Int32.self, bytes, at: position)
        vtable = position - Int(distance)
        vtableSize = Int(try Self.load(UInt16.self, bytes, at: vtable))
        guard vtableSize >= 4, vtableSize & 1 == 0, vtable + vtableSize <= bytes.count else {
            throw Self.malformed("vtable of \(vtableSize) bytes at \(vtable) overruns \(bytes.count) bytes")
        }
    }

    /// The absolute position of field `slot`, or nil when the field is absent.
    func fieldPosition(_ slot: Int) throws -> Int? {
        let entry = 4 + 2 * slot
        guard entry + 2 <= vtableSize else { return nil }
        let offset = Int(try Self.load(UInt16.self, bytes, at: vtable + entry))
        return offset == 0 ? nil : position + offset
    }

    /// Scalar field `slot`, or `defaultValue` when absent.
    func scalar<T: FixedWidthInteger>(_ slot: Int, default defaultValue: T) throws -> T {
        guard let at = try fieldPosition(slot) else { return defaultValue }
        return try Self.load(T.self, bytes, at: at)
    }

    /// Boolean field `slot`, or `defaultValue` when absent.
    func bool(_ slot: Int, default defaultValue: Bool = false) throws -> Bool {
        try scalar(slot, default: defaultValue ? UInt8(1) : 0) != 0
    }

    /// The table field `slot` refers to, or nil when absent.
    func table(_ slot: Int) throws -> FlatBufferTable? {
        guard let at = try referencedPosition(slot) else { return nil }
        return try FlatBufferTable(bytes, at: at)
    }

    /// The string field `slot` refers to, or nil when absent. Invalid UTF-8 is repaired.
    func string(_ slot: Int) throws -> String? {
        guard let vector = try vector(slot, elementSize: 1) else { return nil }
        return String(decoding: bytes[vector.start..<vector.start + vector.count], as: UTF8.self)
    }

    /// The vector field `slot` refers to, or nil when absent.
    func vector(_ slot: Int, elementSize: Int) throws -> FlatBufferVector? {
        guard let at = try referencedPosition(slot) else { return nil }
        let count = Int(try Self.load(UInt32.self, bytes, at: at))
        let start = at + 4
        guard (bytes.count - start) / elementSize >= count else {
            throw Self.malformed("vector of \(count) elements of \(elementSize) bytes at \(at) overruns \(bytes.count) bytes")
        }
        return FlatBufferVector(bytes: bytes, start: start, count: count, elementSize: elementSize)
    }

    /// The position field `slot`'s offset points to.
    private func referencedPosition(_ slot: Int) throws -> Int? {
        guard let at = try fieldPosition(slot) else { return nil }
        let target = at + Int(try Self.load(UInt32.self, bytes, at: at))
        guard target < bytes.count else { throw Self.malformed("offset at \(at) points past the end (\(target))") }
        return target
    }

    /// The little-endian `T` at `position` of `bytes`.
    static func load<T: FixedWidthInteger>(_: T.Type, _ bytes: [UInt8], at position: Int) throws -> T {
        guard position >= 0, position <= bytes.count - MemoryLayout<T>.size else {
            throw malformed("read of \(MemoryLayout<T>.size) bytes at \(position) overruns \(bytes.count) bytes")
        }
        return bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: position, as: T.self)) }
    }

    static func malformed(_ detail: String) -> DataFlowError {
        DataFlowError(.parse, "Arrow IPC: malformed flatbuffer metadata: \(detail)")
    }
}

/// A bounds-checked vector inside a flatbuffer: `count` elements of `elementSize` bytes from `start`.
struct FlatBufferVector {
    let bytes: [UInt8]
    let start: Int
    let count: Int
    let elementSize: Int

    /// The table element `index` of a vector of tables refers to.
    func table(_ index: Int) throws -> FlatBufferTable {
        let at = start + index * 4
        return try FlatBufferTable(bytes, at: at + Int(try FlatBufferTable.load(UInt32.self, bytes, at: at)))
    }

    /// Little-endian `T` at `byteOffset` within element `index` (for vectors of structs).
    func field<T: FixedWidthInteger>(_ index: Int, _ byteOffset: Int, as _: T.Type) throws -> T {
        try FlatBufferTable.load(T.self, bytes, at: start + index * elementSize + byteOffset)
    }
}
