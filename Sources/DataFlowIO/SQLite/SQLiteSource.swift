import CSQLite
import DataFlow
import Foundation

/// A SQLite table or query as a `DataSource`. Only the requested columns are selected; pushed
/// comparisons, IN lists and null tests go into the WHERE clause with bound values (the filters also
/// stay above the scan); a table is read in `parallelism` rowid ranges on separate connections.
struct SQLiteSource: DataSource {
    let path: String
    /// What is read: a quoted table name, or a parenthesized query.
    let relation: String
    /// Whether `relation` is a table (so it has rowids to split on).
    let isTable: Bool
    let schema: Schema
    let parallelism: Int
    /// The values of a query's `?` placeholders.
    var queryValues: [Scalar] = []

    var description: String { "sqlite \((path as NSString).lastPathComponent) \(isTable ? relation : "query")" }

    /// The table `table` of the database at `path`.
    /// - Throws: `DataFlowError` naming the file when it does not exist or has no such table.
    init(path: String, table: String, parallelism: Int) throws {
        self.path = path
        relation = SQLiteTypes.quote(table)
        isTable = true
        self.parallelism = parallelism
        let connection = try SQLiteConnection(path: path)
        let info = try connection.prepare("PRAGMA table_info(\(relation))")
        var fields: [Field] = []
        while try info.step() {
            fields.append(Field(info.text(1), SQLiteTypes.dataType(declared: info.text(2)), nullable: info.int64(3) == 0))
        }
        guard !fields.isEmpty else {
            let tables = try SQLiteStore.tableNames(connection)
            throw DataFlowError(.analysis, "table '\(table)' is not in the SQLite database (tables: \(tables.joined(separator: ", ")))",
                                location: ErrorLocation(path: path))
        }
        schema = Schema(fields)
    }

    /// The rows of `query` in the database at `path`: columns typed by their declared types, or for
    /// expressions by the first row's values.
    /// - Throws: `DataFlowError` naming the file and the SQL when the query does not compile.
    init(path: String, query: String, values: [Scalar] = []) throws {
        self.path = path
        relation = "(" + query + ")"
        isTable = false
        parallelism = 1
        queryValues = values
        let statement = try SQLiteConnection(path: path).prepare(query)
        for (index, value) in values.enumerated() { try SQLiteValues.bind(value, to: statement, at: Int32(index + 1)) }
        let hasRow = try statement.step()
        schema = Schema((0..<statement.columnCount).map { column in
            if let declared = statement.declaredType(column) { return Field(statement.columnName(column), SQLiteTypes.dataType(declared: declared)) }
            let type: DataType
            switch hasRow ? statement.type(column) : SQLITE_TEXT {
            case SQLITE_INTEGER: type = .int64
            case SQLITE_FLOAT: type = .float64
            case SQLITE_BLOB: type = .binary
            default: type = .string
            }
            return Field(statement.columnName(column), type)
        })
    }

    /// Comparisons, IN lists and null tests on columns stored as integers, reals or text that
    /// compares like the values (not decimals, whose text does not sort numerically).
    func pushdown(for filter: PushedFilter) -> FilterPushdown {
        guard let field = schema.fields.first(where: { $0.name == filter.column }) else { return .unsupported }
        if case .decimal = field.type { return .unsupported }
        return .inexact
    }

    func partitions(for request: ScanRequest) throws -> [any ScanPartition] {
        guard isTable, parallelism > 1, request.limit == nil else { return [SQLiteScanPartition(source: self, request: request, rowids: nil)] }
        let bounds = try SQLiteConnection(path: path).prepare("SELECT min(rowid), max(rowid) FROM \(relation)")
        guard try bounds.step(), !bounds.isNull(0) else { return [SQLiteScanPartition(source: self, request: request, rowids: nil)] }
        let low = bounds.int64(0), high = bounds.int64(1), parts = Int64(parallelism)
        let width = (high - low) / parts + 1
        return stride(from: low, through: high, by: Int(width)).map { start in
            SQLiteScanPartition(source: self, request: request, rowids: start...min(high, start + width - 1))
        }
    }

