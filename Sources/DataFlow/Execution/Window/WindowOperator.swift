/// Evaluates window functions that share a spec over one partition of its input: the input is
/// already hash-partitioned by the window's partition keys, so each partition holds whole windows.
/// Rows are sorted by (partition keys, order keys) once, and every function is computed in one
/// pass over the sorted rows. Output rows come in that order, with the function columns appended.
///
/// When the partition outgrows its share of the memory budget, it is sorted externally instead
/// (`ExternalSort`: sorted runs spilled, then merged streaming), and the functions are computed
/// over the merged rows a few whole windows at a time (`WindowChunkStream`); only one window
/// (one value of the partition keys) must then fit in memory.
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

    /// The order rows are computed in: partition keys (ascending, nulls first), then the window's order.
    var sortOrders: [SortOrder] { partitionKeys.map { SortOrder(expression: $0, ascending: true, nullsFirst: true) } + orders }

    func open(partition: Int, context: TaskContext) throws -> any BatchStream {
        let input = try child.execute(partition: partition, context: context)
        return DeferredStream { [self] in try evaluate(input, context: context) }
    }

    /// Sorts every row of `input` and computes the functions over them: in memory while the rows
    /// fit, else through an external sort.
    private func evaluate(_ input: any BatchStream, context: TaskContext) throws -> any BatchStream {
        let memory = context.spillableMemory(for: self, name: "Window")
        var buffered: [RecordBatch] = [], bytes = 0
        while let batch = try input.next() {
            guard batch.rowCount > 0 else { continue }
            buffered.append(batch)
            bytes += batch.byteSize
            // Sorting and computing hold the rows about three times: as read, sorted, and computed.
            if !memory.tryGrow(to: 3 * bytes) {
                memory.releaseAll()
                let read = BatchListStream(buffered)
                buffered.removeAll()
                let sorted = try ExternalSort(orders: sortOrders, schema: child.schema, plan: self, name: "Window")
                    .runs(of: ChainedStream(partitions: [0, 1]) { $0 == 0 ? read : input }, context: context)
                    .merged(orders: sortOrders, schema: child.schema, batchSize: context.batchSize)
                return WindowChunkStream(self, sorted: sorted, context: context)
            }
        }
        let rows = concat(buffered, schema: child.schema)
        buffered.removeAll()
        guard rows.rowCount > 0 else { return BatchListStream([]) }
        let partitionColumns = try partitionKeys.map { try $0.evaluateColumn(rows) }
        let orderColumns = try orders.map { try $0.expression.evaluateColumn(rows) }
        let sortKeys = partitionColumns.map { SortKey(column: $0, ascending: true, nullsFirst: true) }
            + zip(orderColumns, orders).map { SortKey(column: $0, ascending: $1.ascending, nullsFirst: $1.nullsFirst) }
        let permutation = sortPermutation(sortKeys, rowCount: rows.rowCount)
        let output = try computeSorted(take(rows, indices: permutation), partitionColumns: partitionColumns.map { take($0, indices: permutation) },
                                       orderColumns: orderColumns.map { take($0, indices: permutation) })
        return BatchListStream(splitIntoBatches(output, size: context.batchSize))
    }

    /// The functions over `sorted` (rows in `sortOrders`, whole windows only), appended to its
    /// columns; `partitionColumns` and `orderColumns` are its keys.
    func computeSorted(_ sorted: RecordBatch, partitionColumns: [Column], orderColumns: [Column]) throws -> RecordBatch {
        let layout = WindowLayout(rowCount: sorted.rowCount, partitionKeys: partitionColumns, orderKeys: orderColumns)
        let rangeKey = frame.kind == .range && orders.count == 1 ? RangeOrderKey(orderColumns[0], ascending: orders[0].ascending) : nil
        let bounds = FrameBounds(frame, layout: layout, orderKey: rangeKey)
        let computed = try functions.map { try $0.evaluate(sorted, layout: layout, bounds: bounds) }
        return RecordBatch(unchecked: schema, columns: sorted.columns + computed, rowCount: sorted.rowCount)
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
        return DeferredStream { [self] in try keepFirst(input, level: 0, context: context) }
    }

    /// Each key's first row of `input` (a partition, or a spilled bucket `level` down). The rows
    /// are held while they fit the partition's share of the memory budget; past it, they and the
    /// rest of the input go to spill files by key hash (in input order, so ties still go to the
    /// earliest row), and each file is reduced alone.
    private func keepFirst(_ input: any BatchStream, level: Int, context: TaskContext) throws -> any BatchStream {
        let memory = context.spillableMemory(for: self, name: "TopOnePerKey")
        var batches: [RecordBatch] = [], bytes = 0
        while let batch = try input.next() {
            guard batch.rowCount > 0 else { continue }
            // The rows, then their order keys, the key table and the winners: about twice the rows.
            let needed = 2 * (bytes + batch.byteSize)
            if !memory.tryGrow(to: needed) {
                if batches.isEmpty || level == HashSpillPartitions.maxLevel {
                    // Nothing to split off yet, or no hash bits left to split by: hold it if the share can.
                    try memory.require(needed)
                } else {
                    let buckets = HashSpillPartitions(schema: child.schema, keys: partitionKeys, level: level, context: context, plan: self, name: "top-one")
                    for rows in batches + [batch] { try buckets.add(rows) }
                    batches.removeAll()
                    memory.releaseAll()
                    while let rows = try input.next() { if rows.rowCount > 0 { try buckets.add(rows) } }
                    return try buckets.finish { [self] in try keepFirst($0, level: level + 1, context: context) }
                }
            }
            batches.append(batch)
            bytes += batch.byteSize
        }
        guard !batches.isEmpty else { return BatchListStream([]) }
        return BatchListStream(splitIntoBatches(try firstRows(of: batches), size: context.batchSize))
    }

    /// Keeps, per key, the (batch, row) that sorts first, one input batch at a time, then gathers
    /// only the winners: the input is never concatenated.
    private func firstRows(of batches: [RecordBatch]) throws -> RecordBatch {
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
        return RecordBatch(unchecked: schema, columns: kept + [one], rowCount: bestRow.count)
    }
}
