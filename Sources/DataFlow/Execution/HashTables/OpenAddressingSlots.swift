/// A slot of an open-addressing hash table.
protocol HashSlot {
    /// The group stored in the slot, or -1 when it is empty.
    var group: Int32 { get }
    /// The slot's full hash, which decides where it lives.
    var hash: UInt64 { get }
    /// An empty slot.
    static var empty: Self { get }
}

/// The slot array of an open-addressing hash table with linear probing, kept at most half full.
/// The tables' probe loops read `base` and `mask` directly; growing rehashes every slot.
struct OpenAddressingSlots<Slot: HashSlot> {
    private(set) var base: UnsafeMutablePointer<Slot>
    private(set) var mask: Int

    /// Room for `capacity` entries before the first growth.
    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        base = .allocate(capacity: size)
        base.initialize(repeating: .empty, count: size)
        mask = size - 1
    }

    /// Bytes held.
    var byteSize: Int { (mask + 1) * MemoryLayout<Slot>.stride }

    /// Doubles the array (rehashing every slot) once `count` entries fill more than half of it.
    mutating func growIfNeeded(count: Int) {
        guard count * 2 > mask else { return }
        let oldBase = base, oldSize = mask + 1
        let newSize = oldSize * 2
        base = .allocate(capacity: newSize)
        base.initialize(repeating: .empty, count: newSize)
        mask = newSize - 1
        for index in 0..<oldSize where oldBase[index].group >= 0 {
            let entry = oldBase[index]
            var slot = Int(truncatingIfNeeded: entry.hash) & mask
            while base[slot].group >= 0 { slot = (slot + 1) & mask }
            base[slot] = entry
        }
        oldBase.deallocate()
    }

    /// Frees the array; the slots must not be used afterwards.
    func free() { base.deallocate() }
}
