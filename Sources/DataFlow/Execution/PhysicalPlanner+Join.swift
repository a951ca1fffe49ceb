/// Join strategy selection: a hash join when the condition has equality keys (broadcast when the
/// build side is small, else both sides hash-partitioned), a range join (IEJoin) when it compares
/// the sides with < <= > >=, a broadcast nested-loop join otherwise.
extension PhysicalPlanner {
    func planJoin(_ join: Join) throws -> any ExecutionPlan {
        let parts = JoinCondition(join.condition, left: join.left.output, right: join.right.output)
        let type = join.type == .cross ? JoinType.inner : join.type
        let leftBinder = exprBinder(join.left), rightBinder = exprBinder(join.right)
        let combinedBinder = ExprBinder(input: join.combinedOutput, context: context)
        func emitter(probeIsLeft: Bool, residual: Expr?) throws -> JoinEmitter {
            let bound = try residual.map { try combinedBinder.requireBoolean(try combinedBinder.bind($0), in: $0.description) }
            return JoinEmitter(type: type, probeIsLeft: probeIsLeft, residual: bound, combinedSchema: join.combinedOutput.schema,
                               outputSchema: join.schema)
        }
        let left = try plan(join.left), right = try plan(join.right)

        if !parts.equiKeys.isEmpty {
            var leftKeys: [any PhysicalExpr] = [], rightKeys: [any PhysicalExpr] = []
            for key in parts.equiKeys {
                let l = try leftBinder.bind(key.left), r = try rightBinder.bind(key.right)
                guard let common = TypeCoercion.commonType(l.dataType, r.dataType) else {
                    throw DataFlowError(.analysis, "join keys \(key.left) (\(l.dataType)) and \(key.right) (\(r.dataType)) cannot be compared")
                }
                leftKeys.append(try leftBinder.coerce(l, to: common))
                rightKeys.append(try rightBinder.coerce(r, to: common))
            }
            let nullSafe = parts.equiKeys.map(\.nullSafe)
            let residual = parts.remaining(includingComparisons: true)
            // A broadcast side cannot spill: it must be small in rows, and a quarter of the memory
            // budget must hold it (at a guessed 16 bytes per variable-width value).
            let small = { (plan: LogicalPlan) -> Bool in
                guard let rows = plan.estimatedRowCount, rows <= broadcastRows else { return false }
                let rowBytes = plan.schema.fields.reduce(0) { $0 + ($1.type.isVariableWidth ? 20 : max($1.type.physical.byteWidth, 1) + 1) }
                return rows <= memoryLimit / 4 / (2 * rowBytes)
            }
            // Which side to build: an inner join's likely smaller one. Other joins build on the
            // side whose rows they do not emit by whether they matched (the right side, a right
            // join's left) unless the other is likely smaller by a margin (estimates past filters
            // and aggregations are guesses): half, or a quarter when that side can be broadcast.
            // Build rows emitted by their matches (outer joins preserving the build side, semi and
            // anti joins building on their left) come after the probe: at the end of each
            // partition, or of the last probe partition when the build side is broadcast.
            let leftRows = join.left.likelyRowCount, rightRows = join.right.likelyRowCount
            func clearlySmaller(_ rows: Int, than otherRows: Int, other: LogicalPlan) -> Bool {
                rows.multipliedReportingOverflow(by: small(other) ? 4 : 2).partialValue < otherRows
            }
            let buildLeft: Bool
            if let leftRows, let rightRows, type == .inner {
                buildLeft = leftRows < rightRows
            } else if let leftRows, let rightRows, type == .right {
                buildLeft = !clearlySmaller(rightRows, than: leftRows, other: join.left)
            } else if let leftRows, let rightRows {
                buildLeft = clearlySmaller(leftRows, than: rightRows, other: join.right)
            } else {
                switch type {
                case .right: buildLeft = true
                case .inner: buildLeft = !small(join.right) && small(join.left)
                default: buildLeft = false
                }
            }
            let (probePlan, buildPlan) = buildLeft ? (right, left) : (left, right)
            let (probeKeys, buildKeys) = buildLeft ? (rightKeys, leftKeys) : (leftKeys, rightKeys)
            let joinEmitter = try emitter(probeIsLeft: !buildLeft, residual: residual)
            // Build rows emitted by their matches need a probe partition to emit them from.
            if small(buildLeft ? join.left : join.right) && (!joinEmitter.tracksBuildMatches || probePlan.partitionCount > 0) {
                return try HashJoinOperator(probe: probePlan, build: buildPlan, probeKeys: probeKeys, buildKeys: buildKeys,
                                            nullSafe: nullSafe, emitter: joinEmitter, distribution: .broadcast)
            }
            let buckets = max(Self.hashTableBuckets, shufflePartitions)
            let probeExchange = ExchangeOperator(child: probePlan, partitioning: .hash(probeKeys, partitions: buckets))
            let buildExchange = ExchangeOperator(child: buildPlan, partitioning: .hash(buildKeys, partitions: buckets))
            // The build side may turn out small enough to broadcast after all (its size was
            // guessed past a filter or an aggregation): then it is, as `small` would have had it.
            let distribution: HashJoinDistribution = broadcastRows > 0 ? .adaptive(rows: broadcastRows, bytes: memoryLimit / 8) : .partitioned
            let joined = try HashJoinOperator(probe: probeExchange, build: buildExchange, probeKeys: probeKeys, buildKeys: buildKeys,
                                              nullSafe: nullSafe, emitter: joinEmitter, distribution: distribution)
            return CoalescePartitionsOperator(child: joined, partitions: shufflePartitions)
        }

        // No equality keys: the build side is broadcast. A right join probes with the right side;
        // a full join keeps unmatched build rows, so it probes from a single partition.
        let probeIsLeft = type != .right
        let (probePlan, buildPlan) = probeIsLeft ? (left, right) : (right, left)
        let probeInput = type == .full ? CoalescePartitionsOperator(child: probePlan, partitions: 1) : probePlan
        // Up to two comparisons on fixed-width types drive a range join; the rest stay in the residual.
        var ranges: [RangeComparison] = []
        var residualParts = parts.residual
        for comparison in parts.comparisons {
            let l = try leftBinder.bind(comparison.left), r = try rightBinder.bind(comparison.right)
            if ranges.count < 2, let common = TypeCoercion.commonType(l.dataType, r.dataType),
               [PhysicalType.int32, .int64, .float64].contains(common.physical) {
                let lk = try leftBinder.coerce(l, to: common), rk = try rightBinder.coerce(r, to: common)
                ranges.append(probeIsLeft ? RangeComparison(probe: lk, op: comparison.op, build: rk)
                                          : RangeComparison(probe: rk, op: comparison.op.withOperandsSwapped, build: lk))
            } else {
                residualParts.append(Expr(.binary(comparison.op, comparison.left, comparison.right)))
            }
        }
        if let first = ranges.first {
            return try RangeJoinOperator(probe: probeInput, build: buildPlan, first: first, second: ranges.count > 1 ? ranges[1] : nil,
                                         emitter: try emitter(probeIsLeft: probeIsLeft, residual: conjunction(residualParts)))
        }
        return try NestedLoopJoinOperator(probe: probeInput, build: buildPlan,
                                          emitter: try emitter(probeIsLeft: probeIsLeft, residual: join.condition))
    }
}
