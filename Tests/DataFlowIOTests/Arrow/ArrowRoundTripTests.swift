import DataFlow
import DataFlowIO
import Foundation
import Testing

@Suite("Arrow IPC: DataFlow writes, DataFlow reads")
struct ArrowRoundTripTests {
    @Test("every type with nulls round-trips, whatever the length", arguments: [0, 1, 7, 63, 64, 65, 300])
    func everyType(rows: Int) throws {
        let batch = try ArrowTestSupport.everyTypeBatch(rows: rows)
        let stream = try ArrowIPC.writeStream(schema: batch.schema, batches: [batch])
        #expect(stream.count % 8 == 0)
        #expect(Array(stream.suffix(8)) == [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0])
        let (schema, batches) = try ArrowIPC.readStream(stream)
        #expect(schema == batch.schema)
        #expect(schema.fields.map(\.nullable) == [true, true, true, true, true, true, true, true, true, true, false, true])
        #expect(batches.count == 1)
        if let read = batches.first { ArrowTestSupport.expectSame(read, batch) }
    }

    @Test("slices write only their own rows, at any bit offset, several batches in one stream")
    func slices() throws {
        let batch = try ArrowTestSupport.everyTypeBatch(rows: 200)
        let windows = [(3, 50), (7, 0), (13, 64), (0, 65), (64, 1), (130, 70), (199, 1)]
        let slices = windows.map { batch.slice($0.0, $0.1) }
        let stream = try ArrowIPC.writeStream(schema: batch.schema, batches: slices)
        let (_, batches) = try ArrowIPC.readStream(stream)
        #expect(batches.count == slices.count)
        for (read, slice) in zip(batches, slices) { ArrowTestSupport.expectSame(read, slice) }
    }

    @Test("a schema without batches, and the Data overload")
    func schemaOnly() throws {
        let batch = try ArrowTestSupport.everyTypeBatch(rows: 3)
        let stream = try ArrowIPC.writeStream(schema: batch.schema, batches: [])
        let (schema, batches) = try ArrowIPC.readStream(Data(stream))
        #expect(schema == batch.schema)
        #expect(batches.isEmpty)
    }

    @Test("columns without nulls come back without a validity bitmap; decimals keep sign and scale")
    func noNullsAndDecimals() throws {
        let schema = try Schema(ddl: "small DECIMAL(9,3), wide DECIMAL(38,10), s STRING")
        let small: [Scalar] = [.decimal(unscaled: -1, precision: 9, scale: 3), .decimal(unscaled: 999_999_999, precision: 9, scale: 3),
                               .decimal(unscaled: -999_999_999, precision: 9, scale: 3)]
        let limit = Int128(10).power(38) - 1
        let wide: [Scalar] = [.decimal(unscaled: -limit, precision: 38, scale: 10), .decimal(unscaled: limit, precision: 38, scale: 10),
                              .decimal(unscaled: -12_345_678_901_234_567_890, precision: 38, scale: 10)]
        let batch = try RecordBatch(schema: schema, columns: [
            try Column.from(small, type: .decimal(precision: 9, scale: 3)), try Column.from(wide, type: .decimal(precision: 38, scale: 10)),
            Column(["", "é", "longer text"]),
        ])
        let (_, batches) = try ArrowIPC.readStream(try ArrowIPC.writeStream(schema: schema, batches: [batch]))
        let read = try #require(batches.first)
        #expect(read.columns.allSatisfy { !$0.hasNulls })
        #expect(read.columns[0].scalars == small)
        #expect(read.columns[1].scalars == wide)
        #expect(read.columns[1].scalar(at: 0).formatted() == "-9999999999999999999999999999.9999999999")
        #expect(read.columns[2].scalars == [.string(""), .string("é"), .string("longer text")])
    }

    @Test("a batch whose types differ from the schema is refused")
    func mismatchedBatch() throws {
        let batch = try ArrowTestSupport.everyTypeBatch(rows: 2)
        let schema = try Schema(ddl: "x INT")
        #expect(throws: DataFlowError.self) { try ArrowIPC.writeStream(schema: schema, batches: [batch]) }
    }
}

extension Int128 {
    /// `self` raised to `exponent`.
    fileprivate func power(_ exponent: Int) -> Int128 { (0..<exponent).reduce(1) { result, _ in result * self } }
}
