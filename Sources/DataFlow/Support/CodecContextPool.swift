import Foundation

/// A C compression library's contexts (libzstd's, liblz4's), kept between calls: making one per call
/// costs more than coding a small buffer. A caller takes an idle context (or a new one), uses it
/// alone and gives it back; as many exist as calls ran at once, at most `idleLimit` of them idle.
/// A context whose use threw is freed, not kept: a failed decode can leave it mid-frame.
package final class CodecContextPool: @unchecked Sendable { // `idle` is only touched under `lock`; a taken context belongs to one caller
    private let lock = NSLock()
    private var idle: [OpaquePointer] = []
    private let make: @Sendable () -> OpaquePointer?
    private let free: @Sendable (OpaquePointer) -> Void
    private static var idleLimit: Int { 16 }

    /// A pool whose contexts `make` creates (nil when it cannot) and `free` releases.
    package init(make: @escaping @Sendable () -> OpaquePointer?, free: @escaping @Sendable (OpaquePointer) -> Void) {
        self.make = make
        self.free = free
    }

    /// Runs `body` with a context no one else uses meanwhile.
    /// - Throws: `DataFlowError` (`.resourcesExhausted`) when no context can be made; what `body` throws.
    package func withContext<Result>(_ body: (OpaquePointer) throws -> Result) throws -> Result {
        lock.lock()
        let taken = idle.popLast()
        lock.unlock()
        guard let context = taken ?? make() else { throw DataFlowError(.resourcesExhausted, "cannot allocate a compression context") }
        let result: Result
        do {
            result = try body(context)
        } catch {
            free(context)
            throw error
        }
        lock.lock()
        let kept = idle.count < Self.idleLimit
        if kept { idle.append(context) }
        lock.unlock()
        if !kept { free(context) }
        return result
    }
}
