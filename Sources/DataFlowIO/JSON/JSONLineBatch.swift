import DataFlow
import Foundation

/// The values of one batch of JSON lines as cells: per requested column (a "slot") and row, the
/// start and length of the value's text in one byte buffer (length -1 for null), filled line by
/// line; plus each line's byte range and whether it is malformed. A value type, so that the loop
/// over lines and members runs without exclusivity checks or reference counting.
struct JSONLineBatch {
    /// Rows per batch: the cells of slot `s` and row `r` are at `s * capacity + r`.
    let capacity: Int
    private let path: String
    /// Per file column, its slot, or -1 when it is not requested.
    private let slotOfColumn: [Int]
    /// Per slot, its column's name (for errors) and how its values convert.
    private let slotNames: [String]
    private let conversions: [JSONValueConversion]
    /// Lines need scanning: for their values, or to find malformed ones.
    private let scanNeeded: Bool
    private let failFast: Bool
    private var scanner: JSONLineScanner
    private var matcher: JSONKeyMatcher
    /// The values' text, unescaped.
    private(set) var values = GrowableBuffer<UInt8>(capacity: 1 << 16)
    private var scratch = GrowableBuffer<UInt8>(capacity: 256)
    private(set) var starts: [Int32]
    private(set) var lengths: [Int32]
    /// Per slot, the last row given a value by an exactly matching key.
    private var exactRow: [Int]
    /// Per row, the line's byte range without its line break.
    private(set) var lineStarts: [Int] = []
    private(set) var lineEnds: [Int] = []
    /// Per row, whether the line is malformed.
    var malformed: [Bool] = []

    /// A batch of up to `capacity` rows of the columns `schema`, of which `slotColumns` (indices)
    /// are requested; `scanNeeded` false skips scanning (every line is then a well-formed row).
    init(capacity: Int, path: String, schema: Schema, slotColumns: [Int], scanNeeded: Bool, options: JSONOptions) {
        self.capacity = capacity
        self.path = path
        var slotOfColumn = [Int](repeating: -1, count: schema.count)
        for (slot, column) in slotColumns.enumerated() { slotOfColumn[column] = slot }
        self.slotOfColumn = slotOfColumn
        slotNames = slotColumns.map { schema[$0].name }
        conversions = slotColumns.map { JSONValueConversion(type: schema[$0].type) }
        self.scanNeeded = scanNeeded
        failFast = options.mode == .failFast
        scanner = JSONLineScanner(nested: options.nested, dynamoDB: options.dynamoDB)
        matcher = JSONKeyMatcher(columns: schema.names)
        starts = [Int32](repeating: 0, count: slotColumns.count * capacity)
        lengths = [Int32](repeating: -1, count: slotColumns.count * capacity)
        exactRow = [Int](repeating: -1, count: slotColumns.count)
    }

    /// The number of rows read.
    var rowCount: Int { lineStarts.count }

    /// Where the bytes given to `read` start in the file: their file offset and line number (a
    /// compressed file is read through a sliding window).
    var origin = (byteOffset: 0, line: 1)

    /// The 1-based file line of the line starting at `offset` of `bytes`, which start at `origin`.
    func lineNumber(of offset: Int, in bytes: UnsafePointer<UInt8>) -> Int {
        var lines = origin.line
        var position = 0
        while position < offset, let newline = memchr(bytes + position, 0x0A, offset - position) {
            lines += 1
            position = bytes.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1
        }
        return lines
    }

    /// The line at `position` of `bytes` (of `count` bytes): where it starts, where it ends (before
    /// its `\r\n` or `\n`) and its first byte that is not blank (`end` for a blank line). Moves
    /// `position` past the line break.
    static func nextLine(_ bytes: UnsafePointer<UInt8>, position: inout Int, count: Int) -> (start: Int, end: Int, first: Int) {
        let start = position
        var end = count
        if let newline = memchr(bytes + position, 0x0A, count - position) {
            end = bytes.distance(to: newline.assumingMemoryBound(to: UInt8.self))
            position = end + 1
        } else {
            position = count
        }
        if end > start && bytes[end - 1] == 0x0D { end -= 1 }
        var first = start
        while first < end && (bytes[first] == 0x20 || bytes[first] == 0x09 || bytes[first] == 0x0D) { first += 1 }
        return (start, end, first)
    }

