import DataFlow

/// The values of one data page, decompressed, with the page's validity (nil: no nulls).
private struct PageValues {
    let bytes: UnsafeRawBufferPointer
    let encoding: ParquetEncoding
    /// Rows in the page, nulls included.
    let count: Int
    /// Non-null values stored in `bytes`.
    let nonNull: Int
    let valid: [Bool]?
}

/// Reads one column chunk of one row group into a DataFlow column: walks its pages (dictionary,
/// data v1 and v2), decompresses them, decodes definition levels and PLAIN or dictionary values
/// into typed arrays in one loop per page, then converts them to the leaf's DataFlow type. Every
/// offset and length is checked against the file and the page, so corrupt input throws with the
/// file, row group, column and byte offset.
struct ParquetColumnReader {
    let path: String
    let rowGroup: Int
    let leaf: ParquetLeaf
    /// Whether pages whose header carries a CRC are checked against it.
    let verifyChecksums: Bool

    private func failure(_ category: DataFlowError.Category, _ message: String, offset: Int? = nil) -> DataFlowError {
        DataFlowError(category, message, location: ErrorLocation(path: path, rowGroup: rowGroup, column: leaf.name, byteOffset: offset))
    }

    /// A parse error at `offset` (a page's file offset, when known).
    private func failure(_ message: String, offset: Int? = nil) -> DataFlowError { failure(.parse, message, offset: offset) }

    /// The chunk's values as a column of `type`: the leaf's type, or BIGINT for an INT leaf (files
    /// whose schemas were merged). For a flat column (one value or null per row).
    /// - Throws: `DataFlowError` (`.parse`) for corrupt data, (`.notImplemented`) for codecs and
    ///   encodings DataFlow does not read.
    func read(file: UnsafeRawBufferPointer, chunk: ColumnChunk, rows: Int, as type: DataType) throws -> Column {
        guard let meta = chunk.metadata else { throw failure("column chunk has no metadata (encrypted or external chunks are not read)") }
        guard meta.valueCount == Int64(rows) else { throw failure("column chunk has \(meta.valueCount) values for \(rows) rows") }
        var levels: ParquetLevels?
        return try readSlots(file: file, meta: meta, count: rows, as: type, levels: &levels)
    }

    /// The chunk of a leaf of a nested column as value slots and their levels: one slot per pair of
    /// levels, null unless its definition level is the leaf's maximum.
    /// - Throws: `DataFlowError` as `read` does.
    func readLeveled(file: UnsafeRawBufferPointer, chunk: ColumnChunk) throws -> (slots: Column, levels: ParquetLevels) {
        guard let meta = chunk.metadata else { throw failure("column chunk has no metadata (encrypted or external chunks are not read)") }
        guard let type = leaf.field?.type else { throw failure(.notImplemented, leaf.unsupported ?? "column cannot be read") }
        guard meta.valueCount >= 0, meta.valueCount <= Int64(Int32.max) else {
            throw failure(.notImplemented, "column chunk of \(meta.valueCount) values is too large")
        }
        var levels: ParquetLevels? = ParquetLevels(definition: [], repetition: [])
        let slots = try readSlots(file: file, meta: meta, count: Int(meta.valueCount), as: type, levels: &levels)
        guard let levels, levels.definition.count == slots.count, levels.repetition.count == slots.count else {
            throw failure("column chunk's levels do not match its \(slots.count) values")
        }
        return (slots, levels)
    }

    /// Decodes `count` value slots of the chunk, collecting their levels into `levels` when it is not nil.
    private func readSlots(file: UnsafeRawBufferPointer, meta: ColumnMetaData, count rows: Int, as type: DataType,
                           levels: inout ParquetLevels?) throws -> Column {
        guard leaf.field != nil else { throw failure(.notImplemented, leaf.unsupported ?? "column cannot be read") }
        guard let codec = meta.codec.codec else { throw failure(.notImplemented, "compression codec \(meta.codec) is not supported") }
        switch leaf.physical {
        case .boolean:
            let (values, valid) = try readFixed(Bool.self, zero: false, file: file, meta: meta, codec: codec, rows: rows, levels: &levels)
            return try Column(Array(values.elements(0..<values.count)), validity: valid)
        case .int32:
            let (values, valid) = try readFixed(Int32.self, zero: 0, file: file, meta: meta, codec: codec, rows: rows, levels: &levels)
            return try convert(values, valid: valid, type: type)
        case .int64:
            let (values, valid) = try readFixed(Int64.self, zero: 0, file: file, meta: meta, codec: codec, rows: rows, levels: &levels)
            return try convert(values, valid: valid, type: type)
        case .float:
            let (values, valid) = try readFixed(Float.self, zero: 0, file: file, meta: meta, codec: codec, rows: rows, levels: &levels)
            return try Column(values.elements(0..<values.count).map(Double.init), validity: valid)
        case .double:
            let (values, valid) = try readFixed(Double.self, zero: 0, file: file, meta: meta, codec: codec, rows: rows, levels: &levels)
            return try Column(.float64, adopting: values, validity: valid)
        case .byteArray, .fixedLenByteArray, .int96:
            let width = leaf.physical == .int96 ? 12 : leaf.physical == .fixedLenByteArray ? leaf.typeLength : 0
            if leaf.physical == .fixedLenByteArray && width <= 0 { throw failure("FIXED_LEN_BYTE_ARRAY without a positive type length") }
            let (offsets, bytes, valid) = try readBytes(width: width, file: file, meta: meta, codec: codec, rows: rows, levels: &levels)
            return try convertBytes(offsets: offsets, bytes: bytes, valid: valid, type: type)
        }
    }

