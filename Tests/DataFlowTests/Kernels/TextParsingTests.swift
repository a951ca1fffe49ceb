@testable import DataFlow
import Testing

@Suite("TextParsing")
struct TextParsingTests {
    private func timestamp(_ text: String, _ zone: SessionTimeZone = .utc) -> Int64? {
        var text = text
        return text.withUTF8 { TextParsing.timestamp($0, timeZone: zone) }
    }

    @Test("years beyond the timestamp range are not timestamps")
    func yearsBeyondRange() throws {
        let losAngeles = try SessionTimeZone("America/Los_Angeles")
        for text in ["9999999-01-01", "300000-01-01 00:00:00", "-300000-01-01", "1000000-06-30T12:00:00Z"] {
            #expect(timestamp(text) == nil, "\(text)")
            #expect(timestamp(text, losAngeles) == nil, "\(text)")
        }
        // 294000-01-01 is inside the range: 106,661,767 days after 1970-01-01 (proleptic Gregorian).
        let expected: Int64 = 106_661_767 * 86_400_000_000
        #expect(timestamp("294000-01-01") == expected)
        #expect(timestamp("2025-03-09 02:30:00", losAngeles) == 1_741_516_200_000_000)
    }
}
