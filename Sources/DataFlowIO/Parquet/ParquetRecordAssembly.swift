import DataFlow

/// Builds a nested column from the value slots and levels of its leaves: Dremel's record assembly,
/// a column at a time. Each value of a node covers a span of level positions in every leaf under
/// it: a row's span starts where the repetition level is 0; a struct's fields share its spans; the
/// entries of an array or map are the spans of its non-empty lists, cut where the repetition level
/// is the list's; a leaf's value is the slot its one-position span points at.
struct ParquetRecordAssembly {
    /// Per column chunk of the column's leaves: its value slots and their levels.
    let leaves: [Int: (slots: Column, levels: ParquetLevels)]
    /// The file and row group, for errors.
    let path: String
    let rowGroup: Int

    /// Each value's span of level positions `starts[i] ..< ends[i]` in one leaf.
    private struct Spans {
        var starts: [Int32] = []
        var ends: [Int32] = []
    }

    /// The `rows` values of `node`, a top-level column.
    /// - Throws: `DataFlowError(.parse)` when the leaves' levels disagree with each other or the row count.
    func column(_ node: ParquetNode, rows: Int) throws -> Column {
        var spans: [Int: Spans] = [:]
        for chunk in node.chunks {
            let repetition = try levels(chunk).repetition
            var rowSpans = Spans()
            rowSpans.starts.reserveCapacity(rows)
            repetition.withUnsafeBufferPointer { levels in
                for position in levels.indices where levels[position] == 0 { rowSpans.starts.append(Int32(position)) }
            }
            guard rowSpans.starts.count == rows, repetition.isEmpty || repetition[0] == 0 else {
                throw corrupt(node, "its leaf \(chunk) holds \(rowSpans.starts.count) rows where the row group has \(rows)")
            }
            rowSpans.ends = Array(rowSpans.starts.dropFirst()) + [Int32(repetition.count)]
            spans[chunk] = rowSpans
        }
        return try assemble(node, spans)
    }

    private func levels(_ chunk: Int) throws -> ParquetLevels {
        guard let leaf = leaves[chunk] else { throw DataFlowError.internalError("column chunk \(chunk) was not read") }
        return leaf.levels
    }

    private func corrupt(_ node: ParquetNode, _ message: String) -> DataFlowError {
        DataFlowError(.parse, "nested column '\(node.name)' is corrupt: \(message)", location: ErrorLocation(path: path, rowGroup: rowGroup, column: node.name))
    }

    /// The values of `node` whose spans in each of its leaves are `spans`.
    private func assemble(_ node: ParquetNode, _ spans: [Int: Spans]) throws -> Column {
        let firstChunk = node.chunks.lowerBound
        guard let first = spans[firstChunk] else { throw DataFlowError.internalError("no spans for column chunk \(firstChunk)") }
        let count = first.starts.count
        var validity: [Bool]?
        if node.nullable {
            let definition = try levels(firstChunk).definition
            validity = first.starts.map { Int(definition[Int($0)]) >= node.definition }
        }
        switch node.shape {
        case let .leaf(chunk):
            guard let slots = leaves[chunk]?.slots else { throw DataFlowError.internalError("column chunk \(chunk) was not read") }
            for index in 0..<count where first.ends[index] - first.starts[index] != 1 {
                throw corrupt(node, "a value of its leaf repeats where its schema does not")
            }
            return take(slots, indices: first.starts)
        case let .structure(fields):
            let columns = try fields.map { try assemble($0, spans) }
            return try Column(structFields: fields.map { Field($0.name, $0.type, nullable: $0.nullable) }, columns: columns, count: count,
                              validity: validity)
        case let .list(element, entries):
            let (offsets, entrySpans) = try split(node, spans, at: entries)
            return try Column(arrayOffsets: offsets, elements: try assemble(element, entrySpans), validity: validity)
        case let .map(key, value, entries):
            let (offsets, entrySpans) = try split(node, spans, at: entries)
            return try Column(mapOffsets: offsets, keys: try assemble(key, entrySpans), values: try assemble(value, entrySpans),
                              validity: validity)
        }
    }

    /// The spans of the entries of each list of `node` in every leaf, and the lists' offsets into them.
    private func split(_ node: ParquetNode, _ spans: [Int: Spans], at entries: ParquetEntryLevels) throws -> ([Int32], [Int: Spans]) {
        var offsets: [Int32] = [0]
        var entrySpans: [Int: Spans] = [:]
        for chunk in node.chunks {
            guard let lists = spans[chunk] else { throw DataFlowError.internalError("no spans for column chunk \(chunk)") }
            let levels = try levels(chunk)
            let isFirst = chunk == node.chunks.lowerBound
            if isFirst { offsets.reserveCapacity(lists.starts.count + 1) }
            var inner = Spans()
            levels.definition.withUnsafeBufferPointer { definition in
                levels.repetition.withUnsafeBufferPointer { repetition in
                    for list in 0..<lists.starts.count {
                        let start = Int(lists.starts[list]), end = Int(lists.ends[list])
                        if Int(definition[start]) >= entries.definition {
                            var entryStart = start
                            for position in (start + 1)..<end where Int(repetition[position]) == entries.repetition {
                                inner.starts.append(Int32(entryStart))
                                inner.ends.append(Int32(position))
                                entryStart = position
                            }
                            inner.starts.append(Int32(entryStart))
                            inner.ends.append(Int32(end))
                        }
                        if isFirst { offsets.append(Int32(inner.starts.count)) }
                    }
                }
            }
            guard inner.starts.count == Int(offsets[offsets.count - 1]) else {
                throw corrupt(node, "its leaves hold different numbers of entries (\(offsets[offsets.count - 1]) and \(inner.starts.count))")
            }
            entrySpans[chunk] = inner
        }
        return (offsets, entrySpans)
    }
}
