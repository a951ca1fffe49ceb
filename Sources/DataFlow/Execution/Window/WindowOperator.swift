/// Evaluates window functions that share a spec over one partition of its input: the input is
/// already hash-partitioned by the window's partition keys, so each partition holds whole windows.
/// Rows are sorted by (partition keys, order keys) once, and every function is computed in one
/// pass over the sorted rows. Output rows come in that order, with the function columns appended.
final class WindowOperator: ExecutionPlan, Sendable {
    let child: any ExecutionPlan
    let partitionKeys: [any PhysicalExpr]
    let orders: [SortOrder]
    let frame: WindowFrame
    let functions: [BoundWindowFunction]
    let schema: Schema

    init(child: any ExecutionPlan, partitionKeys: [any PhysicalExpr], orders: [SortOrder], frame: WindowFrame,
         functions: [BoundWindowFunction], schema: Schema) {
        self.child = child
        self.partitionKeys = partitionKeys
        self.orders = orders
        self.frame = frame
        self.functions = functions
        self.schema = schema
    }

    var partitionCount: Int { child.partitionCount }
    var children: [any ExecutionPlan] { [child] }
    var displayName: String {
        "Window [\(functions.map { "\($0.function.name) AS \($0.field.name)" }.joined(separator: ", "))], "
            + "partition [\(partitionKeys.map(\.description).joined(separator: ", "))], order [\(orders.map(\.description).joined(separator: ", "))], \(frame)"
            + (functions.count > 1 ? " (\(functions.count) functions in one pass)" : "")
    }

    func open(partition: Int, context: TaskContext) throws -> any BatchStream {
        let input = try child.execute(partition: partition, context: context)
        return DeferredStream { [self] in try evaluate(input, context: context) }
    }

    /// Sorts every row of `input` and computes the functions over them.
    private func evaluate(_ input: any BatchStream, context: TaskContext) throws -> any BatchStream {
        let rows = concat(try drain(input), schema: child.schema)
        guard rows.rowCount > 0 else { return BatchListStream([]) }
        let reservation = context.reservation(for: self, name: "Window")
        try reservation.resize(to: 2 * rows.byteSize)
        let partitionColumns = try partitionKeys.map { try $0.evaluateColumn(rows) }
        let orderColumns = try orders.map { try $0.expression.evaluateColumn(rows) }
        let sortKeys = partitionColumns.map { SortKey(column: $0, ascending: true, nullsFirst: true) }
            + zip(orderColumns, orders).map { SortKey(column: $0, ascending: $1.ascending, nullsFirst: $1.nullsFirst) }
        let permutation = sortPermutation(sortKeys, rowCount: rows.rowCount)
        let sorted = take(rows, indices: permutation)
        let sortedOrder = orderColumns.map { take($0, indices: permutation) }
        let layout = WindowLayout(rowCount: sorted.rowCount, partitionKeys: partitionColumns.map { take($0, indices: permutation) },
                                  orderKeys: sortedOrder)
        let rangeKey = frame.kind == .range && orders.count == 1 ? RangeOrderKey(sortedOrder[0], ascending: orders[0].ascending) : nil
        let bounds = FrameBounds(frame, layout: layout, orderKey: rangeKey)
        let computed = try functions.map { try $0.evaluate(sorted, layout: layout, bounds: bounds) }
        let output = RecordBatch(unchecked: schema, columns: sorted.columns + computed, rowCount: sorted.rowCount)
        return BatchListStream(splitIntoBatches(output, size: context.batchSize))
    }
}

/// `rowNumber() == 1` over a window, without sorting: per partition key, the row that orders first
/// (the first such row in input order on ties) is kept, with 1 as its row number. The input is
/// hash-partitioned by the keys, so each partition holds whole windows.
final class TopOnePerKeyOperator: ExecutionPlan, Sendable {
    let child: any ExecutionPlan
    let partitionKeys: [any PhysicalExpr]
    let orders: [SortOrder]
    let schema: Schema

    init(child: any ExecutionPlan, partitionKeys: [any PhysicalExpr], orders: [SortOrder], schema: Schema) {
        self.child = child
        self.partitionKeys = partitionKeys
        self.orders = orders
        self.schema = schema
    }

    var partitionCount: Int { child.partitionCount }
    var children: [any ExecutionPlan] { [child] }
    var displayName: String {
        "TopOnePerKey partition [\(partitionKeys.map(\.description).joined(separator: ", "))], order [\(orders.map(\.description).joined(separator: ", "))]"
            + " (rowNumber() == 1: keeps the first row per key without sorting)"
    }

    func open(partition: Int, context: TaskContext) throws -> any BatchStream {
        let input = try child.execute(partition: partition, context: context)
        return DeferredStream { [self] in try keepFirst(input, context: context) }
    }

    /// Keeps, per key, the (batch, row) that sorts first, one input batch at a time, then gathers
    /// only the winners: the input is never concatenated.
    private func keepFirst(_ input: any BatchStream, context: TaskContext) throws -> any BatchStream {
        let batches = try drain(input).filter { $0.rowCount > 0 }
        guard !batches.isEmpty else { return BatchListStream([]) }
        let table = makeGroupTable(for: partitionKeys.map(\.dataType))
        var groupIds: [Int32] = []
        var bestBatch: [Int32] = [], bestRow: [Int32] = []
        let orderColumns = try batches.map { batch in try orders.map { try $0.expression.evaluateColumn(batch) } }
        try withExtendedLifetime(orderColumns) {
            let access = orderColumns.map { columns in
                zip(columns, orders).map { SortKeyAccess(SortKey(column: $0, ascending: $1.ascending, nullsFirst: $1.nullsFirst)) }
            }
            for (index, batch) in batches.enumerated() {
                groupIds.removeAll(keepingCapacity: true)
                table.findOrInsert(try partitionKeys.map { try $0.evaluateColumn(batch) }, groupIds: &groupIds)
                if bestBatch.count < table.groupCount {
                    bestBatch.append(contentsOf: repeatElement(-1, count: table.groupCount - bestBatch.count))
                    bestRow.append(contentsOf: repeatElement(-1, count: table.groupCount - bestRow.count))
                }
                let batchNumber = Int32(index), rows = batch.rowCount
                precondition(groupIds.count == rows, "a group id per row")
                groupIds.withUnsafeBufferPointer { groupIds in
                    bestBatch.withUnsafeMutableBufferPointer { bestBatch in
                        bestRow.withUnsafeMutableBufferPointer { bestRow in
                            access[index].withUnsafeBufferPointer { current in
                                for row in 0..<rows {
                                    let group = Int(groupIds[row])
                                    // The group table's ids are below its count, which the arrays match.
                                    precondition(group >= 0 && group < bestBatch.count, "group id out of range")
                                    let holder = Int(bestBatch[group])
                                    let better = holder < 0 || access[holder].withUnsafeBufferPointer { best in
                                        SortKeyAccess.compare(current, row, best, Int(bestRow[group])) < 0
                                    }
                                    if better {
                                        bestBatch[group] = batchNumber
                                        bestRow[group] = Int32(truncatingIfNeeded: row)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let kept = child.schema.fields.indices.map { column in gather(batches.map { $0.columns[column] }, source: bestBatch, row: bestRow) }
        let one = try Column([Int32](repeating: 1, count: bestRow.count))
        let output = RecordBatch(unchecked: schema, columns: kept + [one], rowCount: bestRow.count)
        return BatchListStream(splitIntoBatches(output, size: context.batchSize))
    }
}
