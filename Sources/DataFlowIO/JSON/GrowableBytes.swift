/// A growable byte buffer for the JSON reader's unescaped keys and values: appends copy in bulk,
/// `reset` keeps the storage. A value type whose fields (address, count) are plain stored
/// properties, so that hot loops over it pay no exclusivity checks; copies share the storage, so
/// one owner mutates it at a time. `base` stays valid until the buffer next grows.
struct GrowableBytes {
    /// Owns the allocation, so that copies and growth never leak or free it early.
    private final class Storage {
        let pointer: UnsafeMutablePointer<UInt8>
        init(capacity: Int) { pointer = .allocate(capacity: capacity) }
        deinit { pointer.deallocate() }
    }

    private var storage: Storage
    /// The first byte.
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    /// The bytes in use.
    private(set) var count = 0

    init(capacity: Int = 4096) {
        self.capacity = max(capacity, 64)
        storage = Storage(capacity: self.capacity)
        base = storage.pointer
    }

    /// Forgets the bytes, keeping the storage.
    mutating func reset() { count = 0 }

    /// Drops the bytes after the first `newCount`.
    mutating func truncate(to newCount: Int) { count = min(count, max(newCount, 0)) }

    /// Makes room for `extra` more bytes (moving the storage when it grows).
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        let grown = Storage(capacity: max(capacity * 2, count + extra))
        grown.pointer.update(from: base, count: count)
        storage = grown
        base = grown.pointer
        capacity = max(capacity * 2, count + extra)
    }

    /// Appends `length` bytes from `source`.
    @inline(__always)
    mutating func append(_ source: UnsafePointer<UInt8>, _ length: Int) {
        guard length > 0 else { return }
        reserve(length)
        (base + count).update(from: source, count: length)
        count += length
    }

    /// Appends one byte.
    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    /// Appends the bytes at `range` of this buffer (safe when the storage grows).
    mutating func appendCopy(of range: Range<Int>) {
        reserve(range.count)
        (base + count).update(from: base + range.lowerBound, count: range.count)
        count += range.count
    }

    /// The bytes at `range` (valid until the buffer next grows).
    func bytes(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)
    }
}
