import DataFlow
import Foundation

/// The physical bytes of a column's values ready for Parquet: fixed-width values at `width` bytes
/// per row (nulls zeroed) or, for byte arrays (`width == 0`), the column's offsets and bytes.
private struct PhysicalValues {
    let width: Int
    var data: [UInt8]
    var offsets: [Int32]

    /// The byte range of row `row`'s value in `data`.
    @inline(__always)
    func range(_ row: Int) -> Range<Int> {
        width > 0 ? row * width ..< (row + 1) * width : Int(offsets[row]) ..< Int(offsets[row + 1])
    }

    /// The physical values of `column` as stored in Parquet (decimals as INT32, INT64 or big-endian
    /// FIXED_LEN_BYTE_ARRAY by precision).
    init(_ column: Column) {
        func fixed<T>(_: T.Type) -> [UInt8] {
            column.withValues(T.self) { values, _ in Array(UnsafeRawBufferPointer(values)) }
        }
        offsets = []
        switch column.type {
        case .int32, .date:
            width = 4
            data = fixed(Int32.self)
        case .int64, .timestamp:
            width = 8
            data = fixed(Int64.self)
        case .float64:
            width = 8
            data = fixed(Double.self)
        case let .decimal(precision, _):
            let layout = ParquetDecimalLayout(precision: precision)
            width = layout.byteWidth
            if precision <= 9 {
                data = column.withValues(Int64.self) { values, _ in
                    var out: [UInt8] = []
                    out.reserveCapacity(values.count * 4)
                    for value in values { withUnsafeBytes(of: Int32(truncatingIfNeeded: value).littleEndian) { out.append(contentsOf: $0) } }
                    return out
                }
            } else if precision <= 18 {
                data = fixed(Int64.self)
            } else {
                let width = layout.byteWidth
                data = column.withValues(Int128.self) { values, _ in
                    var out = [UInt8](repeating: 0, count: values.count * width)
                    for (row, value) in values.enumerated() {
                        // Big-endian two's complement, sign-extended to `width` bytes.
                        for byte in 0..<width { out[row * width + byte] = UInt8(truncatingIfNeeded: value >> (8 * (width - 1 - byte))) }
                    }
                    return out
                }
            }
        case .string, .binary:
            width = 0
            (offsets, data) = column.withBytes { offsets, bytes, _ in
                let start = Int(offsets[0]), end = Int(offsets[offsets.count - 1])
                return (offsets.map { $0 - offsets[0] }, Array(UnsafeBufferPointer(start: bytes + start, count: end - start)))
            }
        case .boolean, .null, .array, .map, .struct:
            width = 1
            data = []
        }
    }
}

/// Encodes one leaf column of one row group as a Parquet column chunk: an optional dictionary page,
/// then data pages (v1 or v2) of repetition and definition levels (RLE hybrid) and RLE_DICTIONARY or
/// PLAIN values, each compressed with the options' codec; and the chunk's metadata with statistics
/// and page encoding stats. As in parquet-mr and arrow, pages are dictionary-encoded until the
/// dictionary would outgrow `dictionaryPageSizeLimit`: the page that would make it too large and
/// every later page of the chunk are PLAIN, the pages before stay dictionary-encoded, and the
/// dictionary keeps only their entries. A page of a nested column's leaf ends at a row's end.
struct ParquetColumnWriter {
    /// The leaf written: its path, physical type and maximum levels.
    let leaf: ParquetLeaf
    let options: ParquetWriteOptions

