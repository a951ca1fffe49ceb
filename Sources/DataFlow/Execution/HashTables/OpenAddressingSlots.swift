/// A slot of an open-addressing hash table.
package protocol HashSlot: BitwiseCopyable {
    /// The entry stored in the slot, or -1 when it is empty.
    var group: Int32 { get }
    /// The slot's full hash, which decides where it lives.
    var hash: UInt64 { get }
    /// An empty slot.
    static var empty: Self { get }
}

/// The slot array of an open-addressing hash table with linear probing, kept at most half full.
/// The tables' probe loops read `base` and `mask` directly; growing rehashes every slot into a new
/// array. The memory is a `Buffer`, freed when the last copy goes.
package struct OpenAddressingSlots<Slot: HashSlot> {
    private var storage: Buffer
    package private(set) var base: UnsafeMutablePointer<Slot>
    package private(set) var mask: Int

    /// Room for `capacity` entries before the first growth.
    package init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        (storage, base) = Self.allocate(size)
        mask = size - 1
    }

    /// `size` empty slots.
    private static func allocate(_ size: Int) -> (Buffer, UnsafeMutablePointer<Slot>) {
        let storage = Buffer(capacity: size * MemoryLayout<Slot>.stride)
        let base = storage.typed(Slot.self)
        base.initialize(repeating: .empty, count: size)
        return (storage, base)
    }

    /// Bytes held.
    package var byteSize: Int { (mask + 1) * MemoryLayout<Slot>.stride }

    /// Doubles the array (rehashing every slot) once `count` entries fill more than half of it.
    package mutating func growIfNeeded(count: Int) {
        guard count * 2 > mask else { return }
        rebuild(size: (mask + 1) * 2)
    }

    /// Empties every slot, keeping the size.
    package mutating func clear() { base.update(repeating: .empty, count: mask + 1) }

    /// Moves every entry into a new array of `size` slots.
    private mutating func rebuild(size: Int) {
        let oldBase = base, oldSize = mask + 1, oldStorage = storage
        (storage, base) = Self.allocate(size)
        mask = size - 1
        withExtendedLifetime(oldStorage) {
            for index in 0..<oldSize where oldBase[index].group >= 0 { insert(oldBase[index]) }
        }
    }

    /// Puts `entry` in the first empty slot from its hash on.
    package func insert(_ entry: Slot) {
        var slot = Int(truncatingIfNeeded: entry.hash) & mask
        while base[slot].group >= 0 { slot = (slot + 1) & mask }
        base[slot] = entry
    }
}
