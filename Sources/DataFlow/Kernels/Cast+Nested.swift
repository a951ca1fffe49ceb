/// Casts of arrays, maps and structs, with Spark's rules: between nested types of the same shape
/// element by element, key and value, or field by field (by position; the target names the
/// fields), and to string as Spark shows them: `[1, null]`, `{a -> 1}`, `{1, x}`.
extension DataType {
    /// Whether a cast from nested `self` to `target` exists.
    func canCastNested(to target: DataType) -> Bool {
        switch (self, target) {
        case (_, .string): return true
        case let (.array(from), .array(to)): return canCast(from: from, to: to)
        case let (.map(fromKey, fromValue), .map(toKey, toValue)):
            return canCast(from: fromKey, to: toKey) && canCast(from: fromValue, to: toValue)
        case let (.struct(from), .struct(to)):
            return from.count == to.count && zip(from, to).allSatisfy { canCast(from: $0.type, to: $1.type) }
        default: return false
        }
    }
}

/// `column` (nested) cast to `target`, which `canCastNested` allows.
func castNested(_ column: Column, to target: DataType, options: CastOptions) throws -> Column {
    if target == .string { return nestedText(column, options: options) }
    let children = try zip(column.children, target.childTypes).map { child, type in try cast(child, to: type, options: options) }
    return Column(type: target, count: column.count, values: column.values, validity: column.validity, offset: column.offset,
                  nullCount: column.nullCount, children: children)
}

/// The rows of a nested column as Spark's text: its parts cast to string column by column, then
/// joined row by row.
private func nestedText(_ column: Column, options: CastOptions) -> Column {
    let parts = column.children.map { child in
        // A cast to string never fails.
        (try? cast(child, to: .string, options: options)) ?? Column.nulls(type: .string, count: child.count)
    }
    var builder = ColumnBuilder(type: .string, capacity: column.count)
    var text: [UInt8] = []
    func append(_ part: Column, _ row: Int) {
        if part.isNull(row) {
            text.append(contentsOf: "null".utf8)
        } else {
            part.withBytes { offsets, data, _ in text.append(contentsOf: UnsafeBufferPointer(start: data + Int(offsets[row]), count: Int(offsets[row + 1] - offsets[row]))) }
        }
    }
    let isMap = if case .map = column.type { true } else { false }
    for row in 0..<column.count {
        guard !column.isNull(row) else {
            builder.appendNull()
            continue
        }
        text.removeAll(keepingCapacity: true)
        if case .struct = column.type {
            text.append(UInt8(ascii: "{"))
            for (index, part) in parts.enumerated() {
                if index > 0 { text.append(contentsOf: ", ".utf8) }
                append(part, row)
            }
            text.append(UInt8(ascii: "}"))
        } else {
            text.append(UInt8(ascii: isMap ? "{" : "["))
            for (position, entry) in column.listRange(row).enumerated() {
                if position > 0 { text.append(contentsOf: ", ".utf8) }
                append(parts[0], entry)
                if isMap {
                    text.append(contentsOf: " -> ".utf8)
                    append(parts[1], entry)
                }
            }
            text.append(UInt8(ascii: isMap ? "}" : "]"))
        }
        text.withUnsafeBytes { builder.appendBytes($0) }
    }
    return builder.finish()
}
