#include "CAllocator.h"
// A C library header first: it defines __GLIBC__ on glibc systems.
#include <stdlib.h>

// Under a sanitizer the heap is the sanitizer's, not the C library's: glibc's tuning and trimming
// have nothing to act on, and ThreadSanitizer does not expect threads to enter glibc's arenas
// (a trim racing a thread's exit aborts in glibc's arena bookkeeping).
#if defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer)
#define DATAFLOW_SANITIZED_HEAP 1
#endif
#endif
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
#define DATAFLOW_SANITIZED_HEAP 1
#endif

#if defined(DATAFLOW_SANITIZED_HEAP)
void dataflow_tune_allocator(long bytes, long retained) { (void)bytes; (void)retained; }
void dataflow_release_free_memory(void) {}
#elif defined(__APPLE__)
#include <malloc/malloc.h>
void dataflow_tune_allocator(long bytes, long retained) { (void)bytes; (void)retained; }
void dataflow_release_free_memory(void) { malloc_zone_pressure_relief(NULL, 0); }
#elif defined(__GLIBC__)
#include <malloc.h>
void dataflow_tune_allocator(long bytes, long retained) {
    if (bytes >= 0) mallopt(M_MMAP_THRESHOLD, (int)bytes);
    if (retained >= 0) mallopt(M_TRIM_THRESHOLD, (int)retained);
}
void dataflow_release_free_memory(void) { malloc_trim(0); }
#else
void dataflow_tune_allocator(long bytes, long retained) { (void)bytes; (void)retained; }
void dataflow_release_free_memory(void) {}
#endif