    /// The SELECT of a scan, and the values its placeholders take.
    func select(_ request: ScanRequest, rowids: ClosedRange<Int64>?) -> (sql: String, values: [Scalar]) {
        let columns = (request.columns ?? Array(schema.fields.indices)).map { SQLiteTypes.quote(schema[$0].name) }
        var conditions: [String] = [], values: [Scalar] = queryValues
        if let rowids {
            conditions.append("rowid BETWEEN ? AND ?")
            values += [.int64(rowids.lowerBound), .int64(rowids.upperBound)]
        }
        let pushed = sqlConditions(request.filters, quote: SQLiteTypes.quote)
        conditions += pushed.conditions
        values += pushed.values
        let sql = "SELECT \(columns.isEmpty ? "1" : columns.joined(separator: ", ")) FROM \(relation)"
            + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
            + (request.limit.map { " LIMIT \($0)" } ?? "")
        return (sql, values)
    }
}

/// One rowid range of a table scan (or the whole query).
struct SQLiteScanPartition: ScanPartition {
    let source: SQLiteSource
    let request: ScanRequest
    let rowids: ClosedRange<Int64>?

    func open(context: TaskContext, metrics: ScanMetrics) throws -> any BatchStream {
        try SQLiteBatchStream(partition: self, batchSize: context.batchSize)
    }
}

/// Steps through a SELECT, filling typed column builders a batch at a time; dates, timestamps and
/// decimals arrive as text and are parsed a batch at a time.
final class SQLiteBatchStream: BatchStream {
    private let connection: SQLiteConnection
    private let statement: SQLiteStatement
    private let schema: Schema
    private let batchSize: Int
    private let path: String
    private var done = false
    private var rowsRead = 0

    init(partition: SQLiteScanPartition, batchSize: Int) throws {
        let source = partition.source
        path = source.path
        connection = try SQLiteConnection(path: source.path)
        let (sql, values) = source.select(partition.request, rowids: partition.rowids)
        statement = try connection.prepare(sql)
        for (index, value) in values.enumerated() { try SQLiteValues.bind(value, to: statement, at: Int32(index + 1)) }
        schema = Schema((partition.request.columns ?? Array(source.schema.fields.indices)).map { source.schema[$0] })
        self.batchSize = max(1, batchSize)
    }

    func next() throws -> RecordBatch? {
        guard !done else { return nil }
        var builders = schema.fields.map { ColumnBuilder(type: SQLiteTypes.isText($0.type) ? .string : $0.type, capacity: min(batchSize, 4_096)) }
        var rows = 0
        while rows < batchSize {
            guard try statement.step() else {
                done = true
                break
            }
            for (index, field) in schema.fields.enumerated() {
                let column = Int32(index)
                guard !statement.isNull(column) else {
                    builders[index].appendNull()
                    continue
                }
                switch field.type {
                case .boolean: builders[index].appendBit(statement.int64(column) != 0)
                case .int32: builders[index].appendFixed(Int32(truncatingIfNeeded: statement.int64(column)))
                case .int64: builders[index].appendFixed(statement.int64(column))
                case .float64: builders[index].appendFixed(statement.double(column))
                case let .decimal(_, scale) where statement.type(column) == SQLITE_FLOAT:
                    // A decimal of NUMERIC affinity stored as a double: its digits at the column's scale.
                    builders[index].appendString(String(format: "%.\(scale)f", statement.double(column)))
                default: builders[index].appendBytes(statement.bytes(column))
                }
            }
            rows += 1
        }
        guard rows > 0 else { return nil }
        let columns = try zip(schema.fields, builders).map { field, builder in
            try SQLiteTypes.isText(field.type) ? parse(builder.finish(), as: field) : builder.finish()
        }
        defer { rowsRead += rows }
        return try RecordBatch(schema: schema, columns: columns, rowCount: rows)
    }

    /// The text values of a date, timestamp or decimal column parsed.
    /// - Throws: `DataFlowError` (`.parse`) naming the file, column and row of text that is not a value.
    private func parse(_ text: Column, as field: Field) throws -> Column {
        let parser = try TextColumnParser(type: field.type, timestampFormat: nil, timeZone: .utc)
        let (column, invalid) = text.withBytes { offsets, bytes, valid in
            let starts = (0..<text.count).map { offsets[$0] }
            let lengths = (0..<text.count).map { valid[$0] ? offsets[$0 + 1] - offsets[$0] : -1 }
            return starts.withUnsafeBufferPointer { s in lengths.withUnsafeBufferPointer { l in parser.parse(bytes, starts: s, lengths: l) } }
        }
        if let row = invalid.first {
            throw DataFlowError(.parse, "'\(text.scalar(at: row).formatted())' is not a \(field.type) value",
                                location: ErrorLocation(path: path, column: field.name, row: rowsRead + row + 1))
        }
        return column
    }
}
