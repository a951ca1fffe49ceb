import DataFlow
import Testing

@Suite("Schema DDL")
struct SchemaDDLTests {
    @Test("parses Spark's type names, back-quoted names, NOT NULL and comments")
    func parses() throws {
        let schema = try Schema(ddl: "id BIGINT, company_id bigint NOT NULL, created_date DATE, start_ts TIMESTAMP, people_count INT, note STRING COMMENT 'free text', `odd name` VARCHAR(20), price DECIMAL(10, 2), ok boolean, raw BINARY, r DOUBLE")
        #expect(schema.fields.map(\.name) == ["id", "company_id", "created_date", "start_ts", "people_count", "note", "odd name", "price", "ok", "raw", "r"])
        #expect(schema.fields.map(\.type) == [.int64, .int64, .date, .timestamp, .int32, .string, .string, .decimal(precision: 10, scale: 2), .boolean, .binary, .float64])
        #expect(schema.fields.map(\.nullable) == [true, false, true, true, true, true, true, true, true, true, true])
        #expect(try Schema(ddl: schema.ddl) == schema)
    }

    @Test("errors name the position and what was expected", arguments: ["id BIGINT,", "id FOO", "id DECIMAL(40,2)", "id INT, ID INT", "id INT NOT", "`id INT"])
    func errors(ddl: String) {
        #expect(throws: DataFlowError.self) { try Schema(ddl: ddl) }
    }
}
