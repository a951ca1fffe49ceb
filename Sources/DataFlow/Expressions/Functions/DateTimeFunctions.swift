import Foundation

/// Date and time functions, with Spark 3.5's semantics: to_date, to_timestamp, date_format, year,
/// quarter, month, dayofmonth, dayofyear, dayofweek, weekofyear, hour, minute, second, date_trunc,
/// trunc, date_add, date_sub, datediff, add_months, from_utc_timestamp, to_utc_timestamp,
/// unix_timestamp, from_unixtime, unix_micros / unix_millis / unix_seconds, timestamp_micros /
/// timestamp_millis / timestamp_seconds, unix_date, date_from_unix_date, current_timestamp,
/// current_date.
///
/// Wall-clock work (parsing text without an offset, extracting fields, truncating, formatting)
/// happens in the session time zone. Patterns, units and zone names must be constants; they are
/// compiled and checked once, when the expression is bound.
enum DateTimeFunctions {
    static let all: [ScalarFunction] = [
        toDate, toTimestamp, dateFormat,
        dateField("year", .year), dateField("quarter", .quarter), dateField("month", .month),
        dateField("dayofmonth", .dayOfMonth), dateField("dayofyear", .dayOfYear),
        dateField("dayofweek", .dayOfWeek), dateField("weekofyear", .weekOfYear),
        timeField("hour", .hour), timeField("minute", .minute), timeField("second", .second),
        dateTrunc, trunc, dateShift("date_add", subtract: false), dateShift("date_sub", subtract: true), dateDiff, addMonths,
        zoneShift("from_utc_timestamp", toUTC: false), zoneShift("to_utc_timestamp", toUTC: true),
        unixTimestamp, fromUnixTime, unitsSinceEpoch("unix_micros", 1), unitsSinceEpoch("unix_millis", 1000),
        unitsSinceEpoch("unix_seconds", microsPerSecond), timestampFromUnits("timestamp_micros", 1), timestampFromUnits("timestamp_millis", 1000),
        timestampFromUnits("timestamp_seconds", microsPerSecond), unixDate, dateFromUnixDate, currentTimestamp, currentDate,
    ]

    /// The pattern `unix_timestamp` and `from_unixtime` use when none is given.
    static let defaultPattern = "yyyy-MM-dd HH:mm:ss"

    // MARK: Arguments

    /// Argument `index` converted to `type` (date or timestamp): dates, timestamps and strings
    /// convert as Spark's implicit casts do (strings with the cast rules); others are an error.
    static func temporal(_ name: String, _ arguments: [any PhysicalExpr], _ index: Int, as type: DataType,
                                 _ binder: ExprBinder) throws -> any PhysicalExpr {
        switch arguments[index].dataType {
        case .date, .timestamp, .string, .null:
            return try Arguments.coerce(name, arguments, index, to: type, binder)
        default:
            throw DataFlowError(.analysis, "\(name): argument \(index + 1) (\(arguments[index])) must be a date, timestamp or string, found \(arguments[index].dataType)",
                                location: ErrorLocation(operatorName: name))
        }
    }

    /// Argument `index` as int32: integers and strings convert (a long wraps as Spark's cast does,
    /// or fails in ANSI mode); others are an error.
    private static func integer(_ name: String, _ arguments: [any PhysicalExpr], _ index: Int, _ binder: ExprBinder) throws -> any PhysicalExpr {
        switch arguments[index].dataType {
        case .int32, .int64, .string, .null:
            return try Arguments.coerce(name, arguments, index, to: .int32, binder)
        default:
            throw DataFlowError(.analysis, "\(name): argument \(index + 1) (\(arguments[index])) must be an integer, found \(arguments[index].dataType)",
                                location: ErrorLocation(operatorName: name))
        }
    }

