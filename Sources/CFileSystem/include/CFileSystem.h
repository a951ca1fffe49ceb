#ifndef DATAFLOW_CFILESYSTEM_H
#define DATAFLOW_CFILESYSTEM_H

/// Atomically exchanges the entries at `first` and `second` (both must exist): Linux's
/// renameat2(RENAME_EXCHANGE), or renamex_np(RENAME_SWAP) on Apple platforms. Returns 0, or -1
/// with errno set (ENOSYS or EINVAL where the system or file system cannot exchange).
int dataflow_exchange_paths(const char *first, const char *second);

#endif
