import CSQLite
import DataFlow
import Foundation

/// One connection to a SQLite database file, through the system's libsqlite3. Not shared between
/// threads: each scan partition and each write opens its own. Errors name the file and the SQL.
final class SQLiteConnection {
    let path: String
    private var handle: OpaquePointer?

    /// Opens `path`, creating it (and its directory) when `create` is set.
    /// - Throws: `DataFlowError` (`.io`) naming the file when it cannot be opened.
    init(path: String, create: Bool = false) throws {
        self.path = path
        if create {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty { try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        } else if !FileManager.default.fileExists(atPath: path) {
            throw DataFlowError(.io, "the SQLite database does not exist", location: ErrorLocation(path: path))
        }
        let flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "error \(status)"
            sqlite3_close(handle)
            handle = nil
            throw DataFlowError(.io, "cannot open the SQLite database: \(message)", location: ErrorLocation(path: path))
        }
        sqlite3_busy_timeout(handle, 30_000)
    }

    deinit { sqlite3_close_v2(handle) }

    /// Runs statements that return no rows.
    /// - Throws: `DataFlowError` naming the file and the SQL.
    func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &message) == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(message)
            throw DataFlowError(.io, "SQLite: \(text) in: \(sql)", location: ErrorLocation(path: path))
        }
    }

    /// A prepared statement.
    /// - Throws: `DataFlowError` naming the file and the SQL when it does not compile.
    func prepare(_ sql: String) throws -> SQLiteStatement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw DataFlowError(.io, "SQLite: \(lastError) in: \(sql)", location: ErrorLocation(path: path))
        }
        return SQLiteStatement(statement: statement, connection: self, sql: sql)
    }

    /// Runs `body` in a transaction (`BEGIN IMMEDIATE`, so the write lock is taken at once):
    /// committed when it returns, rolled back when it throws.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Runs `statement` with its values bound.
    /// - Throws: `DataFlowError` naming the file and the SQL.
    func run(_ statement: SQLStatement) throws {
        let prepared = try prepare(statement.sql)
        for (index, value) in statement.values.enumerated() { try SQLiteValues.bind(value, to: prepared, at: Int32(index + 1)) }
        try prepared.run()
    }

    /// Rows changed by the last statement.
    var changes: Int { Int(sqlite3_changes(handle)) }

    var lastError: String { String(cString: sqlite3_errmsg(handle)) }
}

/// A prepared statement: bind parameters (1-based), step through rows, read columns (0-based).
final class SQLiteStatement {
    private let statement: OpaquePointer
    private let connection: SQLiteConnection
    let sql: String

    init(statement: OpaquePointer, connection: SQLiteConnection, sql: String) {
        self.statement = statement
        self.connection = connection
        self.sql = sql
    }

    deinit { sqlite3_finalize(statement) }

    func bind(_ index: Int32, int64 value: Int64) { sqlite3_bind_int64(statement, index, value) }
    func bind(_ index: Int32, double value: Double) { sqlite3_bind_double(statement, index, value) }
    func bindNull(_ index: Int32) { sqlite3_bind_null(statement, index) }

    /// Binds UTF-8 text (copied by SQLite).
    func bind(_ index: Int32, text: UnsafeBufferPointer<UInt8>) {
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        _ = text.withMemoryRebound(to: CChar.self) { chars in
            if let base = chars.baseAddress {
                sqlite3_bind_text(statement, index, base, Int32(chars.count), transient)
            } else {
                sqlite3_bind_text(statement, index, "", 0, transient)
            }
        }
    }

    /// Binds a string.
    func bind(_ index: Int32, text: String) {
        var text = text
        text.withUTF8 { bind(index, text: $0) }
    }

    /// Binds bytes (copied by SQLite).
    func bind(_ index: Int32, blob: UnsafeBufferPointer<UInt8>) {
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        sqlite3_bind_blob(statement, index, blob.baseAddress ?? UnsafePointer(bitPattern: 1), Int32(blob.count), transient)
    }

    /// Advances to the next row: true while there is one.
    /// - Throws: `DataFlowError` naming the file and the SQL on a failure (a constraint, say).
    func step() throws -> Bool {
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw DataFlowError(.io, "SQLite: \(connection.lastError) in: \(sql)", location: ErrorLocation(path: connection.path))
        }
    }

    /// Runs the statement to its end.
    func run() throws { while try step() {} }

    /// Clears the bindings and rewinds, for the next row of an insert.
    func reset() {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
    }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }
    func type(_ column: Int32) -> Int32 { sqlite3_column_type(statement, column) }
    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }
    func double(_ column: Int32) -> Double { sqlite3_column_double(statement, column) }

    /// The column's bytes as text (or blob), valid until the next step.
    func bytes(_ column: Int32) -> UnsafeRawBufferPointer {
        let base = sqlite3_column_blob(statement, column)
        let count = Int(sqlite3_column_bytes(statement, column))
        return UnsafeRawBufferPointer(start: base, count: base == nil ? 0 : count)
    }

    /// The column's text.
    func text(_ column: Int32) -> String { String(decoding: bytes(column), as: UTF8.self) }

    var columnCount: Int32 { sqlite3_column_count(statement) }
    func columnName(_ column: Int32) -> String { String(cString: sqlite3_column_name(statement, column)) }
    func declaredType(_ column: Int32) -> String? { sqlite3_column_decltype(statement, column).map { String(cString: $0) } }
}
