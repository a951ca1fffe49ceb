#ifndef DATAFLOW_CFILESYSTEM_H
#define DATAFLOW_CFILESYSTEM_H

/// Atomically exchanges the entries at `first` and `second` (both must exist): Linux's
/// renameat2(RENAME_EXCHANGE), or renamex_np(RENAME_SWAP) on Apple platforms. Returns 0, or -1
/// with errno set (ENOSYS or EINVAL where the system or file system cannot exchange).
int dataflow_exchange_paths(const char *first, const char *second);

/// Writes to disk everything written to the file system holding `path` (a directory): Linux's
/// syncfs, one call however many files a write made. Returns 0, or -1 with errno set (ENOSYS
/// where the system has no syncfs: the caller then syncs file by file).
int dataflow_sync_file_system(const char *path);

#endif
