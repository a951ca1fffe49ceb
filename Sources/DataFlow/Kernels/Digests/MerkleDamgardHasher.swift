/// The compression side of a Merkle–Damgård hash (MD5, SHA-1, SHA-2): a chaining value updated one
/// fixed-size block at a time. `MerkleDamgardHasher` does the buffering and the padding around it.
protocol MerkleDamgardState {
    /// Bytes per message block (64 for MD5, SHA-1 and SHA-256; 128 for SHA-512).
    static var blockByteCount: Int { get }
    /// Bytes of the message-length field that ends the padding (8, or 16 for SHA-512).
    static var lengthFieldByteCount: Int { get }
    /// Whether the length field is little-endian (MD5) rather than big-endian (SHA).
    static var lengthIsLittleEndian: Bool { get }
    /// Bytes of the digest this state produces (a SHA-2 variant may truncate its chaining value).
    var digestByteCount: Int { get }
    /// Sets the chaining value back to the initial hash value.
    mutating func reset()
    /// Folds one block of `blockByteCount` bytes (any alignment) into the chaining value.
    mutating func compress(_ block: UnsafeRawPointer)
    /// Writes the first `digestByteCount` bytes of the chaining value, in the algorithm's byte order.
    func writeDigest(to output: UnsafeMutableRawPointer)
}

/// A streaming Merkle–Damgård hasher: buffers partial blocks and applies the standard padding (one
/// 1 bit, zeros, then the message length in bits). One instance is reused for every row of a
/// batch: `reset`, `update`, `finish` allocate nothing.
struct MerkleDamgardHasher<State: MerkleDamgardState> {
    private var state: State
    /// Pending bytes of a block not yet compressed; allocated once, at `init`.
    private var block: [UInt8]
    private var pendingByteCount = 0
    private var messageByteCount: UInt64 = 0

    /// A hasher starting from `state`'s initial hash value.
    init(_ state: State) {
        self.state = state
        self.state.reset()
        block = [UInt8](repeating: 0, count: State.blockByteCount)
    }

    /// Bytes written by `finish`.
    var digestByteCount: Int { state.digestByteCount }

    /// Starts a new message.
    mutating func reset() {
        state.reset()
        pendingByteCount = 0
        messageByteCount = 0
    }

    /// Appends `bytes` to the message.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        let blockSize = State.blockByteCount
        messageByteCount &+= UInt64(bytes.count)
        var consumed = 0
        block.withUnsafeMutableBytes { pending in
            guard let pendingBase = pending.baseAddress else { return }
            if pendingByteCount > 0 {
                let taken = min(blockSize - pendingByteCount, bytes.count)
                (pendingBase + pendingByteCount).copyMemory(from: base, byteCount: taken)
                pendingByteCount += taken
                consumed = taken
                guard pendingByteCount == blockSize else { return }
                state.compress(pendingBase)
                pendingByteCount = 0
            }
            while bytes.count - consumed >= blockSize {
                state.compress(base + consumed)
                consumed += blockSize
            }
            let rest = bytes.count - consumed
            if rest > 0 {
                pendingBase.copyMemory(from: base + consumed, byteCount: rest)
                pendingByteCount = rest
            }
        }
    }

    /// Pads the message and writes its `digestByteCount`-byte digest to `output`; `reset` before the
    /// next message.
    mutating func finish(into output: UnsafeMutableRawPointer) {
        let blockSize = State.blockByteCount, lengthField = State.lengthFieldByteCount
        let bitCountLow = messageByteCount &<< 3, bitCountHigh = messageByteCount &>> 61
        block.withUnsafeMutableBytes { pending in
            guard let base = pending.baseAddress else { return }
            base.storeBytes(of: 0x80, toByteOffset: pendingByteCount, as: UInt8.self)
            var used = pendingByteCount + 1
            if used > blockSize - lengthField {
                (base + used).initializeMemory(as: UInt8.self, repeating: 0, count: blockSize - used)
                state.compress(base)
                used = 0
            }
            (base + used).initializeMemory(as: UInt8.self, repeating: 0, count: blockSize - used)
            if State.lengthIsLittleEndian {
                base.storeBytes(of: bitCountLow.littleEndian, toByteOffset: blockSize - lengthField, as: UInt64.self)
            } else {
                if lengthField == 16 {
                    base.storeBytes(of: bitCountHigh.bigEndian, toByteOffset: blockSize - 16, as: UInt64.self)
                }
                base.storeBytes(of: bitCountLow.bigEndian, toByteOffset: blockSize - 8, as: UInt64.self)
            }
            state.compress(base)
        }
        state.writeDigest(to: output)
    }

    /// The digest of `bytes` alone, written to `output` (`digestByteCount` bytes).
    mutating func digest(_ bytes: UnsafeRawBufferPointer, into output: UnsafeMutableRawPointer) {
        reset()
        update(bytes)
        finish(into: output)
    }
}
