/// The temporary views of a session (`createOrReplaceTempView`, SQL `CREATE TEMP VIEW`): names,
/// case-insensitive, for plans that SQL queries read as tables. They live as long as the session.
package final class TemporaryViews: Sendable {
    private let views = Locked<[String: (name: String, plan: LogicalPlan)]>([:])

    package init() {}

    /// The view's plan, if there is one.
    package func plan(_ name: String) -> LogicalPlan? { views.withLock { $0[name.lowercased()]?.plan } }

    /// Registers `plan` as `name`; without `replace`, an existing view of that name is an error.
    /// - Throws: `DataFlowError` (`.analysis`) when the view exists and `replace` is false.
    package func register(_ name: String, plan: LogicalPlan, replace: Bool) throws {
        try views.withLock { views in
            if !replace, views[name.lowercased()] != nil {
                throw DataFlowError(.analysis, "temporary view '\(name)' already exists; use createOrReplaceTempView or CREATE OR REPLACE TEMP VIEW")
            }
            views[name.lowercased()] = (name, plan)
        }
    }

    /// Removes the view; whether there was one.
    @discardableResult
    package func drop(_ name: String) -> Bool { views.withLock { $0.removeValue(forKey: name.lowercased()) != nil } }

    /// The views' names as registered, sorted.
    package var names: [String] { views.withLock { $0.values.map(\.name) }.sorted() }
}

extension DataFrame {
    /// Registers this DataFrame as the session's temporary view `name`, replacing any view of that
    /// name, so that `session.sql` can read it as a table.
    public func createOrReplaceTempView(_ name: String) throws {
        try session.temporaryViews.register(try Self.viewName(name), plan: plan, replace: true)
    }

    /// Registers this DataFrame as the temporary view `name`.
    /// - Throws: `DataFlowError` (`.analysis`) when the session already has a view of that name.
    public func createTempView(_ name: String) throws {
        try session.temporaryViews.register(try Self.viewName(name), plan: plan, replace: false)
    }

    private static func viewName(_ name: String) throws -> String {
        guard !name.isEmpty, !name.contains("."), !name.contains("`") else {
            throw DataFlowError.invalidArgument("name", "a temporary view's name is one word without dots or back-quotes, got '\(name)'")
        }
        return name
    }
}

extension Session {
    /// Removes the temporary view `name`; whether there was one.
    @discardableResult
    public func dropTempView(_ name: String) -> Bool { temporaryViews.drop(name) }

    /// The names of the session's temporary views.
    public var tempViewNames: [String] { temporaryViews.names }
}
