@testable import DataFlow
import Testing

@Suite("Memory pool")
struct MemoryPoolTests {
    @Test("free pages go back to the system only once the pool let go of more than the allocator keeps on its own")
    func releaseAfterLargeState() throws {
        let pool = MemoryPool(limit: 1 << 30)
        let large = SystemAllocator.retainedFree + (4 << 20)
        // Small state held and let go of: nothing to hand back.
        try pool.reserve(1 << 20, for: "small")
        pool.release(1 << 20)
        #expect(!pool.releaseFreeMemoryIfLetGo())
        // Large state still held: nothing either.
        try pool.reserve(large, for: "table")
        #expect(!pool.releaseFreeMemoryIfLetGo())
        // Let go of: handed back once, then not again until more is held and let go of.
        pool.release(large)
        #expect(pool.releaseFreeMemoryIfLetGo())
        #expect(!pool.releaseFreeMemoryIfLetGo())
        try pool.reserve(large, for: "table")
        pool.release(large - (1 << 20))
        #expect(pool.releaseFreeMemoryIfLetGo())
        #expect(pool.reservedBytes == 1 << 20)
        #expect(pool.peakBytes == large)
    }
}
