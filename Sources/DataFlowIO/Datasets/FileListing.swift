import DataFlow
import Foundation

/// Files below `directory`, depth first in name order, skipping names starting with `_` or `.`.
func walk(_ directory: String) throws -> [(path: String, size: Int)] {
    let manager = FileManager.default
    var isDirectory: ObjCBool = false
    guard manager.fileExists(atPath: directory, isDirectory: &isDirectory) else {
        throw DataFlowError(.io, "path does not exist", location: ErrorLocation(path: directory))
    }
    guard isDirectory.boolValue else {
        let size = (try? manager.attributesOfItem(atPath: directory)[.size] as? Int) ?? 0
        return [(directory, size)]
    }
    let names: [String]
    do { names = try manager.contentsOfDirectory(atPath: directory).sorted() } catch {
        throw DataFlowError(.io, "cannot list directory", location: ErrorLocation(path: directory), underlying: DescribedError(error))
    }
    var files: [(path: String, size: Int)] = []
    for name in names where !name.hasPrefix("_") && !name.hasPrefix(".") {
        files += try walk(directory + "/" + name)
    }
    return files
}

/// `path` relative to `root` (without a leading slash).
func relativePath(_ path: String, to root: String) -> String {
    let prefix = root.hasSuffix("/") ? root : root + "/"
    return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
}

/// The directory before the first component with a glob character, and the pattern after it.
func splitGlob(_ path: String) -> (root: String, pattern: String) {
    let components = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    let firstGlob = components.firstIndex { $0.contains(where: { "*?[".contains($0) }) } ?? components.count
    let root = components[..<firstGlob].joined(separator: "/")
    return (root.isEmpty ? "/" : root, components[firstGlob...].joined(separator: "/"))
}

/// Whether `path` (relative, `/`-separated) matches the glob: `*` and `?` within a component,
/// `[abc]` classes, `**` across any number of components.
func globMatches(_ pattern: String, _ path: String) -> Bool {
    let patternParts = pattern.split(separator: "/").map(String.init)
    let pathParts = path.split(separator: "/").map(String.init)
    func match(_ p: Int, _ q: Int) -> Bool {
        if p == patternParts.count { return q == pathParts.count }
        if patternParts[p] == "**" {
            for next in q...pathParts.count where match(p + 1, next) { return true }
            return false
        }
        return q < pathParts.count && componentMatches(Array(patternParts[p].utf8), Array(pathParts[q].utf8)) && match(p + 1, q + 1)
    }
    return match(0, 0)
}

private func componentMatches(_ pattern: [UInt8], _ text: [UInt8]) -> Bool {
    func match(_ p: Int, _ t: Int) -> Bool {
        if p == pattern.count { return t == text.count }
        switch pattern[p] {
        case UInt8(ascii: "*"):
            for next in t...text.count where match(p + 1, next) { return true }
            return false
        case UInt8(ascii: "?"):
            return t < text.count && match(p + 1, t + 1)
        case UInt8(ascii: "["):
            guard let close = pattern[(p + 1)...].firstIndex(of: UInt8(ascii: "]")), t < text.count else { return false }
            var members = Array(pattern[(p + 1)..<close])
            let negate = members.first == UInt8(ascii: "!") || members.first == UInt8(ascii: "^")
            if negate { members.removeFirst() }
            var inClass = false
            var k = 0
            while k < members.count {
                if k + 2 < members.count, members[k + 1] == UInt8(ascii: "-") {
                    if text[t] >= members[k] && text[t] <= members[k + 2] { inClass = true }
                    k += 3
                } else {
                    if text[t] == members[k] { inClass = true }
                    k += 1
                }
            }
            return inClass != negate && match(close + 1, t + 1)
        default:
            return t < text.count && pattern[p] == text[t] && match(p + 1, t + 1)
        }
    }
    return match(0, 0)
}