    /// The text argument of a parsing function: strings as they are, dates and timestamps as they
    /// are (the pattern does not apply to them), other values as their text, as Spark does.
    private static func parsable(_ name: String, _ arguments: [any PhysicalExpr], _ binder: ExprBinder) throws -> any PhysicalExpr {
        switch arguments[0].dataType {
        case .string, .date, .timestamp: return arguments[0]
        default: return try Arguments.coerce(name, arguments, 0, to: .string, binder)
        }
    }

    /// Timestamps parsed from the strings of `input` (bound by `parsable`) with `pattern`.
    private static func parsed(_ name: String, _ input: any PhysicalExpr, _ pattern: DateTimePattern,
                               _ binder: ExprBinder) throws -> any PhysicalExpr {
        if input.dataType != .string { return try binder.coerce(input, to: .timestamp) }
        let timeZone = binder.context.timeZone, strict = binder.context.strictCasts
        return FunctionExpr(name: name, arguments: [input], dataType: .timestamp, nullable: true) { inputs, _ in
            try parseTimestamps(inputs[0].column, with: pattern, timeZone: timeZone, strict: strict, function: name)
        }
    }

    // MARK: Parsing and formatting

    /// to_date(e[, fmt]): without a pattern, a cast to date (strings with the cast rules,
    /// timestamps in the session zone); with one, the date of `to_timestamp(e, fmt)` in the session
    /// zone.
    private static let toDate = ScalarFunction(name: "to_date") { arguments, binder in
        try Arguments.expect("to_date", arguments, count: 1...2)
        guard arguments.count == 2 else { return try temporal("to_date", arguments, 0, as: .date, binder) }
        guard let text = try Arguments.constantString("to_date", arguments, 1) else { return try LiteralExpr(.null, type: .date) }
        let pattern = try DateTimePattern(text, for: .parsing, function: "to_date")
        let input = try parsable("to_date", arguments, binder)
        if input.dataType == .date { return input }
        return try binder.coerce(try parsed("to_date", input, pattern, binder), to: .date)
    }

    /// to_timestamp(e[, fmt]): without a pattern, a cast to timestamp; with one, strings parsed with
    /// it (null, or an error in ANSI mode, when they do not match).
    private static let toTimestamp = ScalarFunction(name: "to_timestamp") { arguments, binder in
        try Arguments.expect("to_timestamp", arguments, count: 1...2)
        guard arguments.count == 2 else { return try Arguments.coerce("to_timestamp", arguments, 0, to: .timestamp, binder) }
        guard let text = try Arguments.constantString("to_timestamp", arguments, 1) else { return try LiteralExpr(.null, type: .timestamp) }
        let pattern = try DateTimePattern(text, for: .parsing, function: "to_timestamp")
        return try parsed("to_timestamp", try parsable("to_timestamp", arguments, binder), pattern, binder)
    }

    /// date_format(ts, fmt): the timestamp written with the pattern in the session zone.
    private static let dateFormat = ScalarFunction(name: "date_format") { arguments, binder in
        try Arguments.expect("date_format", arguments, count: 2...2)
        let timestamp = try temporal("date_format", arguments, 0, as: .timestamp, binder)
        guard let text = try Arguments.constantString("date_format", arguments, 1) else { return try LiteralExpr(.null, type: .string) }
        let pattern = try DateTimePattern(text, for: .formatting, function: "date_format")
        let timeZone = binder.context.timeZone
        return FunctionExpr(name: "date_format", arguments: [timestamp], dataType: .string, nullable: timestamp.nullable) { inputs, _ in
            formatTimestamps(inputs[0].column, with: pattern, timeZone: timeZone)
        }
    }

    // MARK: Fields

    /// A calendar field of a date (timestamps read in the session zone, strings cast).
    private static func dateField(_ name: String, _ field: DateField) -> ScalarFunction {
        ScalarFunction(name: name) { arguments, binder in
            try Arguments.expect(name, arguments, count: 1...1)
            let date = try temporal(name, arguments, 0, as: .date, binder)
            return FunctionExpr(name: name, arguments: [date], dataType: .int32, nullable: date.nullable) { inputs, _ in
                extractDateField(inputs[0].column, field)
            }
        }
    }

