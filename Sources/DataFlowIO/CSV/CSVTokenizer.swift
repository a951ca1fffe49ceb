import DataFlow

/// The fields of a run of CSV records: unescaped bytes back to back, each field a (start, length)
/// into them with length -1 for null, records as ranges of fields.
struct CSVTokens {
    /// Unescaped field bytes.
    var bytes: GrowableBuffer<UInt8>
    var fieldStarts: [Int32] = []
    var fieldLengths: [Int32] = []
    /// Per record, the index of its first field; one extra entry ends the last record.
    var recordFields: [Int32] = [0]
    /// Per record, the byte offset of its first byte in the input.
    var recordOffsets: [Int] = []
    /// Per record, the byte offset just past it (before its line break).
    var recordEnds: [Int] = []

    init(capacity: Int) { bytes = GrowableBuffer(capacity: max(capacity, 1024)) }

    /// The number of records.
    var recordCount: Int { recordOffsets.count }

    /// Forgets the last record (its field bytes stay, unreferenced, until `reset`).
    mutating func removeLastRecord() {
        recordFields.removeLast()
        let fields = Int(recordFields[recordFields.count - 1])
        fieldStarts.removeSubrange(fields...)
        fieldLengths.removeSubrange(fields...)
        recordOffsets.removeLast()
        recordEnds.removeLast()
    }

    /// Forgets the records, keeping the storage.
    mutating func reset() {
        bytes.reset()
        fieldStarts.removeAll(keepingCapacity: true)
        fieldLengths.removeAll(keepingCapacity: true)
        recordFields.removeAll(keepingCapacity: true)
        recordFields.append(0)
        recordOffsets.removeAll(keepingCapacity: true)
        recordEnds.removeAll(keepingCapacity: true)
    }
}

/// Splits CSV bytes into records and fields for one dialect. Unquoted fields without escapes are
/// copied with one bulk copy; nulls are decided on the raw text between the quotes, so `\N` (or a
/// quoted `"\N"`) is null while `\\N` reads as the text `\N`.
struct CSVTokenizer {
    let dialect: CSVDialect

