import CAllocator
import Foundation

/// Keeps the C allocator from holding on to memory the engine let go of, so that the process's
/// resident memory follows what the memory pool accounts. Left alone, glibc serves buffers of up
/// to 32 MiB from per-thread arenas and keeps them when freed: a sort's runs, a hash table's
/// arrays or a row group's pages freed on one thread stay resident while the next stage allocates
/// on another, and the process holds up to twice what is live.
///
/// Within bounds the allocator keeps memory for reuse: blocks under 4 MiB (a batch's columns,
/// a row group's pages) come from the arenas, and up to 32 MiB freed at the top of a heap stays
/// there, so the next batch's buffers do not fault their pages in again (without it, a third of a
/// Parquet scan's time went to page faults); the end of a stage that let go of more than that
/// hands it all back (`MemoryPool.releaseFreeMemoryIfLetGo`).
package enum SystemAllocator {
    /// Allocations of at least this many bytes get pages of their own, returned to the system when freed.
    static let largeAllocation = 4 << 20
    /// Free bytes a heap keeps at its top before returning them.
    static let retainedFree = 32 << 20

    /// Applies the settings (idempotent; each memory pool calls it). `MALLOC_MMAP_THRESHOLD_` and
    /// `MALLOC_TRIM_THRESHOLD_` in the environment are the user's choice and stay as they are.
    static func tune() {
        dataflow_tune_allocator(getenv("MALLOC_MMAP_THRESHOLD_") == nil ? largeAllocation : -1,
                                getenv("MALLOC_TRIM_THRESHOLD_") == nil ? retainedFree : -1)
    }

    /// Hands the pages the allocator holds free back to the system. Called where large state was
    /// just let go: a stage's end that let go of large state, a sorted run written to disk, a Parquet
    /// row group written.
    package static func releaseFreeMemory() { dataflow_release_free_memory() }
}