    /// A clock field of a timestamp in the session zone (dates are midnight, strings cast).
    private static func timeField(_ name: String, _ field: TimeField) -> ScalarFunction {
        ScalarFunction(name: name) { arguments, binder in
            try Arguments.expect(name, arguments, count: 1...1)
            let timestamp = try temporal(name, arguments, 0, as: .timestamp, binder)
            let timeZone = binder.context.timeZone
            return FunctionExpr(name: name, arguments: [timestamp], dataType: .int32, nullable: timestamp.nullable) { inputs, _ in
                extractTimeField(inputs[0].column, field, timeZone: timeZone)
            }
        }
    }

    // MARK: Truncation

    /// date_trunc(unit, ts): the timestamp truncated in the session zone; an unknown unit gives
    /// null, as in Spark.
    private static let dateTrunc = ScalarFunction(name: "date_trunc") { arguments, binder in
        try Arguments.expect("date_trunc", arguments, count: 2...2)
        let timestamp = try temporal("date_trunc", arguments, 1, as: .timestamp, binder)
        guard let name = try Arguments.constantString("date_trunc", arguments, 0), let unit = TruncationUnit(sparkName: name) else {
            return try LiteralExpr(.null, type: .timestamp)
        }
        let timeZone = binder.context.timeZone
        return FunctionExpr(name: "date_trunc", arguments: [timestamp], dataType: .timestamp, nullable: true) { inputs, _ in
            truncateTimestamps(inputs[0].column, to: unit, timeZone: timeZone)
        }
    }

    /// trunc(date, unit): the date truncated to its week (Monday), month, quarter or year; any other
    /// unit gives null, as in Spark.
    private static let trunc = ScalarFunction(name: "trunc") { arguments, binder in
        try Arguments.expect("trunc", arguments, count: 2...2)
        let date = try temporal("trunc", arguments, 0, as: .date, binder)
        guard let name = try Arguments.constantString("trunc", arguments, 1), let unit = TruncationUnit(sparkName: name), unit.isDateUnit else {
            return try LiteralExpr(.null, type: .date)
        }
        return FunctionExpr(name: "trunc", arguments: [date], dataType: .date, nullable: date.nullable) { inputs, _ in
            truncateDates(inputs[0].column, to: unit)
        }
    }

    // MARK: Arithmetic

    /// date_add(d, n) / date_sub(d, n): the date `n` days later or earlier (wrapping as Spark's int
    /// arithmetic does).
    private static func dateShift(_ name: String, subtract: Bool) -> ScalarFunction {
        ScalarFunction(name: name) { arguments, binder in
            try Arguments.expect(name, arguments, count: 2...2)
            let date = try temporal(name, arguments, 0, as: .date, binder)
            let days = try integer(name, arguments, 1, binder)
            return FunctionExpr(name: name, arguments: [date, days], dataType: .date, nullable: date.nullable || days.nullable) { inputs, count in
                subtract
                    ? evaluateFixed(SubtractOp<Int32>.self, inputs[0], inputs[1], count: count, outputType: .date)
                    : evaluateFixed(AddOp<Int32>.self, inputs[0], inputs[1], count: count, outputType: .date)
            }
        }
    }

    /// datediff(end, start): the days from `start` to `end`.
    private static let dateDiff = ScalarFunction(name: "datediff") { arguments, binder in
        try Arguments.expect("datediff", arguments, count: 2...2)
        let end = try temporal("datediff", arguments, 0, as: .date, binder)
        let start = try temporal("datediff", arguments, 1, as: .date, binder)
        return FunctionExpr(name: "datediff", arguments: [end, start], dataType: .int32, nullable: end.nullable || start.nullable) { inputs, count in
            evaluateFixed(SubtractOp<Int32>.self, inputs[0], inputs[1], count: count, outputType: .int32)
        }
    }

