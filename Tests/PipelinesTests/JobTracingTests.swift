import DataFlow
import Foundation
import InMemoryTracing
import Instrumentation
import Pipelines
import SampleData
import TestSupport
import Testing
import Tracing

/// The process's tracer for these tests: installed once (the instrumentation system takes one).
private let tracer: InMemoryTracer = {
    let tracer = InMemoryTracer()
    InstrumentationSystem.bootstrap(tracer)
    return tracer
}()

@Suite("Job tracing")
struct JobTracingTests {
    @Test("consolidate traces the job and its stages with record counts")
    func consolidateSpans() throws {
        let tracer = tracer
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let session = Session(warehouse: root + "/warehouse")
        guard let day = CalendarDate("2025-11-02") else { throw DataFlowError.internalError("date") }
        try ChargebackLandingZone(days: [day], rowsPerDay: 1_234, filesPerDay: 3).write(to: root + "/landing", session: session)
        var config = ConsolidateJob.Config(source: root + "/landing", output: root + "/out", fileCount: 2)
        config.partitionDate = "2025-11-02"
        let report = try ConsolidateJob(config: config).run(session: session)

        let spans = tracer.finishedSpans
        let job = try #require(spans.first { $0.operationName == "consolidate" && $0.attributes.get("record.count") == .int64(1_234) })
        #expect(job.attributes.get("duplicates.removed") == .int64(Int64(report.duplicatesRemoved)))
        let stages = spans.filter { $0.traceID == job.traceID && $0.parentSpanID == job.spanID }
        #expect(Set(stages.map(\.operationName)) == ["quality", "write"])
        #expect(stages.first { $0.operationName == "write" }?.attributes.get("record.count") == .int64(Int64(report.recordsWritten)))
    }
}