    /// The chunk's bytes, to be written at file offset `fileOffset`, and its metadata. `column` holds
    /// the leaf's value slots: one per row of a flat column (its nulls giving the definition
    /// levels), or one per pair of `levels` of a nested column's leaf (null where the definition
    /// level is below the leaf's maximum).
    /// - Throws: `DataFlowError` when compression fails.
    func write(_ column: Column, levels: ParquetLevels? = nil, fileOffset: Int) throws -> (bytes: [UInt8], metadata: ColumnChunk) {
        let rows = column.count
        let values = PhysicalValues(column)
        let valid: [Bool]? = column.hasNulls ? (0..<rows).map { !column.isNull($0) } : nil
        let definition: [UInt8]? = leaf.maxDefinitionLevel == 0 ? nil : levels?.definition ?? valid.map { $0.map { $0 ? 1 : 0 } }
            ?? [UInt8](repeating: 1, count: rows)
        let repetition = leaf.maxRepetitionLevel == 0 ? nil : levels?.repetition
        var dictionary = ByteKeyTable()
        var dictionaryOpen = options.dictionary && column.type != .boolean
        var pages: [UInt8] = []
        var uncompressedTotal = 0
        var dictionaryPages = 0, plainPages = 0

        for pageRows in pageBoundaries(values, rows: rows, repetition: repetition) {
            let validCount = valid.map { v in pageRows.reduce(0) { $0 + (v[$1] ? 1 : 0) } } ?? pageRows.count
            let definitionBytes = definition.map { encodeLevels($0[pageRows], maxLevel: leaf.maxDefinitionLevel) } ?? []
            let repetitionBytes = repetition.map { encodeLevels($0[pageRows], maxLevel: leaf.maxRepetitionLevel) } ?? []
            let indices = dictionaryOpen ? dictionaryIndices(values, rows: pageRows, valid: valid, into: &dictionary) : nil
            dictionaryOpen = indices != nil
            let body: [UInt8], encoding: ParquetEncoding
            if let indices {
                let width = RLEHybridEncoder.bitWidth(for: UInt32(max(0, dictionary.count - 1)))
                var encoder = RLEHybridEncoder(bitWidth: width)
                indices.withUnsafeBufferPointer { encoder.encode($0) }
                body = [UInt8(width)] + encoder.bytes
                encoding = .rleDictionary
                dictionaryPages += 1
            } else {
                body = plainValues(column, values, rows: pageRows, valid: valid, count: validCount)
                encoding = .plain
                plainPages += 1
            }
            if options.dataPageVersion == .v2 {
                let recordCount = repetition.map { $0[pageRows].reduce(0) { $0 + ($1 == 0 ? 1 : 0) } } ?? pageRows.count
                var header = PageHeader(type: .dataPageV2, uncompressedSize: 0, compressedSize: 0)
                header.dataPageV2 = DataPageHeaderV2(valueCount: Int32(pageRows.count), nullCount: Int32(pageRows.count - validCount),
                                                     rowCount: Int32(recordCount), encoding: encoding,
                                                     definitionLevelsByteLength: Int32(definitionBytes.count),
                                                     repetitionLevelsByteLength: Int32(repetitionBytes.count),
                                                     isCompressed: options.compression != .uncompressed)
                uncompressedTotal += try appendPage(&pages, header: header, levels: repetitionBytes + definitionBytes, values: body,
                                                    compressLevels: false)
            } else {
                var header = PageHeader(type: .dataPage, uncompressedSize: 0, compressedSize: 0)
                header.dataPage = DataPageHeader(valueCount: Int32(pageRows.count), encoding: encoding, definitionLevelEncoding: .rle,
                                                 repetitionLevelEncoding: .rle)
                var prefixed: [UInt8] = []
                if repetition != nil { appendLength(&prefixed, repetitionBytes.count) }
                prefixed += repetitionBytes
                if definition != nil { appendLength(&prefixed, definitionBytes.count) }
                prefixed += definitionBytes
                uncompressedTotal += try appendPage(&pages, header: header, levels: prefixed, values: body, compressLevels: true)
            }
        }

        var out: [UInt8] = []
        var encodings: [ParquetEncoding] = [.plain, .rle]
        let dataPageType: ParquetPageType = options.dataPageVersion == .v2 ? .dataPageV2 : .dataPage
        var encodingStats: [ParquetPageEncodingStats] = []
        if dictionaryPages > 0 {
            var plain: [UInt8] = []
            for entry in 0..<dictionary.count {
                let value = dictionary.key(entry)
                if values.width == 0 { appendLength(&plain, value.count) }
                plain.append(contentsOf: value)
            }
            var header = PageHeader(type: .dictionaryPage, uncompressedSize: Int32(plain.count), compressedSize: 0)
            header.dictionaryPage = DictionaryPageHeader(valueCount: Int32(dictionary.count), encoding: .plain)
            uncompressedTotal += try appendPage(&out, header: header, levels: [], values: plain, compressLevels: true)
            encodings.append(.rleDictionary)
            encodingStats.append(ParquetPageEncodingStats(pageType: ParquetPageType.dictionaryPage.rawValue, encoding: .plain, count: 1))
            encodingStats.append(ParquetPageEncodingStats(pageType: dataPageType.rawValue, encoding: .rleDictionary, count: Int32(dictionaryPages)))
        }
        if plainPages > 0 { encodingStats.append(ParquetPageEncodingStats(pageType: dataPageType.rawValue, encoding: .plain, count: Int32(plainPages))) }
        let dictionaryOffset = dictionaryPages > 0 ? fileOffset : nil
        let dataOffset = fileOffset + out.count
        out += pages
        let metadata = ColumnMetaData(type: leaf.physical, encodings: encodings, path: leaf.path, codec: ParquetCodec(options.compression),
                                      valueCount: Int64(rows), totalUncompressedSize: Int64(uncompressedTotal),
                                      totalCompressedSize: Int64(out.count), dataPageOffset: Int64(dataOffset),
                                      dictionaryPageOffset: dictionaryOffset.map(Int64.init),
                                      statistics: options.statistics ? ParquetStatistics(column: column, values: values.width) : nil,
                                      encodingStats: encodingStats)
        return (out, ColumnChunk(fileOffset: Int64(dictionaryOffset ?? dataOffset), metadata: metadata))
    }

