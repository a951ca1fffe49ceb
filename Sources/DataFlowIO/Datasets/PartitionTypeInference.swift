import DataFlow
import Foundation

/// The narrowest of int, long, double, date, timestamp, string holding every value, and the values.
func inferPartitionType(_ raw: [String?]) -> (DataType, [Scalar]) {
    let present = raw.compactMap { $0 }
    func all(_ convert: (String) -> Scalar?) -> [Scalar]? {
        var out: [Scalar] = []
        for value in raw {
            guard let value else { out.append(.null); continue }
            guard let scalar = convert(value) else { return nil }
            out.append(scalar)
        }
        return out
    }
    func parsed(_ text: String, as type: DataType) -> Scalar? {
        var text = text
        return text.withUTF8 { bytes -> Scalar? in
            guard let parser = try? TextColumnParser(type: type), let base = bytes.baseAddress else { return nil }
            let result = [Int32(0)].withUnsafeBufferPointer { starts in
                [Int32(bytes.count)].withUnsafeBufferPointer { lengths in parser.parse(base, starts: starts, lengths: lengths) }
            }
            // Not `invalid.isEmpty ? scalar : nil`: Scalar is nil-literal expressible, so that `nil`
            // would be `Scalar.null`, a successful parse, and every text would read as a null timestamp.
            guard result.invalid.isEmpty else { return nil }
            return result.column.scalar(at: 0)
        }
    }
    if !present.isEmpty {
        if let values = all({ text in Int32(text).map(Scalar.int32) }) { return (.int32, values) }
        if let values = all({ text in Int64(text).map(Scalar.int64) }) { return (.int64, values) }
        if let values = all({ text in Double(text).flatMap { text.contains(where: \.isLetter) ? nil : Scalar.float64($0) } }) { return (.float64, values) }
        if let values = all({ text in text.count == 10 ? parsed(text, as: .date) : nil }) { return (.date, values) }
        if let values = all({ text in parsed(text, as: .timestamp) }) { return (.timestamp, values) }
    }
    return (.string, raw.map { $0.map(Scalar.string) ?? .null })
}
