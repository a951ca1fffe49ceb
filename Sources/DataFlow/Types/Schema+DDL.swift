extension Schema {
    /// A schema from a Spark DDL string such as
    /// `"id BIGINT, price DECIMAL(10,2), day DATE, note STRING NOT NULL"`. Type names are Spark's
    /// (case-insensitive): BOOLEAN, TINYINT / SMALLINT / INT / INTEGER (integer), BIGINT / LONG,
    /// FLOAT / DOUBLE / REAL (double), DECIMAL(p, s) / NUMERIC, STRING / VARCHAR(n) / CHAR(n) / TEXT,
    /// BINARY, DATE, TIMESTAMP / TIMESTAMP_LTZ, and nested `ARRAY<t>`, `MAP<k, v>`,
    /// `STRUCT<a: t, b: u>`. Names may be `back-quoted`; `NOT NULL` makes a field
    /// non-nullable; a `COMMENT '...'` is accepted and ignored.
    /// - Throws: `DataFlowError` (`.parse`) naming the position and what was expected.
    public init(ddl: String) throws {
        var parser = DDLParser(Array(ddl.utf8), text: ddl)
        self = try parser.schema()
    }
}

extension DataType {
    /// The type a Spark type name stands for, as `cast` and DDL take it: `"string"`, `"bigint"`,
    /// `"decimal(18,2)"`, Spark's own names (`"integer"`, `"long"`, `"double"`) included.
    /// - Throws: `DataFlowError` (`.parse`) naming the text for an unknown type or bad parameters.
    public init(ddl: String) throws {
        var parser = DDLParser(Array(ddl.utf8), text: ddl)
        self = try parser.wholeType()
    }
}

/// A small recursive-descent parser for Spark DDL column lists.
private struct DDLParser {
    let bytes: [UInt8]
    let text: String
    var position = 0

    init(_ bytes: [UInt8], text: String) {
        self.bytes = bytes
        self.text = text
    }

    func fail(_ expected: String) -> DataFlowError {
        DataFlowError(.parse, "schema DDL: expected \(expected) at position \(position + 1) of \"\(text)\"",
                      location: ErrorLocation(byteOffset: position))
    }

    mutating func skipSpace() {
        while position < bytes.count, TextParsing.isSpace(bytes[position]) { position += 1 }
    }

    mutating func identifier() throws -> String {
        skipSpace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "`") {
            position += 1
            var name: [UInt8] = []
            while position < bytes.count {
                if bytes[position] == UInt8(ascii: "`") {
                    if position + 1 < bytes.count && bytes[position + 1] == UInt8(ascii: "`") {
                        name.append(UInt8(ascii: "`"))
                        position += 2
                        continue
                    }
                    position += 1
                    return String(decoding: name, as: UTF8.self)
                }
                name.append(bytes[position])
                position += 1
            }
            throw fail("a closing back-quote")
        }
        let start = position
        while position < bytes.count, bytes[position] == UInt8(ascii: "_") || (bytes[position] | 0x20 >= UInt8(ascii: "a") && bytes[position] | 0x20 <= UInt8(ascii: "z"))
            || (bytes[position] >= UInt8(ascii: "0") && bytes[position] <= UInt8(ascii: "9")) || bytes[position] >= 0x80 {
            position += 1
        }
        guard position > start else { throw fail("a name") }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    mutating func accept(_ byte: Character) -> Bool {
        skipSpace()
        guard position < bytes.count, bytes[position] == byte.asciiValue! else { return false }
        position += 1
        return true
    }

    mutating func integer() throws -> Int {
        skipSpace()
        let start = position
        while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 { position += 1 }
        guard position > start, let value = Int(String(decoding: bytes[start..<position], as: UTF8.self)) else { throw fail("a number") }
        return value
    }

    mutating func keyword(_ word: String) -> Bool {
        let saved = position
        if let name = try? identifier(), name.uppercased() == word { return true }
        position = saved
        return false
    }

    mutating func type() throws -> DataType {
        let name = try identifier()
        if let nested = try nestedType(name) { return nested }
        var parameters: [Int] = []
        if accept("(") {
            repeat { parameters.append(try integer()) } while accept(",")
            guard accept(")") else { throw fail("')'") }
        }
        do {
            return try DataType(sqlName: name, parameters: parameters)
        } catch let error as DataFlowError {
            throw DataFlowError(.parse, "schema DDL: \(error.message) in \"\(text)\"", location: ErrorLocation(byteOffset: position))
        }
    }