    /// add_months(d, n): the date `n` months later, clamped to the end of a shorter month.
    private static let addMonths = ScalarFunction(name: "add_months") { arguments, binder in
        try Arguments.expect("add_months", arguments, count: 2...2)
        let date = try temporal("add_months", arguments, 0, as: .date, binder)
        let months = try integer("add_months", arguments, 1, binder)
        return FunctionExpr(name: "add_months", arguments: [date, months], dataType: .date, nullable: true) { inputs, count in
            DataFlow.addMonths(inputs[0], inputs[1], count: count)
        }
    }

    // MARK: Zones

    /// from_utc_timestamp(ts, tz) reads the timestamp's UTC wall time and gives the instant whose UTC
    /// wall time is `tz`'s wall time then; to_utc_timestamp(ts, tz) does the reverse.
    private static func zoneShift(_ name: String, toUTC: Bool) -> ScalarFunction {
        ScalarFunction(name: name) { arguments, binder in
            try Arguments.expect(name, arguments, count: 2...2)
            let timestamp = try temporal(name, arguments, 0, as: .timestamp, binder)
            guard let zoneName = try Arguments.constantString(name, arguments, 1) else { return try LiteralExpr(.null, type: .timestamp) }
            let zone = try timeZone(named: zoneName, function: name)
            return FunctionExpr(name: name, arguments: [timestamp], dataType: .timestamp, nullable: true) { inputs, _ in
                toUTC ? shiftToUTC(inputs[0].column, from: zone) : shiftFromUTC(inputs[0].column, to: zone)
            }
        }
    }

    /// The three-letter zone names Java's `ZoneId.SHORT_IDS` maps, which Spark accepts.
    private static let shortZoneNames: [String: String] = [
        "ACT": "Australia/Darwin", "AET": "Australia/Sydney", "AGT": "America/Argentina/Buenos_Aires",
        "ART": "Africa/Cairo", "AST": "America/Anchorage", "BET": "America/Sao_Paulo", "BST": "Asia/Dhaka",
        "CAT": "Africa/Harare", "CNT": "America/St_Johns", "CST": "America/Chicago", "CTT": "Asia/Shanghai",
        "EAT": "Africa/Addis_Ababa", "ECT": "Europe/Paris", "EST": "-05:00", "HST": "-10:00",
        "IET": "America/Indiana/Indianapolis", "IST": "Asia/Kolkata", "JST": "Asia/Tokyo", "MIT": "Pacific/Apia",
        "MST": "-07:00", "NET": "Asia/Yerevan", "NST": "Pacific/Auckland", "PLT": "Asia/Karachi",
        "PNT": "America/Phoenix", "PRT": "America/Puerto_Rico", "PST": "America/Los_Angeles",
        "SST": "Pacific/Guadalcanal", "VST": "Asia/Ho_Chi_Minh",
    ]

    /// The zone Spark would read `name` as: an IANA name, an offset (`+08:00`, `GMT+8`) or a
    /// three-letter short name.
    /// - Throws: `DataFlowError` (`.invalidArgument`) naming `function` for an unknown zone.
    private static func timeZone(named name: String, function: String) throws -> SessionTimeZone {
        do {
            return try SessionTimeZone(shortZoneNames[name] ?? name)
        } catch {
            throw DataFlowError(.invalidArgument, "\(function): unknown time zone '\(name)'", location: ErrorLocation(operatorName: function),
                                underlying: error as? DataFlowError)
        }
    }

    // MARK: Unix time and the current instant

