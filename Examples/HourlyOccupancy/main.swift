// Hourly space occupancy, the aggregation of seed 003: bookings join the hourly buckets they overlap
// (a non-equi, band join), then rooms and bookings are counted per hour. Timestamps are UTC instants;
// the session zone (here America/Los_Angeles) only decides how hours print and truncate.
import DataFlow

struct Booking: Codable { var id: Int64; var room: String; var start: String; var end: String }

let session = try Session(parallelism: 2, timeZone: "America/Los_Angeles")
let bookings = try session.createDataFrame([
    Booking(id: 1, room: "atlas", start: "2025-11-03 09:15:00", end: "2025-11-03 11:00:00"),
    Booking(id: 2, room: "atlas", start: "2025-11-03 13:00:00", end: "2025-11-03 14:00:00"),
    Booking(id: 3, room: "boreal", start: "2025-11-03 10:30:00", end: "2025-11-03 12:45:00"),
    Booking(id: 4, room: "cirrus", start: "2025-11-03 09:00:00", end: "2025-11-03 09:30:00"),
])
.withColumn("start", Expr.toTimestamp(col("start"), "yyyy-MM-dd HH:mm:ss"))
.withColumn("end", Expr.toTimestamp(col("end"), "yyyy-MM-dd HH:mm:ss"))

// The working hours of the day as [hour_start, hour_end) buckets.
let hours = try session.range(8, 18)
    .withColumn("hour_start", Expr.toTimestamp(Expr.concat(lit("2025-11-03 "), col("id").cast(.string), lit(":00:00")), "yyyy-MM-dd H:mm:ss"))
    .withColumn("hour_end", (col("hour_start").cast(.int64) + 3600).cast(.timestamp))
    .drop("id")

let occupancy = try bookings
    .join(hours, on: col("start") < col("hour_end") && col("end") > col("hour_start"), how: .right)
    .groupBy("hour_start")
    .agg(Expr.countDistinct("room").alias("rooms"), Expr.count("id").alias("bookings"))
    .orderBy(col("hour_start"))
try occupancy.show()
let plan = try occupancy.explain()
precondition(plan.contains("RangeJoin"), "the overlap condition runs as a range join")
print(plan.split(separator: "\n").first { $0.contains("RangeJoin") } ?? "")
