/// A 64-byte aligned, reference-counted block of memory: the storage of column values, offsets,
/// string bytes and bitmaps.
///
/// A buffer is mutable only while a builder or kernel owns it exclusively; once it is wrapped in a
/// `Column` it is never written again, which is what makes sharing it across threads and zero-copy
/// slicing safe.
public final class Buffer: @unchecked Sendable { // written only by its one owner before a Column wraps it, read-only after
    /// The start of the memory. Only `reserve` changes it, while one builder owns the buffer, so
    /// reads skip the dynamic exclusivity check they would otherwise pay on every call.
    @exclusivity(unchecked) @usableFromInline private(set) var pointer: UnsafeMutableRawPointer
    /// The allocated size in bytes (changed, like `pointer`, only by `reserve`).
    @exclusivity(unchecked) @usableFromInline private(set) var capacity: Int

    static let alignment = 64

    /// Allocates `capacity` bytes; `zeroed` fills them with zeros.
    @usableFromInline
    init(capacity: Int, zeroed: Bool = false) {
        self.capacity = max(capacity, 0)
        pointer = UnsafeMutableRawPointer.allocate(byteCount: max(self.capacity, Self.alignment), alignment: Self.alignment)
        if zeroed { pointer.initializeMemory(as: UInt8.self, repeating: 0, count: self.capacity) }
    }

    /// A buffer holding a copy of `values`.
    convenience init<T>(copying values: UnsafeBufferPointer<T>) {
        self.init(capacity: values.count * MemoryLayout<T>.stride)
        if let base = values.baseAddress { pointer.copyMemory(from: base, byteCount: values.count * MemoryLayout<T>.stride) }
    }

    deinit { pointer.deallocate() }

    /// Grows the buffer to at least `minimum` bytes, keeping the first `used` bytes. Only for
    /// builders that own the buffer exclusively.
    @usableFromInline
    func reserve(_ minimum: Int, used: Int) {
        guard minimum > capacity else { return }
        let newCapacity = max(minimum, capacity * 2, 64)
        let newPointer = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: Self.alignment)
        newPointer.copyMemory(from: pointer, byteCount: used)
        pointer.deallocate()
        pointer = newPointer
        capacity = newCapacity
    }

    /// The memory as typed elements.
    @inlinable
    func typed<T>(_: T.Type) -> UnsafeMutablePointer<T> { pointer.assumingMemoryBound(to: T.self) }
}
