/// What one execution of a query did, operator by operator: `DataFrame.profile()` returns it,
/// `explain(.analyze)` prints it, and `QueryObserver.queryFinished` receives it. Each execution has
/// its own, so queries running at the same time never mix their counts.
public struct QueryMetrics: Sendable {
    /// One operator of the physical plan, with its metrics and its inputs.
    public struct Operator: Sendable {
        /// The operator's line in `explain()`.
        public let name: String
        /// What it did.
        public let metrics: OperatorMetrics
        /// Its inputs.
        public let children: [Operator]

        /// This operator and every operator below it, parents first.
        public var all: [Operator] { [self] + children.flatMap(\.all) }
    }

    /// The root of the executed plan.
    public let plan: Operator
    /// Wall-clock time of the execution.
    public let elapsedNanoseconds: Int
    /// The most bytes the query held at once.
    public let peakMemoryBytes: Int

    /// Every operator, parents first.
    public var operators: [Operator] { plan.all }

    /// The first operator whose line starts with `prefix` (`"Scan"`, `"HashAggregate"`), parents first.
    public func firstOperator(named prefix: String) -> Operator? { operators.first { $0.name.hasPrefix(prefix) } }

    /// The plan as `explain(.analyze)` prints it: each operator's line followed by its metrics.
    public var treeString: String {
        func lines(_ node: Operator, depth: Int) -> String {
            let indent = String(repeating: "   ", count: depth) + (depth > 0 ? "+- " : "")
            return indent + node.name + "\n" + String(repeating: "   ", count: depth) + (depth > 0 ? "   " : "") + "   [" + node.metrics.summary + "]\n"
                + node.children.map { lines($0, depth: depth + 1) }.joined()
        }
        return lines(plan, depth: 0)
    }

    /// Bytes every operator wrote to spill files.
    public var spilledBytes: Int { operators.reduce(0) { $0 + $1.metrics.spilledBytes } }

    /// A one-line total: time, peak memory, and what was spilled if anything was.
    public var summary: String {
        let spilled = spilledBytes > 0 ? ", spilled \(ByteSize.formatted(spilledBytes))" : ""
        return "elapsed \(OperatorMetrics.duration(elapsedNanoseconds)), peak memory \(ByteSize.formatted(peakMemoryBytes))" + spilled
    }
}