    /// unix_timestamp([e[, fmt]]): seconds since the epoch of the current instant, of a timestamp or
    /// date (midnight in the session zone), or of a string parsed with `fmt` (default
    /// `yyyy-MM-dd HH:mm:ss`, not the cast rules: "2025-03-09" alone does not match it).
    private static let unixTimestamp = ScalarFunction(name: "unix_timestamp") { arguments, binder in
        try Arguments.expect("unix_timestamp", arguments, count: 0...2)
        guard !arguments.isEmpty else { return try LiteralExpr(.int64(floorDivide(binder.context.queryInstant, microsPerSecond)), type: .int64) }
        let text = arguments.count == 2 ? try Arguments.constantString("unix_timestamp", arguments, 1) : defaultPattern
        guard let text else { return try LiteralExpr(.null, type: .int64) }
        let pattern = try DateTimePattern(text, for: .parsing, function: "unix_timestamp")
        let timestamps = try parsed("unix_timestamp", try parsable("unix_timestamp", arguments, binder), pattern, binder)
        return FunctionExpr(name: "unix_timestamp", arguments: [timestamps], dataType: .int64, nullable: true) { inputs, _ in
            unixSeconds(inputs[0].column)
        }
    }

    /// unix_micros / unix_millis / unix_seconds(ts): whole units since the epoch of a timestamp,
    /// rounded down.
    private static func unitsSinceEpoch(_ name: String, _ microsPerUnit: Int64) -> ScalarFunction {
        ScalarFunction(name: name) { arguments, binder in
            try Arguments.expect(name, arguments, count: 1...1)
            let timestamps = try temporal(name, arguments, 0, as: .timestamp, binder)
            return FunctionExpr(name: name, arguments: [timestamps], dataType: .int64, nullable: true) { inputs, _ in
                DataFlow.unitsSinceEpoch(inputs[0].column, microsPerUnit: microsPerUnit)
            }
        }
    }

    /// timestamp_micros / timestamp_millis / timestamp_seconds(n): the instant `n` units after the
    /// epoch (an integer); null beyond the timestamp range.
    private static func timestampFromUnits(_ name: String, _ microsPerUnit: Int64) -> ScalarFunction {
        ScalarFunction(name: name) { arguments, binder in
            try Arguments.expect(name, arguments, count: 1...1)
            guard arguments[0].dataType.isInteger || arguments[0].dataType == .null else {
                throw DataFlowError(.analysis, "\(name): argument 1 (\(arguments[0])) must be an integer, found \(arguments[0].dataType)",
                                    location: ErrorLocation(operatorName: name))
            }
            let units = try Arguments.coerce(name, arguments, 0, to: .int64, binder)
            return FunctionExpr(name: name, arguments: [units], dataType: .timestamp, nullable: true) { inputs, _ in
                timestampsFromUnits(inputs[0].column, microsPerUnit: microsPerUnit)
            }
        }
    }

    /// unix_date(date): days since 1970-01-01.
    private static let unixDate = ScalarFunction(name: "unix_date") { arguments, binder in
        try Arguments.expect("unix_date", arguments, count: 1...1)
        let dates = try temporal("unix_date", arguments, 0, as: .date, binder)
        return FunctionExpr(name: "unix_date", arguments: [dates], dataType: .int32, nullable: true) { inputs, _ in daysSinceEpoch(inputs[0].column) }
    }

    /// date_from_unix_date(n): the date `n` days after 1970-01-01.
    private static let dateFromUnixDate = ScalarFunction(name: "date_from_unix_date") { arguments, binder in
        try Arguments.expect("date_from_unix_date", arguments, count: 1...1)
        let days = try Arguments.coerce("date_from_unix_date", arguments, 0, to: .int32, binder)
        return FunctionExpr(name: "date_from_unix_date", arguments: [days], dataType: .date, nullable: true) { inputs, _ in
            inputs[0].column.reinterpreted(as: .date)
        }
    }

