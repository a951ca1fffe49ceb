/// Turns each row's array or map into rows (see `Generate`): per batch, the row and entry each
/// output row comes from, then every child column gathered by row and the generated columns
/// gathered by entry.
final class GenerateOperator: ExecutionPlan, Sendable {
    let child: any ExecutionPlan
    let argument: any PhysicalExpr
    let kind: Generate.Kind
    let outer: Bool
    let schema: Schema

    init(child: any ExecutionPlan, argument: any PhysicalExpr, kind: Generate.Kind, outer: Bool, schema: Schema) {
        self.child = child
        self.argument = argument
        self.kind = kind
        self.outer = outer
        self.schema = schema
    }

    var partitionCount: Int { child.partitionCount }
    var children: [any ExecutionPlan] { [child] }
    var displayName: String { "Generate \(kind.rawValue)\(outer ? "_outer" : "")(\(argument))" }

    func open(partition: Int, context: TaskContext) throws -> any BatchStream {
        let argument = self.argument, kind = self.kind, outer = self.outer, schema = self.schema
        return MappedStream(try child.execute(partition: partition, context: context)) { batch in
            let lists = try argument.evaluateColumn(batch)
            let (rows, entries, positions) = Self.expand(lists, outer: outer)
            var columns = batch.columns.map { take($0, indices: rows) }
            if kind == .posexplode {
                columns.append(try Column(positions, validity: outer ? positions.map { $0 >= 0 } : nil))
            }
            columns += Self.generated(lists, kind: kind, entries: entries)
            return RecordBatch(unchecked: schema, columns: columns, rowCount: rows.count)
        }
    }

    /// For each output row: the input row, the entry (-1 for an outer row of nulls) and the
    /// 0-based position within the row's entries (-1 likewise).
    static func expand(_ lists: Column, outer: Bool) -> (rows: [Int32], entries: [Int32], positions: [Int32]) {
        var rows: [Int32] = [], entries: [Int32] = [], positions: [Int32] = []
        lists.withListOffsets { offsets, valid in
            let total = Int(offsets[lists.count] - offsets[0])
            rows.reserveCapacity(total)
            entries.reserveCapacity(total)
            positions.reserveCapacity(total)
            for row in 0..<lists.count {
                let start = offsets[row], end = valid[row] ? offsets[row + 1] : offsets[row]
                if start == end {
                    guard outer else { continue }
                    rows.append(Int32(row))
                    entries.append(-1)
                    positions.append(-1)
                    continue
                }
                for entry in start..<end {
                    rows.append(Int32(row))
                    entries.append(entry)
                    positions.append(entry - start)
                }
            }
        }
        return (rows, entries, positions)
    }

    /// The generated columns: the elements, a map's keys and values, or an array of structs'
    /// fields (null where the struct is).
    static func generated(_ lists: Column, kind: Generate.Kind, entries: [Int32]) -> [Column] {
        let gathered = lists.children.map { take($0, indices: entries) }
        guard kind == .inline else { return gathered }
        return gathered[0].children.indices.map(gathered[0].field)
    }
}