    /// Values of a chunk's first page after which a dictionary still holding more than three
    /// quarters of them as distinct entries is abandoned: it would not pay for itself (parquet-mr
    /// and DuckDB likewise write such columns PLAIN), and filling it up to the size limit first
    /// would hash most of the chunk for nothing.
    static let dictionarySample = 4_096

    /// The dictionary indices of the non-null values of `rows`, adding new values to `dictionary`;
    /// nil, with `dictionary` as it was, when they would make its page larger than the limit, or
    /// when the chunk's first values are nearly all distinct.
    private func dictionaryIndices(_ values: PhysicalValues, rows: Range<Int>, valid: [Bool]?,
                                   into dictionary: inout ByteKeyTable) -> [UInt32]? {
        let before = dictionary.count
        var indices: [UInt32] = []
        indices.reserveCapacity(rows.count)
        // The entries and the dictionary page's size (PLAIN values with a length prefix each) are
        // followed here, one call into the table per value.
        var entries = before, pageBytes = dictionary.arena.count + 4 * before
        let fits = values.data.withUnsafeBufferPointer { data in
            for row in rows where valid?[row] ?? true {
                let value = UnsafeBufferPointer(rebasing: data[values.range(row)])
                let index = Int(dictionary.findOrInsert(value))
                indices.append(UInt32(index))
                if index == entries {
                    entries += 1
                    pageBytes += value.count + 4
                    // Stop as soon as the page cannot fit: the rest of it would be hashed for nothing.
                    if pageBytes > options.dictionaryPageSizeLimit { return false }
                }
                if before == 0 && indices.count == Self.dictionarySample && entries * 4 > Self.dictionarySample * 3 { return false }
            }
            return true
        }
        guard fits else {
            dictionary.truncate(to: before)
            return nil
        }
        return indices
    }

    /// The PLAIN encoding of the `count` non-null values of `rows`.
    private func plainValues(_ column: Column, _ values: PhysicalValues, rows: Range<Int>, valid: [Bool]?, count: Int) -> [UInt8] {
        if column.type == .boolean {
            var body = [UInt8](repeating: 0, count: (count + 7) / 8)
            column.withBits { bits, _ in
                var k = 0
                for row in rows where valid?[row] ?? true {
                    if bits[row] { body[k >> 3] |= 1 << UInt8(k & 7) }
                    k += 1
                }
            }
            return body
        }
        if valid == nil && values.width > 0 {
            return Array(values.data[rows.lowerBound * values.width ..< rows.upperBound * values.width])
        }
        var body: [UInt8] = []
        for row in rows where valid?[row] ?? true {
            let range = values.range(row)
            if values.width == 0 { appendLength(&body, range.count) }
            body.append(contentsOf: values.data[range])
        }
        return body
    }

    /// The RLE hybrid encoding of some levels of at most `maxLevel`.
    private func encodeLevels(_ levels: ArraySlice<UInt8>, maxLevel: Int) -> [UInt8] {
        var encoder = RLEHybridEncoder(bitWidth: RLEHybridEncoder.bitWidth(for: UInt32(maxLevel)))
        let wide = levels.map(UInt32.init)
        wide.withUnsafeBufferPointer { encoder.encode($0) }
        return encoder.bytes
    }

    /// Slot ranges of about `pageSize` bytes of values each; with `repetition`, each ends where a row does.
    private func pageBoundaries(_ values: PhysicalValues, rows: Int, repetition: [UInt8]?) -> [Range<Int>] {
        guard rows > 0 else { return [0..<0] }
        var pages: [Range<Int>] = []
        if values.width > 0 && repetition == nil {
            let perPage = max(1, options.pageSize / values.width)
            for start in stride(from: 0, to: rows, by: perPage) { pages.append(start ..< min(rows, start + perPage)) }
            return pages
        }
        var start = 0, size = 0
        for row in 0..<rows {
            size += values.width > 0 ? values.width : 4 + Int(values.offsets[row + 1] - values.offsets[row])
            let rowEnds = row + 1 == rows || repetition.map { $0[row + 1] == 0 } ?? true
            if size >= options.pageSize && rowEnds {
                pages.append(start ..< row + 1)
                start = row + 1
                size = 0
            }
        }
        if start < rows { pages.append(start ..< rows) }
        return pages
    }

