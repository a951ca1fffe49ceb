import Foundation

/// A group table for any key types (several columns, strings, booleans, wide decimals). Each row's
/// key is encoded column by column into bytes (a null flag, then the fixed-width value or a length
/// and the string bytes); keys compare by `memcmp` and hash with one pass over the encoding.
final class RowKeyGroupTable: GroupTable {
    private struct Slot: HashSlot {
        var hash: UInt64
        var group: Int32
        static var empty: Slot { Slot(hash: 0, group: -1) }
    }

    let types: [DataType]
    private var slots: OpenAddressingSlots<Slot>
    private var arena = RawVector<UInt8>(capacity: 4096)
    private var keyOffsets = RawVector<Int>()
    /// The encoded rows of the batch being inserted (`find` encodes into its caller's scratch).
    private var insertScratch = EncodedKeyRows()
    private(set) var groupCount = 0

    init(types: [DataType], capacity: Int = 1024) {
        self.types = types
        slots = OpenAddressingSlots(capacity: capacity)
        keyOffsets.append(0)
    }

    deinit {
        slots.free()
        arena.free()
        keyOffsets.free()
    }

    var memoryBytes: Int { slots.byteSize + arena.capacity + keyOffsets.capacity * 8 }

    func findOrInsert(_ columns: [Column], groupIds: inout [Int32]) {
        assign(columns, &groupIds, rows: &insertScratch, insert: true)
    }

    func find(_ columns: [Column], groupIds: inout [Int32], scratch: inout EncodedKeyRows) {
        assign(columns, &groupIds, rows: &scratch, insert: false)
    }

    private func assign(_ columns: [Column], _ groupIds: inout [Int32], rows: inout EncodedKeyRows, insert: Bool) {
        let count = columns.first?.count ?? 0
        if groupIds.count != count { groupIds = [Int32](repeating: 0, count: count) }
        guard count > 0 else { return }
        RowEncoding.encode(columns, count: count, into: &rows)
        rows.bytes.withUnsafeBufferPointer { bytes in
            rows.offsets.withUnsafeBufferPointer { offsets in
                groupIds.withUnsafeMutableBufferPointer { out in
                    let base = bytes.baseAddress!
                    for i in 0..<count {
                        let start = offsets[i], length = offsets[i + 1] - start
                        out[i] = lookup(base + start, length, insert: insert)
                    }
                }
            }
        }
    }

    @inline(__always)
    private func lookup(_ key: UnsafePointer<UInt8>, _ length: Int, insert: Bool) -> Int32 {
        let hash = Hashing.hashBytes(key, length)
        var slot = Int(truncatingIfNeeded: hash) & slots.mask
        while true {
            let entry = slots.base[slot]
            if entry.group < 0 { break }
            if entry.hash == hash {
                let group = Int(entry.group)
                let start = keyOffsets[group], storedLength = keyOffsets[group + 1] - start
                if storedLength == length && memcmp(arena.base + start, key, length) == 0 { return entry.group }
            }
            slot = (slot + 1) & slots.mask
        }
        if !insert { return -1 }
        let group = Int32(groupCount)
        slots.base[slot] = Slot(hash: hash, group: group)
        arena.grow(arena.count + length)
        for k in 0..<length { arena.append(key[k]) }
        keyOffsets.append(arena.count)
        groupCount += 1
        slots.growIfNeeded(count: groupCount)
        return group
    }


    func keyColumns() -> [Column] {
        RowEncoding.decode(arena.base, offsets: keyOffsets.base, count: groupCount, types: types)
    }
}

/// Key rows in `RowEncoding`'s form, row `i` at `bytes[offsets[i] ..< offsets[i + 1]]`: the
/// reusable buffers of whoever encodes a batch (an inserting table, or one probe stream).
struct EncodedKeyRows {
    var bytes: [UInt8] = []
    var offsets: [Int] = []
}

