/// Tracks the bytes held by blocking operators (hash tables, sort buffers, exchange buckets) of
/// every query of a session against one limit. Exceeding the limit is a `DataFlowError`
/// (`.resourcesExhausted`) naming the operator, never a crash.
public final class MemoryPool: Sendable {
    /// The limit in bytes.
    public let limit: Int
    private let state = Locked<(used: Int, peak: Int)>((0, 0))

    /// A pool allowing `limit` bytes.
    public init(limit: Int) { self.limit = limit }

    /// Bytes currently reserved.
    public var reservedBytes: Int { state.withLock { $0.used } }

    /// The most bytes reserved at once.
    public var peakBytes: Int { state.withLock { $0.peak } }

    /// Reserves `bytes` for `operatorName`.
    /// - Throws: `DataFlowError` (`.resourcesExhausted`) when the limit would be exceeded.
    public func reserve(_ bytes: Int, for operatorName: String) throws {
        guard bytes > 0 else { return }
        try state.withLock { state in
            let used = state.used
            guard used + bytes <= limit else {
                throw DataFlowError(.resourcesExhausted,
                                    "memory limit of \(limit) bytes exceeded: \(operatorName) needs \(bytes) more bytes with \(used) in use; raise Session.memoryLimit or reduce the data",
                                    location: ErrorLocation(operatorName: operatorName))
            }
            state.used += bytes
            state.peak = max(state.peak, state.used)
        }
    }

    /// Returns `bytes` to the pool.
    public func release(_ bytes: Int) {
        guard bytes > 0 else { return }
        state.withLock { $0.used = max(0, $0.used - bytes) }
    }
}
