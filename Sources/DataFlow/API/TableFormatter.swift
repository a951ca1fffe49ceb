/// Formats rows as the text table Spark's `show()` prints.
enum TableFormatter {
    static func format(schema: Schema, rows: [Row], hasMore: Bool, truncate: Int, timeZone: SessionTimeZone) -> String {
        // Spark cuts cells, never column names, prints null as "null" and control characters escaped.
        let header = schema.names
        let cells = rows.map { row in row.values.map { cut(($0.isNull ? "null" : $0.formatted(timeZone: timeZone)).escapingControlCharacters(), truncate) } }
        var widths = header.map { max(3, $0.count) }
        for row in cells {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        let separator = "+" + widths.map { String(repeating: "-", count: $0) }.joined(separator: "+") + "+\n"
        func line(_ values: [String]) -> String {
            "|" + zip(values, widths).map { value, width in
                let padding = String(repeating: " ", count: width - value.count)
                return truncate > 0 ? padding + value : value + padding
            }.joined(separator: "|") + "|\n"
        }
        var text = separator + line(header) + separator
        for row in cells { text += line(row) }
        text += separator
        if hasMore { text += "only showing top \(rows.count) row\(rows.count == 1 ? "" : "s")\n" }
        return text
    }

    /// `text` cut to `limit` characters with "..." (Spark's rule), unless `limit` is 0.
    private static func cut(_ text: String, _ limit: Int) -> String {
        guard limit > 0, text.count > limit else { return text }
        return limit < 4 ? String(text.prefix(limit)) : String(text.prefix(limit - 3)) + "..."
    }
}
