/// A byte string of at most 8 bytes held as one word, so that testing a value for equality with
/// it is a length check and one zero-extended load (string literals in filters are mostly this
/// short: flags, modes, codes).
struct ShortBytes {
    let length: Int
    let word: UInt64

    /// The `length` bytes at `bytes`; nil when longer than 8.
    init?(_ bytes: UnsafePointer<UInt8>, length: Int) {
        guard length <= 8 else { return nil }
        self.length = length
        word = Self.load(UnsafeRawPointer(bytes), length: length)
    }

    /// Whether the `length` bytes at `bytes` are these.
    @inline(__always)
    func matches(_ bytes: UnsafePointer<UInt8>, length: Int) -> Bool {
        length == self.length && Self.load(UnsafeRawPointer(bytes), length: length) == word
    }

    /// The `length` (at most 8) bytes at `bytes`, zero-extended, reading no byte past them.
    @inline(__always)
    static func load(_ bytes: UnsafeRawPointer, length: Int) -> UInt64 {
        if length == 8 { return bytes.loadUnaligned(as: UInt64.self) }
        var word: UInt64 = 0, at = 0
        if length & 4 != 0 {
            word = UInt64(bytes.loadUnaligned(as: UInt32.self))
            at = 4
        }
        if length & 2 != 0 {
            word |= UInt64(bytes.loadUnaligned(fromByteOffset: at, as: UInt16.self)) << UInt64(8 * at)
            at += 2
        }
        if length & 1 != 0 { word |= UInt64(bytes.load(fromByteOffset: at, as: UInt8.self)) << UInt64(8 * at) }
        return word
    }
}
