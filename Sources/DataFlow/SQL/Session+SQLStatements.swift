import Foundation

extension Session {
    /// Runs one SQL statement: a query becomes a lazy DataFrame; view definitions, SHOW, DESCRIBE
    /// and EXPLAIN run at once and return their result as a DataFrame (no rows for definitions),
    /// as Spark's `spark.sql` does. `tables` resolves catalog tables and files in place.
    /// - Throws: `DataFlowError`: `.parse` with the line, column and a caret for syntax errors;
    ///   `.analysis` naming unknown tables and columns (and the closest match); `.notImplemented`
    ///   saying which syntax DataFlow does not support.
    package func sql(_ text: String, tables: (any SQLTableProvider)?) throws -> DataFrame {
        let source = SQLText(text)
        let statement = try SQLParser.statement(source)
        let planner = SQLQueryPlanner(session: self, text: source, tables: tables)
        switch statement {
        case let .query(query):
            return DataFrame(session: self, plan: try planner.plan(query))
        case let .createView(name, columns, replace, ifNotExists, query):
            guard name.count == 1 else {
                throw source.error(.notImplemented, "views live in the session: name one without a database (\(name.joined(separator: ".")))", at: query.position)
            }
            if ifNotExists, temporaryViews.plan(name[0]) != nil { return try noRows() }
            var plan = try planner.plan(query)
            if !columns.isEmpty { plan = try planner.renamed(plan, to: columns, at: query.position) }
            try temporaryViews.register(name[0], plan: plan, replace: replace)
            return try noRows()
        case let .drop(kind, name, ifExists, offset):
            if kind == "VIEW" {
                if name.count == 1, temporaryViews.drop(name[0]) || ifExists { return try noRows() }
                throw source.error(.analysis, "view '\(name.joined(separator: "."))' not found; views: \(temporaryViews.names.joined(separator: ", "))", at: offset)
            }
            let dropped = try planner.located(offset) { try catalog(tables).dropTable(name, session: self) }
            guard dropped || ifExists else {
                throw source.error(.analysis, "table '\(name.joined(separator: "."))' not found", at: offset)
            }
            return try noRows()
        case let .showFunctions(pattern):
            let names = SQLExpressionPlanner.functionNames(udf.names).filter { name in pattern.map { Self.matches(name, pattern: $0) } ?? true }
            return try createDataFrame(rows: names.map { [.string($0)] }, schema: Schema([Field("function", .string, nullable: false)]))
        case let .showTables(_, pattern):
            let names: [(name: String, temporary: Bool)] = ((try tables?.tableNames(session: self)) ?? []).map { ($0, false) }
                + temporaryViews.names.map { ($0, true) }
            let matching = names.filter { entry in pattern.map { Self.matches(entry.name, pattern: $0) } ?? true }
            let schema = Schema([Field("tableName", .string, nullable: false), Field("isTemporary", .boolean, nullable: false)])
            return try createDataFrame(rows: matching.map { [Scalar.string($0.name), Scalar.boolean($0.temporary)] }, schema: schema)
        case let .describe(described):
            let schema: Schema
            switch described {
            case let .query(query): schema = try planner.plan(query).schema
            case let .table(name, offset):
                schema = try planner.plan(SQLQuery(body: .select(SQLSelect(items: [.star(qualifier: [], offset: offset)],
                                                                           from: [.table(name, alias: nil, offset: offset)], offset: offset)),
                                                   position: offset)).schema
            }
            let columns = Schema([Field("col_name", .string, nullable: false), Field("data_type", .string, nullable: false),
                                  Field("nullable", .boolean, nullable: false)])
            return try createDataFrame(rows: schema.fields.map { [.string($0.name), .string($0.type.sqlName.lowercased()), .boolean($0.nullable)] }, schema: columns)
        case let .explain(mode, query):
            let frame = DataFrame(session: self, plan: try planner.plan(query))
            let explained = try frame.explain(mode == "ANALYZE" ? .analyze : mode == "FORMATTED" || mode == "EXTENDED" || mode == "COST" ? .extended : .simple)
            return try createDataFrame(rows: [[.string(explained)]], schema: Schema([Field("plan", .string, nullable: false)]))
        case let .set(key, value):
            let rows = try SQLSetting.run(key: key, value: value, in: self, text: source)
            return try createDataFrame(rows: rows.map { [.string($0.key), .string($0.value)] },
                                       schema: Schema([Field("key", .string, nullable: false), Field("value", .string, nullable: false)]))
        case let .createTable(create):
            let expressions = SQLExpressionPlanner(planner: planner, scope: SQLScope([]))
            let schema = create.columns.isEmpty ? nil : Schema(try create.columns.map { Field($0.name, try expressions.dataType($0.type)) })
            if schema == nil && create.query == nil {
                throw source.error(.analysis, "CREATE TABLE needs columns or AS SELECT …", at: create.offset)
            }
            let rows = try create.query.map { DataFrame(session: self, plan: try planner.plan($0)) }
            let definition = SQLTableDefinition(name: create.name, schema: schema, format: create.format, partitionedBy: create.partitionedBy,
                                                location: create.location, replace: create.replace, ifNotExists: create.ifNotExists)
            try planner.located(create.offset) { try catalog(tables).createTable(definition, rows: rows, session: self) }
            return try noRows()
        case let .insert(table, overwrite, query, offset):
            let rows = DataFrame(session: self, plan: try planner.plan(query))
            try planner.located(offset) { try catalog(tables).insert(into: table, rows: rows, overwrite: overwrite, session: self) }
            return try noRows()
        }
    }

    /// The provider of catalog statements.
    private func catalog(_ tables: (any SQLTableProvider)?) throws -> any SQLTableProvider {
        guard let tables else { throw DataFlowError(.analysis, "catalog statements need DataFlowIO's session.sql") }
        return tables
    }

    private func noRows() throws -> DataFrame { try createDataFrame(rows: [], schema: Schema([])) }

    /// SHOW TABLES' pattern: `*` any characters, `|` alternatives, case-insensitive (as Spark's).
    private static func matches(_ name: String, pattern: String) -> Bool {
        let lowered = name.lowercased()
        return pattern.lowercased().split(separator: "|").contains { alternative in
            let parts = alternative.trimmingCharacters(in: .whitespaces).split(separator: "*", omittingEmptySubsequences: false).map(String.init)
            var rest = Substring(lowered)
            for (index, part) in parts.enumerated() {
                if index == 0 {
                    guard rest.hasPrefix(part) else { return false }
                    rest = rest.dropFirst(part.count)
                } else if index == parts.count - 1 {
                    return rest.hasSuffix(part) && rest.count >= part.count
                } else {
                    guard let range = rest.range(of: part) else { return false }
                    rest = rest[range.upperBound...]
                }
            }
            return rest.isEmpty
        }
    }
}
