/// A read-only view of a bit-packed buffer (validity bitmaps and boolean values), LSB first, starting
/// at bit `offset`. A view without bytes reads as all ones: a column with no nulls has no bitmap.
public struct BitView {
    @usableFromInline let bytes: UnsafePointer<UInt8>?
    @usableFromInline let offset: Int

    @inlinable
    init(bytes: UnsafePointer<UInt8>?, offset: Int) {
        self.bytes = bytes
        self.offset = offset
    }

    /// A view that reads as all ones.
    @inlinable
    static var allSet: BitView { BitView(bytes: nil, offset: 0) }

    /// Whether bit `index` is set.
    @inlinable @inline(__always)
    public subscript(index: Int) -> Bool {
        guard let bytes else { return true }
        let bit = index &+ offset
        return bytes[bit &>> 3] & (1 &<< UInt8(truncatingIfNeeded: bit & 7)) != 0
    }

    /// Whether the view has no bitmap (every bit set).
    @inlinable
    var isAllSet: Bool { bytes == nil }

    /// Whether its bits start on a byte boundary, so `byte(_:)` can read eight at a time.
    @inlinable
    var isByteAligned: Bool { bytes == nil || offset & 7 == 0 }

    /// Bits `8 * index ..< 8 * index + 8` as one byte (bit 0 in the lowest bit), for a byte-aligned view.
    @inlinable @inline(__always)
    func byte(_ index: Int) -> UInt8 {
        guard let bytes else { return 0xFF }
        return bytes[(offset &>> 3) &+ index]
    }
}

/// Bitmap helpers over raw bytes.
enum Bitmap {
    /// Bytes needed to hold `bits` bits.
    @inlinable
    static func byteCount(_ bits: Int) -> Int { (bits + 7) >> 3 }

    /// Sets bit `index` of `bytes`.
    @inlinable @inline(__always)
    static func set(_ bytes: UnsafeMutablePointer<UInt8>, _ index: Int) {
        bytes[index &>> 3] |= 1 &<< UInt8(truncatingIfNeeded: index & 7)
    }

    /// Clears bit `index` of `bytes`.
    @inlinable @inline(__always)
    static func clear(_ bytes: UnsafeMutablePointer<UInt8>, _ index: Int) {
        bytes[index &>> 3] &= ~(1 &<< UInt8(truncatingIfNeeded: index & 7))
    }

    /// Writes `value` to bit `index` of `bytes`.
    @inlinable @inline(__always)
    static func write(_ bytes: UnsafeMutablePointer<UInt8>, _ index: Int, _ value: Bool) {
        let mask = 1 &<< UInt8(truncatingIfNeeded: index & 7)
        if value { bytes[index &>> 3] |= mask } else { bytes[index &>> 3] &= ~mask }
    }

    /// Number of set bits among `count` bits of `view`.
    static func countSet(_ view: BitView, count: Int) -> Int {
        guard let bytes = view.bytes else { return count }
        var total = 0
        var index = 0
        // Whole bytes once aligned.
        while index < count && (index + view.offset) & 7 != 0 {
            if view[index] { total += 1 }
            index += 1
        }
        let start = (index + view.offset) >> 3
        let wholeBytes = (count - index) >> 3
        var byteIndex = 0
        while byteIndex + 8 <= wholeBytes {
            let word = UnsafeRawPointer(bytes + start + byteIndex).loadUnaligned(as: UInt64.self)
            total += word.nonzeroBitCount
            byteIndex += 8
        }
        while byteIndex < wholeBytes {
            total += bytes[start + byteIndex].nonzeroBitCount
            byteIndex += 1
        }
        index += wholeBytes * 8
        while index < count {
            if view[index] { total += 1 }
            index += 1
        }
        return total
    }

    /// A new bitmap whose bit `i` is `values[i]`.
    static func fromBools(_ values: [Bool]) -> Buffer {
        let buffer = Buffer(capacity: byteCount(values.count), zeroed: true)
        for (index, value) in values.enumerated() where value { set(buffer.typed(UInt8.self), index) }
        return buffer
    }

    /// A new buffer holding `count` bits of `view` starting at bit 0.
    static func copy(_ view: BitView, count: Int) -> Buffer {
        let buffer = Buffer(capacity: byteCount(count), zeroed: true)
        view.copyBits(count: count, to: buffer.pointer)
        return buffer
    }

    /// The bitwise AND of two views over `count` bits, or nil when both are all set.
    static func and(_ a: BitView, _ b: BitView, count: Int) -> Buffer? {
        if a.isAllSet && b.isAllSet { return nil }
        if a.isAllSet { return copy(b, count: count) }
        if b.isAllSet { return copy(a, count: count) }
        let buffer = Buffer(capacity: byteCount(count), zeroed: true)
        let out = buffer.typed(UInt8.self)
        if a.isByteAligned && b.isByteAligned {
            for index in 0..<byteCount(count) { out[index] = a.byte(index) & b.byte(index) }
        } else {
            for index in 0..<count where a[index] && b[index] { set(out, index) }
        }
        return buffer
    }
}
