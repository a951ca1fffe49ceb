@testable import DataFlow
import Testing

/// `SHOW FUNCTIONS`: the names `docs/functions.md` is generated from.
@Suite("SQL: SHOW FUNCTIONS")
struct ShowFunctionsTests {
    @Test("every kind of function by its SQL name, the session's UDFs among them, filtered by a pattern")
    func names() throws {
        let session = Session(parallelism: 1)
        try session.udf.register("my_double", udf { (x: Int64) in x * 2 })
        let names = try session.sql("SHOW FUNCTIONS").collect().map { $0.values[0] }
        for name in ["lower", "lcase", "transform", "reduce", "sum", "percentile_approx", "row_number", "explode", "grouping_id", "struct", "my_double"] {
            #expect(names.contains(.string(name)), "\(name)")
        }
        #expect(names.map(\.description) == names.map(\.description).sorted())
        #expect(try session.sql("SHOW FUNCTIONS LIKE 'map_*|zip*'").collect().map { $0.values[0] }
            == ["map_contains_key", "map_entries", "map_filter", "map_from_arrays", "map_from_entries", "map_keys", "map_values", "zip_with"])
    }
}