    /// Replaces the rows with the non-blank lines of `bytes` (of `count` bytes) that start at
    /// `position` and before `limit`, at most `capacity` of them, moving `position` past them.
    /// - Throws: `DataFlowError` (`.parse`) for a malformed line in fail-fast mode.
    mutating func read(_ bytes: UnsafePointer<UInt8>, count: Int, position: inout Int, limit: Int, maxRows: Int) throws {
        values.reset()
        lineStarts.removeAll(keepingCapacity: true)
        lineEnds.removeAll(keepingCapacity: true)
        malformed.removeAll(keepingCapacity: true)
        for slot in exactRow.indices { exactRow[slot] = -1 }
        let slots = conversions.count
        let rows = min(maxRows, capacity)
        // Cell offsets are Int32: end a batch early rather than overflow.
        while lineStarts.count < rows && position < min(limit, count) && values.count < 1 << 30 {
            let (lineStart, lineEnd, first) = Self.nextLine(bytes, position: &position, count: count)
            if first == lineEnd { continue }
            let row = lineStarts.count
            lineStarts.append(lineStart)
            lineEnds.append(lineEnd)
            malformed.append(false)
            for slot in 0..<slots { lengths[slot * capacity + row] = -1 }
            guard scanNeeded else { continue }
            do throws(JSONSyntaxError) {
                try scanner.scan(bytes, from: first, to: lineEnd)
            } catch {
                malformed[row] = true
                if failFast {
                    throw DataFlowError(.parse, "malformed JSON line: \(error.message)",
                                        location: ErrorLocation(path: path, row: lineNumber(of: lineStart, in: bytes), byteOffset: origin.byteOffset + error.offset))
                }
                continue
            }
            try record(row: row, bytes)
        }
    }

    /// Records the values of the members just scanned that belong to requested columns.
    @inline(__always)
    private mutating func record(row: Int, _ bytes: UnsafePointer<UInt8>) throws {
        for index in 0..<scanner.members.count {
            let member = scanner.members[index]
            let match = matcher.match(scanner.key(member, in: bytes), position: index)
            guard match.column >= 0 else { continue }
            let slot = slotOfColumn[match.column]
            guard slot >= 0 else { continue }
            if match.exact {
                exactRow[slot] = row
            } else if exactRow[slot] == row {
                continue
            }
            let cell = slot * capacity + row
            lengths[cell] = -1
            guard member.kind != .null else { continue }
            let conversion = conversions[slot]
            let start = values.count
            guard conversion.accepts(member.kind), conversion.append(member, of: bytes, to: &values, scratch: &scratch) else {
                malformed[row] = true
                if failFast {
                    let text = String(decoding: UnsafeBufferPointer(start: bytes + member.valueRange.lowerBound, count: min(member.valueRange.count, 200)), as: UTF8.self)
                    throw DataFlowError(.parse, "cannot read the JSON \(member.kind) '\(text)' as \(conversion.type)",
                                        location: ErrorLocation(path: path, column: slotNames[slot], row: lineNumber(of: lineStarts[row], in: bytes),
                                                                byteOffset: origin.byteOffset + member.valueRange.lowerBound))
                }
                continue
            }
            guard values.count <= Int(Int32.max) else {
                throw DataFlowError(.resourcesExhausted, "the values of one JSON line exceed 2 GiB",
                                    location: ErrorLocation(path: path, row: lineNumber(of: lineStarts[row], in: bytes)))
            }
            starts[cell] = Int32(start)
            lengths[cell] = Int32(values.count - start)
        }
    }

    /// The text of the cell of `slot` and `row` (for errors).
    func text(slot: Int, row: Int) -> String {
        let cell = slot * capacity + row
        guard lengths[cell] >= 0 else { return "" }
        return String(decoding: values.elements(Int(starts[cell])..<Int(starts[cell] + lengths[cell])), as: UTF8.self)
    }
}
