import DataFlow
import Foundation

/// A readable account of a Parquet file's footer, for `dataflow meta` and for debugging: the
/// schema with physical and DataFlow types, then each row group's column chunks with their codec,
/// encodings, sizes, value and null counts and min/max statistics.
public enum ParquetInspection {
    /// Describes the footer of the Parquet file at `path` without reading any data page.
    /// - Throws: `DataFlowError` naming the file when it cannot be read or is not valid Parquet.
    public static func describe(path: String, timeZone: SessionTimeZone = .utc) throws -> String {
        let file = try ParquetFileReader(path: path)
        let metadata = file.metadata
        var lines = ["file: \(path) (\(file.data.count) bytes)"]
        lines.append("created by: \(metadata.createdBy ?? "unknown"), format version \(metadata.version)")
        lines.append("rows: \(metadata.rowCount), row groups: \(metadata.rowGroups.count)")
        lines.append("schema:")
        for leaf in file.schema.leaves {
            let width = leaf.physical == .fixedLenByteArray ? "(\(leaf.typeLength))" : ""
            let shown = leaf.field.map { "\($0.type)\($0.nullable ? "" : " not null")" } ?? "unreadable: \(leaf.unsupported ?? "")"
            lines.append("  \(leaf.name): \(leaf.physical.name)\(width) -> \(shown)")
        }
        for (index, group) in metadata.rowGroups.enumerated() {
            let compressed = group.columns.reduce(Int64(0)) { $0 + ($1.metadata?.totalCompressedSize ?? 0) }
            lines.append("row group \(index): \(group.rowCount) rows, \(group.totalByteSize) bytes uncompressed, \(compressed) compressed")
            var table = [["column", "codec", "encodings", "values", "nulls", "compressed", "uncompressed", "min", "max"]]
            for (leaf, chunk) in zip(file.schema.leaves, group.columns) {
                guard let column = chunk.metadata else {
                    table.append([leaf.name, "-", "-", "-", "-", "-", "-", "-", "-"])
                    continue
                }
                let statistics = column.statistics
                table.append([
                    leaf.name, column.codec.description, column.encodings.map(\.description).joined(separator: ","),
                    String(column.valueCount), statistics?.nullCount.map(String.init) ?? "-",
                    String(column.totalCompressedSize), String(column.totalUncompressedSize),
                    text(of: statistics?.min, leaf: leaf, timeZone: timeZone), text(of: statistics?.max, leaf: leaf, timeZone: timeZone),
                ])
            }
            lines.append(contentsOf: aligned(table).map { "  " + $0 })
        }
        if !metadata.keyValueMetadata.isEmpty {
            lines.append("key-value metadata:")
            for pair in metadata.keyValueMetadata {
                let value = pair.value ?? "null"
                lines.append("  \(pair.key): \(value.count > 120 ? String(value.prefix(117)) + "..." : value)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// A statistics value as the column's type prints it; "-" when absent or undecodable.
    private static func text(of bytes: [UInt8]?, leaf: ParquetLeaf, timeZone: SessionTimeZone) -> String {
        guard let bytes, let value = ParquetStatisticsValue.decode(plain: bytes, leaf: leaf) else { return "-" }
        let shown: String
        switch (value, leaf.field?.type) {
        case let (.number(unscaled, scale), _) where scale > 0:
            shown = Scalar.decimal(unscaled: unscaled, precision: 38, scale: scale).formatted()
        case let (.number(number, _), _): shown = String(number)
        case let (.real(number), _): shown = Scalar.float64(number).formatted()
        case let (.date(days), _): shown = Scalar.date(days).formatted()
        case let (.instant(micros), _): shown = Scalar.timestamp(micros).formatted(timeZone: timeZone)
        case let (.boolean(flag), _): shown = String(flag)
        case let (.bytes(raw), .string?): shown = String(decoding: raw, as: UTF8.self)
        case let (.bytes(raw), _): shown = "0x" + raw.map { String(format: "%02x", $0) }.joined()
        }
        return shown.count > 32 ? String(shown.prefix(29)) + "..." : shown
    }

    /// Rows of cells padded into columns.
    private static func aligned(_ rows: [[String]]) -> [String] {
        guard let first = rows.first else { return [] }
        let widths = first.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }
    }
}
