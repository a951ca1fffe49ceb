import DataFlow
import Foundation

/// Loads the raw column files written by `scripts/generate.py` into DataFrames.
enum RawTable {
    struct Meta: Decodable {
        struct Table: Decodable {
            let rows: Int
            let columns: [ColumnFile]
        }

        struct ColumnFile: Decodable {
            let name: String
            let type: String
            let files: [String]
        }

        let tables: [String: Table]
    }

    /// The table called `name`.
    static func load(_ directory: URL, table name: String, session: Session) throws -> DataFrame {
        let meta = try JSONDecoder().decode(Meta.self, from: Data(contentsOf: directory.appendingPathComponent("meta.json")))
        guard let table = meta.tables[name] else { throw DataFlowError.invalidArgument("table", "no table \(name) in meta.json") }
        var columns: [Column] = []
        var fields: [Field] = []
        for column in table.columns {
            let files = column.files.map { directory.appendingPathComponent($0) }
            switch column.type {
            case "int64":
                columns.append(try Column(try read(files[0], as: Int64.self)))
                fields.append(Field(column.name, .int64, nullable: false))
            case "timestamp":
                columns.append(try Column(try read(files[0], as: Int64.self), type: .timestamp))
                fields.append(Field(column.name, .timestamp, nullable: false))
            case "float64":
                columns.append(try Column(try read(files[0], as: Double.self)))
                fields.append(Field(column.name, .float64, nullable: false))
            case "string":
                columns.append(try Column(offsets: try read(files[0], as: Int32.self), bytes: try read(files[1], as: UInt8.self)))
                fields.append(Field(column.name, .string, nullable: false))
            default:
                throw DataFlowError.invalidArgument("type", "unknown column type \(column.type) in meta.json")
            }
        }
        return try session.createDataFrame(columns: columns, schema: Schema(fields))
    }

    private static func read<T>(_ url: URL, as _: T.Type) throws -> [T] {
        let data = try Data(contentsOf: url, options: .alwaysMapped)
        return data.withUnsafeBytes { raw in Array(raw.bindMemory(to: T.self)) }
    }
}
