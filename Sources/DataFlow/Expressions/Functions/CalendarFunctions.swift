/// Calendar functions over dates, by Spark's names: weekday, last_day, next_day, dayname,
/// monthname, make_date. Timestamps are read as dates in the session zone, strings are cast.
enum CalendarFunctions {
    static let all: [ScalarFunction] = [weekday, lastDay, nextDay, name("dayname", of: .weekday, names: dayNames),
                                        name("monthname", of: .month, names: [""] + monthNames), makeDate]

    /// Spark's three-letter day names, Monday first.
    static let dayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    /// Spark's three-letter month names.
    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Argument `index` as a date (timestamps and strings converted), or an analysis error.
    private static func date(_ name: String, _ arguments: [any PhysicalExpr], _ index: Int, _ binder: ExprBinder) throws -> any PhysicalExpr {
        try DateTimeFunctions.temporal(name, arguments, index, as: .date, binder)
    }

    /// weekday(date): 0 for Monday … 6 for Sunday.
    private static let weekday = ScalarFunction(name: "weekday") { arguments, binder in
        try Arguments.expect("weekday", arguments, count: 1...1)
        return FunctionExpr(name: "weekday", arguments: [try date("weekday", arguments, 0, binder)], dataType: .int32, nullable: true) { inputs, _ in
            extractDateField(inputs[0].column, .weekday)
        }
    }

    /// last_day(date): the last day of the date's month.
    private static let lastDay = ScalarFunction(name: "last_day") { arguments, binder in
        try Arguments.expect("last_day", arguments, count: 1...1)
        return FunctionExpr(name: "last_day", arguments: [try date("last_day", arguments, 0, binder)], dataType: .date, nullable: true) { inputs, _ in
            lastDaysOfMonth(inputs[0].column)
        }
    }

    /// next_day(date, dayOfWeek): the first later date on that day of the week, named in English
    /// in full, by three letters or by two ("MO"), any case; null for another name.
    private static let nextDay = ScalarFunction(name: "next_day") { arguments, binder in
        try Arguments.expect("next_day", arguments, count: 2...2)
        let dates = try date("next_day", arguments, 0, binder)
        let days = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"]
        guard let name = try Arguments.constantString("next_day", arguments, 1)?.uppercased(),
              let weekday = days.firstIndex(where: { $0 == name || $0.prefix(3) == name || $0.prefix(2) == name }) else {
            return try LiteralExpr(.null, type: .date)
        }
        return FunctionExpr(name: "next_day", arguments: [dates], dataType: .date, nullable: true) { inputs, _ in
            nextDays(inputs[0].column, weekday: weekday + 1)
        }
    }

    /// dayname(date) / monthname(date): the three-letter English name of the day or the month;
    /// `names` is indexed by the value of `field`.
    private static func name(_ function: String, of field: DateField, names: [String]) -> ScalarFunction {
        ScalarFunction(name: function) { arguments, binder in
            try Arguments.expect(function, arguments, count: 1...1)
            let values = try date(function, arguments, 0, binder)
            return FunctionExpr(name: function, arguments: [values], dataType: .string, nullable: true) { inputs, _ in
                let numbers = extractDateField(inputs[0].column, field)
                var builder = ColumnBuilder(type: .string, capacity: numbers.count)
                numbers.withValues(Int32.self) { values, valid in
                    for row in 0..<numbers.count {
                        if valid[row] { builder.appendString(names[Int(values[row])]) } else { builder.appendNull() }
                    }
                }
                return builder.finish()
            }
        }
    }

    /// make_date(year, month, day): the date, null when the numbers name none.
    private static let makeDate = ScalarFunction(name: "make_date") { arguments, binder in
        try Arguments.expect("make_date", arguments, count: 3...3)
        let parts = try Arguments.coerceAll("make_date", arguments, to: .int32, binder)
        return FunctionExpr(name: "make_date", arguments: parts, dataType: .date, nullable: true) { inputs, count in
            makeDates(inputs[0], inputs[1], inputs[2], count: count)
        }
    }
}

extension ColumnOrName where Self == Expr {
    /// The day of the week, 0 for Monday … 6 for Sunday.
    public static func weekday(_ date: some ColumnOrName) -> Expr { call("weekday", date) }
    /// The last day of the date's month.
    public static func lastDay(_ date: some ColumnOrName) -> Expr { call("last_day", date) }
    /// The first later date on `dayOfWeek` ("Mon", "monday", "MO", ...).
    public static func nextDay(_ date: some ColumnOrName, _ dayOfWeek: String) -> Expr {
        Expr(.function(name: "next_day", arguments: [date.columnExpr, lit(dayOfWeek)]))
    }
    /// The three-letter English name of the day ("Mon").
    public static func dayname(_ date: some ColumnOrName) -> Expr { call("dayname", date) }
    /// The three-letter English name of the month ("Jan").
    public static func monthname(_ date: some ColumnOrName) -> Expr { call("monthname", date) }
    /// The date of a year, month and day; null when they name none.
    public static func makeDate(_ year: some ColumnOrName, _ month: some ColumnOrName, _ day: some ColumnOrName) -> Expr {
        call("make_date", year, month, day)
    }
}
