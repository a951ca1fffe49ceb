import DataFlow
import DataFlowIO
import NIOCore
import PostgresNIO

/// Statements on a PostgreSQL connection: values always bound as typed parameters (dates,
/// timestamps and decimals exactly, in their binary or text wire forms), never spliced into SQL.
enum PostgresSQL {
    /// `name` quoted as an identifier; a dotted name (`staging.users`) quotes each part.
    static func quote(_ name: String) -> String {
        name.split(separator: ".", omittingEmptySubsequences: false)
            .map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ".")
    }

    /// `sql` with its `?` placeholders (outside quotes) numbered `$1`, `$2`, ... as PostgreSQL wants.
    static func numbered(_ sql: String) -> String {
        var output = "", number = 0, quote: Character?
        for character in sql {
            if let open = quote {
                if character == open { quote = nil }
                output.append(character)
            } else if character == "'" || character == "\"" {
                quote = character
                output.append(character)
            } else if character == "?" {
                number += 1
                output += "$\(number)"
            } else {
                output.append(character)
            }
        }
        return output
    }

    /// `values` as bound parameters.
    /// - Throws: `DataFlowError` for a value PostgreSQL cannot take (arrays, maps and structs).
    static func bindings(_ values: [Scalar]) throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .null: bindings.appendNull()
            case let .boolean(flag): bindings.append(flag)
            case let .int32(number): bindings.append(number)
            case let .int64(number): bindings.append(number)
            case let .float64(number): bindings.append(number)
            case let .string(text): bindings.append(text)
            case let .binary(bytes): bindings.append(ByteBuffer(bytes: bytes))
            case let .date(days): try bindings.append(PostgresDateValue(days: days))
            case let .timestamp(micros): try bindings.append(PostgresTimestampValue(micros: micros))
            case .decimal: try bindings.append(PostgresNumericText(text: value.formatted()))
            case .array, .map, .struct: throw DataFlowError(.notImplemented, "PostgreSQL parameters do not take the \(value.dataType) value \(value)")
            }
        }
        return bindings
    }

    /// Runs `statement` (`?` or `$n` placeholders).
    static func run(_ statement: SQLStatement, on connection: PostgresConnection) async throws {
        try await connection.query(PostgresQuery(unsafeSQL: numbered(statement.sql), binds: bindings(statement.values)), logger: PostgresStore.logger)
    }

    /// Runs SQL without parameters.
    static func run(_ sql: String, on connection: PostgresConnection) async throws {
        try await connection.query(PostgresQuery(unsafeSQL: sql), logger: PostgresStore.logger)
    }

    /// Runs `body` between BEGIN and COMMIT, rolling back when it throws.
    static func transaction<T>(_ connection: PostgresConnection, _ body: () async throws -> T) async throws -> T {
        try await run("BEGIN", on: connection)
        do {
            let result = try await body()
            try await run("COMMIT", on: connection)
            return result
        } catch {
            try? await run("ROLLBACK", on: connection)
            throw error
        }
    }

    /// The first column of the first row of `sql`, as a 64-bit integer (0 without rows).
    static func count(_ sql: String, _ values: [Scalar] = [], on connection: PostgresConnection) async throws -> Int {
        let rows = try await connection.query(PostgresQuery(unsafeSQL: numbered(sql), binds: bindings(values)), logger: PostgresStore.logger)
        for try await row in rows {
            return Int(try row.decode(Int64.self))
        }
        return 0
    }

    /// Whether the relation `table` exists.
    static func tableExists(_ table: String, on connection: PostgresConnection) async throws -> Bool {
        try await count("SELECT count(*) FROM pg_class WHERE oid = to_regclass(?)", [.string(quote(table))], on: connection) > 0
    }

    /// The columns of the relation `table`: name, type as `format_type` writes it, and NOT NULL.
    static func columns(of table: String, on connection: PostgresConnection) async throws -> [(name: String, type: String, notNull: Bool)] {
        let rows = try await connection.query(PostgresQuery(unsafeSQL: """
            SELECT a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull FROM pg_attribute a
            WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
            """, binds: bindings([.string(quote(table))])), logger: PostgresStore.logger)
        var columns: [(name: String, type: String, notNull: Bool)] = []
        for try await row in rows {
            let (name, type, notNull) = try row.decode((String, String, Bool).self)
            columns.append((name, type, notNull))
        }
        return columns
    }
}

/// A DATE parameter in PostgreSQL's binary form (days since 2000-01-01).
struct PostgresDateValue: PostgresEncodable {
    let days: Int32
    static var psqlType: PostgresDataType { .date }
    static var psqlFormat: PostgresFormat { .binary }
    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        buffer.writeInteger(days - PostgresTypes.dateEpochShift)
    }
}

/// A TIMESTAMPTZ parameter in PostgreSQL's binary form (microseconds since 2000-01-01 UTC), exact.
struct PostgresTimestampValue: PostgresEncodable {
    let micros: Int64
    static var psqlType: PostgresDataType { .timestamptz }
    static var psqlFormat: PostgresFormat { .binary }
    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        buffer.writeInteger(micros - PostgresTypes.timestampEpochShift)
    }
}

/// A NUMERIC parameter sent as its decimal text, which the server parses exactly.
struct PostgresNumericText: PostgresEncodable {
    let text: String
    static var psqlType: PostgresDataType { .numeric }
    static var psqlFormat: PostgresFormat { .text }
    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        buffer.writeString(text)
    }
}
