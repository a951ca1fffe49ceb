import Foundation

/// Decodes a `Row` into a `Decodable` value, matching coding keys to column names
/// (case-insensitive) and converting between compatible types (an int column into an `Int64` or
/// `Double` property, a date or timestamp into a `Date`).
enum RowDecoder {
    static func decode<T: Decodable>(_ type: T.Type, from row: Row, rowNumber: Int) throws -> T {
        do {
            return try T(from: ValueDecoder(row: row, rowNumber: rowNumber))
        } catch let error as DataFlowError {
            throw error
        } catch {
            throw DataFlowError(.schema, "cannot decode row \(rowNumber) as \(T.self)", location: ErrorLocation(row: rowNumber),
                                underlying: DescribedError(error))
        }
    }
}

private struct ValueDecoder: Decoder {
    let row: Row
    let rowNumber: Int
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(RowDecodingContainer<Key>(row: row, rowNumber: rowNumber))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DataFlowError(.notImplemented, "collect(as:) decodes structs with one property per column; arrays are not supported")
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw DataFlowError(.notImplemented, "collect(as:) decodes structs with one property per column; single values are not supported")
    }
}

private struct RowDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let row: Row
    let rowNumber: Int
    var codingPath: [any CodingKey] = []

    var allKeys: [Key] { row.schema.names.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { row[key.stringValue] != nil }

    private func value(_ key: Key) throws -> Scalar {
        guard let value = row[key.stringValue] else {
            throw DataFlowError(.schema, "no column '\(key.stringValue)' to decode; columns: [\(row.schema.names.joined(separator: ", "))]",
                                location: ErrorLocation(column: key.stringValue, row: rowNumber))
        }
        return value
    }

    private func mismatch<T>(_ key: Key, _ value: Scalar, _: T.Type) -> DataFlowError {
        DataFlowError(.schema, "column '\(key.stringValue)' holds \(value.isNull ? "NULL" : "a \(value.dataType)") value that does not decode as \(T.self)",
                      location: ErrorLocation(column: key.stringValue, row: rowNumber))
    }

    func decodeNil(forKey key: Key) throws -> Bool { try value(key).isNull }

    private func integer(_ key: Key) throws -> Int64 {
        let v = try value(key)
        switch v {
        case let .int64(x): return x
        case let .int32(x): return Int64(x)
        case let .date(x): return Int64(x)
        case let .decimal(unscaled, _, scale) where unscaled % powerOfTen(scale) == 0:
            guard let whole = Int64(exactly: unscaled / powerOfTen(scale)) else { throw mismatch(key, v, Int64.self) }
            return whole
        default: throw mismatch(key, v, Int64.self)
        }
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        guard case let .boolean(x) = try value(key) else { throw mismatch(key, try value(key), type) }
        return x
    }

    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        let v = try value(key)
        guard case let .string(x) = v else { throw mismatch(key, v, type) }
        return x
    }

    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        let v = try value(key)
        switch v {
        case let .float64(x): return x
        case let .int64(x): return Double(x)
        case let .int32(x): return Double(x)
        case let .decimal(unscaled, _, scale): return Double(unscaled) / Double(powerOfTen(scale))
        default: throw mismatch(key, v, type)
        }
    }

    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try decode(Double.self, forKey: key)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { Int(try integer(key)) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(key) }

    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 {
        let v = try integer(key)
        guard let x = Int32(exactly: v) else { throw mismatch(key, try value(key), type) }
        return x
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let v = try value(key)
        let decoded: Any
        switch T.self {
        case is Int.Type: decoded = try decode(Int.self, forKey: key)
        case is Int64.Type: decoded = try decode(Int64.self, forKey: key)
        case is Int32.Type: decoded = try decode(Int32.self, forKey: key)
        case is Double.Type: decoded = try decode(Double.self, forKey: key)
        case is Float.Type: decoded = try decode(Float.self, forKey: key)
        case is String.Type: decoded = try decode(String.self, forKey: key)
        case is Bool.Type: decoded = try decode(Bool.self, forKey: key)
        case is Date.Type:
            switch v {
            case let .timestamp(micros): decoded = Date(timeIntervalSince1970: Double(micros) / 1e6)
            case let .date(days): decoded = Date(timeIntervalSince1970: Double(days) * 86_400)
            default: throw mismatch(key, v, type)
            }
        case is [UInt8].Type, is Data.Type:
            guard case let .binary(bytes) = v else { throw mismatch(key, v, type) }
            decoded = T.self == Data.self ? Data(bytes) as Any : bytes as Any
        case is Decimal.Type:
            guard case let .decimal(unscaled, _, scale) = v, let decimal = Decimal(string: formatDecimal(unscaled: unscaled, scale: scale)) else {
                throw mismatch(key, v, type)
            }
            decoded = decimal
        default:
            throw DataFlowError(.notImplemented, "property '\(key.stringValue)' of type \(T.self) cannot be decoded from a column",
                                location: ErrorLocation(column: key.stringValue, row: rowNumber))
        }
        guard let typed = decoded as? T else { throw mismatch(key, v, type) }
        return typed
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        throw DataFlowError(.notImplemented, "nested property '\(key.stringValue)' cannot be decoded from a column")
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        throw DataFlowError(.notImplemented, "array property '\(key.stringValue)' cannot be decoded from a column")
    }

    func superDecoder() throws -> any Decoder { ValueDecoder(row: row, rowNumber: rowNumber) }
    func superDecoder(forKey key: Key) throws -> any Decoder { ValueDecoder(row: row, rowNumber: rowNumber) }
}
