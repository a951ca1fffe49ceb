import DataFlow
import Foundation

/// Names and types of CSV columns: names from the header (duplicates numbered, empty ones `_cN`)
/// or `_c0`, `_c1`, ...; types strings, or with `inferSchema` the narrowest of int → long →
/// double → string (dates → timestamps → string, booleans → string) that holds every sampled value.
enum CSVSchemaInference {
    static func infer(dataset: Dataset, options: CSVOptions, dialect: CSVDialect, timeZone: SessionTimeZone) throws -> Schema {
        let tokenizer = CSVTokenizer(dialect: dialect)
        var names: [String]?
        var kinds: [Kind] = []
        var sampled = 0
        for file in dataset.files where sampled < max(options.samplingRows, 1) || names == nil {
            // The sample is read from the file's start; a compressed file is decompressed only that far.
            let window = try ByteWindow(path: file.path)
            var tokens = CSVTokens(capacity: 1 << 16)
            var position = window.withBytes { tokenizer.recordStart(after: 0, in: $0) }
            let wanted = max((options.header ? 1 : 0) + (options.inferSchema ? max(options.samplingRows - sampled, 0) : 1), 1)
            while tokens.recordCount < wanted,
                  try tokenizer.tokenizeWholeRecords(window, position: &position, end: Int.max, maxRecords: wanted - tokens.recordCount, into: &tokens) {}
            var first = 0
            if options.header && tokens.recordCount > 0 {
                if names == nil { names = fields(of: 0, tokens).map { $0 ?? "" } }
                first = 1
            }
            guard first < tokens.recordCount else { continue }
            if names == nil { names = (0..<fields(of: first, tokens).count).map { "_c\($0)" } }
            guard options.inferSchema else { break }
            for record in first..<tokens.recordCount {
                let values = fields(of: record, tokens)
                if kinds.count < values.count { kinds += Array(repeating: .none, count: values.count - kinds.count) }
                for (column, value) in values.enumerated() {
                    guard let value, !value.isEmpty else { continue }
                    kinds[column] = kinds[column].widened(by: Kind.of(value, timeZone: timeZone, options: options))
                }
                sampled += 1
            }
        }
        guard let names else {
            throw DataFlowError(.schema, "the CSV input is empty (no header row, no records), so it has no columns to infer; a schema must be given to read it",
                                location: ErrorLocation(path: dataset.files.first?.path))
        }
        var seen: [String: Int] = [:]
        for name in names { seen[name.lowercased(), default: 0] += 1 }
        let fields = names.enumerated().map { index, name -> Field in
            var unique = name.isEmpty ? "_c\(index)" : name
            if (seen[name.lowercased()] ?? 0) > 1 { unique += "\(index)" }
            let kind = index < kinds.count ? kinds[index] : .none
            return Field(unique, options.inferSchema ? kind.type : .string)
        }
        return Schema(fields)
    }

    /// The text fields of one record (nil for null).
    private static func fields(of record: Int, _ tokens: CSVTokens) -> [String?] {
        (Int(tokens.recordFields[record])..<Int(tokens.recordFields[record + 1])).map { field in
            let length = Int(tokens.fieldLengths[field])
            guard length >= 0 else { return nil }
            return String(decoding: UnsafeBufferPointer(start: tokens.bytes.base + Int(tokens.fieldStarts[field]), count: length), as: UTF8.self)
        }
    }

    /// A column's inferred kind so far.
    enum Kind {
        case none, int, long, double, boolean, date, timestamp, string

        var type: DataType {
            switch self {
            case .int: return .int32
            case .long: return .int64
            case .double: return .float64
            case .boolean: return .boolean
            case .date: return .date
            case .timestamp: return .timestamp
            case .none, .string: return .string
            }
        }

        static func of(_ text: String, timeZone: SessionTimeZone, options: CSVOptions) -> Kind {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if Int32(trimmed) != nil { return .int }
            if Int64(trimmed) != nil { return .long }
            if Double(trimmed) != nil, !trimmed.contains(where: \.isLetter) || trimmed.lowercased().contains("e") && trimmed.allSatisfy({ $0.isNumber || "eE+-.".contains($0) }) {
                return .double
            }
            if ["true", "false"].contains(trimmed.lowercased()) { return .boolean }
            if parses(trimmed, as: .date, options: options, timeZone: timeZone) && (options.dateFormat != nil || trimmed.count == 10) { return .date }
            if parses(trimmed, as: .timestamp, options: options, timeZone: timeZone) && (options.timestampFormat != nil || trimmed.count > 10) { return .timestamp }
            return .string
        }

        private static func parses(_ text: String, as type: DataType, options: CSVOptions, timeZone: SessionTimeZone) -> Bool {
            guard let parser = try? TextColumnParser(type: type, dateFormat: options.dateFormat, timestampFormat: options.timestampFormat, timeZone: timeZone) else { return false }
            var text = text
            return text.withUTF8 { bytes in
                guard let base = bytes.baseAddress else { return false }
                return [Int32(0)].withUnsafeBufferPointer { starts in
                    [Int32(bytes.count)].withUnsafeBufferPointer { lengths in parser.parse(base, starts: starts, lengths: lengths).invalid.isEmpty }
                }
            }
        }

        /// The narrowest kind holding both.
        func widened(by other: Kind) -> Kind {
            switch (self, other) {
            case (.none, _): return other
            case (_, .none): return self
            case _ where self == other: return self
            case (.int, .long), (.long, .int): return .long
            case (.int, .double), (.double, .int), (.long, .double), (.double, .long): return .double
            case (.date, .timestamp), (.timestamp, .date): return .timestamp
            default: return .string
            }
        }
    }
}
