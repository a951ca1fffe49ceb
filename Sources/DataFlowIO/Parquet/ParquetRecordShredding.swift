import DataFlow

/// Splits a nested column into the value slots and levels of its leaves: Dremel's record
/// shredding, a column at a time. Every row starts as one entry at levels 0; a node's non-null
/// value raises its entries' definition level to the node's; a null or an empty list leaves its
/// entry where it is, as the one entry standing for it in every leaf below; a list's entries
/// become its elements, each after the first repeating at the list's repetition level.
enum ParquetRecordShredding {
    /// One leaf's part of a shredded column.
    struct Leaf {
        let chunkIndex: Int
        /// One slot per pair of levels: the leaf's value where the definition level is its
        /// maximum, null elsewhere.
        let slots: Column
        let levels: ParquetLevels
    }

    /// The entries of a node: for each, the row of the node's column it stands for (-1 for a
    /// null or an empty list above), and its levels so far.
    private struct Entries {
        var rows: [Int32]
        var definition: [UInt8]
        var repetition: [UInt8]
    }

    /// The leaves of `column`, whose shape is `node`, in chunk order.
    /// - Throws: `DataFlowError(.execution)` when a field the schema declares not null holds a null.
    static func leaves(of column: Column, node: ParquetNode) throws -> [Leaf] {
        var leaves: [Leaf] = []
        let entries = Entries(rows: (0..<Int32(column.count)).map { $0 }, definition: [UInt8](repeating: 0, count: column.count),
                              repetition: [UInt8](repeating: 0, count: column.count))
        try shred(column, node: node, path: node.name, entries: entries, into: &leaves)
        return leaves
    }

    private static func shred(_ column: Column, node: ParquetNode, path: String, entries: Entries, into leaves: inout [Leaf]) throws {
        var entries = entries
        let definition = UInt8(node.definition)
        try column.withValidityView { validity in
            for index in entries.rows.indices where entries.rows[index] >= 0 {
                let row = Int(entries.rows[index])
                if validity[row] {
                    entries.definition[index] = definition
                } else if node.nullable {
                    entries.rows[index] = -1
                } else {
                    throw DataFlowError(.execution, "column '\(path)' is declared NOT NULL but holds a null, which Parquet cannot store there",
                                        location: ErrorLocation(column: path))
                }
            }
        }
        switch node.shape {
        case let .leaf(chunkIndex):
            leaves.append(Leaf(chunkIndex: chunkIndex, slots: take(column, indices: entries.rows),
                               levels: ParquetLevels(definition: entries.definition, repetition: entries.repetition)))
        case let .structure(fields):
            for (field, values) in zip(fields, column.fieldColumns) {
                try shred(values, node: field, path: path + "." + field.name, entries: entries, into: &leaves)
            }
        case let .list(element, levels):
            try shred(column.arrayElements, node: element, path: path + ".element", entries: expand(column, entries, levels), into: &leaves)
        case let .map(key, value, levels):
            let pairs = expand(column, entries, levels)
            let (keys, values) = column.mapEntries
            try shred(keys, node: key, path: path + ".key", entries: pairs, into: &leaves)
            try shred(values, node: value, path: path + ".value", entries: pairs, into: &leaves)
        }
    }

    /// The entries of the lists of an array or map `column`: each non-empty list's entry becomes
    /// one per element (rows of the child columns), the first keeping its repetition level and the
    /// rest repeating at the list's; other entries stay as they are.
    private static func expand(_ column: Column, _ lists: Entries, _ levels: ParquetEntryLevels) -> Entries {
        var entries = Entries(rows: [], definition: [], repetition: [])
        entries.rows.reserveCapacity(lists.rows.count)
        entries.definition.reserveCapacity(lists.rows.count)
        entries.repetition.reserveCapacity(lists.rows.count)
        let entryDefinition = UInt8(levels.definition), entryRepetition = UInt8(levels.repetition)
        column.withListOffsets { offsets, _ in
            for index in lists.rows.indices {
                let row = Int(lists.rows[index])
                if row >= 0 && offsets[row] < offsets[row + 1] {
                    for child in offsets[row]..<offsets[row + 1] {
                        entries.rows.append(child)
                        entries.definition.append(entryDefinition)
                        entries.repetition.append(child == offsets[row] ? lists.repetition[index] : entryRepetition)
                    }
                } else {
                    entries.rows.append(-1)
                    entries.definition.append(lists.definition[index])
                    entries.repetition.append(lists.repetition[index])
                }
            }
        }
        return entries
    }
}
