import Foundation

/// A value shared between threads, read and changed only while holding its lock. A pthread mutex
/// (`NSLock`) rather than the standard library's `Mutex`, whose futex-based lock ThreadSanitizer
/// cannot see on Linux: every access it guards would be reported as a race.
package final class Locked<Value: Sendable>: @unchecked Sendable { // `value` is only touched under `lock`
    private let lock = NSLock()
    private var value: Value

    /// A lock around `value`.
    package init(_ value: Value) { self.value = value }

    /// Runs `body` with the value, holding the lock.
    package func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
