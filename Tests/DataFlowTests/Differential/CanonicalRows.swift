@testable import DataFlow
import Foundation

/// Results as canonical text rows, for a fast first comparison: a row is its fields joined by
/// U+001F, a null field is U+0001, and every value is spelled as the oracle spells it (integers in
/// decimal, doubles as their shortest round-trip text with 'nan' / 'inf' / '-inf', decimals with all
/// their scale digits, dates `yyyy-MM-dd`, timestamps `yyyy-MM-dd HH:mm:ss.ffffff`, booleans
/// 'true' / 'false'). Equal results almost always have equal texts; when the texts differ the tests
/// fall back to comparing typed cells, which also tells what differs.
enum CanonicalRows {
    static let fieldSeparator: UInt8 = 0x1F
    static let nullField: UInt8 = 0x01

    /// One 64-bit hash per row of the canonical text of DataFlow's result batches.
    static func hashes(_ batches: [RecordBatch]) -> [UInt64] {
        var hashes: [UInt64] = []
        for batch in batches {
            let fields = batch.columns.map(texts)
            for row in 0..<batch.rowCount {
                var hasher = Hasher()
                for (index, column) in fields.enumerated() {
                    if index > 0 { hasher.combine(fieldSeparator) }
                    if var text = column[row] {
                        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
                    } else {
                        hasher.combine(nullField)
                    }
                }
                hashes.append(UInt64(bitPattern: Int64(hasher.finalize())))
            }
        }
        return hashes
    }

    /// One hash per line of the oracle's canonical text (lines end with '\n').
    static func hashes(lines bytes: UnsafeRawBufferPointer, starts: [Int]) -> [UInt64] {
        (0..<(starts.count - 1)).map { index in
            // `combine(_: UInt8)` and `combine(bytes:)` feed one byte stream: a line hashed whole
            // equals the same bytes hashed field by field.
            var hasher = Hasher()
            hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: bytes[starts[index] ..< starts[index + 1] - 1]))
            return UInt64(bitPattern: Int64(hasher.finalize()))
        }
    }

    /// An order-independent digest of a multiset of row hashes: the row count and two wrapping sums
    /// of differently mixed hashes. Equal multisets have equal digests; unequal ones practically never.
    struct Digest: Equatable {
        var count = 0
        var sum: UInt64 = 0
        var mixedSum: UInt64 = 0

        init(_ hashes: [UInt64]) {
            count = hashes.count
            for hash in hashes {
                sum &+= hash
                var x = hash ^ 0x9E37_79B9_7F4A_7C15
                x = (x ^ (x >> 31)) &* 0xBF58_476D_1CE4_E5B9
                mixedSum &+= x ^ (x >> 29)
            }
        }
    }

    /// The canonical text of each value of `column` (nil for null).
    static func texts(_ column: Column) -> [String?] {
        let count = column.count
        func map<T>(_: T.Type, _ transform: (T) -> String) -> [String?] {
            column.withValues(T.self) { values, validity in (0..<count).map { validity[$0] ? transform(values[$0]) : nil } }
        }
        switch column.type {
        case .int32: return map(Int32.self) { String($0) }
        case .int64: return map(Int64.self) { String($0) }
        case .float64: return map(Double.self, doubleText)
        case .date: return map(Int32.self) { formatDate(days: $0) }
        case .timestamp: return map(Int64.self, isoTimestamp)
        case .boolean:
            return column.withBits { bits, validity in (0..<count).map { validity[$0] ? (bits[$0] ? "true" : "false") : nil } }
        case .string:
            return column.withBytes { offsets, data, validity in
                (0..<count).map { index in
                    guard validity[index] else { return nil }
                    let start = Int(offsets[index])
                    return String(decoding: UnsafeBufferPointer(start: data + start, count: Int(offsets[index + 1]) - start), as: UTF8.self)
                }
            }
        case let .decimal(_, scale):
            let unscaled = decimalValues(column)
            let validity = column.validityView
            return (0..<count).map { validity[$0] ? formatDecimal(unscaled: unscaled[$0], scale: scale) : nil }
        case .binary, .null, .array, .map, .struct:
            return ResultCells.cells(column).map { cell in if case let .text(text) = cell { return text } else { return nil } }
        }
    }

    static func doubleText(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return "\(value)"
    }
}
