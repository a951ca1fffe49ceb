import Foundation

/// A group table for any key types (several columns, strings, booleans, wide decimals). Each row's
/// key is encoded column by column into bytes (a null flag, then the fixed-width value or a length
/// and the string bytes); keys compare by `memcmp` and hash with one pass over the encoding.
final class RowKeyGroupTable: GroupTable {
    let types: [DataType]
    private var keys: ByteKeyTable
    /// The encoded rows of the batch being inserted (`find` encodes into its caller's scratch).
    private var insertScratch = EncodedKeyRows()

    init(types: [DataType], capacity: Int = 1024) {
        self.types = types
        keys = ByteKeyTable(capacity: capacity)
    }

    var groupCount: Int { keys.count }

    var memoryBytes: Int { keys.memoryBytes }

    func findOrInsert(_ columns: [Column], groupIds: inout [Int32]) {
        // A local copy, written back: no row pays a class property's exclusivity check.
        var keys = self.keys
        defer { self.keys = keys }
        assign(columns, &groupIds, rows: &insertScratch) { keys.findOrInsert($0, $1) }
    }

    func find(_ columns: [Column], groupIds: inout [Int32], scratch: inout EncodedKeyRows) {
        let keys = self.keys
        assign(columns, &groupIds, rows: &scratch) { keys.find($0, $1) }
    }

    /// Encodes the key rows of `columns` into `rows` and writes `group` of each into `groupIds`.
    @inline(__always)
    private func assign(_ columns: [Column], _ groupIds: inout [Int32], rows: inout EncodedKeyRows,
                        group: (UnsafePointer<UInt8>, Int) -> Int32) {
        let count = columns.first?.count ?? 0
        if groupIds.count != count { groupIds = [Int32](repeating: 0, count: count) }
        guard count > 0 else { return }
        RowEncoding.encode(columns, count: count, into: &rows)
        rows.bytes.withUnsafeBufferPointer { bytes in
            rows.offsets.withUnsafeBufferPointer { offsets in
                groupIds.withUnsafeMutableBufferPointer { out in
                    let base = bytes.baseAddress!
                    for i in 0..<count {
                        let start = offsets[i]
                        out[i] = group(base + start, offsets[i + 1] - start)
                    }
                }
            }
        }
    }

    func keyColumns() -> [Column] {
        RowEncoding.decode(keys.arena.base, offsets: keys.offsets.base, count: groupCount, types: types)
    }
}
