import Foundation

/// The few XML documents S3 answers with (listings, errors, upload ids): flat enough that their
/// elements are found by tag, without a DOM. Text is unescaped (`&amp;`, `&lt;`, `&gt;`, `&quot;`,
/// `&apos;`, `&#…;`).
struct S3XML {
    let text: Substring

    init(_ text: String) { self.text = Substring(text) }
    private init(_ text: Substring) { self.text = text }

    /// The contents of every `<tag>…</tag>` element, in order (not nested in one another).
    func elements(_ tag: String) -> [S3XML] {
        var found: [S3XML] = []
        var rest = text[...]
        let open = "<\(tag)>", close = "</\(tag)>"
        while let start = rest.range(of: open), let end = rest[start.upperBound...].range(of: close) {
            found.append(S3XML(rest[start.upperBound..<end.lowerBound]))
            rest = rest[end.upperBound...]
        }
        return found
    }

    /// The unescaped text of the first `<tag>` element, if any.
    func value(_ tag: String) -> String? { elements(tag).first.map { Self.unescape($0.text) } }

    /// XML text with its entity and character references replaced.
    static func unescape(_ text: Substring) -> String {
        guard text.contains("&") else { return String(text) }
        var result = ""
        var rest = text[...]
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            guard let semicolon = rest[amp...].firstIndex(of: ";") else { break }
            let name = rest[rest.index(after: amp)..<semicolon]
            switch name {
            case "amp": result += "&"
            case "lt": result += "<"
            case "gt": result += ">"
            case "quot": result += "\""
            case "apos": result += "'"
            default:
                let code = name.hasPrefix("#x") ? UInt32(name.dropFirst(2), radix: 16) : name.hasPrefix("#") ? UInt32(name.dropFirst()) : nil
                if let scalar = code.flatMap(Unicode.Scalar.init) { result.unicodeScalars.append(scalar) } else { result += rest[amp...semicolon] }
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return result + rest
    }

    /// `text` escaped for an XML element.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
