/// Keeps the rows where a boolean predicate is true (null counts as false). The predicate's
/// conjuncts are checked one after another, cheapest first, each on the rows the ones before kept
/// (once they keep half of them or fewer; until then their masks are combined): only the columns
/// later conjuncts read are gathered for those rows, and the kept rows of every column once at the
/// end. Batches whose rows all pass go through untouched.
final class FilterOperator: ExecutionPlan, Sendable {
    /// One conjunct, bound, with the input columns it and the conjuncts after it read.
    struct Step: Sendable {
        let predicate: any PhysicalExpr
        /// The columns the following steps read (gathered for the rows this step keeps).
        let columnsAfter: Set<Int>
    }

    let child: any ExecutionPlan
    /// The whole predicate, as shown.
    let predicate: any PhysicalExpr
    let steps: [Step]

    /// Filters `child` by the conjunction of `conjuncts`, each bound with the columns it reads.
    init(child: any ExecutionPlan, predicate: any PhysicalExpr, conjuncts: [(predicate: any PhysicalExpr, columns: Set<Int>, cost: Int)]) throws {
        for conjunct in [predicate] + conjuncts.map(\.predicate) where conjunct.dataType != .boolean {
            throw DataFlowError(.analysis, "filter condition \(conjunct) is \(conjunct.dataType), not boolean")
        }
        self.child = child
        self.predicate = predicate
        let ordered = conjuncts.enumerated().sorted { ($0.element.cost, $0.offset) < ($1.element.cost, $1.offset) }.map(\.element)
        steps = ordered.indices.map { index in
            Step(predicate: ordered[index].predicate,
                 columnsAfter: ordered[(index + 1)...].reduce(into: Set<Int>()) { $0.formUnion($1.columns) })
        }
    }

    var schema: Schema { child.schema }
    var partitionCount: Int { child.partitionCount }
    var children: [any ExecutionPlan] { [child] }
    var displayName: String { "Filter \(predicate)" }

    func open(partition: Int, context: TaskContext) throws -> any BatchStream {
        let steps = self.steps
        return MappedStream(try child.execute(partition: partition, context: context)) { batch in
            // The rows kept so far (nil: all), and the batch the next step reads: the columns it
            // reads gathered for them, every other column a prefix of the right length it never
            // reads. While more than half of its rows pass, the masks are combined instead.
            var kept: [Int32]?
            var current = batch
            var pending: Datum?
            /// The rows of `batch` that `passing` (positions among the rows kept so far) selects.
            func narrowed(to passing: [Int32]) -> [Int32] { kept.map { kept in passing.map { kept[Int($0)] } } ?? passing }
            for step in steps {
                let mask = try step.predicate.evaluate(current)
                if mask.isConstant {
                    guard mask.column.withBits({ bits, validity in bits[0] && validity[0] }) else { return nil }
                    continue
                }
                let combined = pending.map { Datum(logical(.and, $0, mask, count: current.rowCount)) } ?? mask
                let passing = selectedIndices(combined.column)
                if passing.isEmpty { return nil }
                if passing.count == current.rowCount { continue }
                if passing.count > current.rowCount / 2 && !step.columnsAfter.isEmpty {
                    pending = combined
                    continue
                }
                pending = nil
                let rows = narrowed(to: passing)
                kept = rows
                let columns = batch.columns.enumerated().map { index, column in
                    step.columnsAfter.contains(index) ? take(column, indices: rows) : column.slice(0, rows.count)
                }
                current = RecordBatch(unchecked: batch.schema, columns: columns, rowCount: rows.count)
            }
            if let pending {
                // A constant true last conjunct leaves the masks before it uncombined.
                kept = narrowed(to: selectedIndices(pending.column))
            }
            return kept.map { take(batch, indices: $0) } ?? batch
        }
    }
}
