@testable import DataFlow
import Testing

@Suite("Memory: bitmaps")
struct BitmapTests {
    /// `bits` random bits (each set with probability `density`) in a fresh buffer.
    static func randomBits(_ count: Int, density: Double, _ random: inout SeededRandom) -> (Buffer, [Bool]) {
        let buffer = Buffer(capacity: Bitmap.byteCount(count) + 8, zeroed: true)
        var flags: [Bool] = []
        for index in 0..<count {
            let flag = random.chance(density)
            flags.append(flag)
            if flag { Bitmap.set(buffer.typed(UInt8.self), index) }
        }
        // Garbage after the last bit must not be read.
        for index in count..<(count + 8) where random.chance(0.5) { Bitmap.set(buffer.typed(UInt8.self), index) }
        return (buffer, flags)
    }

    @Test("countSet counts the set bits of any window")
    func countSet() {
        var random = SeededRandom(seed: 31)
        for count in [0, 1, 7, 8, 9, 63, 64, 65, 127, 128, 129, 1000] {
            for density in [0.0, 0.1, 0.5, 1.0] {
                for offset in [0, 1, 3, 7, 8, 13, 64, 70] {
                    let (buffer, flags) = Self.randomBits(offset + count, density: density, &random)
                    let view = BitView(bytes: UnsafePointer(buffer.typed(UInt8.self)), offset: offset)
                    let expected = flags[offset...].filter { $0 }.count
                    #expect(Bitmap.countSet(view, count: count) == expected, "count \(count), density \(density), offset \(offset)")
                }
            }
        }
        #expect(Bitmap.countSet(.allSet, count: 77) == 77)
    }

    @Test("and and copy agree with a bit-by-bit reference, whatever the offsets")
    func andAndCopy() {
        var random = SeededRandom(seed: 32)
        for count in [0, 1, 8, 63, 64, 65, 200] {
            for (aOffset, bOffset) in [(0, 0), (8, 16), (3, 0), (0, 5), (7, 9)] {
                let (aBuffer, aFlags) = Self.randomBits(aOffset + count, density: 0.6, &random)
                let (bBuffer, bFlags) = Self.randomBits(bOffset + count, density: 0.6, &random)
                let a = BitView(bytes: UnsafePointer(aBuffer.typed(UInt8.self)), offset: aOffset)
                let b = BitView(bytes: UnsafePointer(bBuffer.typed(UInt8.self)), offset: bOffset)
                let context = "count \(count), offsets \(aOffset)/\(bOffset)"
                if let both = Bitmap.and(a, b, count: count) {
                    let view = BitView(bytes: UnsafePointer(both.typed(UInt8.self)), offset: 0)
                    for index in 0..<count where view[index] != (aFlags[aOffset + index] && bFlags[bOffset + index]) {
                        Issue.record("\(context): bit \(index)")
                    }
                } else {
                    Issue.record("\(context): and of two bitmaps returned nil")
                }
                let copy = Bitmap.copy(a, count: count)
                let copied = BitView(bytes: UnsafePointer(copy.typed(UInt8.self)), offset: 0)
                #expect((0..<count).allSatisfy { copied[$0] == aFlags[aOffset + $0] }, "copy, \(context)")
                // With one side all set, and is a copy of the other; with both, no bitmap at all.
                if let one = Bitmap.and(.allSet, b, count: count) {
                    let view = BitView(bytes: UnsafePointer(one.typed(UInt8.self)), offset: 0)
                    #expect((0..<count).allSatisfy { view[$0] == bFlags[bOffset + $0] }, "allSet and b, \(context)")
                } else {
                    Issue.record("\(context): and with one bitmap returned nil")
                }
            }
        }
        #expect(Bitmap.and(.allSet, .allSet, count: 10) == nil)
    }

    @Test("set, clear and write touch one bit")
    func singleBits() {
        let buffer = Buffer(capacity: 4, zeroed: true)
        let bytes = buffer.typed(UInt8.self)
        Bitmap.set(bytes, 9)
        Bitmap.write(bytes, 0, true)
        Bitmap.write(bytes, 31, true)
        Bitmap.clear(bytes, 0)
        Bitmap.write(bytes, 31, false)
        #expect(Array(UnsafeBufferPointer(start: bytes, count: 4)) == [0, 0b10, 0, 0])
    }
}
