/// The entries of a list column's (array's or map's) non-null rows, in order: each one's row, its
/// index in the child columns and its position in its row; `offsets` frame each row's entries
/// (none for a null row).
struct ListEntries {
    private(set) var rows: [Int32] = []
    private(set) var picks: [Int32] = []
    private(set) var positions: [Int32] = []
    private(set) var offsets: [Int32] = [0]

    init(_ lists: Column) {
        lists.withListOffsets { offsets, validity in
            for row in 0..<lists.count {
                if validity[row] {
                    for (position, pick) in (offsets[row] ..< offsets[row + 1]).enumerated() {
                        rows.append(Int32(row))
                        picks.append(pick)
                        positions.append(Int32(position))
                    }
                }
                self.offsets.append(Int32(picks.count))
            }
        }
    }

    /// The entries of `row`.
    func range(_ row: Int) -> Range<Int> { Int(offsets[row]) ..< Int(offsets[row + 1]) }

    /// A list column's validity, copied for a result of the same rows.
    static func validity(of lists: Column) -> Buffer? {
        lists.hasNulls ? Bitmap.copy(lists.validityView, count: lists.count) : nil
    }
}

/// transform, filter, exists and forall: a lambda over every element of the batch's arrays at once.
struct ArrayLambdaExpr: PhysicalExpr {
    enum Kind { case transform, filter, exists, forall }

    let kind: Kind
    let array: any PhysicalExpr
    /// Of the element, and (transform and filter) its position.
    let lambda: BoundLambda

    var dataType: DataType {
        switch kind {
        case .transform: return .array(lambda.dataType)
        case .filter: return array.dataType
        case .exists, .forall: return .boolean
        }
    }
    var nullable: Bool { true }

    func evaluate(_ batch: RecordBatch) throws -> Datum {
        let arrays = try array.evaluateColumn(batch)
        let entries = ListEntries(arrays)
        let elements = take(arrays.arrayElements, indices: entries.picks)
        let variables = lambda.variableCount == 2 ? [elements, try Column(entries.positions)] : [elements]
        let values = try lambda.evaluate(batch, rows: entries.rows, variables: variables)
        switch kind {
        case .transform:
            return Datum(.array(count: arrays.count, offsets: .copying(entries.offsets), elements: values, validity: ListEntries.validity(of: arrays)))
        case .filter:
            var kept = ArrayAssembly()
            values.withBits { truths, known in
                for row in 0..<arrays.count {
                    for entry in entries.range(row) where known[entry] && truths[entry] { kept.append(Int32(entry)) }
                    kept.endRow(isNull: arrays.isNull(row))
                }
            }
            return Datum(kept.finish(elements: elements))
        case .exists, .forall:
            // Three-valued: exists is true on a true, else null on a null; forall false on a false.
            let decisive = kind == .exists
            var results = [Bool](repeating: !decisive, count: arrays.count), present = [Bool](repeating: true, count: arrays.count)
            values.withBits { truths, known in
                for row in 0..<arrays.count {
                    guard !arrays.isNull(row) else { present[row] = false; continue }
                    var sawNull = false
                    for entry in entries.range(row) {
                        if !known[entry] {
                            sawNull = true
                        } else if truths[entry] == decisive {
                            results[row] = decisive
                            break
                        }
                    }
                    if results[row] != decisive && sawNull { present[row] = false }
                }
            }
            return Datum(try Column(results, validity: present))
        }
    }

    var description: String { "\(kind)(\(array), \(lambda.body))" }
}

/// aggregate(array, zero, merge, finish): the folds of all rows advanced together, one element
/// position at a time, each step one evaluation of `merge` over the rows still having elements.
struct ArrayAggregateExpr: PhysicalExpr {
    let array: any PhysicalExpr
    let zero: any PhysicalExpr
    /// Of the accumulated value and the element.
    let merge: BoundLambda
    /// Of the accumulated value; nil returns it as it is.
    let finish: BoundLambda?

    var dataType: DataType { finish?.dataType ?? zero.dataType }
    var nullable: Bool { true }

    func evaluate(_ batch: RecordBatch) throws -> Datum {
        let arrays = try array.evaluateColumn(batch)
        let count = arrays.count
        let entries = ListEntries(arrays)
        let elements = take(arrays.arrayElements, indices: entries.picks)
        var accumulated = try zero.evaluateColumn(batch)
        // The rows with an element at `step`: fewer at each step.
        var rows = (0..<count).filter { !entries.range($0).isEmpty }.map { Int32($0) }
        var step = 0
        while !rows.isEmpty {
            let stepElements = take(elements, indices: rows.map { entries.offsets[Int($0)] + Int32(step) })
            let merged = try merge.evaluate(batch, rows: rows, variables: [take(accumulated, indices: rows), stepElements])
            if rows.count == count {
                accumulated = merged
            } else {
                var spread = [Int32](repeating: -1, count: count), choice = [Int32](repeating: 0, count: count)
                for (index, row) in rows.enumerated() {
                    spread[Int(row)] = Int32(index)
                    choice[Int(row)] = 1
                }
                accumulated = interleave([accumulated, take(merged, indices: spread)], choice: choice, type: accumulated.type)
            }
            step += 1
            rows.removeAll { entries.range(Int($0)).count <= step }
        }
        let result = try finish?.evaluate(batch, rows: nil, variables: [accumulated]) ?? accumulated
        guard arrays.hasNulls else { return Datum(result) }
        return Datum(interleave([result], choice: (0..<count).map { arrays.isNull($0) ? -1 : 0 }, type: result.type))
    }

