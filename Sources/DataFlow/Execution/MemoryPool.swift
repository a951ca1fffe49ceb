import Foundation

/// Tracks the bytes held by blocking operators (hash tables, sort buffers, exchange buckets) against
/// a limit. Exceeding the limit is a `DataFlowError` (`.resourcesExhausted`) naming the operator,
/// never a crash.
public final class MemoryPool: @unchecked Sendable { // `used` and `peak` change only under `lock`
    /// The limit in bytes.
    public let limit: Int
    private let lock = NSLock()
    private var used = 0
    private var peak = 0

    /// A pool allowing `limit` bytes.
    public init(limit: Int) { self.limit = limit }

    /// Bytes currently reserved.
    public var reservedBytes: Int { lock.withLock { used } }

    /// The most bytes reserved at once.
    public var peakBytes: Int { lock.withLock { peak } }

    /// Reserves `bytes` for `operatorName`.
    /// - Throws: `DataFlowError` (`.resourcesExhausted`) when the limit would be exceeded.
    public func reserve(_ bytes: Int, for operatorName: String) throws {
        guard bytes > 0 else { return }
        try lock.withLock {
            guard used + bytes <= limit else {
                throw DataFlowError(.resourcesExhausted,
                                    "memory limit of \(limit) bytes exceeded: \(operatorName) needs \(bytes) more bytes with \(used) in use; raise Session.memoryLimit or reduce the data",
                                    location: ErrorLocation(operatorName: operatorName))
            }
            used += bytes
            peak = max(peak, used)
        }
    }

    /// Returns `bytes` to the pool.
    public func release(_ bytes: Int) {
        guard bytes > 0 else { return }
        lock.withLock { used = max(0, used - bytes) }
    }
}

/// A reservation that grows with an operator's state and is returned when the operator finishes.
final class MemoryReservation {
    private let pool: MemoryPool
    private let operatorName: String
    private(set) var bytes = 0

    init(pool: MemoryPool, operatorName: String) {
        self.pool = pool
        self.operatorName = operatorName
    }

    /// Grows or shrinks the reservation to `total` bytes.
    func resize(to total: Int) throws {
        if total > bytes {
            try pool.reserve(total - bytes, for: operatorName)
        } else {
            pool.release(bytes - total)
        }
        bytes = total
    }

    /// Releases everything.
    func free() {
        pool.release(bytes)
        bytes = 0
    }

    deinit { free() }
}
