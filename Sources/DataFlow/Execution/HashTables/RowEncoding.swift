import Foundation

/// Key rows in `RowEncoding`'s form, row `i` at `bytes[offsets[i] ..< offsets[i + 1]]`: the
/// reusable buffers of whoever encodes a batch (an inserting table, or one probe stream).
struct EncodedKeyRows {
    var bytes: [UInt8] = []
    var offsets: [Int] = []
}

/// The byte encoding of key rows used by `RowKeyGroupTable`: per column a flag byte (0 null, 1
/// present) followed by the value (fixed width, or a 4-byte length and the bytes; nested values as
/// their `NestedOrderedBytes` images). Two rows have equal encodings exactly when their keys are
/// equal under grouping semantics.
enum RowEncoding {
    /// Encodes `count` rows of `columns` into `rows`, reusing its buffers.
    static func encode(_ columns: [Column], count: Int, into rows: inout EncodedKeyRows) {
        let columns = columns.map { $0.type.isNested ? NestedOrderedBytes.encode($0) : $0 }
        // Row sizes first, column by column.
        if rows.offsets.count != count + 1 { rows.offsets = [Int](repeating: 0, count: count + 1) }
        var fixedWidth = 0
        for column in columns {
            switch column.type.physical {
            case .bit: fixedWidth += 2
            case .bytes, .list, .struct: fixedWidth += 5
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
                    copyBytes(from: data + start, to: base + at + 5, count: length)
                    cursor[i] = at + 5 + length
                }
            }
        case .list, .struct: preconditionFailure("nested key columns are encoded as their ordered bytes")
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
                case .bytes, .list, .struct:
                    let length = Int(raw.loadUnaligned(as: UInt32.self))
                    let value = UnsafeRawBufferPointer(start: raw + 4, count: length)
                    if !present {
                        builders[index].appendNull()
                    } else if type.isNested {
                        NestedOrderedBytes.append(value, to: &builders[index])
                    } else {
                        builders[index].appendBytes(value)
                    }
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