    /// Appends a page (header, `levels`, compressed `values`); returns its uncompressed size with the header.
    private func appendPage(_ out: inout [UInt8], header: PageHeader, levels: [UInt8], values: [UInt8], compressLevels: Bool) throws -> Int {
        var header = header
        let payload = compressLevels ? levels + values : values
        let compressed = try options.compression.compress(payload)
        let body = compressLevels ? compressed : levels + compressed
        header.uncompressedSize = Int32(levels.count + values.count)
        header.compressedSize = Int32(body.count)
        if options.pageChecksums { header.crc = body.withUnsafeBytes(crc32Checksum) }
        let encodedHeader = header.encoded()
        out += encodedHeader
        out += body
        return encodedHeader.count + levels.count + values.count
    }
}

/// Appends a 4-byte little-endian length (byte-array values and v1 level sections).
private func appendLength(_ bytes: inout [UInt8], _ length: Int) {
    withUnsafeBytes(of: UInt32(truncatingIfNeeded: length).littleEndian) { bytes.append(contentsOf: $0) }
}

extension ParquetStatistics {
    /// Min, max (PLAIN-encoded as the column is stored) and null count of `column`; NaNs are
    /// ignored, and min/max are omitted when there is no comparable value.
    fileprivate init(column: Column, values width: Int) {
        self.init(min: nil, max: nil, nullCount: Int64(column.nullCount))
        func plain<T>(_ value: T) -> [UInt8] { withUnsafeBytes(of: value) { Array($0) } }
        func range<T: Comparable>(_: T.Type, ignore: (T) -> Bool = { _ in false }) -> (T, T)? {
            column.withValues(T.self) { values, validity in
                var low: T?, high: T?
                for index in 0..<values.count where validity[index] && !ignore(values[index]) {
                    let value = values[index]
                    if low.map({ value < $0 }) ?? true { low = value }
                    if high.map({ value > $0 }) ?? true { high = value }
                }
                guard let low, let high else { return nil }
                return (low, high)
            }
        }
        switch column.type {
        case .boolean:
            var seen: Set<Bool> = []
            column.withBits { bits, validity in
                for index in 0..<column.count where validity[index] { seen.insert(bits[index]) }
            }
            if !seen.isEmpty {
                min = [seen.contains(false) ? 0 : 1]
                max = [seen.contains(true) ? 1 : 0]
            }
        case .int32, .date:
            if let (low, high) = range(Int32.self) { (min, max) = (plain(low), plain(high)) }
        case .int64, .timestamp:
            if let (low, high) = range(Int64.self) { (min, max) = (plain(low), plain(high)) }
        case .float64:
            if let (low, high) = range(Double.self, ignore: { $0.isNaN }) {
                // Zeros compare equal: widen them so that either sign is covered.
                min = plain(low == 0 ? -0.0 : low)
                max = plain(high == 0 ? 0.0 : high)
            }
        case let .decimal(precision, _):
            if precision <= 9 {
                if let (low, high) = range(Int64.self) { (min, max) = (plain(Int32(truncatingIfNeeded: low)), plain(Int32(truncatingIfNeeded: high))) }
            } else if precision <= 18 {
                if let (low, high) = range(Int64.self) { (min, max) = (plain(low), plain(high)) }
            } else if let (low, high) = range(Int128.self) {
                func bigEndian(_ value: Int128) -> [UInt8] { (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * (width - 1 - $0))) } }
                (min, max) = (bigEndian(low), bigEndian(high))
            }
        case .string, .binary:
            column.withBytes { offsets, bytes, validity in
                var low: UnsafeBufferPointer<UInt8>?, high: UnsafeBufferPointer<UInt8>?
                for index in 0..<column.count where validity[index] {
                    let value = UnsafeBufferPointer(start: bytes + Int(offsets[index]), count: Int(offsets[index + 1] - offsets[index]))
                    if low.map({ value.lexicographicallyPrecedes($0) }) ?? true { low = value }
                    if high.map({ $0.lexicographicallyPrecedes(value) }) ?? true { high = value }
                }
                if let low, let high { (min, max) = (Array(low), Array(high)) }
            }
        case .null, .array, .map, .struct: break
        }
    }
}
