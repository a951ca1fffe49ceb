// Seed 001's snapshot generator as a pipeline author writes it with DataFlow: a generated DMS
// export of an employees table (a full load, then three days of change files), merged into a
// snapshot per day; each day builds on the previous snapshot, registered in the catalog.
import DataFlow
import DataFlowIO
import Foundation
import Pipelines
import SampleData

let scratch = NSTemporaryDirectory() + "dataflow-snapshot-example"
try? FileManager.default.removeItem(atPath: scratch)
let session = Session(warehouse: scratch + "/warehouse")

let start = try CalendarDate(year: 2020, month: 11, day: 13)
let export = DMSExport(fullLoadRows: 50_000, changes: 15_000, days: 3, filesPerDay: 4, startDate: start)
try export.write(to: scratch + "/dms/employees", session: session)
let source = export.tableConfig(path: scratch + "/dms/employees")

for day in 0..<3 {
    let job = CDCSnapshotJob(config: .init(table: "employees", source: source, runDate: start.adding(days: day), database: "hr"))
    print(try job.run(session: session).summary)
}

let snapshot = try session.read.table("hr.employees_snapshot")
try snapshot.groupBy("gender").agg(Expr.count().alias("employees")).orderBy(col("gender")).show()
try snapshot.filter(col("emp_no") < 10_005).orderBy(col("emp_no")).show()
