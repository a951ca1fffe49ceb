import Dispatch
import Foundation

/// Runs tasks on Dispatch with at most `parallelism` at once. Tasks are taken in index order by
/// whichever worker is free; the first error stops the rest and is rethrown.
enum Scheduler {
    /// Runs `body(0) ..< body(count)` with at most `parallelism` workers; with `cancellation`,
    /// no task starts once its query is cancelled.
    static func parallelFor(_ count: Int, parallelism: Int, cancellation: RunningQuery? = nil, _ body: (Int) throws -> Void) throws {
        if count == 0 { return }
        if parallelism <= 1 || count == 1 {
            for index in 0..<count {
                try cancellation?.checkCancellation()
                try body(index)
            }
            return
        }
        let queue = TaskQueue(count: count, cancellation: cancellation)
        withoutActuallyEscaping(body) { body in
            let work = UncheckedBox(body)
            DispatchQueue.concurrentPerform(iterations: min(parallelism, count)) { _ in
                while let index = queue.next() {
                    do { try work.value(index) } catch { queue.fail(error) }
                }
            }
        }
        if let error = queue.error { throw error }
    }

    /// Runs `body` for every index and returns the results in index order.
    static func parallelMap<T>(_ count: Int, parallelism: Int, cancellation: RunningQuery? = nil, _ body: (Int) throws -> T) throws -> [T] {
        let results = ResultSlots<T>(count: count)
        try parallelFor(count, parallelism: parallelism, cancellation: cancellation) { index in results.set(index, try body(index)) }
        return results.values
    }
}

/// Hands out task indices and records the first failure; a cancelled query fails the queue.
private final class TaskQueue: @unchecked Sendable { // the next index and the first error change only under `lock`
    private let lock = NSLock()
    private let count: Int
    private let cancellation: RunningQuery?
    private var nextIndex = 0
    private(set) var error: (any Error)?

    init(count: Int, cancellation: RunningQuery?) {
        self.count = count
        self.cancellation = cancellation
    }

    func next() -> Int? {
        lock.withLock {
            if error == nil, let cancellation {
                do { try cancellation.checkCancellation() } catch { self.error = error }
            }
            guard error == nil, nextIndex < count else { return nil }
            defer { nextIndex += 1 }
            return nextIndex
        }
    }

    func fail(_ failure: any Error) {
        lock.withLock { if error == nil { error = failure } }
    }
}

/// Per-index result slots written by concurrent tasks.
private final class ResultSlots<T>: @unchecked Sendable { // each slot is written by one task, all under `lock`
    private let lock = NSLock()
    private var slots: [T?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: T) { lock.withLock { slots[index] = value } }

    var values: [T] { lock.withLock { slots.map { $0! } } }
}

/// Carries a non-Sendable value into Dispatch's closure; the scheduler guarantees the accesses.
private struct UncheckedBox<T>: @unchecked Sendable { // the scheduler waits for every task before the caller uses the value again
    let value: T
    init(_ value: T) { self.value = value }
}
