import Foundation

/// Turns `Encodable` values into columns: each stored property becomes a column, in the order the
/// synthesized `encode(to:)` writes them. Used by `Session.createDataFrame(_:)`.
enum RowEncoder {
    /// The columns and schema of `values`. Column types come from the property types (also for
    /// optionals that are nil in every row).
    static func encode<T: Encodable>(_ values: [T], template: T.Type) throws -> ([Column], Schema) {
        let collector = FieldCollector()
        for (index, value) in values.enumerated() {
            collector.beginRow(index)
            do {
                try value.encode(to: ScalarEncoder(collector: collector))
            } catch let error as DataFlowError {
                throw error
            } catch {
                throw DataFlowError(.schema, "cannot encode row \(index + 1) of \(T.self)", location: ErrorLocation(row: index + 1),
                                    underlying: DescribedError(error))
            }
        }
        return try collector.finish(rowCount: values.count, typeName: "\(T.self)")
    }
}

/// Collects (column, value) pairs row by row.
private final class FieldCollector {
    struct Entry {
        var name: String
        var type: DataType?
        var nullable = false
        var values: [Int: Scalar] = [:]
    }

    var entries: [Entry] = []
    /// Properties written through containers DataFlow cannot turn into columns.
    var unsupported: [String] = []
    var indexByName: [String: Int] = [:]
    var row = 0

    func beginRow(_ index: Int) { row = index }

    func record(_ name: String, _ value: Scalar, type: DataType?, optional: Bool) throws {
        let index: Int
        if let existing = indexByName[name] {
            index = existing
        } else {
            index = entries.count
            indexByName[name] = index
            entries.append(Entry(name: name))
        }
        if optional { entries[index].nullable = true }
        if let type {
            if let known = entries[index].type, known != type {
                throw DataFlowError(.schema, "property '\(name)' is \(known) in an earlier row and \(type) in row \(row + 1)",
                                    location: ErrorLocation(column: name, row: row + 1))
            }
            entries[index].type = type
        }
        if value.isNull { entries[index].nullable = true } else { entries[index].values[row] = value }
    }

    func finish(rowCount: Int, typeName: String) throws -> ([Column], Schema) {
        if let name = unsupported.first {
            throw DataFlowError(.notImplemented, "property '\(name)' of \(typeName) is nested; createDataFrame needs structs of scalar properties",
                                location: ErrorLocation(column: name))
        }
        var columns: [Column] = []
        var fields: [Field] = []
        for entry in entries {
            guard let type = entry.type else {
                throw DataFlowError(.schema, "cannot tell the type of property '\(entry.name)' of \(typeName)", location: ErrorLocation(column: entry.name))
            }
            var builder = ColumnBuilder(type: type, capacity: rowCount)
            var nullable = entry.nullable
            for row in 0..<rowCount {
                if let value = entry.values[row] { try builder.append(value) } else {
                    builder.appendNull()
                    nullable = true
                }
            }
            columns.append(builder.finish())
            fields.append(Field(entry.name, type, nullable: nullable))
        }
        return (columns, Schema(fields))
    }
}

/// The scalar and type of a leaf value, or nil for types that are not columns.
private func leaf<T>(_ value: T) -> (Scalar, DataType)? {
    switch value {
    case let v as Int: return (.int64(Int64(v)), .int64)
    case let v as Int64: return (.int64(v), .int64)
    case let v as Int32: return (.int32(v), .int32)
    case let v as Int16: return (.int32(Int32(v)), .int32)
    case let v as Int8: return (.int32(Int32(v)), .int32)
    case let v as UInt32: return (.int64(Int64(v)), .int64)
    case let v as UInt16: return (.int32(Int32(v)), .int32)
    case let v as UInt8: return (.int32(Int32(v)), .int32)
    case let v as Double: return (.float64(v), .float64)
    case let v as Float: return (.float64(Double(v)), .float64)
    case let v as Bool: return (.boolean(v), .boolean)
    case let v as String: return (.string(v), .string)
    case let v as Date: return (.timestamp(Int64((v.timeIntervalSince1970 * 1e6).rounded())), .timestamp)
    case let v as Data: return (.binary([UInt8](v)), .binary)
    case let v as [UInt8]: return (.binary(v), .binary)
    case let v as Decimal:
        let text = NSDecimalNumber(decimal: v).stringValue
        let unscaled = text.utf8CString.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: UInt8.self) { TextParsing.decimal(UnsafeBufferPointer(rebasing: $0.dropLast()), precision: 38, scale: 18) }
        }
        return unscaled.map { (.decimal(unscaled: $0, precision: 38, scale: 18), .decimal(precision: 38, scale: 18)) }
    default: return nil
    }
}

