import Foundation

/// An interval literal's value, as Spark's CalendarInterval: months, days and microseconds
/// (`INTERVAL '3' MONTH`, `INTERVAL 90 DAYS`, `INTERVAL '1-2' YEAR TO MONTH`, `INTERVAL '1 day 2 hours'`).
struct SQLInterval {
    var months = 0
    var days = 0
    var microseconds: Int64 = 0

    /// - Throws: `DataFlowError` (`.parse`) at `offset` for a unit or value DataFlow does not read.
    init(_ value: String, unit: String?, text: SQLText, at offset: Int) throws {
        func fail() -> DataFlowError {
            text.syntaxError("invalid interval '\(value)'\(unit.map { " \($0)" } ?? ""); write e.g. INTERVAL '3' MONTH or INTERVAL '1 day 2 hours'", at: offset)
        }
        guard let unit else {
            // '1 day 2 hours': amounts and units in turn.
            let words = value.split(whereSeparator: { $0 == " " }).map(String.init)
            guard !words.isEmpty, words.count % 2 == 0 else { throw fail() }
            for index in stride(from: 0, to: words.count, by: 2) {
                guard let amount = Int64(words[index]), add(amount, words[index + 1]) else { throw fail() }
            }
            return
        }
        if unit == "YEAR TO MONTH" {
            let parts = (value.hasPrefix("-") ? value.dropFirst() : Substring(value)).split(separator: "-")
            guard parts.count == 2, let years = Int(parts[0]), let months = Int(parts[1]) else { throw fail() }
            self.months = (value.hasPrefix("-") ? -1 : 1) * (years * 12 + months)
            return
        }
        guard let amount = Int64(value.trimmingCharacters(in: .whitespaces)), add(amount, unit) else { throw fail() }
    }

    /// Adds `amount` of `unit`; false for an unknown unit.
    private mutating func add(_ amount: Int64, _ unit: String) -> Bool {
        var name = unit.uppercased()
        if name.hasSuffix("S") { name.removeLast() }
        switch name {
        case "YEAR": months += Int(amount) * 12
        case "MONTH": months += Int(amount)
        case "WEEK": days += Int(amount) * 7
        case "DAY": days += Int(amount)
        case "HOUR": microseconds += amount * 3_600_000_000
        case "MINUTE": microseconds += amount * 60_000_000
        case "SECOND": microseconds += amount * 1_000_000
        case "MILLISECOND": microseconds += amount * 1000
        case "MICROSECOND": microseconds += amount
        default: return false
        }
        return true
    }
}