    /// from_unixtime(n[, fmt]): seconds since the epoch written with `fmt` (default
    /// `yyyy-MM-dd HH:mm:ss`) in the session zone.
    private static let fromUnixTime = ScalarFunction(name: "from_unixtime") { arguments, binder in
        try Arguments.expect("from_unixtime", arguments, count: 1...2)
        guard arguments[0].dataType.isNumeric || arguments[0].dataType == .string || arguments[0].dataType == .null else {
            throw DataFlowError(.analysis, "from_unixtime: argument 1 (\(arguments[0])) must be a number of seconds, found \(arguments[0].dataType)",
                                location: ErrorLocation(operatorName: "from_unixtime"))
        }
        let seconds = try Arguments.coerce("from_unixtime", arguments, 0, to: .int64, binder)
        let text = arguments.count == 2 ? try Arguments.constantString("from_unixtime", arguments, 1) : defaultPattern
        guard let text else { return try LiteralExpr(.null, type: .string) }
        let pattern = try DateTimePattern(text, for: .formatting, function: "from_unixtime")
        let timeZone = binder.context.timeZone
        return FunctionExpr(name: "from_unixtime", arguments: [seconds], dataType: .string, nullable: true) { inputs, _ in
            formatTimestamps(timestampsFromUnits(inputs[0].column, microsPerUnit: microsPerSecond), with: pattern, timeZone: timeZone)
        }
    }

    /// current_timestamp(): the instant the query started, the same for every row and every use
    /// in one query, as in Spark.
    private static let currentTimestamp = ScalarFunction(name: "current_timestamp") { arguments, binder in
        try Arguments.expect("current_timestamp", arguments, count: 0...0)
        return try LiteralExpr(.timestamp(binder.context.queryInstant), type: .timestamp)
    }

    /// current_date(): the query's start date in the session zone.
    private static let currentDate = ScalarFunction(name: "current_date") { arguments, binder in
        try Arguments.expect("current_date", arguments, count: 0...0)
        let now = binder.context.queryInstant
        let local = now + Int64(binder.context.timeZone.offsetSeconds(atUTC: now)) * microsPerSecond
        return try LiteralExpr(.date(Int32(truncatingIfNeeded: floorDivide(local, microsPerDay))), type: .date)
    }
}

extension ColumnOrName where Self == Expr {
    /// The date of `e`: without `format`, strings by Spark's cast rules (`2025-03-09`,
    /// `2025-03-09 10:00`) and timestamps in the session time zone; with a datetime pattern such as
    /// `"dd/MM/yyyy"`, strings parsed with it. Text that does not parse is null (an error in ANSI
    /// mode).
    public static func toDate(_ e: some ColumnOrName, _ format: String? = nil) -> Expr {
        Expr(.function(name: "to_date", arguments: [e.columnExpr] + (format.map { [lit($0)] } ?? [])))
    }

    /// The timestamp of `e`: without `format`, Spark's cast (strings, dates at midnight in the session
    /// time zone, numbers as seconds); with a datetime pattern such as `"yyyy-MM-dd HH:mm:ss XXX"`,
    /// strings parsed with it, wall-clock text read in the session time zone. Text that does not
    /// parse is null (an error in ANSI mode).
    public static func toTimestamp(_ e: some ColumnOrName, _ format: String? = nil) -> Expr {
        Expr(.function(name: "to_timestamp", arguments: [e.columnExpr] + (format.map { [lit($0)] } ?? [])))
    }

    /// The timestamp (or date, or string cast to a timestamp) written with a datetime pattern such as
    /// `"yyyy-MM-dd'T'HH:mm:ss.SSSXXX"`, in the session time zone.
    public static func dateFormat(_ e: some ColumnOrName, _ format: String) -> Expr {
        Expr(.function(name: "date_format", arguments: [e.columnExpr, lit(format)]))
    }

