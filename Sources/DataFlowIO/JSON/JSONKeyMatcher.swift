import DataFlow
import Foundation

/// Maps the keys of JSON lines to columns: a key names the column spelled exactly like it, else
/// the one spelled the same ignoring case. Lines usually repeat their keys in the same order, so
/// the result for the key at each position of the previous lines is remembered and reused after
/// a byte comparison; only new keys are looked up (without allocating, for exact matches).
struct JSONKeyMatcher {
    /// Which column a key names, and whether exactly (an exact match beats a case-insensitive one).
    struct Match {
        /// The column index, or -1 when the key names no column.
        let column: Int
        let exact: Bool
    }

    /// A key's bytes, hashable; the bytes stay owned by someone else.
    private struct Key: Hashable {
        let bytes: UnsafeRawBufferPointer

        static func == (lhs: Key, rhs: Key) -> Bool { sameBytes(lhs.bytes, rhs.bytes) }

        func hash(into hasher: inout Hasher) { hasher.combine(bytes: bytes) }
    }

    /// The column names back to back (never grown after `init`): the `Key`s of `exact` point here.
    private let names: GrowableBuffer<UInt8>
    private var exact: [Key: Int] = [:]
    private var folded: [String: Int] = [:]
    /// Per key position in a line, the last key seen there (its bytes in `recent`, length -1 for
    /// none) and what it matched.
    private var recent = GrowableBuffer<UInt8>(capacity: 1024)
    private var recentStarts: [Int] = []
    private var recentLengths: [Int] = []
    private var recentMatches: [Match] = []

    /// A matcher for columns called `columns` (earlier columns win over later duplicates).
    init(columns: [String]) {
        var names = GrowableBuffer<UInt8>(capacity: columns.reduce(0) { $0 + $1.utf8.count })
        var ranges: [Range<Int>] = []
        for name in columns {
            let start = names.count
            for byte in name.utf8 { names.append(byte) }
            ranges.append(start..<names.count)
        }
        self.names = names
        for (index, name) in columns.enumerated() {
            let key = Key(bytes: UnsafeRawBufferPointer(names.elements(ranges[index])))
            if exact[key] == nil { exact[key] = index }
            if folded[name.lowercased()] == nil { folded[name.lowercased()] = index }
        }
    }

    /// The column `key`, found at `position` among its line's keys, names.
    @inline(__always)
    mutating func match(_ key: UnsafeBufferPointer<UInt8>, position: Int) -> Match {
        if position < recentStarts.count, recentLengths[position] == key.count,
           sameBytes(UnsafeRawBufferPointer(recent.elements(recentStarts[position]..<(recentStarts[position] + key.count))), UnsafeRawBufferPointer(key)) {
            return recentMatches[position]
        }
        let found = lookUp(key)
        if recent.count > 1 << 16 {
            // Keys keep changing: start remembering afresh.
            recent.reset()
            recentStarts.removeAll(keepingCapacity: true)
            recentLengths.removeAll(keepingCapacity: true)
            recentMatches.removeAll(keepingCapacity: true)
        }
        while recentStarts.count <= position {
            recentStarts.append(0)
            recentLengths.append(-1)
            recentMatches.append(Match(column: -1, exact: false))
        }
        recentStarts[position] = recent.count
        if let bytes = key.baseAddress { recent.append(bytes, count: key.count) }
        recentLengths[position] = key.count
        recentMatches[position] = found
        return found
    }

    private func lookUp(_ key: UnsafeBufferPointer<UInt8>) -> Match {
        if let column = exact[Key(bytes: UnsafeRawBufferPointer(key))] { return Match(column: column, exact: true) }
        if let column = folded[String(decoding: key, as: UTF8.self).lowercased()] { return Match(column: column, exact: false) }
        return Match(column: -1, exact: false)
    }
}

/// Whether two byte ranges hold the same bytes.
@inline(__always)
private func sameBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    guard a.count == b.count else { return false }
    guard let x = a.baseAddress, let y = b.baseAddress else { return true }
    return memcmp(x, y, a.count) == 0
}
