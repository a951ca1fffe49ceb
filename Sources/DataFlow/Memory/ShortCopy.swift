/// Copies `count` bytes from `source` to `target` (not overlapping). Under 16 bytes, as short
/// strings are, the bytes move in at most four unaligned loads and stores (a library call per
/// value costs more than the copy); longer runs go to `copyMemory`.
@inline(__always)
func copyBytes(from source: UnsafeRawPointer, to target: UnsafeMutableRawPointer, count: Int) {
    guard count < 16 else {
        target.copyMemory(from: source, byteCount: count)
        return
    }
    var at = 0
    if count & 8 != 0 {
        target.storeBytes(of: source.loadUnaligned(as: UInt64.self), as: UInt64.self)
        at = 8
    }
    if count & 4 != 0 {
        (target + at).storeBytes(of: (source + at).loadUnaligned(as: UInt32.self), as: UInt32.self)
        at += 4
    }
    if count & 2 != 0 {
        (target + at).storeBytes(of: (source + at).loadUnaligned(as: UInt16.self), as: UInt16.self)
        at += 2
    }
    if count & 1 != 0 { (target + at).storeBytes(of: (source + at).load(as: UInt8.self), as: UInt8.self) }
}
