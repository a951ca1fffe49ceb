import DataFlow

/// Decides from a column chunk's dictionary whether any row of a row group can pass the pushed
/// comparison and IN filters on a string or binary (BYTE_ARRAY) column: some entry must pass them all. Only a chunk whose data pages
/// are all dictionary-encoded qualifies (every value it holds is then a dictionary entry): the page
/// encoding stats say so when the writer recorded them; without them, as in parquet-mr, only a chunk
/// whose encodings are PLAIN_DICTIONARY and level encodings does (RLE_DICTIONARY alone cannot tell
/// whether a writer fell back to PLAIN part way).
struct ParquetDictionaryFilter {
    let leaf: ParquetLeaf
    /// The comparisons and IN lists among the filters on the leaf's column.
    let filters: [PushedFilter]

    /// The filters on `leaf` a dictionary can decide; nil when there are none, or the leaf is not a
    /// string or binary column.
    init?(leaf: ParquetLeaf, filters: [PushedFilter]) {
        guard leaf.physical == .byteArray, leaf.conversion == .direct, let type = leaf.field?.type,
              type == .string || type == .binary else { return nil }
        let decidable = filters.filter { filter in
            switch filter {
            case .compare, .inList: return true
            case .isNull, .isNotNull: return false
            }
        }
        guard !decidable.isEmpty else { return nil }
        self.leaf = leaf
        self.filters = decidable
    }

    /// Whether every data page of `chunk` is dictionary-encoded.
    static func isFullyDictionaryEncoded(_ chunk: ColumnMetaData) -> Bool {
        let dictionaryEncodings: Set<ParquetEncoding> = [.plainDictionary, .rleDictionary]
        if let stats = chunk.encodingStats {
            let dataPages = stats.filter(\.isDataPage)
            return dataPages.contains { $0.count > 0 } && dataPages.allSatisfy { $0.count == 0 || dictionaryEncodings.contains($0.encoding) }
        }
        let encodings = Set(chunk.encodings)
        return encodings.contains(.plainDictionary) && encodings.subtracting([.plainDictionary, .rle, .bitPacked]).isEmpty
    }

    /// False when no entry of `dictionary` (the chunk's dictionary, a column of the leaf's type)
    /// passes every filter; a filter that cannot be evaluated on the entries passes them all.
    /// - Complexity: one vectorized evaluation of each filter over the dictionary's entries.
    func canMatch(dictionary: Column) -> Bool {
        let schema = Schema([Field(filters[0].column, dictionary.type)])
        guard let entries = try? RecordBatch(schema: schema, columns: [dictionary], rowCount: dictionary.count) else { return true }
        var passing = [Bool](repeating: true, count: dictionary.count)
        for filter in filters {
            guard let passes = try? filter.matches(entries) else { continue }
            for (index, passes) in passes.enumerated() where !passes { passing[index] = false }
        }
        return passing.contains(true)
    }
}