    /// The year of a date, or of a timestamp in the session time zone.
    public static func year(_ e: some ColumnOrName) -> Expr { Expr(.function(name: "year", arguments: [e.columnExpr])) }
    /// The quarter (1...4) of a date, or of a timestamp in the session time zone.
    public static func quarter(_ e: some ColumnOrName) -> Expr { Expr(.function(name: "quarter", arguments: [e.columnExpr])) }
    /// The month (1...12) of a date, or of a timestamp in the session time zone.
    public static func month(_ e: some ColumnOrName) -> Expr { Expr(.function(name: "month", arguments: [e.columnExpr])) }
    /// The day of the month (1...31) of a date, or of a timestamp in the session time zone.
    public static func dayOfMonth(_ e: some ColumnOrName) -> Expr { Expr(.function(name: "dayofmonth", arguments: [e.columnExpr])) }
    /// The day of the year (1...366) of a date, or of a timestamp in the session time zone.
    public static func dayOfYear(_ e: some ColumnOrName) -> Expr { Expr(.function(name: "dayofyear", arguments: [e.columnExpr])) }
    /// The day of the week, 1 = Sunday … 7 = Saturday, of a date or of a timestamp in the session time zone.
    public static func dayOfWeek(_ e: some ColumnOrName) -> Expr { Expr(.function(name: "dayofweek", arguments: [e.columnExpr])) }
    /// The ISO 8601 week number (1...53; weeks start on Monday) of a date, or of a timestamp in the
    /// session time zone.
    public static func weekOfYear(_ e: some ColumnOrName) -> Expr { Expr(.function(name: "weekofyear", arguments: [e.columnExpr])) }
    /// The hour (0...23) of a timestamp in the session time zone.
    public static func hour(_ e: some ColumnOrName) -> Expr { Expr(.function(name: "hour", arguments: [e.columnExpr])) }
    /// The minute (0...59) of a timestamp in the session time zone.
    public static func minute(_ e: some ColumnOrName) -> Expr { Expr(.function(name: "minute", arguments: [e.columnExpr])) }
    /// The second (0...59) of a timestamp.
    public static func second(_ e: some ColumnOrName) -> Expr { Expr(.function(name: "second", arguments: [e.columnExpr])) }

    /// The timestamp truncated to `unit` in the session time zone: "year" ("yyyy", "yy"), "quarter",
    /// "month" ("mon", "mm"), "week" (Monday), "day" ("dd"), "hour", "minute", "second",
    /// "millisecond", "microsecond". Another unit gives null, as in Spark.
    public static func dateTrunc(_ unit: String, _ e: Expr) -> Expr {
        Expr(.function(name: "date_trunc", arguments: [lit(unit), e]))
    }

    /// The date truncated to `unit`: "year" ("yyyy", "yy"), "quarter", "month" ("mon", "mm") or
    /// "week" (Monday). Another unit gives null, as in Spark.
    public static func trunc(_ e: some ColumnOrName, _ unit: String) -> Expr { Expr(.function(name: "trunc", arguments: [e.columnExpr, lit(unit)])) }

    /// The date `days` days later.
    public static func dateAdd(_ e: some ColumnOrName, _ days: Expr) -> Expr { Expr(.function(name: "date_add", arguments: [e.columnExpr, days])) }
    /// The date `days` days later.
    public static func dateAdd(_ e: some ColumnOrName, _ days: Int) -> Expr { dateAdd(e.columnExpr, Expr(integerLiteral: days)) }
    /// The date `days` days earlier.
    public static func dateSub(_ e: some ColumnOrName, _ days: Expr) -> Expr { Expr(.function(name: "date_sub", arguments: [e.columnExpr, days])) }
    /// The date `days` days earlier.
    public static func dateSub(_ e: some ColumnOrName, _ days: Int) -> Expr { dateSub(e.columnExpr, Expr(integerLiteral: days)) }
    /// The number of days from `start` to `end` (negative when `end` is earlier).
    public static func dateDiff(_ end: some ColumnOrName, _ start: some ColumnOrName) -> Expr { Expr(.function(name: "datediff", arguments: [end.columnExpr, start.columnExpr])) }
    /// The date `months` months later, the day clamped to the end of a shorter month (Jan 31 + 1 is
    /// Feb 28 or 29).
    public static func addMonths(_ e: some ColumnOrName, _ months: Expr) -> Expr { Expr(.function(name: "add_months", arguments: [e.columnExpr, months])) }
    /// The date `months` months later, the day clamped to the end of a shorter month.
    public static func addMonths(_ e: some ColumnOrName, _ months: Int) -> Expr { addMonths(e.columnExpr, Expr(integerLiteral: months)) }

