@testable import DataFlow
import Foundation
import Testing

/// `SET`: the settings under Spark's names, and the session time zone changed for the DataFrames
/// made afterwards while those made before keep theirs.
@Suite("SQL SET")
struct SQLSettingTests {
    /// The hour of the epoch's first instant in the session time zone, as one value.
    static func epochHour(_ frame: DataFrame) throws -> Scalar { try frame.collect()[0].values[0] }

    @Test("SET lists the settings; SET key shows one, <undefined> when unknown")
    func show() throws {
        let session = Session(parallelism: 2, shufflePartitions: 3, warehouse: "/tmp/lake")
        let all = try session.sql("SET").collect().map { $0.values }
        #expect(all == [["spark.sql.ansi.enabled", "false"], ["spark.sql.session.timeZone", "UTC"],
                        ["spark.sql.shuffle.partitions", "3"], ["spark.sql.warehouse.dir", "/tmp/lake"]].map { $0.map(Scalar.string) })
        #expect(try session.sql("SET spark.sql.session.timeZone").collect()[0].values == [.string("spark.sql.session.timeZone"), .string("UTC")])
        #expect(try session.sql("SET spark.dataflow.nothing").collect()[0].values == [.string("spark.dataflow.nothing"), .string("<undefined>")])
    }

    @Test("SET timeZone changes the zone of DataFrames made afterwards; those made before keep theirs")
    func timeZone() throws {
        let session = Session(parallelism: 2)
        let hour = "SELECT hour(CAST(0 AS TIMESTAMP)) AS h"
        let before = try session.sql(hour)
        let set = try session.sql("SET timeZone = 'America/Los_Angeles'").collect()
        #expect(set.map(\.values) == [[.string("spark.sql.session.timeZone"), .string("America/Los_Angeles")]])
        #expect(session.timeZone.identifier == "America/Los_Angeles")
        let after = try session.sql(hour)
        #expect(try Self.epochHour(before) == .int32(0))
        #expect(try Self.epochHour(after) == .int32(16))
        #expect(before.timeZone.identifier == "UTC" && after.timeZone.identifier == "America/Los_Angeles")
        // Derived DataFrames keep their parent's zone, whatever the session's is now.
        #expect(try Self.epochHour(before.select(col("h") + lit(1))) == .int32(1))

        _ = try session.sql("SET spark.sql.session.timeZone = +02:00").collect()
        #expect(try Self.epochHour(session.sql(hour)) == .int32(2))
        _ = try session.sql("SET TIME ZONE 'Asia/Kolkata'").collect()
        #expect(try Self.epochHour(session.sql(hour)) == .int32(5))
        _ = try session.sql("SET TIME ZONE LOCAL").collect()
        #expect(session.timeZone.identifier == TimeZone.current.identifier)
    }

    @Test("session.setTimeZone does what SET does, for the DataFrame API")
    func setTimeZone() throws {
        let session = Session(parallelism: 2)
        let before = try session.range(0, 1).select(Expr.hour(col("id").cast(.timestamp)).alias("h"))
        try session.setTimeZone("America/New_York")
        let after = try session.range(0, 1).select(Expr.hour(col("id").cast(.timestamp)).alias("h"))
        #expect(try Self.epochHour(before) == .int32(0))
        #expect(try Self.epochHour(after) == .int32(19))
        #expect(throws: DataFlowError.self) { try session.setTimeZone("Mars/Olympus") }
        #expect(session.timeZone.identifier == "America/New_York")
    }

    @Test("an unknown zone or setting, and a setting fixed when the session is made, are named")
    func errors() throws {
        let session = Session(parallelism: 2)
        func error(_ sql: String) -> DataFlowError? {
            do { _ = try session.sql(sql).collect() } catch let error as DataFlowError { return error } catch { return nil }
            return nil
        }
        let zone = error("SET timeZone = 'Mars/Olympus'")
        #expect(zone?.category == .invalidArgument && zone?.message.contains("unknown time zone 'Mars/Olympus'") == true, "\(String(describing: zone))")
        let typo = error("SET spark.sql.shufle.partitions = 4")
        #expect(typo?.category == .analysis && typo?.message.contains("did you mean 'spark.sql.shuffle.partitions'?") == true, "\(String(describing: typo))")
        let fixed = error("SET spark.sql.shuffle.partitions = 4")
        #expect(fixed?.category == .notImplemented, "\(String(describing: fixed))")
        #expect(fixed?.message.hasPrefix("SET spark.sql.shuffle.partitions = 4: spark.sql.shuffle.partitions is fixed when the session is made (Session(shufflePartitions:))") == true,
                "\(String(describing: fixed))")
        let syntax = error("SET TIME ZONE INTERVAL 2 HOURS")
        #expect(syntax?.category == .parse && syntax?.message.hasPrefix("SET TIME ZONE takes a zone in quotes") == true, "\(String(describing: syntax))")
        #expect(session.timeZone.identifier == "UTC")
    }
}