    /// `ARRAY<type>`, `MAP<key, value>` or `STRUCT<name: type, ...>` (the colon optional, field
    /// `NOT NULL` and `COMMENT` accepted) after its name; nil for other names.
    mutating func nestedType(_ name: String) throws -> DataType? {
        let kind = name.uppercased()
        guard ["ARRAY", "MAP", "STRUCT"].contains(kind) else { return nil }
        guard accept("<") else { throw fail("'<' after \(kind)") }
        let type: DataType
        switch kind {
        case "ARRAY": type = .array(try self.type())
        case "MAP":
            let key = try self.type()
            guard accept(",") else { throw fail("',' between the key and value types of MAP") }
            type = .map(key: key, value: try self.type())
        default:
            var fields: [Field] = []
            skipSpace()
            if position < bytes.count, bytes[position] != UInt8(ascii: ">") {
                repeat { fields.append(try field(in: fields)) } while accept(",")
            }
            type = .struct(fields)
        }
        guard accept(">") else { throw fail("'>' closing \(kind)") }
        return type
    }

    /// One `name [:] type [NOT NULL] [COMMENT '...']`, whose name is not among `fields`.
    mutating func field(in fields: [Field]) throws -> Field {
        let name = try identifier()
        _ = accept(":")
        let type = try type()
        var nullable = true
        if keyword("NOT") {
            guard keyword("NULL") else { throw fail("NULL after NOT") }
            nullable = false
        }
        if keyword("COMMENT") {
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "'") else { throw fail("a quoted comment") }
            position += 1
            while position < bytes.count, bytes[position] != UInt8(ascii: "'") { position += 1 }
            guard position < bytes.count else { throw fail("the end of the comment") }
            position += 1
        }
        if fields.contains(where: { $0.name.lowercased() == name.lowercased() }) {
            throw DataFlowError(.parse, "schema DDL: column '\(name)' appears twice in \"\(text)\"", location: ErrorLocation(column: name))
        }
        return Field(name, type, nullable: nullable)
    }

    /// One type and nothing after it.
    mutating func wholeType() throws -> DataType {
        let type = try type()
        skipSpace()
        guard position == bytes.count else { throw fail("the end of the type") }
        return type
    }

    mutating func schema() throws -> Schema {
        var fields: [Field] = []
        skipSpace()
        if position == bytes.count { return Schema([]) }
        repeat { fields.append(try field(in: fields)) } while accept(",")
        skipSpace()
        guard position == bytes.count else { throw fail("',' or the end") }
        return Schema(fields)
    }
}

extension Schema {
    /// The schema as a Spark DDL string (`id BIGINT, day DATE`).
    public var ddl: String {
        fields.map { field in
            let name = field.name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) ? field.name : "`\(field.name.replacingOccurrences(of: "`", with: "``"))`"
            return "\(name) \(field.type.sqlName)" + (field.nullable ? "" : " NOT NULL")
        }.joined(separator: ", ")
    }
}

extension DataType {
    /// The type a Spark SQL type name stands for (case-insensitive), with its parameters:
    /// BOOLEAN, TINYINT / SMALLINT / INT / INTEGER (integer), BIGINT / LONG, FLOAT / DOUBLE / REAL
    /// (double), DECIMAL(p, s) / NUMERIC (default (10, 0)), STRING / VARCHAR(n) / CHAR(n) / TEXT,
    /// BINARY, DATE, TIMESTAMP / TIMESTAMP_LTZ.
    /// - Throws: `DataFlowError` (`.parse`) for an unknown name or parameters out of range.
    package init(sqlName: String, parameters: [Int]) throws {
        let name = sqlName.uppercased()
        func noParameters() throws {
            guard parameters.isEmpty else { throw DataFlowError(.parse, "type \(name) takes no parameters") }
        }
        switch name {
        case "BOOLEAN", "BOOL": try noParameters(); self = .boolean
        case "TINYINT", "BYTE", "SMALLINT", "SHORT", "INT", "INTEGER": try noParameters(); self = .int32
        case "BIGINT", "LONG": try noParameters(); self = .int64
        case "FLOAT", "REAL", "DOUBLE": try noParameters(); self = .float64
        case "DATE": try noParameters(); self = .date
        case "TIMESTAMP", "TIMESTAMP_LTZ": try noParameters(); self = .timestamp
        case "BINARY": try noParameters(); self = .binary
        case "STRING", "TEXT": try noParameters(); self = .string
        case "VARCHAR", "CHAR", "CHARACTER":
            guard parameters.count <= 1 else { throw DataFlowError(.parse, "type \(name) takes one length") }
            self = .string
        case "DECIMAL", "DEC", "NUMERIC":
            guard parameters.count <= 2 else { throw DataFlowError(.parse, "type \(name) takes a precision and a scale") }
            let precision = parameters.first ?? 10, scale = parameters.count > 1 ? parameters[1] : 0
            guard precision >= 1, precision <= DataType.maxDecimalPrecision, scale >= 0, scale <= precision else {
                throw DataFlowError(.parse, "DECIMAL(\(precision),\(scale)) is out of range (precision 1...38, scale 0...precision)")
            }
            self = .decimal(precision: precision, scale: scale)
        default:
            throw DataFlowError(.parse, "unknown type \(name)")
        }
    }
}