    /// Reads the timestamp's UTC wall time as an instant and shifts it to the wall time of
    /// `timeZone` (an IANA name such as "Europe/Paris", an offset such as "+08:00", or a Java short
    /// name such as "PST"), as Spark's `from_utc_timestamp`.
    public static func fromUTCTimestamp(_ e: some ColumnOrName, _ timeZone: String) -> Expr {
        Expr(.function(name: "from_utc_timestamp", arguments: [e.columnExpr, lit(timeZone)]))
    }

    /// Reads the timestamp's UTC wall time as a wall time in `timeZone` and gives that instant, as
    /// Spark's `to_utc_timestamp`.
    public static func toUTCTimestamp(_ e: some ColumnOrName, _ timeZone: String) -> Expr {
        Expr(.function(name: "to_utc_timestamp", arguments: [e.columnExpr, lit(timeZone)]))
    }

    /// The current time as whole seconds since the epoch.
    public static func unixTimestamp() -> Expr { Expr(.function(name: "unix_timestamp", arguments: [])) }

    /// Seconds since the epoch (a long) of a timestamp, of a date at midnight in the session time
    /// zone, or of a string parsed with `format`; null when the text does not match.
    public static func unixTimestamp(_ e: some ColumnOrName, _ format: String = "yyyy-MM-dd HH:mm:ss") -> Expr {
        Expr(.function(name: "unix_timestamp", arguments: [e.columnExpr, lit(format)]))
    }

    /// Seconds since the epoch written with `format` in the session time zone.
    public static func fromUnixTime(_ e: some ColumnOrName, _ format: String = "yyyy-MM-dd HH:mm:ss") -> Expr {
        Expr(.function(name: "from_unixtime", arguments: [e.columnExpr, lit(format)]))
    }

    /// Microseconds since the epoch of a timestamp (Spark's `unix_micros`).
    public static func unixMicros(_ e: some ColumnOrName) -> Expr { Expr(.function(name: "unix_micros", arguments: [e.columnExpr])) }

    /// The instant a number of microseconds after the epoch (Spark's `timestamp_micros`).
    public static func timestampMicros(_ e: some ColumnOrName) -> Expr { Expr(.function(name: "timestamp_micros", arguments: [e.columnExpr])) }
    /// Whole milliseconds since the epoch of a timestamp.
    public static func unixMillis(_ e: some ColumnOrName) -> Expr { call("unix_millis", e) }
    /// Whole seconds since the epoch of a timestamp.
    public static func unixSeconds(_ e: some ColumnOrName) -> Expr { call("unix_seconds", e) }
    /// The instant a number of milliseconds after the epoch.
    public static func timestampMillis(_ e: some ColumnOrName) -> Expr { call("timestamp_millis", e) }
    /// The instant a number of seconds after the epoch.
    public static func timestampSeconds(_ e: some ColumnOrName) -> Expr { call("timestamp_seconds", e) }
    /// Days since 1970-01-01 of a date.
    public static func unixDate(_ e: some ColumnOrName) -> Expr { call("unix_date", e) }
    /// The date a number of days after 1970-01-01.
    public static func dateFromUnixDate(_ e: some ColumnOrName) -> Expr { call("date_from_unix_date", e) }

    /// The current instant, the same on every row.
    public static func currentTimestamp() -> Expr { Expr(.function(name: "current_timestamp", arguments: [])) }

    /// Today's date in the session time zone.
    public static func currentDate() -> Expr { Expr(.function(name: "current_date", arguments: [])) }
}
