/// A FlatBuffers object to serialize: a table, a string, or a vector of tables or structs.
indirect enum FlatBufferObject {
    /// A table whose fields are given by slot (`.absent` for slots left at their default).
    case table([FlatBufferField])
    /// A UTF-8 string (length-prefixed and zero-terminated).
    case string(String)
    /// A vector of tables.
    case tables([FlatBufferObject])
    /// A vector of `count` structs laid out in `bytes`, each aligned to `alignment`.
    case structs(bytes: [UInt8], count: Int, alignment: Int)
}

/// One field of a table under construction.
enum FlatBufferField {
    /// Not written: readers see the default.
    case absent
    /// A little-endian scalar of 1, 2, 4 or 8 bytes.
    case scalar([UInt8])
    /// An offset to a table, string or vector.
    case object(FlatBufferObject)

    static func int8(_ value: UInt8) -> FlatBufferField { .scalar([value]) }
    static func bool(_ value: Bool) -> FlatBufferField { .scalar([value ? 1 : 0]) }
    static func int16(_ value: Int16) -> FlatBufferField { .scalar(littleEndianBytes(value)) }
    static func int32(_ value: Int32) -> FlatBufferField { .scalar(littleEndianBytes(value)) }
    static func int64(_ value: Int64) -> FlatBufferField { .scalar(littleEndianBytes(value)) }
}

/// The little-endian bytes of `value`.
package func littleEndianBytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    withUnsafeBytes(of: value.littleEndian) { Array($0) }
}

/// Serializes a tree of `FlatBufferObject`s front to back: a parent is written before the objects
/// it refers to, so every `UInt32` offset points forward as the format requires; vtables sit just
/// before their tables. Scalars are aligned to their size and struct vectors to their alignment,
/// relative to the start of the buffer (which the IPC writer places on an 8-byte boundary).
struct FlatBufferBuilder {
    private var bytes: [UInt8] = []

    /// The finished flatbuffer whose root is `root` (a table).
    static func serialize(_ root: FlatBufferObject) -> [UInt8] {
        var builder = FlatBufferBuilder()
        builder.bytes.reserveCapacity(256)
        builder.appendZeros(4)
        let rootPosition = builder.write(root)
        builder.patchOffset(at: 0, to: rootPosition)
        return builder.bytes
    }

    /// Writes `object` and everything it refers to; returns where a reference to it must point.
    private mutating func write(_ object: FlatBufferObject) -> Int {
        switch object {
        case let .table(fields): return writeTable(fields)
        case let .string(text):
            align(4)
            let start = bytes.count
            let utf8 = Array(text.utf8)
            bytes += littleEndianBytes(UInt32(utf8.count))
            bytes += utf8
            bytes.append(0)
            return start
        case let .tables(items):
            align(4)
            let start = bytes.count
            bytes += littleEndianBytes(UInt32(items.count))
            let slots = bytes.count
            appendZeros(4 * items.count)
            for (index, item) in items.enumerated() { patchOffset(at: slots + 4 * index, to: write(item)) }
            return start
        case let .structs(data, count, alignment):
            // The length prefix comes right before the first element, which must be aligned.
            while (bytes.count + 4) % max(alignment, 4) != 0 { bytes.append(0) }
            let start = bytes.count
            bytes += littleEndianBytes(UInt32(count))
            bytes += data
            return start
        }
    }

    private mutating func writeTable(_ fields: [FlatBufferField]) -> Int {
        align(2)
        let vtable = bytes.count
        let vtableSize = 4 + 2 * fields.count
        appendZeros(vtableSize)
        let widest = fields.reduce(4) { widest, field in
            if case let .scalar(value) = field { return max(widest, value.count) }
            return widest
        }
        align(widest)
        let table = bytes.count
        bytes += littleEndianBytes(Int32(table - vtable))
        var fieldOffsets = [Int](repeating: 0, count: fields.count)
        var references: [(position: Int, object: FlatBufferObject)] = []
        for (slot, field) in fields.enumerated() {
            switch field {
            case .absent: continue
            case let .scalar(value):
                align(value.count)
                fieldOffsets[slot] = bytes.count - table
                bytes += value
            case let .object(object):
                align(4)
                fieldOffsets[slot] = bytes.count - table
                references.append((bytes.count, object))
                appendZeros(4)
            }
        }
        patch(UInt16(vtableSize), at: vtable)
        patch(UInt16(bytes.count - table), at: vtable + 2)
        for (slot, offset) in fieldOffsets.enumerated() { patch(UInt16(offset), at: vtable + 4 + 2 * slot) }
        for reference in references { patchOffset(at: reference.position, to: write(reference.object)) }
        return table
    }

    private mutating func align(_ alignment: Int) {
        while bytes.count % alignment != 0 { bytes.append(0) }
    }

    private mutating func appendZeros(_ count: Int) {
        bytes += repeatElement(0, count: count)
    }

    /// Stores at `position` the forward offset from `position` to `target`.
    private mutating func patchOffset(at position: Int, to target: Int) {
        patch(UInt32(target - position), at: position)
    }

    private mutating func patch<T: FixedWidthInteger>(_ value: T, at position: Int) {
        for (index, byte) in littleEndianBytes(value).enumerated() { bytes[position + index] = byte }
    }
}
