import DataFlow
import Foundation

extension Dataset {
    /// The indices of the files whose partition values can pass every filter on a partition column
    /// (filters on other columns are ignored).
    /// - Throws: `DataFlowError` (`.analysis`) when a filter's value does not compare with the column.
    public func files(matching filters: [PushedFilter]) throws -> [Int] {
        let names = Set(partitionSchema.names.map { $0.lowercased() })
        let relevant = filters.filter { names.contains($0.column.lowercased()) }
        guard !relevant.isEmpty, !files.isEmpty else { return Array(files.indices) }
        let columns = try partitionSchema.fields.indices.map { column in
            try Column.from(partitionValues.map { $0[column] }, type: partitionSchema[column].type)
        }
        let batch = try RecordBatch(schema: partitionSchema, columns: columns, rowCount: files.count)
        var keep = [Bool](repeating: true, count: files.count)
        for filter in relevant {
            for (index, passes) in try filter.matches(batch).enumerated() where !passes { keep[index] = false }
        }
        return keep.indices.filter { keep[$0] }
    }

    /// Whether a filter reads a partition column (and so decides whole files).
    public func isPartitionFilter(_ filter: PushedFilter) -> Bool {
        partitionSchema.names.contains { $0.lowercased() == filter.column.lowercased() }
    }

    /// How a file source takes a filter: exactly when it reads a partition column (it then decides
    /// whole files), else `otherwise`.
    func pushdown(for filter: PushedFilter, otherwise: FilterPushdown = .unsupported) -> FilterPushdown {
        isPartitionFilter(filter) ? .exact : otherwise
    }

    /// The `explain` line of a scan whose filters prune files by partition values, or nil.
    func pruningSummary(_ filters: [PushedFilter]) -> String? {
        guard filters.contains(where: isPartitionFilter), let kept = try? files(matching: filters) else { return nil }
        return "files: \(kept.count) of \(files.count) after partition pruning"
    }

    /// The schema of a scan: the files' columns, the partition columns, then the metadata columns
    /// asked for: each row's file path (`fileNameColumn`, string) and its 0-based position in its
    /// file (`rowIndexColumn`, bigint).
    /// - Throws: `DataFlowError` (`.schema`) when a partition or metadata column has the name of
    ///   another column.
    func scanSchema(fileColumns: Schema, fileNameColumn: String? = nil, rowIndexColumn: String? = nil) throws -> Schema {
        var names = Set(fileColumns.names.map { $0.lowercased() })
        let metadata = [fileNameColumn.map { Field($0, .string, nullable: false) }, rowIndexColumn.map { Field($0, .int64, nullable: false) }]
        for field in partitionSchema.fields + metadata.compactMap({ $0 }) {
            guard names.insert(field.name.lowercased()).inserted else {
                let kind = partitionSchema.fields.contains(field) ? "partition" : "metadata"
                throw DataFlowError(.schema, "\(kind) column '\(field.name)' is also a column of the files", location: ErrorLocation(column: field.name))
            }
        }
        return Schema(fileColumns.fields + partitionSchema.fields + metadata.compactMap { $0 })
    }
}