/// The byte encoding of key rows used by `RowKeyGroupTable`: per column a flag byte (0 null, 1
/// present) followed by the value (fixed width, or a 4-byte length and the bytes). Two rows have
/// equal encodings exactly when their keys are equal under grouping semantics.
enum RowEncoding {
    /// Encodes `count` rows of `columns` into `rows`, reusing its buffers.
    static func encode(_ columns: [Column], count: Int, into rows: inout EncodedKeyRows) {
        // Row sizes first, column by column.
        if rows.offsets.count != count + 1 { rows.offsets = [Int](repeating: 0, count: count + 1) }
        var fixedWidth = 0
        for column in columns {
            switch column.type.physical {
            case .bit: fixedWidth += 2
            case .bytes: fixedWidth += 5
            default: fixedWidth += 1 + column.type.physical.byteWidth
            }
        }
        rows.offsets.withUnsafeMutableBufferPointer { out in
            for i in 0...count { out[i] = fixedWidth * i }
            for column in columns where column.type.physical == .bytes {
                column.withBytes { strOffsets, _, validity in
                    var extra = 0
                    for i in 0..<count {
                        out[i] += extra
                        // A null writes no bytes, whatever its slot holds (see `write`).
                        if validity[i] { extra += Int(strOffsets[i + 1] - strOffsets[i]) }
                    }
                    out[count] += extra
                }
            }
        }
        let total = rows.offsets[count]
        guard total > 0 else { return }
        if rows.bytes.count < total { rows.bytes = [UInt8](repeating: 0, count: total) }
        rows.bytes.withUnsafeMutableBufferPointer { outBytes in
            rows.offsets.withUnsafeMutableBufferPointer { rowStart in
                let base = outBytes.baseAddress!
                // Write each column at each row's cursor, then advance the cursors.
                var cursor = [Int](rowStart.dropLast())
                cursor.withUnsafeMutableBufferPointer { cursor in
                    for column in columns { write(column, count: count, into: base, cursor: cursor) }
                }
            }
        }
    }

    private static func write(_ column: Column, count: Int, into base: UnsafeMutablePointer<UInt8>, cursor: UnsafeMutableBufferPointer<Int>) {
        let validity = column.validityView
        @inline(__always) func fixed<T>(_: T.Type, _ transform: (T) -> T) {
            column.withValues(T.self) { values, _ in
                let width = MemoryLayout<T>.size
                for i in 0..<count {
                    let at = cursor[i]
                    if validity[i] {
                        base[at] = 1
                        UnsafeMutableRawPointer(base + at + 1).storeBytes(of: transform(values[i]), as: T.self)
                    } else {
                        base[at] = 0
                        (base + at + 1).initialize(repeating: 0, count: width)
                    }
                    cursor[i] = at + 1 + width
                }
            }
        }
        switch column.type.physical {
        case .int32: fixed(Int32.self) { $0 }
        case .int64: fixed(Int64.self) { $0 }
        case .int128: fixed(Int128.self) { $0 }
        case .float64: fixed(Double.self) { Double(bitPattern: Hashing.normalizedBits($0)) }
        case .bit:
            column.withBits { bits, _ in
                for i in 0..<count {
                    let at = cursor[i]
                    base[at] = validity[i] ? 1 : 0
                    base[at + 1] = validity[i] && bits[i] ? 1 : 0
                    cursor[i] = at + 2
                }
            }
        case .bytes:
            column.withBytes { offsets, data, _ in
                for i in 0..<count {
                    let at = cursor[i]
                    let start = Int(offsets[i]), length = validity[i] ? Int(offsets[i + 1]) - start : 0
                    base[at] = validity[i] ? 1 : 0
                    UnsafeMutableRawPointer(base + at + 1).storeBytes(of: UInt32(length), as: UInt32.self)
                    if length > 0 { (base + at + 5).update(from: data + start, count: length) }
                    cursor[i] = at + 5 + length
                }
            }
        }
    }

    /// Decodes `count` encoded rows back into columns of `types`.
    static func decode(_ base: UnsafePointer<UInt8>, offsets: UnsafePointer<Int>, count: Int, types: [DataType]) -> [Column] {
        var builders = types.map { ColumnBuilder(type: $0, capacity: count) }
        for row in 0..<count {
            var at = offsets[row]
            for (index, type) in types.enumerated() {
                let present = base[at] == 1
                at += 1
                let raw = UnsafeRawPointer(base + at)
                switch type.physical {
                case .bit:
                    if present { builders[index].appendBit(base[at] == 1) } else { builders[index].appendNull() }
                    at += 1
                case .bytes:
                    let length = Int(raw.loadUnaligned(as: UInt32.self))
                    if present { builders[index].appendBytes(UnsafeRawBufferPointer(start: raw + 4, count: length)) } else { builders[index].appendNull() }
                    at += 4 + length
                case .int32:
                    if present { builders[index].appendFixed(raw.loadUnaligned(as: Int32.self)) } else { builders[index].appendNull() }
                    at += 4
                case .int64:
                    if present { builders[index].appendFixed(raw.loadUnaligned(as: Int64.self)) } else { builders[index].appendNull() }
                    at += 8
                case .float64:
                    if present { builders[index].appendFixed(raw.loadUnaligned(as: Double.self)) } else { builders[index].appendNull() }
                    at += 8
                case .int128:
                    if present { builders[index].appendFixed(raw.loadUnaligned(as: Int128.self)) } else { builders[index].appendNull() }
                    at += 16
                }
            }
        }
        return builders.map { $0.finish() }
    }
}
