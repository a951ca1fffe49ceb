/// `CASE WHEN c1 THEN v1 ... [ELSE e] END`: the value of the first branch whose condition is true.
struct CaseWhenExpr: PhysicalExpr {
    let conditions: [any PhysicalExpr]
    let values: [any PhysicalExpr]
    let otherwise: (any PhysicalExpr)?
    let dataType: DataType

    var nullable: Bool { otherwise == nil || values.contains { $0.nullable } || otherwise!.nullable }

    func evaluate(_ batch: RecordBatch) throws -> Datum {
        let count = batch.rowCount
        var choice = [Int32](repeating: -1, count: count)
        var undecided = count
        for (branch, condition) in conditions.enumerated() where undecided > 0 {
            let mask = try condition.evaluateColumn(batch)
            mask.withBits { bits, validity in
                for i in 0..<count where choice[i] < 0 && bits[i] && validity[i] {
                    choice[i] = Int32(branch)
                    undecided -= 1
                }
            }
        }
        var columns = try values.map { try $0.evaluateColumn(batch) }
        if let otherwise {
            let fallback = Int32(columns.count)
            columns.append(try otherwise.evaluateColumn(batch))
            for i in 0..<count where choice[i] < 0 { choice[i] = fallback }
        }
        return Datum(interleave(columns, choice: choice, type: dataType))
    }

    var description: String {
        var text = "CASE"
        for (condition, value) in zip(conditions, values) { text += " WHEN \(condition) THEN \(value)" }
        if let otherwise { text += " ELSE \(otherwise)" }
        return text + " END"
    }
}

/// The first non-null argument.
struct CoalesceExpr: PhysicalExpr {
    let arguments: [any PhysicalExpr]
    let dataType: DataType

    var nullable: Bool { arguments.allSatisfy(\.nullable) }

    func evaluate(_ batch: RecordBatch) throws -> Datum {
        let count = batch.rowCount
        let columns = try arguments.map { try $0.evaluateColumn(batch) }
        var choice = [Int32](repeating: -1, count: count)
        for (index, column) in columns.enumerated() {
            let validity = column.validityView
            for i in 0..<count where choice[i] < 0 && validity[i] { choice[i] = Int32(index) }
        }
        return Datum(interleave(columns, choice: choice, type: dataType))
    }

    var description: String { "coalesce(\(arguments.map(\.description).joined(separator: ", ")))" }
}

/// `value IN (v1, v2, ...)` with SQL semantics: true on a match; otherwise null when the value or
/// any list element is null; otherwise false.
struct InListExpr: PhysicalExpr {
    let value: any PhysicalExpr
    let list: [any PhysicalExpr]
    /// For a string or binary value and a list of non-null literals: their bytes end to end, and
    /// where each ends, so a row is tested against all of them in one pass.
    private let constants: (bytes: [UInt8], ends: [Int])?

    init(value: any PhysicalExpr, list: [any PhysicalExpr]) {
        self.value = value
        self.list = list
        let literals = list.compactMap { $0 as? LiteralExpr }.filter { !$0.value.isNull }
        if value.dataType.physical == .bytes, literals.count == list.count {
            var bytes: [UInt8] = [], ends: [Int] = []
            for literal in literals {
                literal.datum.column.withBytes { offsets, data, _ in
                    bytes.append(contentsOf: UnsafeBufferPointer(start: data + Int(offsets[0]), count: Int(offsets[1] - offsets[0])))
                }
                ends.append(bytes.count)
            }
            constants = (bytes, ends)
        } else {
            constants = nil
        }
    }

    var dataType: DataType { .boolean }
    var nullable: Bool { value.nullable || list.contains { $0.nullable } }

    func evaluate(_ batch: RecordBatch) throws -> Datum {
        let count = batch.rowCount
        let needle = try value.evaluate(batch)
        if let constants, !needle.isConstant { return Datum(Self.matches(needle.column, constants, count: count)) }
        var result: Column?
        for element in list {
            let matches = try compare(.equal, needle, try element.evaluate(batch), count: count)
            result = result.map { logical(.or, Datum($0), Datum(matches), count: count) } ?? matches
        }
        return Datum(result ?? constantBooleans(false, count: count))
    }

    /// Whether each value of the byte-string `column` equals one of `constants` (null stays null):
    /// its length picks the candidates, a comparison of their bytes decides.
    private static func matches(_ column: Column, _ constants: (bytes: [UInt8], ends: [Int]), count: Int) -> Column {
        let buffer = Buffer(capacity: Bitmap.byteCount(count), zeroed: true)
        let out = buffer.typed(UInt8.self)
        column.withBytes { offsets, data, _ in
            constants.bytes.withUnsafeBufferPointer { bytes in
                constants.ends.withUnsafeBufferPointer { ends in
                    for row in 0..<count {
                        let start = Int(offsets[row]), length = Int(offsets[row + 1]) - start
                        var constantStart = 0
                        for end in ends {
                            if end - constantStart == length && compareBytes(data + start, length, bytes.baseAddress! + constantStart, length) == 0 {
                                Bitmap.set(out, row)
                                break
                            }
                            constantStart = end
                        }
                    }
                }
            }
        }
        return Column(type: .boolean, count: count, values: buffer, validity: Bitmap.and(column.validityView, .allSet, count: count))
    }

    var description: String { "(\(value) IN (\(list.map(\.description).joined(separator: ", "))))" }
}

/// A function call whose arguments are evaluated first, then combined by `body`.
struct FunctionExpr: PhysicalExpr {
    let name: String
    let arguments: [any PhysicalExpr]
    let dataType: DataType
    let nullable: Bool
    /// Computes the result from the argument datums and the row count.
    let body: @Sendable ([Datum], Int) throws -> Column

    func evaluate(_ batch: RecordBatch) throws -> Datum {
        let inputs = try arguments.map { try $0.evaluate(batch) }
        if !inputs.isEmpty && inputs.allSatisfy(\.isConstant) {
            return Datum(constant: try body(inputs, 1))
        }
        return Datum(try body(inputs, batch.rowCount))
    }

    var description: String { "\(name)(\(arguments.map(\.description).joined(separator: ", ")))" }
}
