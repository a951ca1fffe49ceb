import DataFlow
import DataFlowIO
import Foundation

/// Translates a DataFrame's analyzed logical plan into a Spark Connect relation tree, operator by
/// operator. Everything is checked while translating, so a plan Spark cannot run (a function
/// Spark lacks, a distinct window aggregate) fails here, before anything is sent. Files are read
/// by the cluster; sources only this process reaches (database tables) are read here and travel
/// with the plan.
struct PlanTranslator {
    let expressions = ExpressionTranslator()
    /// The zone sources read by this process are read in.
    var timeZone: SessionTimeZone = .utc

    /// The relation computing `plan`.
    /// - Throws: `DataFlowError` naming what Spark cannot run.
    func translate(_ plan: LogicalPlan) throws -> Spark_Connect_Relation {
        switch plan {
        case let .scan(scan):
            if let source = scan.source as? RemoteFileSource { return Self.read(source.read) }
            if let source = scan.source as? RemoteCachedSource {
                var cached = Spark_Connect_CachedRemoteRelation()
                cached.relationID = source.rows.id
                return relation(.cachedRemoteRelation(cached))
            }
            return try localRows(scan)
        case let .values(values):
            return try localRelation(values.schema, values.partitions.batches())
        case let .range(range):
            var sparkRange = Spark_Connect_Range()
            sparkRange.start = range.start
            sparkRange.end = range.end
            sparkRange.step = range.step
            sparkRange.numPartitions = Int32(clamping: range.partitions)
            return relation(.range(sparkRange))
        case let .project(project):
            return try self.project(try translate(project.child), try project.expressions.map(expressions.named))
        case let .filter(filter):
            var sparkFilter = Spark_Connect_Filter()
            sparkFilter.input = try translate(filter.child)
            sparkFilter.condition = try expressions.translate(filter.condition)
            return relation(.filter(sparkFilter))
        case let .aggregate(aggregate):
            var sparkAggregate = Spark_Connect_Aggregate()
            sparkAggregate.input = try translate(aggregate.child)
            sparkAggregate.groupType = .groupby
            sparkAggregate.groupingExpressions = try aggregate.groupings.map(expressions.named)
            sparkAggregate.aggregateExpressions = try aggregate.aggregates.map(expressions.named)
            return relation(.aggregate(sparkAggregate))
        case let .sort(sort):
            var sparkSort = Spark_Connect_Sort()
            sparkSort.input = try translate(sort.child)
            sparkSort.order = try sort.orders.map(expressions.sortOrder)
            sparkSort.isGlobal = true
            return relation(.sort(sparkSort))
        case let .limit(limit):
            guard limit.offset == 0 else {
                throw DataFlowError(.notImplemented, "OFFSET is not sent to Spark Connect yet; order and filter on row_number() instead")
            }
            var sparkLimit = Spark_Connect_Limit()
            sparkLimit.input = try translate(limit.child)
            sparkLimit.limit = Int32(clamping: limit.count)
            return relation(.limit(sparkLimit))
        case let .dropDuplicates(drop):
            var deduplicate = Spark_Connect_Deduplicate()
            deduplicate.input = try translate(drop.child)
            deduplicate.columnNames = drop.keys.map(\.name)
            return relation(.deduplicate(deduplicate))
        case let .union(union):
            var inputs = try union.inputs.map(translate)
            var result = inputs.removeFirst()
            for input in inputs {
                var setOperation = Spark_Connect_SetOperation()
                setOperation.leftInput = result
                setOperation.rightInput = input
                setOperation.setOpType = .union
                setOperation.isAll = true
                setOperation.byName = false
                result = relation(.setOp(setOperation))
            }
            return result
        case let .repartition(repartition):
            let input = try translate(repartition.child)
            if repartition.keys.isEmpty {
                var sparkRepartition = Spark_Connect_Repartition()
                sparkRepartition.input = input
                sparkRepartition.numPartitions = Int32(clamping: repartition.partitions)
                sparkRepartition.shuffle = repartition.shuffle
                return relation(.repartition(sparkRepartition))
            }
            var byExpression = Spark_Connect_RepartitionByExpression()
            byExpression.input = input
            byExpression.numPartitions = Int32(clamping: repartition.partitions)
            // Sort orders make Spark partition by ranges, plain expressions by hash.
            byExpression.partitionExprs = try repartition.keys.map { key in
                guard repartition.byRange else { return try expressions.translate(key) }
                var order = Spark_Connect_Expression()
                order.sortOrder = try expressions.sortOrder(key)
                return order
            }
            return relation(.repartitionByExpression(byExpression))
        case let .subqueryAlias(alias):
            var sparkAlias = Spark_Connect_SubqueryAlias()
            sparkAlias.input = try translate(alias.child)
            sparkAlias.alias = ExpressionTranslator.sparkQualifier(alias.alias)
            return relation(.subqueryAlias(sparkAlias))
        case let .join(join):
            var sparkJoin = Spark_Connect_Join()
            sparkJoin.left = try translate(join.left)
            sparkJoin.right = try translate(join.right)
            if let condition = join.condition { sparkJoin.joinCondition = try expressions.translate(condition) }
            sparkJoin.joinType = Self.joinType(join.type)
            return relation(.join(sparkJoin))
        case let .window(windowing):
            let functions = try windowing.functions.map { function -> Spark_Connect_Expression in
                guard case let .window(call) = function.unaliased.node else {
                    throw DataFlowError.internalError("a window node holds \(function), not a window function")
                }
                let over = try expressions.window(call.function, spec: windowing.spec)
                return expressions.alias(over, function.outputName)
            }
            return try project(try translate(windowing.child), [expressions.star] + functions)
        case let .generate(generate):
            let generator = expressions.function(generate.functionName, [try expressions.translate(generate.argument)])
            return try project(try translate(generate.child), [expressions.star, expressions.alias(generator, names: generate.generatedOutput.map(\.name))])
        }
    }

