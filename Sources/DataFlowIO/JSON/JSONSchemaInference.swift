import DataFlow
import Foundation

/// The columns of JSON lines, from the first `samplingRows` non-blank lines: one per key (matched
/// case-insensitively, named by its first spelling) in order of first appearance, typed by Spark's
/// rules: integers → long (decimal(p, 0) beyond a long), other numbers → double, booleans →
/// boolean, strings → string (dates and timestamps with `inferTimestamps`), nested values → string
/// (with `flatten`, an object's members are columns instead, and a key that is only ever an object
/// or null is none), only nulls → string. Types widen
/// long → decimal → double and date → timestamp; any other mix is a string.
enum JSONSchemaInference {
    static func infer(dataset: Dataset, options: JSONOptions, timeZone: SessionTimeZone) throws -> Schema {
        var scanner = JSONLineScanner(nested: options.nested, dynamoDB: options.dynamoDB)
        let temporal = try options.inferTimestamps ? TemporalGuess(options: options, timeZone: timeZone) : nil
        var names: [String] = []
        var kinds: [Kind] = []
        var exact: [[UInt8]: Int] = [:]
        var folded: [String: Int] = [:]
        var sawMalformed = false
        // Flattened objects: a key that is only ever null or such an object is no column.
        var objectPaths = Set<String>()
        var sampled = 0
        let wanted = max(options.samplingRows, 1)
        for file in dataset.files where sampled < wanted {
            // The sample is read from the file's start; a compressed file is decompressed only that far.
            let window = try ByteWindow(path: file.path)
            var position = window.withBytes { $0.count >= 3 && $0[0] == 0xEF && $0[1] == 0xBB && $0[2] == 0xBF ? 3 : 0 }
            var line = 0
            while sampled < wanted {
                let count = try window.wholeLines(from: &position)
                guard position < count else { break }
                try window.withBytes { bytes in
                    let base = bytes.baseAddress!
                    while position < count && sampled < wanted {
                        line += 1
                        let (_, lineEnd, first) = JSONLineBatch.nextLine(base, position: &position, count: count)
                        if first == lineEnd { continue }
                        sampled += 1
                        do throws(JSONSyntaxError) {
                            try scanner.scan(base, from: first, to: lineEnd)
                        } catch {
                            if options.mode == .failFast {
                                throw DataFlowError(.parse, "malformed JSON line: \(error.message)", location: ErrorLocation(path: file.path, row: line, byteOffset: window.start + error.offset))
                            }
                            sawMalformed = true
                            continue
                        }
                        for member in scanner.members {
                            // With `flatten`, an object's members are the columns, not the object.
                            if member.kind == .object && options.nested == .flatten && !options.dynamoDB {
                                objectPaths.insert(String(decoding: scanner.key(member, in: base), as: UTF8.self).lowercased())
                                continue
                            }
                            let key = Array(scanner.key(member, in: base))
                            var column = exact[key]
                            if column == nil {
                                let name = String(decoding: key, as: UTF8.self)
                                column = folded[name.lowercased()]
                                if column == nil {
                                    column = names.count
                                    names.append(name)
                                    kinds.append(.none)
                                    folded[name.lowercased()] = column
                                }
                                exact[key] = column
                            }
                            guard let column else { continue }
                            let value = UnsafeBufferPointer(start: base + member.valueRange.lowerBound, count: member.valueRange.count)
                            kinds[column] = kinds[column].widened(by: Kind.of(member, value, temporal: temporal))
                        }
                    }
                }
            }
        }
        var fields = zip(names, kinds).filter { $1 != .none || !objectPaths.contains($0.lowercased()) }.map { Field($0, $1.type) }
        if sawMalformed && options.mode == .permissive && !names.contains(options.columnNameOfCorruptRecord) {
            fields.append(Field(options.columnNameOfCorruptRecord, .string))
        }
        return Schema(fields)
    }

    /// Recognises strings that read as dates or timestamps.
    struct TemporalGuess {
        let date: TextColumnParser
        let timestamp: TextColumnParser
        /// Without a pattern the cast rules read `2025` as a date: require the full forms.
        let dateNeedsFullForm: Bool
        let timestampNeedsFullForm: Bool

        init(options: JSONOptions, timeZone: SessionTimeZone) throws {
            date = try TextColumnParser(type: .date, dateFormat: options.dateFormat, timeZone: timeZone)
            timestamp = try TextColumnParser(type: .timestamp, timestampFormat: options.timestampFormat, timeZone: timeZone)
            dateNeedsFullForm = options.dateFormat == nil
            timestampNeedsFullForm = options.timestampFormat == nil
        }

        func kind(of text: UnsafeBufferPointer<UInt8>) -> Kind {
            guard let base = text.baseAddress else { return .string }
            func parses(_ parser: TextColumnParser) -> Bool {
                [Int32(0)].withUnsafeBufferPointer { starts in
                    [Int32(text.count)].withUnsafeBufferPointer { lengths in parser.parse(base, starts: starts, lengths: lengths).invalid.isEmpty }
                }
            }
            if (!dateNeedsFullForm || text.count == 10) && parses(date) { return .date }
            if (!timestampNeedsFullForm || text.count > 10) && parses(timestamp) { return .timestamp }
            return .string
        }
    }

    /// A column's inferred kind so far.
    enum Kind: Equatable {
        case none, long, decimal(precision: Int), double, boolean, date, timestamp, string

        var type: DataType {
            switch self {
            case .long: return .int64
            case let .decimal(precision): return .decimal(precision: precision, scale: 0)
            case .double: return .float64
            case .boolean: return .boolean
            case .date: return .date
            case .timestamp: return .timestamp
            case .none, .string: return .string
            }
        }

        /// The kind of one value (`text` is its string content or raw text).
        static func of(_ member: JSONMember, _ text: UnsafeBufferPointer<UInt8>, temporal: TemporalGuess?) -> Kind {
            switch member.kind {
            case .null: return .none
            case .boolean: return .boolean
            case .float: return .double
            case .object, .array: return .string
            case .integer:
                let digits = text.count - (text.first == UInt8(ascii: "-") ? 1 : 0)
                if digits < 19 { return .long }
                var value: Int64 = 0
                let negative = text.first == UInt8(ascii: "-")
                for byte in text.dropFirst(negative ? 1 : 0) {
                    let (times, o1) = value.multipliedReportingOverflow(by: 10)
                    let digit = Int64(byte &- UInt8(ascii: "0"))
                    let (next, o2) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
                    if o1 || o2 { return digits <= DataType.maxDecimalPrecision ? .decimal(precision: digits) : .double }
                    value = next
                }
                return .long
            case .string:
                guard let temporal, !member.escaped else { return .string }
                return temporal.kind(of: text)
            }
        }

        /// The narrowest kind holding both.
        func widened(by other: Kind) -> Kind {
            switch (self, other) {
            case (.none, _): return other
            case (_, .none): return self
            case _ where self == other: return self
            case let (.decimal(p), .decimal(q)): return .decimal(precision: max(p, q))
            case let (.long, .decimal(p)), let (.decimal(p), .long): return .decimal(precision: max(p, 20))
            case (.long, .double), (.double, .long), (.decimal, .double), (.double, .decimal): return .double
            case (.date, .timestamp), (.timestamp, .date): return .timestamp
            default: return .string
            }
        }
    }
}
