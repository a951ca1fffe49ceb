#ifndef DATAFLOW_CALLOCATOR_H
#define DATAFLOW_CALLOCATOR_H

#include <stddef.h>

/// Makes the C allocator give allocations of at least `bytes` their own pages, returned to the
/// system when freed: glibc's M_MMAP_THRESHOLD, set once, which also stops glibc from raising the
/// threshold (up to 32 MiB) after such a block is freed and then keeping freed multi-megabyte
/// buffers in its arenas. Nothing on other systems.
void dataflow_map_large_allocations(size_t bytes);

/// Returns the memory the C allocator holds free to the system: glibc's malloc_trim(0), which
/// releases the free pages of every arena (glibc otherwise keeps what a thread freed for that
/// thread's later allocations); the pressure relief of the default zone on Apple platforms.
void dataflow_release_free_memory(void);

#endif
