import DataFlow
import Foundation
@testable import Pipelines
import Testing

@Suite("Job reporting")
struct JobReportingTests {
    @Test("METRICS lines keep their field order and quote text a line would split on")
    func metricsLines() throws {
        var line = MetricsLine(job: "migrate", table: "orders")
        line.append("rows_read", 10)
        line.append("duration_seconds", 0.416)
        line.append("note", "no incremental/ directory: skipped")
        line.append("error", #"say "hi", then=go"#)
        line.append("absent", nil as String?)
        #expect(line.description == #"METRICS: job=migrate, table=orders, status=succeeded, rows_read=10, duration_seconds=0.42, note="no incremental/ directory: skipped", error="say \"hi\", then=go""#)
        let json = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(line)) as? [String: Any]
        #expect(json?["table"] as? String == "orders" && json?["rows_read"] as? Int == 10 && json?["error"] as? String == #"say "hi", then=go"#)
        #expect(line["rows_read"] == .int(10) && line["absent"] == nil)
    }

    @Test("each progress stage counts its own rows; files count over the job")
    func progressPerStage() {
        let progress = JobProgress(job: "consolidate", enabled: false)
        progress.update("read", files: 3, rows: 200_000)
        #expect(progress.currentLine.hasPrefix("consolidate: read | files 3 | rows 200000 |"))
        progress.update("deduplicated", rows: 99_049)
        #expect(progress.currentLine.hasPrefix("consolidate: deduplicated | files 3 | rows 99049 |"))
        progress.update("deduplicated", rows: 1)
        #expect(progress.currentLine.hasPrefix("consolidate: deduplicated | files 3 | rows 99050 |"))
    }
}
