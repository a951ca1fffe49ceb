import Dispatch
import Foundation

/// Runs async work from synchronous code and waits for it: DataFrame actions are synchronous,
/// database and RPC clients asynchronous. The work runs on Dispatch threads of its own
/// (`BlockingTaskExecutor`), never on the concurrency pool, so a caller blocking one of the pool's
/// threads (a test, an actor) cannot starve it.
package func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let semaphore = DispatchSemaphore(value: 0)
    let result = ResultBox<T>()
    Task.detached(executorPreference: BlockingTaskExecutor.shared) {
        do { result.value = .success(try await body()) } catch { result.value = .failure(error) }
        semaphore.signal()
    }
    semaphore.wait()
    guard let value = result.value else { throw DataFlowError.internalError("an asynchronous call ended without a result") }
    return try value.get()
}

/// Starts long-running async work (a client's connection loop) on the executor `blocking` uses,
/// off the concurrency pool.
package func startInBackground(_ body: @escaping @Sendable () async -> Void) {
    Task.detached(executorPreference: BlockingTaskExecutor.shared) { await body() }
}

/// Runs the jobs of `blocking` calls on a concurrent Dispatch queue.
final class BlockingTaskExecutor: TaskExecutor {
    static let shared = BlockingTaskExecutor()
    private let queue = DispatchQueue(label: "dataflow.blocking", attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

/// The result an asynchronous call hands to the thread waiting for it.
private final class ResultBox<T: Sendable>: @unchecked Sendable { // `stored` is read and written only under `lock`
    private let lock = NSLock()
    private var stored: Result<T, any Error>?
    var value: Result<T, any Error>? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
