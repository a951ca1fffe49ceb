/// A growable run of plain values: the engine's one growable buffer (hash-table arenas and slots,
/// accumulator states, the CSV and JSON readers' unescaped bytes). A value type whose fields are
/// plain stored properties, so hot loops over it pay neither exclusivity checks nor reference
/// counting. Its memory is a `Buffer` that every copy keeps alive; growing moves the values to a
/// new one, so `base` stays valid for a copy until that copy grows. Public and inlinable, so that
/// other modules (the CSV and JSON readers) get loops specialized for their element type: an
/// `@inlinable package` method was still called generically, once per value, from DataFlowIO.
public struct GrowableBuffer<Element: BitwiseCopyable> {
    @usableFromInline var storage: Buffer
    @usableFromInline var start: UnsafeMutablePointer<Element>
    @usableFromInline var allocated: Int
    @usableFromInline var used = 0

    /// The first element.
    @inlinable public var base: UnsafeMutablePointer<Element> { start }
    /// The elements that fit before the next growth.
    @inlinable public var capacity: Int { allocated }
    /// The elements in use.
    @inlinable public var count: Int { used }

    /// An empty buffer with room for `capacity` elements.
    @inlinable
    public init(capacity: Int = 1024) {
        allocated = Swift.max(capacity, 16)
        storage = Buffer(capacity: allocated * MemoryLayout<Element>.stride)
        start = storage.typed(Element.self)
    }

    /// Makes room for `extra` more elements.
    @inlinable @inline(__always)
    public mutating func reserve(_ extra: Int) {
        if used + extra > allocated { grow(to: used + extra) }
    }

    /// Moves the elements to storage for at least `total` of them.
    @usableFromInline
    mutating func grow(to total: Int) {
        let newCapacity = Swift.max(total, allocated * 2)
        let grown = Buffer(capacity: newCapacity * MemoryLayout<Element>.stride)
        let newBase = grown.typed(Element.self)
        newBase.update(from: start, count: used)
        storage = grown
        start = newBase
        allocated = newCapacity
    }

    /// Appends `value`.
    @inlinable @inline(__always)
    public mutating func append(_ value: Element) {
        if used == allocated { grow(to: used + 1) }
        start[used] = value
        used += 1
    }

    /// Appends `n` copies of `value`.
    @inlinable
    public mutating func append(repeating value: Element, count n: Int) {
        reserve(n)
        (start + used).initialize(repeating: value, count: n)
        used += n
    }

    /// Appends `n` elements left for the caller to write, at the returned pointer (valid until the
    /// buffer next grows).
    @inlinable @inline(__always)
    public mutating func appendUninitialized(count n: Int) -> UnsafeMutablePointer<Element> {
        reserve(n)
        let first = start + used
        used += n
        return first
    }

    /// Appends `length` elements from `source`.
    @inlinable @inline(__always)
    public mutating func append(_ source: UnsafePointer<Element>, count length: Int) {
        guard length > 0 else { return }
        reserve(length)
        (start + used).update(from: source, count: length)
        used += length
    }

    /// Appends the elements at `range` of this buffer (safe when the storage grows).
    @inlinable
    public mutating func appendCopy(of range: Range<Int>) {
        reserve(range.count)
        (start + used).update(from: start + range.lowerBound, count: range.count)
        used += range.count
    }

    /// Forgets the elements, keeping the storage.
    @inlinable
    public mutating func reset() { used = 0 }

    /// Drops the elements after the first `newCount`.
    @inlinable
    public mutating func truncate(to newCount: Int) { used = Swift.min(used, Swift.max(newCount, 0)) }

    /// Element `index` (below `count`; the caller checks).
    @inlinable @inline(__always)
    public subscript(index: Int) -> Element {
        get { start[index] }
        nonmutating set { start[index] = newValue }
    }

    /// The elements at `range` (valid until the buffer next grows).
    @inlinable
    public func elements(_ range: Range<Int>) -> UnsafeBufferPointer<Element> {
        UnsafeBufferPointer(start: start + range.lowerBound, count: range.count)
    }
}
