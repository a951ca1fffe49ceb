@testable import DataFlow
import Foundation
import Testing

@Suite("Expressions: LIKE matching")
struct LikeMatcherTests {
    /// SQL LIKE by plain recursion over Unicode scalars: `%` any sequence, `_` one character,
    /// `\` quotes the next character.
    static func reference(_ pattern: [Unicode.Scalar], _ text: [Unicode.Scalar]) -> Bool {
        func match(_ p: Int, _ t: Int) -> Bool {
            if p == pattern.count { return t == text.count }
            switch pattern[p] {
            case "%": return (t...text.count).contains { match(p + 1, $0) }
            case "_": return t < text.count && match(p + 1, t + 1)
            case "\\": return p + 1 < pattern.count && t < text.count && text[t] == pattern[p + 1] && match(p + 2, t + 1)
            default: return t < text.count && text[t] == pattern[p] && match(p + 1, t + 1)
            }
        }
        return match(0, 0)
    }

    static func matches(_ pattern: String, _ text: String) throws -> Bool {
        let matcher = try LikeMatcher(pattern: pattern)
        return Array(text.utf8).withUnsafeBufferPointer { matcher.matches($0) }
    }

    @Test("random patterns agree with a recursive reference")
    func randomPatterns() throws {
        var random = SeededRandom(seed: 101)
        let patternPool: [String] = ["a", "b", "é", "日", "%", "%", "_", "\\%", "\\_", "ab"]
        let textPool: [Character] = ["a", "b", "é", "日", "%", "_"]
        for round in 0..<4000 {
            let pattern = (0..<random.below(7)).map { _ in random.pick(patternPool) }.joined()
            let text = String((0..<random.below(9)).map { _ in random.pick(textPool) })
            let expected = Self.reference(Array(pattern.unicodeScalars), Array(text.unicodeScalars))
            #expect(try Self.matches(pattern, text) == expected, "round \(round): '\(text)' LIKE '\(pattern)'")
        }
    }

    @Test("many % are linear, not exponential")
    func manyWildcards() throws {
        let text = String(repeating: "a", count: 2000)
        let started = Date()
        #expect(try !Self.matches(String(repeating: "%a", count: 30) + "%b", text))
        #expect(try Self.matches(String(repeating: "%a", count: 30) + "%", text))
        // Exponential backtracking took minutes for 8 wildcards over 40 characters.
        #expect(Date().timeIntervalSince(started) < 20)
    }

    @Test("an escape at the end of a pattern is an error")
    func trailingEscape() {
        #expect(throws: DataFlowError.self) { try LikeMatcher(pattern: "abc\\") }
    }
}
