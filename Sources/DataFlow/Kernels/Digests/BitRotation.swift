extension UInt32 {
    /// The bits rotated left by `count` (0 < count < 32).
    @inline(__always)
    func rotated(left count: UInt32) -> UInt32 { (self &<< count) | (self &>> (32 &- count)) }

    /// The bits rotated right by `count` (0 < count < 32).
    @inline(__always)
    func rotated(right count: UInt32) -> UInt32 { (self &>> count) | (self &<< (32 &- count)) }
}

extension UInt64 {
    /// The bits rotated left by `count` (0 < count < 64).
    @inline(__always)
    func rotated(left count: UInt64) -> UInt64 { (self &<< count) | (self &>> (64 &- count)) }

    /// The bits rotated right by `count` (0 < count < 64).
    @inline(__always)
    func rotated(right count: UInt64) -> UInt64 { (self &>> count) | (self &<< (64 &- count)) }
}
