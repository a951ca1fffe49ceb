import Synchronization

/// Hands out DataFrame identities, which name the automatic qualifier of a DataFrame's columns in
/// a join (see `DataFrame.subscript(_:)`).
enum DataFrameIdentity {
    /// Automatic qualifiers start with this, which no user alias can.
    static let prefix = "#df"
    private static let last = Atomic<Int>(0)

    /// A fresh identity.
    static func next() -> Int { last.wrappingAdd(1, ordering: .relaxed).newValue }
}
