/// State an operator shares between the partitions of one execution, with the memory it holds.
struct HeldState<Value: Sendable>: Sendable {
    let value: Value
    let reservation: MemoryReservation

    init(_ value: Value, reservation: MemoryReservation) {
        self.value = value
        self.reservation = reservation
    }
}
