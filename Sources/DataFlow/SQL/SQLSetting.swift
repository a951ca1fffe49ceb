/// SQL's `SET`: a session's settings under Spark's names, and the one a statement may change, the
/// session time zone. The others are fixed when the session is made; setting one says which
/// `Session` argument to use.
enum SQLSetting {
    /// Spark's name of the session time zone; `timeZone`, in any case, names it too.
    static let timeZoneKey = "spark.sql.session.timeZone"

    /// A setting as `SET` shows it, and the `Session` argument that fixes it (nil: `SET` changes it).
    private struct Entry {
        let key: String
        let value: String
        let argument: String?
    }

    /// Runs `SET`, `SET key` or `SET key = value` in `session`: returns the key and value rows
    /// Spark's `SET` returns (every setting; the one named, `<undefined>` when unknown; the one set).
    /// - Throws: `DataFlowError`: `.invalidArgument` for an unknown time zone, `.notImplemented`
    ///   for a setting fixed when the session is made, `.analysis` for an unknown setting.
    static func run(key: String?, value: String?, in session: Session, text: SQLText) throws -> [(key: String, value: String)] {
        let entries = settings(of: session)
        guard let key else { return entries.map { ($0.key, $0.value) } }
        let name = key.lowercased() == "timezone" ? timeZoneKey : key
        let entry = entries.first { $0.key.lowercased() == name.lowercased() }
        guard let value else { return [(entry?.key ?? key, entry?.value ?? "<undefined>")] }
        guard let entry else {
            var message = "unknown setting '\(key)'; settings: \(entries.map(\.key).joined(separator: ", "))"
            if let suggestion = closestMatch(to: name, among: entries.map(\.key)) { message += "; did you mean '\(suggestion)'?" }
            throw text.error(.analysis, message, at: 0)
        }
        if let argument = entry.argument {
            throw text.error(.notImplemented, "SET \(key) = \(value): \(entry.key) is fixed when the session is made (\(argument)); SET changes \(timeZoneKey)", at: 0)
        }
        do {
            try session.setTimeZone(value)
        } catch let error as DataFlowError {
            throw text.error(error.category, error.message, at: 0)
        }
        return [(timeZoneKey, session.timeZone.identifier)]
    }

    /// The settings `SET` shows, in Spark's names.
    private static func settings(of session: Session) -> [Entry] {
        [Entry(key: "spark.sql.ansi.enabled", value: "\(session.ansiMode)", argument: "Session(ansiMode:)"),
         Entry(key: timeZoneKey, value: session.timeZone.identifier, argument: nil),
         Entry(key: "spark.sql.shuffle.partitions", value: "\(session.shufflePartitions)", argument: "Session(shufflePartitions:)"),
         Entry(key: "spark.sql.warehouse.dir", value: session.warehouse, argument: "Session(warehouse:)")]
    }
}
