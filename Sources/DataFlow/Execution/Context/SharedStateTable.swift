/// Values computed once per execution and shared between the partitions of one operator, keyed by
/// the operator. The table's lock only finds or adds a slot; each slot has its own, held while its
/// value is computed, so operators build their shared state independently of each other.
final class SharedStateTable: Sendable {
    private let slots = Locked<[ObjectIdentifier: SharedSlot]>([:])

    /// The value of `key`, computed by the first caller's `make`; callers arriving meanwhile wait.
    func value<Value: Sendable>(for key: ObjectIdentifier, _ make: () throws -> Value) throws -> Value {
        let slot = slots.withLock { slots in
            if let slot = slots[key] { return slot }
            let slot = SharedSlot()
            slots[key] = slot
            return slot
        }
        let stored = try slot.value(make)
        guard let value = stored as? Value else {
            throw DataFlowError.internalError("shared operator state holds \(type(of: stored)), not \(Value.self)")
        }
        return value
    }
}

/// One shared value: empty, computed, or the error computing it threw.
private final class SharedSlot: Sendable {
    private let state = Locked<Result<any Sendable, any Error>?>(nil)

    func value(_ make: () throws -> any Sendable) throws -> any Sendable {
        try state.withLock { state in
            if state == nil { state = Result { try make() } }
            return try state!.get()
        }
    }
}
