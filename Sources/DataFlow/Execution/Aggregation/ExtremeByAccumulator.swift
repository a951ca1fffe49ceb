/// max_by(value, ordering) / min_by: each group's value on the row with the largest (smallest)
/// ordering, rows with a null ordering skipped; the last such row wins a tie, as in Spark. Orderings and values
/// of any type are kept as their `NestedOrderedBytes` images, which compare as Spark orders the
/// values and travel between phases as two binary columns (a -0.0 value comes back as 0.0).
/// The input is a struct of the value and the ordering.
final class ExtremeByAccumulator: GroupAccumulator {
    private let isMax: Bool
    private let valueType: DataType
    /// Per group: the best ordering's image, nil until a row with a non-null ordering.
    private var orderings: [[UInt8]?] = []
    /// Per group: the image of the value on that row, nil for a null value.
    private var values: [[UInt8]?] = []

    init(isMax: Bool, valueType: DataType) {
        self.isMax = isMax
        self.valueType = valueType
    }

    var stateFields: [Field] { [Field("ordering", .binary), Field("value", .binary)] }
    var resultType: DataType { valueType }

    private func resize(_ groupCount: Int) {
        if orderings.count < groupCount {
            orderings.append(contentsOf: repeatElement(nil, count: groupCount - orderings.count))
            values.append(contentsOf: repeatElement(nil, count: groupCount - values.count))
        }
    }

    func update(_ input: Column?, groupIds: UnsafeBufferPointer<Int32>, groupCount: Int) throws {
        guard let input, input.children.count == 2 else { throw DataFlowError.internalError("\(isMax ? "max_by" : "min_by") without its two arguments") }
        let fields = input.fieldColumns
        consider(orderings: NestedOrderedBytes.encode(fields[1]), values: NestedOrderedBytes.encode(fields[0]), groupIds: groupIds, groupCount: groupCount)
    }

    func merge(_ states: [Column], groupIds: UnsafeBufferPointer<Int32>, groupCount: Int) throws {
        consider(orderings: states[0], values: states[1], groupIds: groupIds, groupCount: groupCount)
    }

    /// Takes each row's ordering and value image where the ordering beats its group's best.
    private func consider(orderings candidates: Column, values images: Column, groupIds: UnsafeBufferPointer<Int32>, groupCount: Int) {
        resize(groupCount)
        candidates.withBytes { offsets, bytes, present in
            images.withBytes { valueOffsets, valueBytes, valuePresent in
                for row in 0..<groupIds.count where present[row] {
                    let group = Int(groupIds[row])
                    let ordering = UnsafeBufferPointer(start: bytes + Int(offsets[row]), count: Int(offsets[row + 1] - offsets[row]))
                    if let best = orderings[group] {
                        let beats = isMax ? !ordering.lexicographicallyPrecedes(best) : !best.lexicographicallyPrecedes(ordering)
                        guard beats else { continue }
                    }
                    orderings[group] = Array(ordering)
                    values[group] = valuePresent[row]
                        ? Array(UnsafeBufferPointer(start: valueBytes + Int(valueOffsets[row]), count: Int(valueOffsets[row + 1] - valueOffsets[row])))
                        : nil
                }
            }
        }
    }

    func states(groupCount: Int) throws -> [Column] {
        resize(groupCount)
        return [Self.binary(orderings[..<groupCount]), Self.binary(values[..<groupCount])]
    }

    func evaluate(groupCount: Int) throws -> Column {
        resize(groupCount)
        var builder = ColumnBuilder(type: valueType, capacity: groupCount)
        for group in 0..<groupCount {
            if let image = values[group] {
                image.withUnsafeBytes { NestedOrderedBytes.append($0, to: &builder) }
            } else {
                builder.appendNull()
            }
        }
        return builder.finish()
    }

    /// A binary column of images, null where there is none.
    private static func binary(_ images: ArraySlice<[UInt8]?>) -> Column {
        var builder = ColumnBuilder(type: .binary, capacity: images.count)
        for image in images {
            if let image { image.withUnsafeBytes { builder.appendBytes($0) } } else { builder.appendNull() }
        }
        return builder.finish()
    }
}
