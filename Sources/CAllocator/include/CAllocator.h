#ifndef DATAFLOW_CALLOCATOR_H
#define DATAFLOW_CALLOCATOR_H

#include <stddef.h>

/// Makes the C allocator give allocations of at least `bytes` their own pages, returned to the
/// system when freed, and keep up to `retained` free bytes at the top of a heap instead of
/// returning them at once: glibc's M_MMAP_THRESHOLD and M_TRIM_THRESHOLD, set once, which also
/// stops glibc from raising the thresholds (up to 32 MiB) after a mapped block is freed and then
/// keeping freed multi-megabyte buffers in its arenas. Either is left alone when negative.
/// Nothing on other systems.
void dataflow_tune_allocator(long bytes, long retained);

/// Returns the memory the C allocator holds free to the system: glibc's malloc_trim(0), which
/// releases the free pages of every arena (glibc otherwise keeps what a thread freed for that
/// thread's later allocations); the pressure relief of the default zone on Apple platforms.
void dataflow_release_free_memory(void);

#endif
