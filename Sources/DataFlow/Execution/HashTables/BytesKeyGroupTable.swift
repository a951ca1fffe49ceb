/// A group table for one string or binary key. Probes hash the column's bytes in place and compare
/// them with the stored keys (a `ByteKeyTable`), so the distinct keys come out as a string column
/// without decoding. Null keys form their own group.
final class BytesKeyGroupTable: GroupTable {
    let type: DataType
    private var keys: ByteKeyTable
    private var nullGroup: Int32 = -1

    init(type: DataType, capacity: Int = 1024) {
        self.type = type
        keys = ByteKeyTable(capacity: capacity)
    }

    var groupCount: Int { keys.count }

    var memoryBytes: Int { keys.memoryBytes }

    func findOrInsert(_ columns: [Column], groupIds: inout [Int32]) {
        // A local copy, written back: no row pays a class property's exclusivity check.
        var keys = self.keys, nullGroup = self.nullGroup
        defer { (self.keys, self.nullGroup) = (keys, nullGroup) }
        assign(columns[0], &groupIds) { keys.findOrInsert($0, $1) } null: {
            if nullGroup < 0 { nullGroup = keys.appendUnfindable() }
            return nullGroup
        }
    }

    func find(_ columns: [Column], groupIds: inout [Int32], scratch _: inout EncodedKeyRows) {
        let keys = self.keys, nullGroup = self.nullGroup
        assign(columns[0], &groupIds) { keys.find($0, $1) } null: { nullGroup }
    }

    /// Writes the group of each row of `column` into `groupIds`: `group` of a present key's bytes,
    /// `null` for a null one.
    @inline(__always)
    private func assign(_ column: Column, _ groupIds: inout [Int32], group: (UnsafePointer<UInt8>, Int) -> Int32, null: () -> Int32) {
        let count = column.count
        if groupIds.count != count { groupIds = [Int32](repeating: 0, count: count) }
        groupIds.withUnsafeMutableBufferPointer { out in
            column.withBytes { offsets, data, validity in
                for i in 0..<count {
                    guard validity[i] else {
                        out[i] = null()
                        continue
                    }
                    let start = Int(offsets[i])
                    out[i] = group(data + start, Int(offsets[i + 1]) - start)
                }
            }
        }
    }

    func keyColumns() -> [Column] {
        let count = groupCount
        let offsets = Buffer(capacity: (count + 1) * 4)
        let out = offsets.typed(Int32.self)
        for index in 0...count { out[index] = Int32(truncatingIfNeeded: keys.offsets[index]) }
        let bytes = Buffer(copying: keys.arena.elements(0..<keys.arena.count))
        var validity: Buffer?
        if nullGroup >= 0 {
            let buffer = Buffer(capacity: Bitmap.byteCount(count), zeroed: true)
            buffer.pointer.initializeMemory(as: UInt8.self, repeating: 0xFF, count: Bitmap.byteCount(count))
            Bitmap.clear(buffer.typed(UInt8.self), Int(nullGroup))
            validity = buffer
        }
        return [Column(type: type, count: count, values: offsets, bytes: bytes, validity: validity)]
    }
}
