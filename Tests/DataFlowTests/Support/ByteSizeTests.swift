import DataFlow
import Testing

@Suite("Memory sizes as typed on command lines")
struct ByteSizeTests {
    @Test("bytes, binary units with or without B/iB, fractions and shares of physical memory")
    func sizes() throws {
        let cases: [(String, Int)] = [("536870912", 536_870_912), ("512k", 524_288), ("512m", 536_870_912), ("512MB", 536_870_912),
                                      ("4g", 4 << 30), ("4GiB", 4 << 30), ("4G", 4 << 30), ("1.5g", 3 << 29), ("1t", 1 << 40), (" 2m ", 2 << 20)]
        for (text, bytes) in cases {
            #expect(try ByteSize.parse(text, argument: "--memory-limit", physicalMemory: 16 << 30) == bytes, "\(text)")
        }
        #expect(try ByteSize.parse("75%", argument: "--memory-limit", physicalMemory: 16 << 30) == 12 << 30)
    }

    @Test("anything else is an invalid-argument error naming the argument as typed", arguments: ["", "g", "-1g", "0", "4x", "120%", "0%", "1e400", "nan"])
    func invalid(text: String) throws {
        let error = #expect(throws: DataFlowError.self) { try ByteSize.parse(text, argument: "DATAFLOW_MEMORY_LIMIT") }
        #expect(error?.category == .invalidArgument)
        #expect(error?.message.hasPrefix("DATAFLOW_MEMORY_LIMIT: '\(text)' is not a memory size") == true)
    }
}
