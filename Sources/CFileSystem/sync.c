#define _GNU_SOURCE
#include "CFileSystem.h"
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

int dataflow_sync_file_system(const char *path) {
#if defined(__linux__)
    int descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (descriptor < 0) return -1;
    int result = syncfs(descriptor);
    int saved = errno;
    close(descriptor);
    errno = saved;
    return result;
#else
    (void)path;
    errno = ENOSYS;
    return -1;
#endif
}