/// The column type of a leaf type (for nil optionals).
private func leafType<T>(_: T.Type) -> DataType? {
    switch T.self {
    case is Int.Type, is Int64.Type, is UInt32.Type: return .int64
    case is Int32.Type, is Int16.Type, is Int8.Type, is UInt16.Type, is UInt8.Type: return .int32
    case is Double.Type, is Float.Type: return .float64
    case is Bool.Type: return .boolean
    case is String.Type: return .string
    case is Date.Type: return .timestamp
    case is Data.Type, is [UInt8].Type: return .binary
    case is Decimal.Type: return .decimal(precision: 38, scale: 18)
    default: return nil
    }
}

private struct ScalarEncoder: Encoder {
    let collector: FieldCollector
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(RowContainer<Key>(collector: collector))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer { UnsupportedContainer(codingPath: codingPath) }
    func singleValueContainer() -> any SingleValueEncodingContainer { UnsupportedContainer(codingPath: codingPath) }
}

private struct RowContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let collector: FieldCollector
    var codingPath: [any CodingKey] = []

    mutating func encodeNil(forKey key: Key) throws { try collector.record(key.stringValue, .null, type: nil, optional: true) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        guard let (scalar, type) = leaf(value) else {
            throw DataFlowError(.notImplemented, "property '\(key.stringValue)' of type \(T.self) is not a supported column type (nested values are not supported yet)",
                                location: ErrorLocation(column: key.stringValue))
        }
        try collector.record(key.stringValue, scalar, type: type, optional: false)
    }

    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try encodeOptional(value, key) }

    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try encodeOptional(value, key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try encodeOptional(value, key) }

    private mutating func encodeOptional<T: Encodable>(_ value: T?, _ key: Key) throws {
        if let value {
            guard let (scalar, type) = leaf(value) else { return try encode(value, forKey: key) }
            try collector.record(key.stringValue, scalar, type: type, optional: true)
        } else {
            try collector.record(key.stringValue, .null, type: leafType(T.self), optional: true)
        }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        collector.unsupported.append(key.stringValue)
        return KeyedEncodingContainer(RowContainer<NestedKey>(collector: FieldCollector()))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        collector.unsupported.append(key.stringValue)
        return UnsupportedContainer(codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        collector.unsupported.append("super")
        return ScalarEncoder(collector: FieldCollector())
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        collector.unsupported.append(key.stringValue)
        return ScalarEncoder(collector: FieldCollector())
    }
}

/// Rejects values that are not rows of leaf properties.
private struct UnsupportedContainer: UnkeyedEncodingContainer, SingleValueEncodingContainer {
    var codingPath: [any CodingKey]
    var count = 0

    private func reject() -> DataFlowError {
        DataFlowError(.notImplemented, "createDataFrame needs structs of scalar properties; arrays and single values are not supported yet")
    }

    mutating func encodeNil() throws { throw reject() }
    mutating func encode<T: Encodable>(_ value: T) throws { throw reject() }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let collector = FieldCollector()
        collector.unsupported.append("nested")
        return KeyedEncodingContainer(RowContainer<NestedKey>(collector: collector))
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { self }
    mutating func superEncoder() -> any Encoder { ScalarEncoder(collector: FieldCollector()) }
}
