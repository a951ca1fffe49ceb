/// The building blocks of the array and map functions: which row each entry belongs to, arrays
/// assembled from picked entries, and equality of elements through their byte images. Functions
/// work on whole element columns with these, never on one boxed value at a time.
extension Column {
    /// The child entries the rows of an array or map column use.
    var listEntries: Range<Int> {
        withListOffsets { offsets, _ in Int(offsets[0]) ..< Int(offsets[count]) }
    }

    /// The row of each entry in `listEntries`, in order.
    func listEntryRows() -> [Int32] {
        withListOffsets { offsets, _ in
            var rows: [Int32] = []
            rows.reserveCapacity(Int(offsets[count] - offsets[0]))
            for row in 0..<count { rows.append(contentsOf: repeatElement(Int32(row), count: Int(offsets[row + 1] - offsets[row]))) }
            return rows
        }
    }
}

/// An array column built row by row from entries picked out of an element column: a pick is an
/// index into that column, or -1 for a null element.
struct ArrayAssembly {
    private(set) var offsets: [Int32] = [0]
    private(set) var picks: [Int32] = []
    private var validity: [Bool] = []
    private var hasNull = false

    /// Appends one element to the row being built.
    mutating func append(_ pick: Int32) { picks.append(pick) }

    /// Appends again the picks at `positions` of those made so far.
    mutating func repeatPicks(_ positions: Range<Int>) { picks.append(contentsOf: picks[positions]) }

    /// Appends the elements `range` to the row being built.
    mutating func append(_ range: Range<Int>) { picks.append(contentsOf: range.lazy.map { Int32($0) }) }

    /// Ends the row being built; a null row keeps no elements.
    mutating func endRow(isNull: Bool = false) {
        if isNull { picks.removeLast(picks.count - Int(offsets[offsets.count - 1])) }
        offsets.append(Int32(picks.count))
        validity.append(!isNull)
        hasNull = hasNull || isNull
    }

    /// The array column of the rows, whose elements are taken from `elements`.
    func finish(elements: Column) -> Column {
        let validityBuffer = hasNull ? Bitmap.fromBools(validity) : nil
        return .array(count: validity.count, offsets: .copying(offsets), elements: take(elements, indices: picks), validity: validityBuffer)
    }
}

/// `arrays` with the -0.0 among its double elements written 0.0, as Spark's set functions
/// (array_distinct, array_union, array_intersect, array_except) return them.
func normalizingNegativeZeros(_ arrays: Column) -> Column {
    guard case .array(.float64) = arrays.type else { return arrays }
    let elements = arrays.children[0]
    let buffer = Buffer(capacity: elements.count * MemoryLayout<Double>.stride)
    let out = buffer.typed(Double.self)
    elements.withValues(Double.self) { values, _ in
        for index in 0..<elements.count { out[index] = values[index] == 0 ? 0 : values[index] }
    }
    let normalized = Column(type: .float64, count: elements.count, values: buffer, validity: nil)
        .withValidity(elements.validity, offset: elements.offset)
    return Column(type: arrays.type, count: arrays.count, values: arrays.values, validity: arrays.validity, offset: arrays.offset,
                  nullCount: arrays.nullCount, children: [normalized])
}

extension Buffer {
    /// A buffer holding a copy of `values`.
    static func copying<T>(_ values: [T]) -> Buffer { values.withUnsafeBufferPointer { Buffer(copying: $0) } }
}

/// Byte images of the values of a column, null ones included, that are equal exactly when the
/// values are (Spark's equality inside collections: NaN equals NaN, -0.0 equals 0.0, null equals
/// null): each value's `NestedOrderedBytes` slot.
struct ValueImages {
    let images: Column
    let hashes: [UInt64]

    init(_ column: Column) {
        let wrapped = Column.structure(.struct([Field("value", column.type)]), count: column.count, fields: [column], validity: nil)
        images = NestedOrderedBytes.encode(wrapped)
        hashes = images.withBytes { offsets, data, _ in
            (0..<column.count).map { Hashing.hashBytes(data + Int(offsets[$0]), Int(offsets[$0 + 1] - offsets[$0])) }
        }
    }

    /// Whether values `a` and `b` are equal.
    func equal(_ a: Int, _ b: Int) -> Bool {
        guard hashes[a] == hashes[b] else { return false }
        return images.withBytes { offsets, data, _ in
            let aStart = Int(offsets[a]), bStart = Int(offsets[b])
            return compareBytes(data + aStart, Int(offsets[a + 1]) - aStart, data + bStart, Int(offsets[b + 1]) - bStart) == 0
        }
    }

    /// Whether value `index` is null.
    func isNull(_ index: Int) -> Bool {
        images.withBytes { offsets, data, _ in data[Int(offsets[index])] == 1 }
    }
}

/// A set of values of one `ValueImages`, by index, reused row after row.
struct ValueSet {
    private var slots: [Int32] = []
    private var used: [Int] = []

    /// Empties the set, sized for up to `capacity` values.
    mutating func reset(capacity: Int) {
        let size = max(8, (capacity * 2).nextPowerOfTwo)
        if slots.count < size {
            slots = [Int32](repeating: -1, count: size)
        } else {
            for slot in used { slots[slot] = -1 }
        }
        used.removeAll(keepingCapacity: true)
    }

    /// Inserts value `index`; false when an equal value is already in the set.
    mutating func insert(_ index: Int, of values: ValueImages) -> Bool {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: values.hashes[index]) & mask
        while slots[slot] >= 0 {
            if values.equal(Int(slots[slot]), index) { return false }
            slot = (slot + 1) & mask
        }
        slots[slot] = Int32(index)
        used.append(slot)
        return true
    }

    /// Whether a value equal to value `index` is in the set.
    func contains(_ index: Int, of values: ValueImages) -> Bool {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: values.hashes[index]) & mask
        while slots[slot] >= 0 {
            if values.equal(Int(slots[slot]), index) { return true }
            slot = (slot + 1) & mask
        }
        return false
    }
}

extension Int {
    /// The smallest power of two at least this value (1 for values below 1).
    fileprivate var nextPowerOfTwo: Int { self <= 1 ? 1 : 1 << (Int.bitWidth - (self - 1).leadingZeroBitCount) }
}
