/// A growable run of plain values: the engine's one growable buffer (hash-table arenas and slots,
/// accumulator states, the CSV and JSON readers' unescaped bytes). A value type whose fields are
/// plain stored properties, so hot loops over it pay neither exclusivity checks nor reference
/// counting. Its memory is a `Buffer` that every copy keeps alive; growing moves the values to a
/// new one, so `base` stays valid for a copy until that copy grows. Inlinable, so that the readers
/// in DataFlowIO get loops specialized for their element type rather than generic calls per value.
package struct GrowableBuffer<Element: BitwiseCopyable> {
    @usableFromInline var storage: Buffer
    /// The first element.
    package internal(set) var base: UnsafeMutablePointer<Element>
    /// The elements that fit before the next growth.
    package internal(set) var capacity: Int
    /// The elements in use.
    package internal(set) var count = 0

    /// An empty buffer with room for `capacity` elements.
    @inlinable
    package init(capacity: Int = 1024) {
        self.capacity = Swift.max(capacity, 16)
        storage = Buffer(capacity: self.capacity * MemoryLayout<Element>.stride)
        base = storage.typed(Element.self)
    }

    /// Makes room for `extra` more elements.
    @inlinable @inline(__always)
    package mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    /// Moves the elements to storage for at least `total` of them.
    @usableFromInline
    mutating func grow(to total: Int) {
        let newCapacity = Swift.max(total, capacity * 2)
        let grown = Buffer(capacity: newCapacity * MemoryLayout<Element>.stride)
        let newBase = grown.typed(Element.self)
        newBase.update(from: base, count: count)
        storage = grown
        base = newBase
        capacity = newCapacity
    }

    /// Appends `value`.
    @inlinable @inline(__always)
    package mutating func append(_ value: Element) {
        if count == capacity { grow(to: count + 1) }
        base[count] = value
        count += 1
    }

    /// Appends `n` copies of `value`.
    @inlinable
    package mutating func append(repeating value: Element, count n: Int) {
        reserve(n)
        (base + count).initialize(repeating: value, count: n)
        count += n
    }

    /// Appends `length` elements from `source`.
    @inlinable @inline(__always)
    package mutating func append(_ source: UnsafePointer<Element>, count length: Int) {
        guard length > 0 else { return }
        reserve(length)
        (base + count).update(from: source, count: length)
        count += length
    }

    /// Appends the elements at `range` of this buffer (safe when the storage grows).
    @inlinable
    package mutating func appendCopy(of range: Range<Int>) {
        reserve(range.count)
        (base + count).update(from: base + range.lowerBound, count: range.count)
        count += range.count
    }

    /// Forgets the elements, keeping the storage.
    @inlinable
    package mutating func reset() { count = 0 }

    /// Drops the elements after the first `newCount`.
    @inlinable
    package mutating func truncate(to newCount: Int) { count = Swift.min(count, Swift.max(newCount, 0)) }

    /// Element `index` (below `count`; the caller checks).
    @inlinable @inline(__always)
    package subscript(index: Int) -> Element {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }

    /// The elements at `range` (valid until the buffer next grows).
    @inlinable
    package func elements(_ range: Range<Int>) -> UnsafeBufferPointer<Element> {
        UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)
    }
}