    var description: String { "aggregate(\(array), \(zero), \(merge.body)\(finish.map { ", \($0.body)" } ?? ""))" }
}

/// zip_with(left, right, f): `f` of the arrays' elements pairwise, the shorter padded with nulls.
struct ZipWithExpr: PhysicalExpr {
    let left: any PhysicalExpr
    let right: any PhysicalExpr
    let lambda: BoundLambda

    var dataType: DataType { .array(lambda.dataType) }
    var nullable: Bool { true }

    func evaluate(_ batch: RecordBatch) throws -> Datum {
        let lefts = try left.evaluateColumn(batch), rights = try right.evaluateColumn(batch)
        var rows: [Int32] = [], leftPicks: [Int32] = [], rightPicks: [Int32] = [], offsets: [Int32] = [0], present: [Bool] = []
        lefts.withListOffsets { leftOffsets, leftValid in
            rights.withListOffsets { rightOffsets, rightValid in
                for row in 0..<lefts.count {
                    let valid = leftValid[row] && rightValid[row]
                    present.append(valid)
                    if valid {
                        let leftCount = leftOffsets[row + 1] - leftOffsets[row], rightCount = rightOffsets[row + 1] - rightOffsets[row]
                        for position in 0 ..< Swift.max(leftCount, rightCount) {
                            rows.append(Int32(row))
                            leftPicks.append(position < leftCount ? leftOffsets[row] + position : -1)
                            rightPicks.append(position < rightCount ? rightOffsets[row] + position : -1)
                        }
                    }
                    offsets.append(Int32(rows.count))
                }
            }
        }
        let values = try lambda.evaluate(batch, rows: rows, variables: [take(lefts.arrayElements, indices: leftPicks), take(rights.arrayElements, indices: rightPicks)])
        let validity = present.allSatisfy { $0 } ? nil : Bitmap.fromBools(present)
        return Datum(.array(count: lefts.count, offsets: .copying(offsets), elements: values, validity: validity))
    }

    var description: String { "zip_with(\(left), \(right), \(lambda.body))" }
}

/// map_filter, transform_keys and transform_values: a lambda over every entry of the batch's maps.
struct MapLambdaExpr: PhysicalExpr {
    enum Kind { case filter, transformKeys, transformValues }

    let kind: Kind
    let name: String
    let map: any PhysicalExpr
    /// Of the key and the value.
    let lambda: BoundLambda

    var dataType: DataType {
        guard case let .map(key, value) = map.dataType else { return map.dataType }
        switch kind {
        case .filter: return map.dataType
        case .transformKeys: return .map(key: lambda.dataType, value: value)
        case .transformValues: return .map(key: key, value: lambda.dataType)
        }
    }
    var nullable: Bool { true }

    func evaluate(_ batch: RecordBatch) throws -> Datum {
        let maps = try map.evaluateColumn(batch)
        let entries = ListEntries(maps)
        let (allKeys, allValues) = maps.mapEntries
        let keys = take(allKeys, indices: entries.picks), values = take(allValues, indices: entries.picks)
        let results = try lambda.evaluate(batch, rows: entries.rows, variables: [keys, values])
        let validity = ListEntries.validity(of: maps)
        switch kind {
        case .filter:
            var kept: [Int32] = [], offsets: [Int32] = [0]
            results.withBits { truths, known in
                for row in 0..<maps.count {
                    for entry in entries.range(row) where known[entry] && truths[entry] { kept.append(Int32(entry)) }
                    offsets.append(Int32(kept.count))
                }
            }
            return Datum(.map(count: maps.count, offsets: .copying(offsets), keys: take(keys, indices: kept), values: take(values, indices: kept), validity: validity))
        case .transformValues:
            return Datum(.map(count: maps.count, offsets: .copying(entries.offsets), keys: keys, values: results, validity: validity))
        case .transformKeys:
            let transformed = Column.map(count: maps.count, offsets: .copying(entries.offsets), keys: results, values: values, validity: validity)
            try NestedValueFunctions.checkKeys(transformed, in: name)
            return Datum(transformed)
        }
    }

    var description: String { "\(name)(\(map), \(lambda.body))" }
}
