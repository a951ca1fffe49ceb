@testable import DataFlow
import Dispatch
import Foundation
import Synchronization
import Testing

/// Cancelling running queries, and following their progress.
@Suite("Execution: cancellation and progress")
struct CancellationTests {
    /// Records what a session's queries report.
    final class Recorder: QueryObserver {
        let events = Locked<[String]>([])
        let progress = Locked<[QueryProgress]>([])

        func queryStarted(_ query: RunningQuery) { events.withLock { $0.append("started \(query.action)") } }
        func queryProgressed(_ query: RunningQuery, _ progress: QueryProgress) { self.progress.withLock { $0.append(progress) } }
        func queryFinished(_ query: RunningQuery, outcome: Result<QueryMetrics, any Error>) {
            let text: String
            switch outcome {
            case let .success(metrics): text = "finished \(query.action) with \(metrics.plan.metrics.outputRows) rows"
            case let .failure(error as DataFlowError): text = "failed \(query.action): \(error.category)"
            case let .failure(error): text = "failed \(query.action): \(error)"
            }
            events.withLock { $0.append(text) }
        }
    }

    @Test("a running 100M-row aggregation stops within 200 ms of cancel(), with .cancelled and no memory left reserved")
    func cancelAggregation() throws {
        let session = Session(parallelism: 2)
        let recorder = Recorder()
        session.addObserver(recorder)
        let frame = try session.range(0, 100_000_000).groupBy((col("id") % 1_000).alias("k")).agg(Expr.sum("id").alias("s"))
        let outcome = Locked<(error: (any Error)?, at: UInt64)?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            do {
                _ = try frame.collect()
                outcome.withLock { $0 = (nil, DispatchTime.now().uptimeNanoseconds) }
            } catch {
                outcome.withLock { $0 = (error, DispatchTime.now().uptimeNanoseconds) }
            }
            done.signal()
        }
        // Wait until the query runs and has reserved memory, then cancel it.
        let deadline = Date().addingTimeInterval(60)
        while session.runningQueries.isEmpty || session.memoryPool.reservedBytes == 0, Date() < deadline { usleep(1_000) }
        usleep(200_000)
        let running = try #require(session.runningQueries.first)
        #expect(running.action == "collect")
        let cancelledAt = DispatchTime.now().uptimeNanoseconds
        running.cancel()
        done.wait()
        let (error, endedAt) = try #require(outcome.withLock { $0 })
        let failure = try #require(error as? DataFlowError, "the query finished before it was cancelled")
        #expect(failure.category == .cancelled)
        let milliseconds = Double(endedAt - cancelledAt) / 1e6
        // ThreadSanitizer (`make test-thread-sanitizer` sets TSAN_OPTIONS) makes every memory access
        // several times slower, and a batch with it: there the bound is a second.
        let bound = ProcessInfo.processInfo.environment["TSAN_OPTIONS"] == nil ? 200.0 : 1_000.0
        #expect(milliseconds < bound, "stopped \(milliseconds) ms after cancel()")
        #expect(session.memoryPool.reservedBytes == 0)
        #expect(session.runningQueries.isEmpty)
        #expect(recorder.events.withLock { $0 } == ["started collect", "failed collect: cancelled"])
    }

    @Test("cancelAll() stops every running query of the session; later queries run")
    func cancelAll() throws {
        let session = Session(parallelism: 2)
        let frame = try session.range(0, 100_000_000).groupBy((col("id") % 7).alias("k")).agg(Expr.count().alias("n"))
        let errors = Locked<[DataFlowError.Category]>([])
        let group = DispatchGroup()
        for _ in 0..<2 {
            group.enter()
            Thread.detachNewThread {
                do { _ = try frame.collect() } catch let error as DataFlowError { errors.withLock { $0.append(error.category) } } catch {}
                group.leave()
            }
        }
        let deadline = Date().addingTimeInterval(60)
        while session.runningQueries.count < 2, Date() < deadline { usleep(1_000) }
        session.cancelAll()
        group.wait()
        #expect(errors.withLock { $0 } == [.cancelled, .cancelled])
        #expect(try session.range(0, 10).count() == 10)
        #expect(session.memoryPool.reservedBytes == 0)
    }

    @Test("observers see a query's stages and partitions finish, rows counted, and its metrics at the end")
    func progress() throws {
        let session = Session(parallelism: 2, shufflePartitions: 3)
        let recorder = Recorder()
        session.addObserver(recorder)
        let rows = try session.range(0, 10_000, partitions: 4).repartition(3).groupBy(col("id") % 5).agg(Expr.count().alias("n")).collect()
        #expect(rows.count == 5)
        #expect(recorder.events.withLock { $0 } == ["started collect", "finished collect with 5 rows"])
        let last = try #require(recorder.progress.withLock { $0.last })
        #expect(last.stages.map(\.name).first == "Exchange RoundRobinPartitioning(3)")
        #expect(last.stages.first?.rows == 10_000)
        #expect(last.stages.map(\.partitions) == [4, 3, 3].prefix(last.stages.count - 1) + [last.stages.last!.partitions])
        #expect(last.stages.allSatisfy { $0.isFinished })
        #expect(last.partitionsDone == last.partitions)
        let seen = recorder.progress.withLock { $0.map(\.partitionsDone) }
        #expect(seen == seen.sorted(), "progress only grows")
    }
}
