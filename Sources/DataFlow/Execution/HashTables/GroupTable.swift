/// Maps the key tuples of rows to dense group ids (0, 1, 2, ... in first-seen order), the core of
/// hash aggregation, DISTINCT and dropDuplicates. Keys are kept columnar (or row-encoded) inside the
/// table, never as Swift values per row.
protocol GroupTable: AnyObject {
    /// The number of distinct keys seen.
    var groupCount: Int { get }
    /// Finds or inserts the key of every row of `keys` (one column per key part), writing each row's
    /// group id into `groupIds`.
    func findOrInsert(_ keys: [Column], groupIds: inout [Int32])
    /// Looks up the key of every row without inserting, writing its group id, or -1 when the key was
    /// never inserted (a null key finds the null group, if there is one). Reads the table only, so
    /// once nothing inserts any more, any number of threads may call it at once, each with its own
    /// `scratch`.
    func find(_ keys: [Column], groupIds: inout [Int32], scratch: inout EncodedKeyRows)
    /// The distinct keys, one column per key part, in group id order.
    func keyColumns() -> [Column]
    /// Approximate bytes held.
    var memoryBytes: Int { get }
}

/// The group table suited to key columns of `types`.
func makeGroupTable(for types: [DataType]) -> any GroupTable {
    if types.count == 1, let type = types.first {
        if FixedKeyGroupTable.supports(type) { return FixedKeyGroupTable(type: type) }
        if type.isVariableWidth { return BytesKeyGroupTable(type: type) }
    }
    return RowKeyGroupTable(types: types)
}

/// Growable raw storage for plain values, without Array's uniqueness checks in hot loops.
struct RawVector<T> {
    private(set) var base: UnsafeMutablePointer<T>
    private(set) var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 1024) {
        self.capacity = Swift.max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    @inline(__always)
    mutating func append(_ value: T) {
        if count == capacity { grow(count + 1) }
        (base + count).initialize(to: value)
        count += 1
    }

    /// Makes room for `total` elements.
    mutating func grow(_ total: Int) {
        guard total > capacity else { return }
        let newCapacity = Swift.max(total, capacity * 2)
        let newBase = UnsafeMutablePointer<T>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Appends `n` copies of `value`.
    mutating func append(repeating value: T, count n: Int) {
        grow(count + n)
        (base + count).initialize(repeating: value, count: n)
        count += n
    }

    @inline(__always)
    subscript(index: Int) -> T {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }

    /// Frees the storage; the vector must not be used afterwards.
    func free() {
        base.deinitialize(count: count)
        base.deallocate()
    }
}
