/// The per-group state of one aggregate function, updated a batch at a time from the group ids the
/// group table assigned. Two-phase aggregation uses `update` + `states` on each partition (partial),
/// then `merge` + `evaluate` after the exchange (final); single-phase uses `update` + `evaluate`.
protocol GroupAccumulator: AnyObject {
    /// The partial state's columns (as they travel through an exchange).
    var stateFields: [Field] { get }
    /// The type of the final value.
    var resultType: DataType { get }
    /// Adds raw input values (`nil` for `count(*)`).
    func update(_ input: Column?, groupIds: UnsafeBufferPointer<Int32>, groupCount: Int) throws
    /// Merges partial states produced by `states` of other accumulators of the same kind.
    func merge(_ states: [Column], groupIds: UnsafeBufferPointer<Int32>, groupCount: Int) throws
    /// The partial states of groups `0..<groupCount`.
    func states(groupCount: Int) throws -> [Column]
    /// The final values of groups `0..<groupCount`.
    func evaluate(groupCount: Int) throws -> Column
}

/// Whether an aggregate can run in two phases (distinct aggregates need every value of a group in
/// one place).
extension AggregateCall {
    var supportsPartial: Bool { !distinct }
}

/// Per-group storage of plain values, grown as groups appear.
struct GroupValues<T: BitwiseCopyable> {
    private(set) var storage: GrowableBuffer<T>
    let initial: T

    init(initial: T) {
        self.initial = initial
        storage = GrowableBuffer(capacity: 1024)
    }

    /// Makes room for `groupCount` groups, filling new ones with the initial value.
    @inline(__always)
    mutating func resize(_ groupCount: Int) {
        if storage.count < groupCount { storage.append(repeating: initial, count: groupCount - storage.count) }
    }

    @inline(__always)
    subscript(group: Int) -> T {
        get { storage[group] }
        nonmutating set { storage[group] = newValue }
    }

    var base: UnsafeMutablePointer<T> { storage.base }
}

/// A column of `count` fixed-width values copied from `values`, null where `present` is false.
func makeColumn<T>(type: DataType, values: UnsafePointer<T>, present: UnsafePointer<Bool>?, count: Int) -> Column {
    let buffer = Buffer(capacity: count * MemoryLayout<T>.stride)
    buffer.typed(T.self).update(from: values, count: count)
    var validity: Buffer?
    if let present {
        let bits = Buffer(capacity: Bitmap.byteCount(count), zeroed: true)
        for i in 0..<count where present[i] { Bitmap.set(bits.typed(UInt8.self), i) }
        validity = bits
    }
    return Column(type: type, count: count, values: buffer, validity: validity)
}

/// A boolean column from flags.
func makeBooleanColumn(_ flags: UnsafePointer<Bool>, count: Int) -> Column {
    let buffer = Buffer(capacity: Bitmap.byteCount(count), zeroed: true)
    for i in 0..<count where flags[i] { Bitmap.set(buffer.typed(UInt8.self), i) }
    return Column(type: .boolean, count: count, values: buffer, validity: nil)
}
