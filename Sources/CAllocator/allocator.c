#include "CAllocator.h"
// A C library header first: it defines __GLIBC__ on glibc systems.
#include <stdlib.h>

#if defined(__APPLE__)
#include <malloc/malloc.h>
void dataflow_map_large_allocations(size_t bytes) { (void)bytes; }
void dataflow_release_free_memory(void) { malloc_zone_pressure_relief(NULL, 0); }
#elif defined(__GLIBC__)
#include <malloc.h>
void dataflow_map_large_allocations(size_t bytes) { mallopt(M_MMAP_THRESHOLD, (int)bytes); }
void dataflow_release_free_memory(void) { malloc_trim(0); }
#else
void dataflow_map_large_allocations(size_t bytes) { (void)bytes; }
void dataflow_release_free_memory(void) {}
#endif