    /// A source only this process reaches (a database table of this machine): read here, by an
    /// embedded session in the remote session's zone, and sent with the plan as local rows.
    private func localRows(_ scan: Scan) throws -> Spark_Connect_Relation {
        let here = try Session(timeZone: timeZone.identifier)
        return try localRelation(scan.schema, try here.dataFrame(.scan(scan)).collectBatches())
    }

    /// Rows sent with the plan, as an Arrow IPC stream.
    private func localRelation(_ schema: Schema, _ batches: [RecordBatch]) throws -> Spark_Connect_Relation {
        var local = Spark_Connect_LocalRelation()
        local.data = Data(try ArrowIPC.writeStream(schema: schema, batches: batches))
        return relation(.localRelation(local))
    }

    /// The relation reading files on the cluster, with the file path and row position columns
    /// asked for taken from Spark's hidden `_metadata` column.
    static func read(_ files: RemoteFileRead) -> Spark_Connect_Relation {
        var dataSource = Spark_Connect_Read.DataSource()
        dataSource.format = files.format
        dataSource.paths = files.paths
        dataSource.options = files.options
        if let schema = files.schema { dataSource.schema = schema }
        var read = Spark_Connect_Read()
        read.dataSource = dataSource
        var relation = Spark_Connect_Relation()
        relation.read = read
        guard files.fileNameColumn != nil || files.rowIndexColumn != nil else { return relation }
        let expressions = ExpressionTranslator()
        var project = Spark_Connect_Project()
        project.input = relation
        project.expressions = [expressions.star]
        if let name = files.fileNameColumn {
            project.expressions.append(expressions.alias(localPath(metadata("file_path"), expressions), name))
        }
        if let name = files.rowIndexColumn {
            project.expressions.append(expressions.alias(rowIndex(files.format, expressions), name))
        }
        var projected = Spark_Connect_Relation()
        projected.project = project
        return projected
    }

    /// A field of the hidden `_metadata` column of Spark's file sources.
    private static func metadata(_ field: String) -> Spark_Connect_Expression {
        var attribute = Spark_Connect_Expression()
        attribute.unresolvedAttribute.unparsedIdentifier = "_metadata." + field
        return attribute
    }

    /// Each row's 0-based position in its file, a bigint. Parquet has it as `_metadata.row_index`;
    /// other formats number the rows of each file in scan order (`row_number()` over the file by
    /// `monotonically_increasing_id()`, which rises with the position: Spark scans the splits of a
    /// file in offset order).
    private static func rowIndex(_ format: String, _ expressions: ExpressionTranslator) -> Spark_Connect_Expression {
        if format == "parquet" { return metadata("row_index") }
        var window = Spark_Connect_Expression.Window()
        window.windowFunction = expressions.function("row_number", [])
        window.partitionSpec = [metadata("file_path")]
        var order = Spark_Connect_Expression.SortOrder()
        order.child = expressions.function("monotonically_increasing_id", [])
        order.direction = .ascending
        order.nullOrdering = .sortNullsFirst
        window.orderSpec = [order]
        var numbered = Spark_Connect_Expression()
        numbered.window = window
        var cast = Spark_Connect_Expression.Cast()
        cast.expr = expressions.function("-", [numbered, expressions.constant(.int32(1))])
        cast.type = SparkTypes.sparkType(.int64)
        var position = Spark_Connect_Expression()
        position.cast = cast
        return position
    }

    /// Spark's file path, a URI (`file:/data/a%20b.parquet`), as DataFlow spells a local file's
    /// path (`/data/a b.parquet`); other schemes (`s3a://...`) stay URIs.
    static func localPath(_ uri: Spark_Connect_Expression, _ expressions: ExpressionTranslator) -> Spark_Connect_Expression {
        let text = { (value: String) in expressions.constant(.string(value)) }
        // url_decode reads '+' as a space; a '+' in a URI path is a plus.
        let stripped = expressions.function("regexp_replace", [uri, text("^file:(//)?"), text("")])
        let decoded = expressions.function("url_decode", [expressions.function("replace", [stripped, text("+"), text("%2B")])])
        return expressions.function("when", [expressions.function("startswith", [uri, text("file:")]), decoded, uri])
    }

    /// Spark's join type for DataFlow's.
    static func joinType(_ type: JoinType) -> Spark_Connect_Join.JoinType {
        switch type {
        case .inner: return .inner
        case .left: return .leftOuter
        case .right: return .rightOuter
        case .full: return .fullOuter
        case .leftSemi: return .leftSemi
        case .leftAnti: return .leftAnti
        case .cross: return .cross
        }
    }

    private func project(_ input: Spark_Connect_Relation, _ expressions: [Spark_Connect_Expression]) throws -> Spark_Connect_Relation {
        var project = Spark_Connect_Project()
        project.input = input
        project.expressions = expressions
        return relation(.project(project))
    }

    private func relation(_ kind: Spark_Connect_Relation.OneOf_RelType) -> Spark_Connect_Relation {
        var relation = Spark_Connect_Relation()
        relation.relType = kind
        return relation
    }
}