    /// Reads records starting at `position` while the record's first byte is before `end` (the
    /// record may run past `end`, up to `data.count`), at most `maxRecords` of them, appending to
    /// `tokens`. Returns false when the input is exhausted.
    func tokenize(_ data: UnsafeBufferPointer<UInt8>, position: inout Int, end: Int, maxRecords: Int, into tokens: inout CSVTokens) -> Bool {
        let base = data.baseAddress!
        let count = data.count
        let delimiter = dialect.delimiter
        let quote = dialect.quote.map(Int.init) ?? -1
        let backslash = dialect.backslashEscape
        var records = 0
        var i = position
        while records < maxRecords {
            guard i < end && i < count else {
                position = i
                return false
            }
            // Skip comment lines.
            if let comment = dialect.comment, base[i] == comment {
                while i < count && base[i] != 0x0A { i += 1 }
                i += 1
                continue
            }
            let recordStart = i
            tokens.recordOffsets.append(recordStart)
            while true {
                // One field.
                let fieldStart = tokens.bytes.count
                var rawStart = i, rawEnd = i
                var quoted = false
                if i < count && Int(base[i]) == quote {
                    quoted = true
                    i += 1
                    rawStart = i
                    while i < count {
                        let b = base[i]
                        if backslash && b == 0x5C && i + 1 < count {
                            tokens.bytes.append(base[i + 1])
                            i += 2
                            continue
                        }
                        if Int(b) == quote {
                            if dialect.doubledQuote && i + 1 < count && Int(base[i + 1]) == quote {
                                tokens.bytes.append(b)
                                i += 2
                                continue
                            }
                            break
                        }
                        if !dialect.multiLine && (b == 0x0A || b == 0x0D) { break }
                        // Plain run up to the next special byte.
                        var j = i + 1
                        while j < count {
                            let c = base[j]
                            if Int(c) == quote || (backslash && c == 0x5C) || (!dialect.multiLine && (c == 0x0A || c == 0x0D)) { break }
                            j += 1
                        }
                        tokens.bytes.append(base + i, count: j - i)
                        i = j
                    }
                    rawEnd = i
                    if i < count && Int(base[i]) == quote { i += 1 }
                    // Bytes after the closing quote, up to the delimiter, are kept as text.
                    while i < count && base[i] != delimiter && base[i] != 0x0A && base[i] != 0x0D {
                        tokens.bytes.append(base[i])
                        i += 1
                    }
                } else {
                    var j = i
                    while j < count {
                        let c = base[j]
                        if c == delimiter || c == 0x0A || c == 0x0D { break }
                        if backslash && c == 0x5C && j + 1 < count {
                            tokens.bytes.append(base + i, count: j - i)
                            tokens.bytes.append(base[j + 1])
                            j += 2
                            i = j
                            continue
                        }
                        j += 1
                    }
                    tokens.bytes.append(base + i, count: j - i)
                    rawEnd = j
                    i = j
                }
                // The field's value: null, empty, or its bytes (trimmed when asked).
                var start = fieldStart, length = tokens.bytes.count - fieldStart
                let raw = UnsafeBufferPointer(start: base + rawStart, count: max(0, rawEnd - rawStart))
                if !quoted && dialect.trim {
                    while length > 0 && tokens.bytes[start] == 0x20 { start += 1; length -= 1 }
                    while length > 0 && tokens.bytes[start + length - 1] == 0x20 { length -= 1 }
                }
                if (!quoted && length == 0) || (!dialect.nullValue.isEmpty && raw.elementsEqual(dialect.nullValue)) {
                    length = -1
                } else if quoted && raw.isEmpty && !dialect.emptyValue.isEmpty {
                    start = tokens.bytes.count
                    dialect.emptyValue.withUnsafeBufferPointer { tokens.bytes.append($0.baseAddress!, count: $0.count) }
                    length = dialect.emptyValue.count
                }
                tokens.fieldStarts.append(Int32(truncatingIfNeeded: start))
                tokens.fieldLengths.append(Int32(truncatingIfNeeded: length))
                if i < count && base[i] == delimiter {
                    i += 1
                    if i == count {
                        // A trailing delimiter at the end of input: one more empty field.
                        tokens.fieldStarts.append(Int32(truncatingIfNeeded: tokens.bytes.count))
                        tokens.fieldLengths.append(-1)
                    } else {
                        continue
                    }
                }
                break
            }
            tokens.recordEnds.append(i)
            // The line break: \n, \r\n or \r.
            if i < count && base[i] == 0x0D { i += 1 }
            if i < count && base[i] == 0x0A { i += 1 }
            tokens.recordFields.append(Int32(tokens.fieldStarts.count))
            records += 1
        }
        position = i
        return i < end && i < count
    }

    /// The first record start at or after `offset` (a split boundary): just past a line break that
    /// ends a record, that is, one not escaped by an odd number of backslashes. At the file's start,
    /// past a UTF-8 byte order mark.
    func recordStart(after offset: Int, in data: UnsafeBufferPointer<UInt8>) -> Int {
        if offset == 0 { return data.count >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF ? 3 : 0 }
        var i = offset - 1
        while i < data.count {
            if data[i] == 0x0A {
                if dialect.backslashEscape {
                    var slashes = 0
                    var k = i - 1
                    while k >= 0 && data[k] == 0x5C { slashes += 1; k -= 1 }
                    if slashes % 2 == 1 { i += 1; continue }
                }
                return i + 1
            }
            i += 1
        }
        return data.count
    }
}

extension CSVTokenizer {
    /// Tokenizes up to `maxRecords` records from `position` of `window` (records starting before
    /// the file offset `end`), only whole ones: the window of a compressed file slides on before it
    /// runs low, and a record that may go on past the window's end is read again after the next
    /// slide. `position` moves with the window. Returns false once the input is exhausted.
    func tokenizeWholeRecords(_ window: ByteWindow, position: inout Int, end: Int, maxRecords: Int, into tokens: inout CSVTokens) throws -> Bool {
        while true {
            try window.slideIfLow(&position)
            let first = position, recordsBefore = tokens.recordCount
            let more = window.withBytes { bytes in
                tokenize(bytes, position: &position, end: end - window.start, maxRecords: maxRecords, into: &tokens)
            }
            if window.atEnd { return more }
            // The last record is whole when bytes follow its line break in the window.
            if position >= window.count {
                if tokens.recordCount > recordsBefore, let last = tokens.recordOffsets.last {
                    position = last
                    tokens.removeLastRecord()
                } else {
                    position = first
                }
            }
            if tokens.recordCount > recordsBefore { return true }
            position -= try window.advance(to: position)
        }
    }
}