    /// The entries of the chunk's dictionary page as a column of the leaf's string or binary type;
    /// nil when the leaf is not BYTE_ARRAY or the chunk does not start with a dictionary page.
    /// - Throws: `DataFlowError` (`.parse`) for a corrupt page, (`.notImplemented`) for its codec or encoding.
    func dictionary(file: UnsafeRawBufferPointer, chunk: ColumnChunk) throws -> Column? {
        guard leaf.physical == .byteArray, let type = leaf.field?.type, let meta = chunk.metadata else { return nil }
        guard let codec = meta.codec.codec else { throw failure(.notImplemented, "compression codec \(meta.codec) is not supported") }
        let chunkBytes = try bounds(of: meta, in: file)
        let page = try self.page(at: chunkBytes.lowerBound, end: chunkBytes.upperBound, file: file)
        guard ParquetPageType(rawValue: page.header.type) == .dictionaryPage else { return nil }
        let (bytes, count) = try dictionaryValues(page, codec: codec)
        var offsets: [Int32] = [0], values: [UInt8] = []
        try bytes.withUnsafeBytes { try appendPlain($0, count: count, width: 0, offsets: &offsets, bytes: &values) }
        return try Column(offsets: offsets, bytes: values, type: type, validity: nil)
    }

    // MARK: Pages

    /// One page of a column chunk: its header, its (compressed) body, and where the next page starts.
    private struct Page {
        let header: PageHeader
        let body: UnsafeRawBufferPointer
        /// The page's file offset.
        let offset: Int
        let next: Int
    }

    /// The byte range of the chunk's pages (from the dictionary page, when it has one), checked against the file.
    private func bounds(of meta: ColumnMetaData, in file: UnsafeRawBufferPointer) throws -> Range<Int> {
        let start = Int(meta.chunkStart)
        let length = Int(meta.totalCompressedSize)
        guard start >= 4, length >= 0, start <= file.count - 8, length <= file.count - 8 - start else {
            throw failure("column chunk at \(start) with \(length) bytes lies outside the file (\(file.count) bytes)", offset: start)
        }
        return start..<(start + length)
    }

    /// The page whose header starts at `position`, before the chunk's `end`.
    private func page(at position: Int, end: Int, file: UnsafeRawBufferPointer) throws -> Page {
        var reader = ThriftCompactReader(UnsafeRawBufferPointer(rebasing: file[position..<end]), path: path, baseOffset: position)
        let header = try PageHeader(from: &reader)
        let bodyStart = position + reader.position
        let compressedSize = Int(header.compressedSize)
        guard compressedSize >= 0, compressedSize <= end - bodyStart else {
            throw failure("page of \(compressedSize) bytes runs past the column chunk", offset: position)
        }
        let body = UnsafeRawBufferPointer(rebasing: file[bodyStart..<(bodyStart + compressedSize)])
        if verifyChecksums, let expected = header.crc {
            let actual = crc32Checksum(body)
            guard actual == expected else {
                throw failure("page checksum mismatch: the header records CRC-32 \(hex(expected)) but the page's bytes give \(hex(actual)) "
                              + "(the file is corrupt; ParquetReadOptions.verifyChecksums = false reads it anyway)", offset: position)
            }
        }
        return Page(header: header, body: body, offset: position, next: bodyStart + compressedSize)
    }

