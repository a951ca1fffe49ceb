/// Where in the input or the plan an error happened. Every field is optional; the description names
/// only those that are set.
public struct ErrorLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file or table the error concerns.
    public var path: String?
    /// The Parquet row group, when reading Parquet.
    public var rowGroup: Int?
    /// The column the error concerns.
    public var column: String?
    /// The argument, option or configuration key the error concerns, as the caller spelled it.
    public var argument: String?
    /// The 1-based row (record) number within `path`.
    public var row: Int?
    /// The 1-based line within `path` where the row starts, as an editor shows it (a record with
    /// quoted line breaks spans several lines).
    public var line: Int?
    /// The byte offset within `path`.
    public var byteOffset: Int?
    /// The operator or function that failed.
    public var operatorName: String?

    /// Creates a location; pass only what is known.
    public init(path: String? = nil, rowGroup: Int? = nil, column: String? = nil, argument: String? = nil, row: Int? = nil,
                line: Int? = nil, byteOffset: Int? = nil, operatorName: String? = nil) {
        self.path = path
        self.rowGroup = rowGroup
        self.column = column
        self.argument = argument
        self.line = line
        self.row = row
        self.byteOffset = byteOffset
        self.operatorName = operatorName
    }

    public var description: String {
        var parts: [String] = []
        if let path { parts.append("file '\(path)'") }
        if let rowGroup { parts.append("row group \(rowGroup)") }
        if let row { parts.append("row \(row)") }
        if let line { parts.append("line \(line)") }
        if let column { parts.append("column '\(column)'") }
        if let argument { parts.append("argument '\(argument)'") }
        if let byteOffset { parts.append("byte offset \(byteOffset)") }
        if let operatorName { parts.append("in \(operatorName)") }
        return parts.joined(separator: ", ")
    }
}

/// The one error type DataFlow throws. Its `category` says what kind of failure it is, `message`
/// says what went wrong in words, `location` says where, and `underlying` keeps the original error.
public struct DataFlowError: Error, Sendable, CustomStringConvertible {
    /// The kinds of failure.
    public enum Category: String, Sendable, Hashable {
        /// A plan that cannot be resolved: unknown column, type mismatch, bad aggregate.
        case analysis
        /// Data whose schema does not fit what was asked (union of different schemas, decoding rows).
        case schema
        /// Reading or writing a file, directory or database failed.
        case io
        /// Input text or bytes could not be parsed.
        case parse
        /// A query failed while running (e.g. an invalid cast in strict mode, division by zero in ANSI mode).
        case execution
        /// The session's memory limit would be exceeded.
        case resourcesExhausted
        /// The query was cancelled (`RunningQuery.cancel()`, `Session.cancelAll()`) before it finished.
        case cancelled
        /// An argument given by the caller is out of range or malformed.
        case invalidArgument
        /// The data was read but failed a check the job makes before it writes (too many rejects or
        /// nulls, fewer rows than the previous run): nothing was written.
        case dataCheck
        /// The feature exists in Spark but not (yet) in DataFlow.
        case notImplemented
        /// A broken invariant inside DataFlow: a bug.
        case `internal`
    }

    /// What kind of failure this is.
    public var category: Category
    /// A sentence saying what went wrong.
    public var message: String
    /// Where it went wrong, when known.
    public var location: ErrorLocation?
    /// The error that caused this one, when there is one.
    public var underlying: (any Error & Sendable)?

    /// Creates an error.
    public init(_ category: Category, _ message: String, location: ErrorLocation? = nil,
                underlying: (any Error & Sendable)? = nil) {
        self.category = category
        self.message = message
        self.location = location
        self.underlying = underlying
    }

    public var description: String {
        var text = "[\(category.rawValue)] \(message)"
        if let location, !location.description.isEmpty { text += " (\(location))" }
        if let underlying { text += ": \(underlying)" }
        return text
    }
}

extension DataFlowError {
    /// An analysis error for a column name that does not resolve, naming the available columns and
    /// the closest one.
    static func unresolvedColumn(_ name: String, available: [String]) -> DataFlowError {
        var message = "cannot resolve column '\(name)'; available columns: [\(available.joined(separator: ", "))]"
        if let suggestion = closestMatch(to: name, among: available) {
            message += "; did you mean '\(suggestion)'?"
        }
        return DataFlowError(.analysis, message, location: ErrorLocation(column: name))
    }

    /// An invalid-argument error naming the argument.
    public static func invalidArgument(_ argument: String, _ message: String) -> DataFlowError {
        DataFlowError(.invalidArgument, "\(argument): \(message)", location: ErrorLocation(argument: argument))
    }

    /// An internal error: a broken invariant.
    public static func internalError(_ message: String) -> DataFlowError {
        DataFlowError(.internal, message)
    }
}

/// A non-Sendable error kept as its description, so it can travel inside a `DataFlowError`.
public struct DescribedError: Error, Sendable, CustomStringConvertible {
    /// The wrapped error's description.
    public let description: String

    /// Wraps `error`.
    public init(_ error: any Error) { description = String(describing: error) }
}

/// The candidate with the smallest edit distance to `name` (case-insensitive), when it is close
/// enough to be a plausible typo.
func closestMatch(to name: String, among candidates: [String]) -> String? {
    let target = Array(name.lowercased().utf8)
    var best: (String, Int)?
    for candidate in candidates {
        let distance = editDistance(target, Array(candidate.lowercased().utf8))
        if best == nil || distance < best!.1 { best = (candidate, distance) }
    }
    guard let (candidate, distance) = best else { return nil }
    return distance <= max(2, target.count / 2) ? candidate : nil
}

/// Levenshtein distance between two byte strings.
func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
