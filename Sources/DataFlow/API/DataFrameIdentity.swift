import Foundation

/// Hands out DataFrame identities, which name the automatic qualifier of a DataFrame's columns in
/// a join (see `DataFrame.subscript(_:)`).
enum DataFrameIdentity {
    /// Automatic qualifiers start with this, which no user alias can.
    static let prefix = "#df"
    private static let lock = NSLock()
    nonisolated(unsafe) private static var last = 0

    /// A fresh identity.
    static func next() -> Int {
        lock.withLock {
            last += 1
            return last
        }
    }
}
