// Seed 003's migration flow, first steps: Redshift UNLOAD exports read with one preset, rewritten
// as RFC 4180 CSV; a CSV of users read with an inferred schema and rewritten as JSON lines.
// The program makes a scratch directory with sample inputs, then runs the API contract as written.
import DataFlow
import DataFlowIO
import Foundation

let scratch = NSTemporaryDirectory() + "dataflow-csv-migration"
try? FileManager.default.removeItem(atPath: scratch)
try FileManager.default.createDirectory(atPath: scratch + "/exports/bookings", withIntermediateDirectories: true)
try FileManager.default.createDirectory(atPath: scratch + "/imports", withIntermediateDirectories: true)
guard FileManager.default.changeCurrentDirectoryPath(scratch) else { throw DataFlowError(.io, "cannot enter the scratch directory", location: ErrorLocation(path: scratch)) }
// Two UNLOAD slices: every field quoted, `\|` `\"` `\\` and an escaped line break, \N for null.
try Data("""
"1"|"10"|"2025-11-02"|"2025-11-02 09:00:00"|"4"|"board \\| room"
"2"|"10"|"2025-11-02"|"2025-11-02 13:30:00"|\\N|"said \\"hi\\""

""".utf8).write(to: URL(fileURLWithPath: "exports/bookings/bookings_0000_part_00"))
try Data("""
"3"|"11"|"2025-11-03"|"2025-11-03 08:15:00"|"12"|"two\\
lines"

""".utf8).write(to: URL(fileURLWithPath: "exports/bookings/bookings_0001_part_00"))
try Data("email,name,signed_up,score\nana@example.com,Ana,2025-10-01,7.5\nbo@example.com,Bo,2025-10-03,\n".utf8)
    .write(to: URL(fileURLWithPath: "imports/users.csv"))

// The API contract of issue 5, as written.
let session = Session()
var options = CSVOptions.redshiftUnload
options.schema = try Schema(ddl: "id BIGINT, company_id BIGINT, created_date DATE, start_ts TIMESTAMP, people_count INT, note STRING")
let bookings = try session.read.csv("exports/bookings/", options: options)
print(try bookings.count())
try bookings.write.mode(.overwrite).csv("out/bookings_csv", options: .rfc4180)
let users = try session.read.csv("imports/users.csv", options: CSVOptions(header: true, inferSchema: true))
users.printSchema()
try users.write.mode(.overwrite).jsonl("out/users_jsonl")
let events = try session.read.jsonl("out/users_jsonl")

try bookings.orderBy(col("id")).show(truncate: false)
try events.show()
let (bookingRows, eventRows) = (try bookings.count(), try events.count())
precondition(bookingRows == 3 && eventRows == 2)
