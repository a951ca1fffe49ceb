import Foundation

/// A recursive-descent parser for Spark SQL: statements, queries and relations here, expressions
/// in `SQLParser+Expressions.swift`. It builds the AST only; `SQLPlanner` turns that into plans.
/// Errors give the line and column and show the line with a caret under the token.
package struct SQLParser {
    let text: SQLText
    private(set) var tokens: [SQLToken]
    var index = 0

    /// - Throws: `DataFlowError` (`.parse`) when the text cannot be split into tokens.
    package init(_ text: SQLText) throws {
        self.text = text
        var lexer = SQLLexer(text)
        tokens = try lexer.tokens()
    }

    /// Parses text holding exactly one statement (a trailing `;` is allowed).
    package static func statement(_ text: SQLText) throws -> SQLStatementSyntax {
        var parser = try SQLParser(text)
        let statement = try parser.statement()
        while parser.accept(";") {}
        guard parser.current.kind == .end else {
            throw parser.error(parser.current.isSymbol(";") ? "expected one statement, found more" : "unexpected \(parser.current.quoted)")
        }
        return statement
    }

    /// Parses `;`-separated statements, with the text of each (for echoing in a shell).
    package static func statements(_ text: SQLText) throws -> [(statement: SQLStatementSyntax, text: String)] {
        var parser = try SQLParser(text)
        var result: [(SQLStatementSyntax, String)] = []
        while true {
            while parser.accept(";") {}
            if parser.current.kind == .end { return result }
            let start = parser.current.offset
            let statement = try parser.statement()
            let end = parser.current.offset
            result.append((statement, text.slice(start, end)))
            guard parser.accept(";") || parser.current.kind == .end else {
                throw parser.error("expected ';' or the end, found \(parser.current.quoted)")
            }
        }
    }

    // MARK: Tokens

    var current: SQLToken { tokens[index] }
    func peek(_ ahead: Int = 1) -> SQLToken { tokens[min(index + ahead, tokens.count - 1)] }

    mutating func advance() -> SQLToken {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    /// Consumes the symbol when it is next.
    mutating func accept(_ symbol: String) -> Bool {
        guard current.isSymbol(symbol) else { return false }
        index += 1
        return true
    }

    /// Consumes the keyword when it is next.
    mutating func acceptKeyword(_ keyword: String) -> Bool {
        guard current.isKeyword(keyword) else { return false }
        index += 1
        return true
    }

    /// Consumes the keywords when they are all next, in order.
    mutating func acceptKeywords(_ keywords: String...) -> Bool {
        for (ahead, keyword) in keywords.enumerated() where !peek(ahead).isKeyword(keyword) { return false }
        index += keywords.count
        return true
    }

    mutating func expect(_ symbol: String) throws {
        guard accept(symbol) else { throw error("expected '\(symbol)', found \(current.quoted)") }
    }

    mutating func expectKeyword(_ keyword: String) throws {
        guard acceptKeyword(keyword) else { throw error("expected \(keyword), found \(current.quoted)") }
    }

    /// A parse error at the current token.
    func error(_ message: String) -> DataFlowError { text.syntaxError(message, at: current.offset) }

    /// Words that end an expression or relation rather than name an alias.
    static let reserved: Set<String> = [
        "ALL", "AND", "ANTI", "AS", "BETWEEN", "BY", "CASE", "CROSS", "DISTINCT", "ELSE", "END", "EXCEPT", "EXISTS", "FALSE",
        "FETCH", "FOR", "FROM", "FULL", "GROUP", "HAVING", "ILIKE", "IN", "INNER", "INTERSECT", "IS", "JOIN", "LATERAL", "LEFT",
        "LIKE", "LIMIT", "MINUS", "NATURAL", "NOT", "NULL", "OFFSET", "ON", "OR", "ORDER", "OUTER", "QUALIFY", "RIGHT", "RLIKE",
        "SELECT", "SEMI", "THEN", "TRUE", "UNION", "USING", "VALUES", "WHEN", "WHERE", "WINDOW", "WITH",
    ]

    /// A name: a bare word that is not reserved, or a back-quoted name.
    mutating func name(_ what: String = "a name") throws -> String {
        let token = current
        if token.kind == .quotedName || (token.kind == .word && !Self.reserved.contains(token.text.uppercased())) {
            index += 1
            return token.text
        }
        throw error("expected \(what), found \(token.quoted)")
    }

    /// A dotted name: `t`, `db.t`.
    mutating func qualifiedName(_ what: String = "a name") throws -> [String] {
        var parts = [try name(what)]
        while current.isSymbol("."), peek().kind == .word || peek().kind == .quotedName {
            index += 1
            parts.append(try name(what))
        }
        return parts
    }

    /// `name, name, …` in parentheses.
    mutating func nameList() throws -> [String] {
        try expect("(")
        var names: [String] = []
        repeat { names.append(try name("a column name")) } while accept(",")
        try expect(")")
        return names
    }

    /// A string literal's value.
    mutating func stringLiteral(_ what: String) throws -> String {
        guard current.kind == .string else { throw error("expected \(what) as a quoted string, found \(current.quoted)") }
        return advance().text
    }

    // MARK: Statements

    mutating func statement() throws -> SQLStatementSyntax {
        let token = current
        if token.isKeyword("SELECT") || token.isKeyword("WITH") || token.isKeyword("VALUES") || token.isKeyword("FROM") || token.isSymbol("(") {
            return .query(try query())
        }
        guard token.kind == .word else { throw error("expected a statement (SELECT, WITH, CREATE, INSERT, …), found \(token.quoted)") }
        switch token.text.uppercased() {
        case "CREATE": return try create()
        case "INSERT": return try insert()
        case "DROP": return try drop()
        case "SHOW": return try show()
        case "DESCRIBE", "DESC":
            index += 1
            if current.isKeyword("SELECT") || current.isKeyword("WITH") || current.isKeyword("QUERY") {
                _ = acceptKeyword("QUERY")
                return .describe(.query(try query()))
            }
            _ = acceptKeyword("TABLE")
            _ = acceptKeyword("EXTENDED") || acceptKeyword("FORMATTED")
            let offset = current.offset
            return .describe(.table(try qualifiedName("a table name"), offset: offset))
        case "EXPLAIN":
            index += 1
            var mode = "EXTENDED"
            for candidate in ["EXTENDED", "FORMATTED", "ANALYZE", "COST", "CODEGEN", "LOGICAL"] where acceptKeyword(candidate) {
                mode = candidate
            }
            return .explain(mode: mode, statement: try query())
        case "SET":
            index += 1
            if current.kind == .end || current.isSymbol(";") { return .set(key: nil, value: nil) }
            if acceptKeywords("TIME", "ZONE") {
                if acceptKeyword("LOCAL") { return .set(key: SQLSetting.timeZoneKey, value: TimeZone.current.identifier) }
                guard current.kind == .string else { throw error("SET TIME ZONE takes a zone in quotes ('America/Los_Angeles', '+02:00') or LOCAL") }
                return .set(key: SQLSetting.timeZoneKey, value: advance().text)
            }
            var key = ""
            while current.kind != .end, !current.isSymbol("="), !current.isSymbol(";") { key += advance().text }
            guard accept("=") else { return .set(key: key, value: nil) }
            if current.kind == .string, peek().kind == .end || peek().isSymbol(";") { return .set(key: key, value: advance().text) }
            let start = current.offset
            while current.kind != .end, !current.isSymbol(";") { index += 1 }
            return .set(key: key, value: text.slice(start, current.offset).trimmingCharacters(in: .whitespacesAndNewlines))
        default:
            throw error("unsupported statement \(token.text.uppercased()): DataFlow runs SELECT, WITH, VALUES, CREATE VIEW/TABLE, INSERT, DROP, SHOW TABLES, SHOW FUNCTIONS, DESCRIBE, EXPLAIN and SET")
        }
    }

    private mutating func create() throws -> SQLStatementSyntax {
        let start = advance().offset
        let replace = acceptKeywords("OR", "REPLACE")
        _ = acceptKeyword("GLOBAL")
        _ = acceptKeyword("TEMPORARY") || acceptKeyword("TEMP")
        if acceptKeyword("VIEW") {
            let ifNotExists = acceptKeywords("IF", "NOT", "EXISTS")
            let view = try qualifiedName("a view name")
            let columns = current.isSymbol("(") ? try nameList() : []
            try expectKeyword("AS")
            return .createView(name: view, columns: columns, replace: replace, ifNotExists: ifNotExists, query: try query())
        }
        guard acceptKeyword("TABLE") else { throw error("expected VIEW or TABLE after CREATE, found \(current.quoted)") }
        let ifNotExists = acceptKeywords("IF", "NOT", "EXISTS")
        let table = try qualifiedName("a table name")
        var columns: [(String, SQLTypeName)] = []
        if accept("(") {
            repeat {
                let column = try name("a column name")
                columns.append((column, try typeName()))
                if acceptKeyword("NOT") { try expectKeyword("NULL") }
                if acceptKeyword("COMMENT") { _ = try stringLiteral("a comment") }
            } while accept(",")
            try expect(")")
        }
        var format = "parquet", partitionedBy: [String] = [], location: String?
        while true {
            if acceptKeyword("USING") || acceptKeyword("STORED") {
                _ = acceptKeyword("AS")
                format = try name("a format").lowercased()
            } else if acceptKeywords("PARTITIONED", "BY") {
                partitionedBy = try nameList()
            } else if acceptKeyword("LOCATION") {
                location = try stringLiteral("a location")
            } else if acceptKeyword("COMMENT") {
                _ = try stringLiteral("a comment")
            } else if acceptKeyword("OPTIONS") || acceptKeyword("TBLPROPERTIES") {
                try skipParenthesized()
            } else {
                break
            }
        }
        var query: SQLQuery?
        if acceptKeyword("AS") || current.isKeyword("SELECT") || current.isKeyword("WITH") { query = try self.query() }
        return .createTable(SQLCreateTable(name: table, replace: replace, ifNotExists: ifNotExists, columns: columns, format: format,
                                           partitionedBy: partitionedBy, location: location, query: query, offset: start))
    }

    /// Skips `( … )` with nested parentheses (options DataFlow does not use).
    private mutating func skipParenthesized() throws {
        try expect("(")
        var depth = 1
        while depth > 0 {
            guard current.kind != .end else { throw error("expected ')'") }
            if current.isSymbol("(") { depth += 1 }
            if current.isSymbol(")") { depth -= 1 }
            index += 1
        }
    }

    private mutating func insert() throws -> SQLStatementSyntax {
        let start = advance().offset
        let overwrite: Bool
        if acceptKeyword("OVERWRITE") { overwrite = true } else {
            try expectKeyword("INTO")
            overwrite = false
        }
        _ = acceptKeyword("TABLE")
        let table = try qualifiedName("a table name")
        if current.isSymbol("("), !peek().isKeyword("SELECT") {
            throw error("INSERT with a column list is not supported: select the table's columns in order instead")
        }
        return .insert(table: table, overwrite: overwrite, query: try query(), offset: start)
    }

    private mutating func drop() throws -> SQLStatementSyntax {
        let start = advance().offset
        _ = acceptKeyword("TEMPORARY") || acceptKeyword("TEMP")
        let kind: String
        if acceptKeyword("VIEW") { kind = "VIEW" } else if acceptKeyword("TABLE") { kind = "TABLE" } else {
            throw error("expected VIEW or TABLE after DROP, found \(current.quoted)")
        }
        let ifExists = acceptKeywords("IF", "EXISTS")
        return .drop(kind: kind, name: try qualifiedName("a name"), ifExists: ifExists, offset: start)
    }

    private mutating func show() throws -> SQLStatementSyntax {
        index += 1
        if acceptKeyword("FUNCTIONS") {
            _ = acceptKeyword("LIKE")
            return .showFunctions(pattern: current.kind == .string ? try stringLiteral("a pattern") : nil)
        }
        guard acceptKeyword("TABLES") || acceptKeyword("VIEWS") else { throw error("expected TABLES or FUNCTIONS after SHOW, found \(current.quoted)") }
        var database: String?
        if acceptKeyword("IN") || acceptKeyword("FROM") { database = try name("a database name") }
        var pattern: String?
        if acceptKeyword("LIKE") || current.kind == .string { pattern = try stringLiteral("a pattern") }
        return .showTables(database: database, pattern: pattern)
    }

    // MARK: Queries

    /// `[WITH …] body [ORDER BY …] [LIMIT …] [OFFSET …]`.
    mutating func query() throws -> SQLQuery {
        let start = current.offset
        var ctes: [SQLCommonTableExpression] = []
        if acceptKeyword("WITH") {
            _ = acceptKeyword("RECURSIVE")
            repeat {
                let offset = current.offset
                let name = try name("a CTE name")
                let columns = current.isSymbol("(") ? try nameList() : []
                try expectKeyword("AS")
                try expect("(")
                let query = try query()
                try expect(")")
                ctes.append(SQLCommonTableExpression(name: name, columns: columns, query: query, offset: offset))
            } while accept(",")
        }
        var query = SQLQuery(ctes: ctes, body: try setExpression(), position: start)
        if current.isKeyword("ORDER") {
            guard peek().isKeyword("BY") else {
                index += 1
                throw error("expected BY after ORDER, found \(current.quoted)")
            }
            index += 2
            query.orderBy = try orderItems()
        }
        if acceptKeyword("LIMIT") {
            if !acceptKeyword("ALL") { query.limit = try expression() }
        }
        if acceptKeyword("OFFSET") {
            query.offset = try expression()
            _ = acceptKeyword("ROWS") || acceptKeyword("ROW")
        }
        return query
    }

    /// `a UNION b EXCEPT c`: INTERSECT binds tighter than UNION and EXCEPT, which associate left.
    private mutating func setExpression() throws -> SQLQueryBody {
        var left = try intersectTerm()
        while current.isKeyword("UNION") || current.isKeyword("EXCEPT") || current.isKeyword("MINUS") {
            let token = advance()
            let op: SQLSetOperator = token.isKeyword("UNION") ? .union : .except
            let all = acceptKeyword("ALL")
            if !all { _ = acceptKeyword("DISTINCT") }
            left = .setOperation(op, all: all, left, try intersectTerm(), offset: token.offset)
        }
        return left
    }

    private mutating func intersectTerm() throws -> SQLQueryBody {
        var left = try queryPrimary()
        while current.isKeyword("INTERSECT") {
            let token = advance()
            let all = acceptKeyword("ALL")
            if !all { _ = acceptKeyword("DISTINCT") }
            left = .setOperation(.intersect, all: all, left, try queryPrimary(), offset: token.offset)
        }
        return left
    }

    private mutating func queryPrimary() throws -> SQLQueryBody {
        if current.isSymbol("(") {
            index += 1
            let nested = try query()
            try expect(")")
            return .nested(nested)
        }
        if current.isKeyword("VALUES") { return try values() }
        if current.isKeyword("SELECT") || current.isKeyword("FROM") { return .select(try select()) }
        throw error("expected SELECT, VALUES or '(', found \(current.quoted)")
    }

    /// `VALUES (a, b), (c, d)` or `VALUES a, b` (one column).
    mutating func values() throws -> SQLQueryBody {
        let offset = advance().offset
        var rows: [[SQLExpression]] = []
        repeat {
            if accept("(") {
                var row: [SQLExpression] = []
                repeat { row.append(try expression()) } while accept(",")
                try expect(")")
                rows.append(row)
            } else {
                rows.append([try expression()])
            }
        } while accept(",")
        return .values(rows, offset: offset)
    }

    private mutating func select() throws -> SQLSelect {
        var select = SQLSelect(offset: current.offset)
        // `FROM t SELECT …` (and `FROM t` alone) as Spark and DuckDB allow.
        if acceptKeyword("FROM") {
            select.from = try relations()
            guard acceptKeyword("SELECT") else {
                select.items = [.star(qualifier: [], offset: select.offset)]
                return try selectClauses(select)
            }
        } else {
            try expectKeyword("SELECT")
        }
        if acceptKeyword("DISTINCT") { select.distinct = true } else { _ = acceptKeyword("ALL") }
        repeat { select.items.append(try selectItem()) } while accept(",")
        if select.from.isEmpty, acceptKeyword("FROM") { select.from = try relations() }
        return try selectClauses(select)
    }

    private mutating func selectClauses(_ block: SQLSelect) throws -> SQLSelect {
        var select = block
        if acceptKeyword("WHERE") { select.whereClause = try expression() }
        if current.isKeyword("GROUP") {
            guard peek().isKeyword("BY") else {
                index += 1
                throw error("expected BY after GROUP, found \(current.quoted)")
            }
            select.groupBy = try groupBy()
        }
        if acceptKeyword("HAVING") { select.having = try expression() }
        if acceptKeyword("WINDOW") {
            repeat {
                let name = try name("a window name")
                try expectKeyword("AS")
                select.windows.append((name, try windowSpecification()))
            } while accept(",")
        }
        if acceptKeyword("QUALIFY") { select.qualify = try expression() }
        return select
    }

    private mutating func selectItem() throws -> SQLSelectItem {
        let offset = current.offset
        if accept("*") { return .star(qualifier: [], offset: offset) }
        // t.* and db.t.*
        var ahead = 0
        var qualifier: [String] = []
        while peek(ahead).kind == .word || peek(ahead).kind == .quotedName, peek(ahead + 1).isSymbol(".") {
            qualifier.append(peek(ahead).text)
            ahead += 2
            if peek(ahead).isSymbol("*") {
                index += ahead + 1
                return .star(qualifier: qualifier, offset: offset)
            }
        }
        let expression = try expression()
        return .expression(expression, alias: try alias())
    }

    /// `[AS] name` after an expression or relation; nil when there is none.
    private mutating func alias() throws -> String? {
        if acceptKeyword("AS") {
            if current.kind == .string { return advance().text }
            return try name("an alias")
        }
        if current.kind == .quotedName || (current.kind == .word && !Self.reserved.contains(current.text.uppercased())) {
            return advance().text
        }
        return nil
    }

    /// A relation's alias with optional column names: `[AS] t (a, b)`.
    private mutating func relationAlias() throws -> SQLAlias? {
        guard let name = try alias() else { return nil }
        let columns = current.isSymbol("(") ? try nameList() : []
        return SQLAlias(name: name, columns: columns)
    }

    private mutating func groupBy() throws -> SQLGroupBy {
        let offset = current.offset
        index += 2
        var expressions: [SQLExpression] = []
        var sets: [[Int]]?
        func position(of expression: SQLExpression) -> Int {
            expressions.append(expression)
            return expressions.count - 1
        }
        /// `(a, b)` or `a` inside ROLLUP / CUBE / GROUPING SETS.
        func groupingSet(_ parser: inout SQLParser) throws -> [Int] {
            if parser.accept("(") {
                if parser.accept(")") { return [] }
                var members: [Int] = []
                repeat { members.append(position(of: try parser.expression())) } while parser.accept(",")
                try parser.expect(")")
                return members
            }
            return [position(of: try parser.expression())]
        }
        var plain: [Int] = []
        repeat {
            if current.isKeyword("ROLLUP") || current.isKeyword("CUBE"), peek().isSymbol("(") {
                let isCube = advance().isKeyword("CUBE")
                try expect("(")
                var members: [[Int]] = []
                repeat { members.append(try groupingSet(&self)) } while accept(",")
                try expect(")")
                sets = Self.combine(sets ?? [[]], isCube ? GroupingSets.cube(members) : GroupingSets.rollup(members))
            } else if acceptKeywords("GROUPING", "SETS") {
                try expect("(")
                var members: [[Int]] = []
                repeat { members.append(try groupingSet(&self)) } while accept(",")
                try expect(")")
                sets = Self.combine(sets ?? [[]], members)
            } else {
                plain.append(position(of: try expression()))
            }
        } while accept(",")
        if acceptKeywords("WITH", "ROLLUP") {
            sets = GroupingSets.rollup(plain.map { [$0] })
        } else if acceptKeywords("WITH", "CUBE") {
            sets = GroupingSets.cube(plain.map { [$0] })
        } else if let current = sets {
            sets = current.map { plain + $0 }
        }
        return SQLGroupBy(expressions: expressions, sets: sets, offset: offset)
    }

    /// The cross product of two lists of grouping sets (several ROLLUP/CUBE items in one GROUP BY).
    private static func combine(_ a: [[Int]], _ b: [[Int]]) -> [[Int]] {
        a.flatMap { first in b.map { first + $0 } }
    }

    /// `ORDER BY` keys.
    mutating func orderItems() throws -> [SQLOrderItem] {
        var items: [SQLOrderItem] = []
        repeat {
            let expression = try expression()
            var ascending = true
            if acceptKeyword("DESC") { ascending = false } else { _ = acceptKeyword("ASC") }
            var nullsFirst: Bool?
            if acceptKeywords("NULLS", "FIRST") { nullsFirst = true } else if acceptKeywords("NULLS", "LAST") { nullsFirst = false }
            items.append(SQLOrderItem(expression: expression, ascending: ascending, nullsFirst: nullsFirst))
        } while accept(",")
        return items
    }

    // MARK: Relations

    /// The comma-separated relations of a FROM clause.
    private mutating func relations() throws -> [SQLRelation] {
        var result: [SQLRelation] = []
        repeat { result.append(try joinedRelation()) } while accept(",")
        return result
    }

    private mutating func joinedRelation() throws -> SQLRelation {
        var left = try primaryRelation()
        while true {
            let offset = current.offset
            let natural = acceptKeyword("NATURAL")
            guard let type = try joinType() else {
                if natural { throw error("expected JOIN after NATURAL, found \(current.quoted)") }
                return left
            }
            if natural { throw text.error(.notImplemented, "NATURAL JOIN is not supported: name the columns with USING (…)", at: offset) }
            let right = try primaryRelation()
            var condition: SQLExpression?
            var using: [String] = []
            if acceptKeyword("ON") {
                condition = try expression()
            } else if acceptKeyword("USING") {
                using = try nameList()
            } else if type != .cross && type != .inner {
                throw error("expected ON or USING after the \(type.rawValue) join's right side, found \(current.quoted)")
            }
            left = .join(SQLJoin(left: left, right: right, type: type, condition: condition, using: using, offset: offset))
        }
    }

    /// The join type keywords up to and including JOIN; nil when no join follows.
    private mutating func joinType() throws -> JoinType? {
        if acceptKeyword("JOIN") { return .inner }
        if acceptKeywords("INNER", "JOIN") { return .inner }
        if acceptKeywords("CROSS", "JOIN") { return .cross }
        for (words, type) in [(["LEFT", "OUTER", "JOIN"], JoinType.left), (["LEFT", "SEMI", "JOIN"], .leftSemi),
                              (["LEFT", "ANTI", "JOIN"], .leftAnti), (["LEFT", "JOIN"], .left),
                              (["RIGHT", "OUTER", "JOIN"], .right), (["RIGHT", "JOIN"], .right),
                              (["FULL", "OUTER", "JOIN"], .full), (["FULL", "JOIN"], .full),
                              (["SEMI", "JOIN"], .leftSemi), (["ANTI", "JOIN"], .leftAnti)] {
            if words.enumerated().allSatisfy({ peek($0.offset).isKeyword($0.element) }) {
                index += words.count
                return type
            }
        }
        return nil
    }

    private static let fileFormats: Set<String> = ["parquet", "csv", "json", "jsonl"]

    private mutating func primaryRelation() throws -> SQLRelation {
        let offset = current.offset
        if accept("(") {
            if current.isKeyword("SELECT") || current.isKeyword("WITH") || current.isKeyword("VALUES") || current.isKeyword("FROM") || current.isSymbol("(") {
                let query = try query()
                try expect(")")
                return .subquery(query, alias: try relationAlias(), offset: offset)
            }
            let relation = try joinedRelation()
            try expect(")")
            return relation
        }
        if current.isKeyword("VALUES") {
            let body = try values()
            return .subquery(SQLQuery(body: body, position: offset), alias: try relationAlias(), offset: offset)
        }
        if current.kind == .word, Self.fileFormats.contains(current.text.lowercased()), peek().isSymbol("."), peek(2).kind == .quotedName {
            let format = advance().text.lowercased()
            index += 1
            let path = advance().text
            return .file(format: format, path: path, alias: try relationAlias(), offset: offset)
        }
        let name = try qualifiedName("a table name")
        if accept("(") {
            var arguments: [SQLExpression] = []
            if !current.isSymbol(")") {
                repeat { arguments.append(try expression()) } while accept(",")
            }
            try expect(")")
            return .function(name.joined(separator: "."), arguments, alias: try relationAlias(), offset: offset)
        }
        return .table(name, alias: try relationAlias(), offset: offset)
    }
}
