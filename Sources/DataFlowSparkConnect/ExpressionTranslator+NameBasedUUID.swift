import DataFlow
import Foundation

extension ExpressionTranslator {
    /// `uuid_from_hash(e[, namespace])` out of Spark's functions, equal to DataFlow's: the SHA-1
    /// digest of the namespace's 16 bytes followed by the value's bytes (`sha1(concat(unhex(ns),
    /// cast(e as binary)))`), its first 32 hex digits cut 8-4-4-4-12, with the version digit set to
    /// 5 and the variant digit's top bits to 10 (`translate` maps 0-f onto 8, 9, a, b). Null stays
    /// null: `concat` is null when any part is.
    /// - Throws: `DataFlowError` (`.invalidArgument`) when the namespace is not a UUID literal.
    func nameBasedUUID(_ arguments: [Expr]) throws -> Spark_Connect_Expression {
        guard let value = arguments.first, arguments.count <= 2 else {
            throw DataFlowError.invalidArgument("uuid_from_hash", "takes a value and an optional namespace, not \(arguments.count) arguments")
        }
        var namespaceText = NameBasedUUID.urlNamespace
        if arguments.count == 2 {
            guard case let .literal(.string(text), _) = arguments[1].node else {
                throw DataFlowError(.invalidArgument, "uuid_from_hash: on Spark the namespace must be a string literal, not \(arguments[1])",
                                    location: ErrorLocation(argument: "namespace", operatorName: "uuid_from_hash"))
            }
            namespaceText = text
        }
        guard let namespace = NameBasedUUID(namespace: namespaceText)?.namespace else {
            throw DataFlowError(.invalidArgument, "uuid_from_hash: namespace '\(namespaceText)' is not a UUID (8-4-4-4-12 hexadecimal digits)",
                                location: ErrorLocation(argument: "namespace", operatorName: "uuid_from_hash"))
        }
        let namespaceHex = namespace.map { String(format: "%02x", $0) }.joined()
        let bytes = try translate(value.cast(.binary))
        let digest = function("sha1", [function("concat", [function("unhex", [text(namespaceHex)]), bytes])])
        func digits(_ start: Int32, _ count: Int32) -> Spark_Connect_Expression {
            function("substring", [digest, constant(.int32(start)), constant(.int32(count))])
        }
        let variant = function("translate", [digits(17, 1), text("0123456789abcdef"), text("89ab89ab89ab89ab")])
        return function("concat", [digits(1, 8), text("-"), digits(9, 4), text("-5"), digits(14, 3), text("-"),
                                   variant, digits(18, 3), text("-"), digits(21, 12)])
    }

    private func text(_ value: String) -> Spark_Connect_Expression { constant(.string(value)) }
}
