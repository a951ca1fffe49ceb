import CAllocator
import Foundation

/// Keeps the C allocator from holding on to memory the engine let go of, so that the process's
/// resident memory follows what the memory pool accounts. Left alone, glibc serves buffers of up
/// to 32 MiB from per-thread arenas and keeps them when freed: a sort's runs, a hash table's
/// arrays or a row group's pages freed on one thread stay resident while the next stage allocates
/// on another, and the process holds up to twice what is live.
package enum SystemAllocator {
    /// Allocations of at least this many bytes (larger than a batch column) get pages of their own,
    /// returned to the system when freed.
    static let largeAllocation = 1 << 20

    /// Applies the setting (idempotent; each memory pool calls it). `MALLOC_MMAP_THRESHOLD_` in
    /// the environment is the user's choice and stays as it is.
    static func mapLargeAllocations() {
        if getenv("MALLOC_MMAP_THRESHOLD_") == nil { dataflow_map_large_allocations(largeAllocation) }
    }

    /// Hands the pages the allocator holds free back to the system. Called where large state was
    /// just let go: a stage's end, a sorted run written to disk, a Parquet row group written.
    package static func releaseFreeMemory() { dataflow_release_free_memory() }
}
