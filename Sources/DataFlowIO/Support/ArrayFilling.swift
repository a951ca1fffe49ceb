extension Array {
    /// An array of exactly `count` elements that `fill` writes into uninitialized memory.
    ///
    /// An empty result is built without `init(unsafeUninitializedCapacity:)`: for capacity 0 that
    /// initializer stores the count into the shared empty-array storage, a write that
    /// ThreadSanitizer reports as a race between any two threads making empty arrays.
    init(count: Int, filling fill: (UnsafeMutablePointer<Element>) throws -> Void) rethrows {
        guard count > 0 else {
            self = []
            return
        }
        self = try Array(unsafeUninitializedCapacity: count) { buffer, initialized in
            try fill(buffer.baseAddress!)
            initialized = count
        }
    }
}
