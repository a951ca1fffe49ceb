import DataFlow
import DataFlowIO
import Foundation
import Synchronization
import TestSupport
import Testing

@Suite("Local table catalog")
struct CatalogTests {
    @Test("tables register partitions and versions, read back through read.table, and drop")
    func lifecycle() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let session = Session(warehouse: root + "/warehouse")
        let catalog = Catalog(warehouse: session.warehouse)
        let frame = try session.createDataFrame(rows: [[1, "a", "EUR"], [2, "b", "USD"], [3, "c", "EUR"]], schema: Schema(ddl: "id INT, name STRING, currency STRING"))
        try frame.write.partitionBy("currency").parquet(root + "/sales")
        try catalog.registerPartitions("lake.sales", location: root + "/sales", format: .parquet, schema: frame.schema,
                                       partitionColumns: ["currency"], partitions: ["currency=EUR"])
        try catalog.registerPartitions("lake.sales", location: root + "/sales", format: .parquet, schema: frame.schema,
                                       partitionColumns: ["currency"], partitions: ["currency=USD", "currency=EUR"])
        let sales = try catalog.table("lake.sales")
        #expect(sales.partitions == ["currency=EUR", "currency=USD"] && sales.version == 1 && sales.qualifiedName == "lake.sales")
        #expect(try session.read.table("lake.sales").filter(col("currency") == "EUR").count() == 2)
        #expect { try catalog.registerPartitions("lake.sales", location: root + "/elsewhere", format: .parquet, schema: frame.schema,
                                                 partitionColumns: ["currency"], partitions: []) } throws: { "\($0)".contains("registered at") }

        let v1 = catalog.defaultLocation(try TableName("lake.snap")) + "/v0001"
        try frame.write.parquet(v1)
        try catalog.commitVersion("lake.snap", location: v1, format: .parquet, schema: frame.schema, partitionColumns: [], partitions: [], properties: ["run_date": "2025-11-01"])
        let v2 = catalog.defaultLocation(try TableName("lake.snap")) + "/v0002"
        try frame.filter(col("id") > 1).write.parquet(v2)
        let snap = try catalog.commitVersion("lake.snap", location: v2, format: .parquet, schema: frame.schema, partitionColumns: [], partitions: [])
        #expect(snap.version == 2 && snap.versions.map(\.number) == [1, 2] && snap.versions[0].properties["run_date"] == "2025-11-01")
        #expect(try session.read.table("lake.snap").count() == 2)
        #expect(try catalog.databases() == ["lake"] && catalog.tables().map(\.qualifiedName) == ["lake.sales", "lake.snap"])

        try catalog.drop("lake.snap", deleteData: true)
        #expect(!FileManager.default.fileExists(atPath: v1) && !FileManager.default.fileExists(atPath: v2))
        #expect { try session.read.table("lake.snap") } throws: { "\($0)".contains("lake.snap") && "\($0)".contains("lake.sales") }
        #expect { try TableName("a.b.c") } throws: { "\($0)".contains("a.b.c") }
        #expect(try TableName("plain").description == "default.plain")
    }

    @Test("concurrent registrations from many threads all land")
    func concurrentWriters() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let catalog = Catalog(warehouse: root)
        let schema = try Schema(ddl: "id INT, day INT")
        let failures = Locked(0)
        DispatchQueue.concurrentPerform(iterations: 32) { index in
            do {
                try catalog.registerPartitions("db.events", location: root + "/events", format: .parquet, schema: schema,
                                               partitionColumns: ["day"], partitions: ["day=\(index)"])
            } catch {
                failures.withLock { $0 += 1 }
            }
        }
        #expect(failures.withLock { $0 } == 0)
        #expect(try catalog.table("db.events").partitions.count == 32)
    }

    @Test("a table with no files yet reads as no rows of its schema")
    func emptyTable() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let session = Session(warehouse: root)
        try Catalog(warehouse: root).registerPartitions("db.empty", location: root + "/nothing", format: .parquet,
                                                        schema: Schema(ddl: "id BIGINT, day INT"), partitionColumns: ["day"], partitions: [])
        let frame = try session.read.table("db.empty")
        #expect(frame.columns == ["id", "day"])
        #expect(try frame.count() == 0)
    }
}