    private func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: false)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }

    /// `bytes` decompressed to `size` bytes; a codec failure names the page's offset.
    private func decompress(_ bytes: UnsafeRawBufferPointer, size: Int, codec: CompressionCodec, pageOffset: Int) throws -> [UInt8] {
        do { return try codec.decompress(bytes, uncompressedSize: size) } catch let underlying as DataFlowError {
            throw failure("page does not decompress: \(underlying.message)", offset: pageOffset)
        }
    }

    /// Calls `body` with `bytes` decompressed to `size` bytes, or with `bytes` themselves when the
    /// codec is `uncompressed` (no copy).
    private func withDecompressed<R>(_ bytes: UnsafeRawBufferPointer, size: Int, codec: CompressionCodec, pageOffset: Int,
                                     _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        if codec == .uncompressed && bytes.count == size { return try body(bytes) }
        return try decompress(bytes, size: size, codec: codec, pageOffset: pageOffset).withUnsafeBytes(body)
    }

    /// The decompressed PLAIN values of a dictionary page, and how many there are.
    private func dictionaryValues(_ page: Page, codec: CompressionCodec) throws -> (bytes: [UInt8], count: Int) {
        guard let dictionaryHeader = page.header.dictionaryPage, dictionaryHeader.valueCount >= 0 else {
            throw failure("dictionary page without its header", offset: page.offset)
        }
        guard dictionaryHeader.encoding == .plain || dictionaryHeader.encoding == .plainDictionary else {
            throw failure(.notImplemented, "dictionary page encoding \(dictionaryHeader.encoding) is not supported", offset: page.offset)
        }
        let bytes = try decompress(page.body, size: Int(page.header.uncompressedSize), codec: codec, pageOffset: page.offset)
        return (bytes, Int(dictionaryHeader.valueCount))
    }

    /// Calls `dictionary` for the dictionary page and `values` for each data page, in order.
    /// Collects each data page's levels into `levels` when it is not nil.
    private func forEachPage(file: UnsafeRawBufferPointer, meta: ColumnMetaData, codec: CompressionCodec, levels collected: inout ParquetLevels?,
                             dictionary: (UnsafeRawBufferPointer, Int) throws -> Void, values: (PageValues) throws -> Void) throws {
        let chunkBytes = try bounds(of: meta, in: file)
        let end = chunkBytes.upperBound
        var position = chunkBytes.lowerBound
        var valuesSeen = 0
        while valuesSeen < Int(meta.valueCount) {
            guard position < end else { throw failure("column chunk ends after \(valuesSeen) of \(meta.valueCount) values", offset: position) }
            let page = try self.page(at: position, end: end, file: file)
            let (header, body, pageOffset) = (page.header, page.body, page.offset)
            position = page.next
            switch ParquetPageType(rawValue: header.type) {
            case .dictionaryPage?:
                let (bytes, count) = try dictionaryValues(page, codec: codec)
                try bytes.withUnsafeBytes { try dictionary($0, count) }
            case .dataPage?:
                guard let dataHeader = header.dataPage, dataHeader.valueCount >= 0 else { throw failure("data page without its header", offset: pageOffset) }
                let count = Int(dataHeader.valueCount)
                try checkPageValues(count, seen: valuesSeen, of: meta, offset: pageOffset)
                try withDecompressed(body, size: Int(header.uncompressedSize), codec: codec, pageOffset: pageOffset) { raw in
                    var rest = raw
                    // A v1 page's levels: a 4-byte length, then the RLE hybrid runs.
                    func levelSection(_ maxLevel: Int, encoding: ParquetEncoding, kind: String) throws -> [UInt8] {
                        guard encoding == .rle else {
                            throw failure(.notImplemented, "\(kind) level encoding \(encoding) is not supported", offset: pageOffset)
                        }
                        guard rest.count >= 4 else { throw failure("data page too short for its \(kind) levels", offset: pageOffset) }
                        let levelLength = Int(UInt32(littleEndian: rest.loadUnaligned(as: UInt32.self)))
                        guard levelLength <= rest.count - 4 else { throw failure("\(kind) levels run past the page", offset: pageOffset) }
                        let section = UnsafeRawBufferPointer(rebasing: rest[4..<(4 + levelLength)])
                        rest = UnsafeRawBufferPointer(rebasing: rest[(4 + levelLength)...])
                        return try decodeLevels(section, count: count, maxLevel: maxLevel, kind: kind, offset: pageOffset)
                    }
                    let repetition = leaf.maxRepetitionLevel > 0
                        ? try levelSection(leaf.maxRepetitionLevel, encoding: dataHeader.repetitionLevelEncoding, kind: "repetition") : nil
                    let definition = leaf.maxDefinitionLevel > 0
                        ? try levelSection(leaf.maxDefinitionLevel, encoding: dataHeader.definitionLevelEncoding, kind: "definition") : nil
                    collect(definition: definition, repetition: repetition, count: count, into: &collected)
                    let valid = definition.map { levels in levels.map { Int($0) == leaf.maxDefinitionLevel } }
                    let nonNull = valid.map { $0.reduce(0) { $0 + ($1 ? 1 : 0) } } ?? count
                    try values(PageValues(bytes: rest, encoding: dataHeader.encoding, count: count, nonNull: nonNull,
                                          valid: nonNull == count ? nil : valid))
                }
                valuesSeen += count
            case .dataPageV2?:
                guard let v2 = header.dataPageV2, v2.valueCount >= 0 else { throw failure("data page v2 without its header", offset: pageOffset) }
                let count = Int(v2.valueCount)
                try checkPageValues(count, seen: valuesSeen, of: meta, offset: pageOffset)
                let repLength = Int(v2.repetitionLevelsByteLength), defLength = Int(v2.definitionLevelsByteLength)
                guard repLength >= 0, defLength >= 0, repLength + defLength <= body.count,
                      repLength + defLength <= Int(header.uncompressedSize) else {
                    throw failure("level lengths of a v2 page exceed the page", offset: pageOffset)
                }
                let repetition = leaf.maxRepetitionLevel > 0
                    ? try decodeLevels(UnsafeRawBufferPointer(rebasing: body[..<repLength]), count: count, maxLevel: leaf.maxRepetitionLevel,
                                       kind: "repetition", offset: pageOffset) : nil
                let definition = leaf.maxDefinitionLevel > 0
                    ? try decodeLevels(UnsafeRawBufferPointer(rebasing: body[repLength..<(repLength + defLength)]), count: count,
                                       maxLevel: leaf.maxDefinitionLevel, kind: "definition", offset: pageOffset) : nil
                collect(definition: definition, repetition: repetition, count: count, into: &collected)
                let valid = definition.map { levels in levels.map { Int($0) == leaf.maxDefinitionLevel } }
                let compressedValues = UnsafeRawBufferPointer(rebasing: body[(repLength + defLength)...])
                let valueSize = Int(header.uncompressedSize) - repLength - defLength
                let nonNull = valid.map { $0.reduce(0) { $0 + ($1 ? 1 : 0) } } ?? count
                func pageValues(_ raw: UnsafeRawBufferPointer) throws {
                    try values(PageValues(bytes: raw, encoding: v2.encoding, count: count, nonNull: nonNull, valid: nonNull == count ? nil : valid))
                }
                if v2.isCompressed {
                    try withDecompressed(compressedValues, size: valueSize, codec: codec, pageOffset: pageOffset, pageValues)
                } else {
                    try pageValues(compressedValues)
                }
                valuesSeen += count
            default:
                // Index pages and unknown page types carry no values of this column.
                continue
            }
        }
    }

    /// Checks a data page's value count against what its chunk has left, before anything is
    /// allocated for it.
    private func checkPageValues(_ count: Int, seen: Int, of meta: ColumnMetaData, offset: Int) throws {
        guard count <= Int(meta.valueCount) - seen else {
            throw failure("data page of \(count) values overruns its column chunk (\(Int(meta.valueCount) - seen) of \(meta.valueCount) left)", offset: offset)
        }
    }

    /// How many values to reserve room for: the row count, unless the chunk's size says that is
    /// far more than it can hold (a hostile row count must not allocate first; real data still grows).
    private func reservation(rows: Int, meta: ColumnMetaData) -> Int {
        min(rows, max(1 << 16, Int(clamping: meta.totalUncompressedSize) &* 8))
    }

    /// A page's `count` repetition or definition levels, each checked at most `maxLevel`.
    private func decodeLevels(_ bytes: UnsafeRawBufferPointer, count: Int, maxLevel: Int, kind: String, offset: Int) throws -> [UInt8] {
        let width = RLEHybridEncoder.bitWidth(for: UInt32(maxLevel))
        var decoder = try RLEHybridDecoder(bytes, bitWidth: width) { self.failure("\(kind) levels: \($0)", offset: offset) }
        var raw = [UInt8](repeating: 0, count: count)
        try raw.withUnsafeMutableBufferPointer { buffer in
            if let base = buffer.baseAddress { try decoder.decode(into: base, count: count) }
        }
        if let largest = raw.max(), Int(largest) > maxLevel {
            throw failure("\(kind) level \(largest) exceeds the column's maximum of \(maxLevel)", offset: offset)
        }
        return raw
    }

    /// Appends a page's levels to `levels` when they are collected (zeros for a kind the leaf has none of).
    private func collect(definition: [UInt8]?, repetition: [UInt8]?, count: Int, into levels: inout ParquetLevels?) {
        guard levels != nil else { return }
        levels!.definition += definition ?? [UInt8](repeating: 0, count: count)
        levels!.repetition += repetition ?? [UInt8](repeating: 0, count: count)
    }

    /// The decoder of a dictionary-encoded page's indices: a bit width byte, then the RLE hybrid.
    private func indexDecoder(_ page: PageValues) throws -> RLEHybridDecoder {
        guard page.bytes.count >= 1 else { throw failure("dictionary-encoded page without a bit width") }
        return try RLEHybridDecoder(UnsafeRawBufferPointer(rebasing: page.bytes[1...]), bitWidth: Int(page.bytes[0])) {
            self.failure("dictionary indices: \($0)")
        }
    }

    /// Checks the largest index of a page against the dictionary's size.
    private func checkIndex(_ largest: UInt64, dictionarySize: Int) throws {
        guard largest < UInt64(dictionarySize) else {
            throw failure("dictionary index \(largest) is out of range (\(dictionarySize) entries)")
        }
    }

    /// Decodes the dictionary indices of a page into the first `page.nonNull` elements of
    /// `indices`, grown as needed, each checked below `dictionarySize`.
    private func decodeIndices(_ page: PageValues, dictionarySize: Int, into indices: inout [UInt32]) throws {
        guard page.nonNull > 0 else { return }
        var decoder = try indexDecoder(page)
        if indices.count < page.nonNull { indices = [UInt32](repeating: 0, count: page.nonNull) }
        let largest = try indices.withUnsafeMutableBufferPointer { buffer in
            try decoder.decode(into: buffer.baseAddress!, count: page.nonNull)
            return buffer[..<page.nonNull].reduce(0) { max($0, $1) }
        }
        try checkIndex(UInt64(largest), dictionarySize: dictionarySize)
    }

    private func unsupported(_ encoding: ParquetEncoding) -> DataFlowError {
        failure(.notImplemented, "encoding \(encoding) is not supported for \(leaf.physical.name) values")
    }

    // MARK: Fixed-width values

    /// Decodes a chunk of fixed-width values (booleans, INT32, INT64, FLOAT, DOUBLE) into a buffer
    /// a column can adopt; null slots hold zero.
    private func readFixed<T: BitwiseCopyable>(_: T.Type, zero: T, file: UnsafeRawBufferPointer, meta: ColumnMetaData, codec: CompressionCodec,
                                               rows: Int, levels: inout ParquetLevels?) throws -> (GrowableBuffer<T>, [Bool]?) {
        var values = GrowableBuffer<T>(capacity: reservation(rows: rows, meta: meta))
        var validity: [Bool] = []
        var hasNulls = false
        var dictionary = FixedDictionary(zero: zero)
        var indices: [UInt32] = []
        try forEachPage(file: file, meta: meta, codec: codec, levels: &levels, dictionary: { bytes, count in
            dictionary = try FixedDictionary(count: count, zero: zero) { try appendPlain(bytes, count: count, zero: zero, to: &$0) }
        }, values: { page in
            let base = values.count
            switch page.encoding {
            case .plain:
                try appendPlain(page.bytes, count: page.nonNull, zero: zero, to: &values)
            case .rle where T.self == Bool.self:
                guard page.bytes.count >= 4 else { throw failure("RLE boolean page too short") }
                let length = Int(UInt32(littleEndian: page.bytes.loadUnaligned(as: UInt32.self)))
                guard length <= page.bytes.count - 4 else { throw failure("RLE boolean run length exceeds the page") }
                var decoder = try RLEHybridDecoder(UnsafeRawBufferPointer(rebasing: page.bytes[4..<(4 + length)]), bitWidth: 1) { self.failure("booleans: \($0)") }
                var raw = [UInt8](repeating: 0, count: page.nonNull)
                try raw.withUnsafeMutableBufferPointer { if let p = $0.baseAddress { try decoder.decode(into: p, count: page.nonNull) } }
                for byte in raw { values.append(unsafeBitCast(byte != 0, to: T.self)) }
            case .plainDictionary, .rleDictionary:
                try decodeDictionaryPage(page, dictionary: &dictionary, indices: &indices,
                                         into: values.appendUninitialized(count: page.nonNull))
            case .deltaBinaryPacked where T.self == Int32.self || T.self == Int64.self:
                var decoder = try DeltaBinaryPackedDecoder(page.bytes) { self.failure("DELTA_BINARY_PACKED: \($0)") }
                let start = UnsafeMutableRawPointer(values.appendUninitialized(count: page.nonNull))
                if T.self == Int32.self {
                    try decoder.decode(into: start.assumingMemoryBound(to: Int32.self), count: page.nonNull)
                } else {
                    try decoder.decode(into: start.assumingMemoryBound(to: Int64.self), count: page.nonNull)
                }
            case .byteStreamSplit where T.self != Bool.self:
                let start = UnsafeMutableRawPointer(values.appendUninitialized(count: page.nonNull))
                try decodeByteStreamSplit(page.bytes, count: page.nonNull, width: MemoryLayout<T>.size, into: start) {
                    self.failure("BYTE_STREAM_SPLIT: \($0)")
                }
            default:
                throw unsupported(page.encoding)
            }
            if let valid = page.valid {
                // Spread the dense values over the page's rows, back to front, in place.
                values.append(repeating: zero, count: page.count - page.nonNull)
                let buffer = values.base
                var dense = base + page.nonNull
                for row in stride(from: page.count - 1, through: 0, by: -1) {
                    if valid[row] {
                        dense -= 1
                        buffer[base + row] = buffer[dense]
                    } else {
                        buffer[base + row] = zero
                    }
                }
                if !hasNulls { validity = [Bool](repeating: true, count: base) }
                hasNulls = true
                validity += valid
            } else if hasNulls {
                validity += [Bool](repeating: true, count: page.count)
            }
        })
        guard values.count == rows else { throw failure("column chunk has \(values.count) values for \(rows) rows") }
        return (values, hasNulls ? validity : nil)
    }

    /// A chunk's dictionary of fixed-width values, decoded once into a table padded with zeros to
    /// the index range of the bit width its pages use (as writers pick it, the narrowest that
    /// indexes every entry; repadded for a page of a wider one), so decoding can look indices up
    /// as it unpacks them.
    private struct FixedDictionary<T: BitwiseCopyable> {
        /// The entries, then the padding.
        private var padded: GrowableBuffer<T>
        /// How many entries the dictionary has.
        let count: Int
        let zero: T

        /// No dictionary (yet).
        init(zero: T) {
            padded = GrowableBuffer(capacity: 0)
            count = 0
            self.zero = zero
        }

        /// The `count` entries `decode` appends, padded to the range of the narrowest bit width
        /// that indexes them all.
        init(count: Int, zero: T, decode: (inout GrowableBuffer<T>) throws -> Void) rethrows {
            let range = 1 << RLEHybridEncoder.bitWidth(for: UInt32(clamping: max(count, 1) - 1))
            padded = GrowableBuffer(capacity: max(range, count))
            try decode(&padded)
            padded.append(repeating: zero, count: max(range - count, 0))
            self.count = count
            self.zero = zero
        }

        /// The entries, for indices checked below `count`.
        var entries: UnsafePointer<T> { UnsafePointer(padded.base) }

        /// The entries padded to `range` (at most twice the entries, or 4096: a writer's usual
        /// width); nil for a wider range, whose indices are decoded and checked first.
        mutating func table(range: Int) -> UnsafePointer<T>? {
            guard range <= max(2 * count, 4096) else { return nil }
            if padded.count < range { padded.append(repeating: zero, count: range - padded.count) }
            return UnsafePointer(padded.base)
        }
    }

    /// Decodes a dictionary-encoded page's `nonNull` values into `output`: looked up as the indices
    /// unpack, the largest checked afterwards against the dictionary (the padding reads as zero
    /// until then), or, for an unusually wide bit width, through `indices` checked first.
    private func decodeDictionaryPage<T>(_ page: PageValues, dictionary: inout FixedDictionary<T>, indices: inout [UInt32],
                                         into output: UnsafeMutablePointer<T>) throws {
        guard page.nonNull > 0 else { return }
        var decoder = try indexDecoder(page)
        if let table = dictionary.table(range: decoder.indexRange) {
            let largest = try decoder.decode(into: output, count: page.nonNull, lookingUpIn: table)
            try checkIndex(largest, dictionarySize: dictionary.count)
            return
        }
        try decodeIndices(page, dictionarySize: dictionary.count, into: &indices)
        // Every index was checked below the dictionary's size.
        let entries = dictionary.entries
        indices.withUnsafeBufferPointer { indices in
            for row in 0..<page.nonNull { output[row] = entries[Int(indices[row])] }
        }
    }

    /// Appends `count` PLAIN values of `T` (booleans bit-packed, numbers little-endian) to `values`.
    private func appendPlain<T>(_ bytes: UnsafeRawBufferPointer, count: Int, zero: T, to values: inout GrowableBuffer<T>) throws {
        if T.self == Bool.self {
            guard (count + 7) / 8 <= bytes.count else { throw failure("PLAIN booleans need \((count + 7) / 8) bytes, the page has \(bytes.count)") }
            for index in 0..<count { values.append(unsafeBitCast(bytes[index >> 3] & (1 << UInt8(index & 7)) != 0, to: T.self)) }
            return
        }
        let size = MemoryLayout<T>.size
        guard count >= 0, count <= bytes.count / size else {
            throw failure("PLAIN page holds \(bytes.count / size) \(leaf.physical.name) values, \(count) expected")
        }
        guard count > 0 else { return }
        UnsafeMutableRawPointer(values.appendUninitialized(count: count)).copyMemory(from: bytes.baseAddress!, byteCount: count * size)
    }

    // MARK: Byte arrays

    /// Decodes BYTE_ARRAY values (`width` 0) or fixed-width byte strings into offsets and bytes;
    /// null slots are empty.
    private func readBytes(width: Int, file: UnsafeRawBufferPointer, meta: ColumnMetaData, codec: CompressionCodec,
                           rows: Int, levels: inout ParquetLevels?) throws -> ([Int32], [UInt8], [Bool]?) {
        var offsets: [Int32] = [0]
        offsets.reserveCapacity(reservation(rows: rows, meta: meta) + 1)
        var bytes: [UInt8] = []
        var validity: [Bool] = []
        var hasNulls = false
        var dictionaryOffsets: [Int32] = [0]
        var dictionaryBytes: [UInt8] = []
        var indices: [UInt32] = []

        try forEachPage(file: file, meta: meta, codec: codec, levels: &levels, dictionary: { data, count in
            dictionaryOffsets = [0]
            dictionaryBytes = []
            try appendPlain(data, count: count, width: width, offsets: &dictionaryOffsets, bytes: &dictionaryBytes)
            // Room to read 16 bytes from any entry's start (`appendEntries` copies short ones whole words at a time).
            dictionaryBytes += repeatElement(0, count: Self.copySlack)
        }, values: { page in
            var denseOffsets: [Int32] = [Int32(bytes.count)]
            denseOffsets.reserveCapacity(page.nonNull + 1)
            switch page.encoding {
            case .plain:
                try appendPlain(page.bytes, count: page.nonNull, width: width, offsets: &denseOffsets, bytes: &bytes)
            case .deltaLengthByteArray where width == 0:
                try decodeDeltaLengthByteArray(page.bytes, count: page.nonNull, offsets: &denseOffsets, values: &bytes) {
                    self.failure("DELTA_LENGTH_BYTE_ARRAY: \($0)")
                }
            case .deltaByteArray:
                try decodeDeltaByteArray(page.bytes, count: page.nonNull, width: width, offsets: &denseOffsets, values: &bytes) {
                    self.failure("DELTA_BYTE_ARRAY: \($0)")
                }
            case .byteStreamSplit where width > 0:
                let start = bytes.count
                guard start <= Int(Int32.max) - page.nonNull * width else { throw failure(.resourcesExhausted, "column chunk holds more than 2 GiB of bytes") }
                bytes += [UInt8](repeating: 0, count: page.nonNull * width)
                try bytes.withUnsafeMutableBytes { raw in
                    guard let pointer = raw.baseAddress else { return }
                    try decodeByteStreamSplit(page.bytes, count: page.nonNull, width: width, into: pointer + start) { self.failure("BYTE_STREAM_SPLIT: \($0)") }
                }
                for index in 0..<page.nonNull { denseOffsets.append(Int32(start + (index + 1) * width)) }
            case .plainDictionary, .rleDictionary:
                try decodeIndices(page, dictionarySize: dictionaryOffsets.count - 1, into: &indices)
                try appendEntries(indices[..<page.nonNull], offsets: dictionaryOffsets, bytes: dictionaryBytes, toOffsets: &denseOffsets, bytes: &bytes)
            default:
                throw unsupported(page.encoding)
            }
            if let valid = page.valid {
                var dense = 1
                for row in 0..<page.count {
                    if valid[row] {
                        offsets.append(denseOffsets[dense])
                        dense += 1
                    } else {
                        offsets.append(offsets[offsets.count - 1])
                    }
                }
                if !hasNulls { validity = [Bool](repeating: true, count: offsets.count - 1 - page.count) }
                hasNulls = true
                validity += valid
            } else {
                offsets += denseOffsets.dropFirst()
                if hasNulls { validity += [Bool](repeating: true, count: page.count) }
            }
        })
        guard offsets.count == rows + 1 else { throw failure("column chunk has \(offsets.count - 1) values for \(rows) rows") }
        return (offsets, bytes, hasNulls ? validity : nil)
    }

    /// Bytes readable past the last entry of a dictionary, and writable past the end of a copy.
    private static let copySlack = 16

    /// Appends the dictionary entries (`offsets` into `bytes`, which has `copySlack` bytes after
    /// the last entry) that `indices` (checked in range) select to `outputBytes`, with their end
    /// offsets to `outputOffsets`: one pass to size the bytes, one to copy them, an entry of up to
    /// 16 bytes as two 8-byte words (the next entry's copy overwrites what spills over).
    private func appendEntries(_ indices: ArraySlice<UInt32>, offsets: [Int32], bytes: [UInt8], toOffsets outputOffsets: inout [Int32],
                               bytes outputBytes: inout [UInt8]) throws {
        let start = outputBytes.count, firstOffset = outputOffsets.count
        let total = offsets.withUnsafeBufferPointer { offsets in
            indices.reduce(0) { $0 + Int(offsets[Int($1) + 1] - offsets[Int($1)]) }
        }
        guard total <= Int(Int32.max) - start else { throw failure(.resourcesExhausted, "column chunk holds more than 2 GiB of bytes") }
        outputBytes.append(contentsOf: repeatElement(0, count: total + Self.copySlack))
        outputOffsets.append(contentsOf: repeatElement(0, count: indices.count))
        offsets.withUnsafeBufferPointer { offsets in
            bytes.withUnsafeBufferPointer { entries in
                outputBytes.withUnsafeMutableBufferPointer { output in
                    outputOffsets.withUnsafeMutableBufferPointer { ends in
                        var position = start
                        for (row, index) in indices.enumerated() {
                            let entryStart = Int(offsets[Int(index)]), length = Int(offsets[Int(index) + 1]) - entryStart
                            let source = UnsafeRawPointer(entries.baseAddress! + entryStart)
                            let target = UnsafeMutableRawPointer(output.baseAddress! + position)
                            if length <= Self.copySlack {
                                target.storeBytes(of: source.loadUnaligned(as: UInt64.self), as: UInt64.self)
                                target.storeBytes(of: source.loadUnaligned(fromByteOffset: 8, as: UInt64.self), toByteOffset: 8, as: UInt64.self)
                            } else {
                                target.copyMemory(from: source, byteCount: length)
                            }
                            position += length
                            ends[firstOffset + row] = Int32(position)
                        }
                    }
                }
            }
        }
        outputBytes.removeLast(Self.copySlack)
    }

    /// Appends `count` PLAIN byte strings (length-prefixed when `width` is 0, else `width` bytes
    /// each) from `data` to `bytes`, with their end offsets to `offsets`: one pass over the lengths
    /// for the offsets and the size, one to copy the values.
    private func appendPlain(_ data: UnsafeRawBufferPointer, count: Int, width: Int, offsets: inout [Int32], bytes: inout [UInt8]) throws {
        let start = bytes.count, firstOffset = offsets.count
        offsets.reserveCapacity(offsets.count + count)
        var position = 0, end = start
        for _ in 0..<count {
            var length = width
            if width == 0 {
                guard data.count - position >= 4 else { throw failure("BYTE_ARRAY length runs past the page") }
                length = Int(UInt32(littleEndian: data.loadUnaligned(fromByteOffset: position, as: UInt32.self)))
                position += 4
            }
            guard length <= data.count - position else { throw failure("BYTE_ARRAY value of \(length) bytes runs past the page") }
            end += length
            guard end <= Int(Int32.max) else { throw failure(.resourcesExhausted, "column chunk holds more than 2 GiB of bytes") }
            offsets.append(Int32(end))
            position += length
        }
        guard end > start, let source = data.baseAddress else { return }
        bytes.append(contentsOf: repeatElement(0, count: end - start))
        offsets.withUnsafeBufferPointer { ends in
            bytes.withUnsafeMutableBufferPointer { output in
                // The values sit between their length prefixes (fixed-width ones are contiguous).
                var read = 0, written = start
                for row in 0..<count {
                    let next = Int(ends[firstOffset + row])
                    if width == 0 { read += 4 }
                    UnsafeMutableRawPointer(output.baseAddress! + written).copyMemory(from: source + read, byteCount: next - written)
                    read += next - written
                    written = next
                }
            }
        }
    }

    // MARK: Conversion

    private func convert(_ buffer: GrowableBuffer<Int32>, valid: [Bool]?, type: DataType) throws -> Column {
        let values = buffer.elements(0..<buffer.count)
        switch (type, leaf.conversion) {
        case (.int64, .unsigned32): return try Column(values.map { Int64(UInt32(bitPattern: $0)) }, validity: valid)
        case (.int64, .direct): return try Column(values.map(Int64.init), validity: valid)
        case let (.decimal(precision, _), .integerDecimal):
            guard precision <= 18 else { return try int128Column(values.map { Int128($0) }, valid: valid, type: type) }
            return try Column(values.map(Int64.init), type: type, validity: valid)
        default: return try Column(type, adopting: buffer, validity: valid)
        }
    }

    private func convert(_ buffer: GrowableBuffer<Int64>, valid: [Bool]?, type: DataType) throws -> Column {
        let values = buffer.elements(0..<buffer.count)
        switch leaf.conversion {
        case .unsigned64: return try int128Column(values.map { Int128(UInt64(bitPattern: $0)) }, valid: valid, type: type)
        case .timestampMillis:
            var out = Array(values)
            for index in out.indices {
                let (product, overflow) = out[index].multipliedReportingOverflow(by: 1000)
                guard !overflow else { throw failure(.execution, "timestamp \(out[index]) ms is out of range") }
                out[index] = product
            }
            return try Column(out, type: .timestamp, validity: valid)
        case .timestampNanos:
            return try Column(values.map { $0 >= 0 ? $0 / 1000 : ($0 - 999) / 1000 }, type: .timestamp, validity: valid)
        case .integerDecimal:
            if case let .decimal(precision, _) = type, precision > 18 { return try int128Column(values.map { Int128($0) }, valid: valid, type: type) }
            return try Column(type, adopting: buffer, validity: valid)
        default:
            return try Column(type, adopting: buffer, validity: valid)
        }
    }

    private func int128Column(_ values: [Int128], valid: [Bool]?, type: DataType) throws -> Column {
        var builder = ColumnBuilder(type: type, capacity: values.count)
        for (index, value) in values.enumerated() {
            if valid?[index] == false { builder.appendNull() } else { builder.appendFixed(value) }
        }
        return builder.finish()
    }

    private func convertBytes(offsets: [Int32], bytes: [UInt8], valid: [Bool]?, type: DataType) throws -> Column {
        let rows = offsets.count - 1
        switch leaf.conversion {
        case .int96:
            var micros = [Int64](repeating: 0, count: rows)
            bytes.withUnsafeBytes { raw in
                for row in 0..<rows where offsets[row + 1] - offsets[row] == 12 {
                    let start = Int(offsets[row])
                    let nanos = Int64(littleEndian: raw.loadUnaligned(fromByteOffset: start, as: Int64.self))
                    let julian = Int64(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: start + 8, as: Int32.self)))
                    micros[row] = (julian - 2_440_588) &* 86_400_000_000 &+ nanos / 1000
                }
            }
            return try Column(micros, type: .timestamp, validity: valid)
        case .bytesDecimal:
            guard case let .decimal(precision, _) = type else { throw DataFlowError.internalError("decimal conversion of \(type)") }
            var unscaled = [Int128](repeating: 0, count: rows)
            for row in 0..<rows where valid?[row] ?? true {
                let start = Int(offsets[row]), end = Int(offsets[row + 1])
                guard end - start <= 16 else { throw failure("decimal of \(end - start) bytes does not fit 128 bits") }
                guard end > start else { continue }
                var value: Int128 = bytes[start] >= 0x80 ? -1 : 0
                for index in start..<end { value = value << 8 | Int128(bytes[index]) }
                unscaled[row] = value
            }
            if precision <= 18 { return try Column(unscaled.map { Int64(truncatingIfNeeded: $0) }, type: type, validity: valid) }
            return try int128Column(unscaled, valid: valid, type: type)
        case .uuid:
            let hex = Array("0123456789abcdef".utf8)
            var outOffsets: [Int32] = [0], text: [UInt8] = []
            text.reserveCapacity(rows * 36)
            for row in 0..<rows {
                let start = Int(offsets[row])
                if Int(offsets[row + 1]) - start == 16 {
                    for index in 0..<16 {
                        if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
                        text.append(hex[Int(bytes[start + index] >> 4)])
                        text.append(hex[Int(bytes[start + index] & 0x0F)])
                    }
                }
                outOffsets.append(Int32(text.count))
            }
            return try Column(offsets: outOffsets, bytes: text, type: .string, validity: valid)
        default:
            return try Column(offsets: offsets, bytes: bytes, type: type, validity: valid)
        }
    }
}
