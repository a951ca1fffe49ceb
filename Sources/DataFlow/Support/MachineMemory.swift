import Foundation

/// The memory this process may use: the machine's physical memory, or less when its cgroup (a
/// container's or a systemd slice's limit) caps it. Default memory budgets are shares of this.
public enum MachineMemory {
    /// Bytes this process may use.
    public static let available: UInt64 = usable(physical: ProcessInfo.processInfo.physicalMemory, cgroupLimit: cgroupLimit())

    /// The smaller of `physical` and the cgroup's limit.
    static func usable(physical: UInt64, cgroupLimit: UInt64?) -> UInt64 { min(physical, cgroupLimit ?? .max) }

    /// The tightest memory limit on this process's cgroup and its ancestors, cgroup v2
    /// (`memory.max`) or v1 (`memory.limit_in_bytes`), read below `root`; nil when there is none.
    /// `membership` is the text of `/proc/self/cgroup`.
    static func cgroupLimit(root: String = "/sys/fs/cgroup",
                            membership: String? = try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8)) -> UInt64? {
        var limits: [UInt64] = []
        for line in (membership ?? "").split(separator: "\n") {
            // "hierarchy-id:controllers:path"; v2 has an empty controller list.
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            let controllers = parts[1].split(separator: ",")
            let (directory, file): (String, String)
            if controllers.isEmpty { (directory, file) = (root, "memory.max") }
            else if controllers.contains("memory") { (directory, file) = (root + "/memory", "memory.limit_in_bytes") }
            else { continue }
            // The cgroup's own directory and each ancestor's, up to the mount's root (a container
            // sees its own cgroup there).
            var path = String(parts[2])
            while true {
                if let limit = readLimit(directory + (path == "/" ? "" : path) + "/" + file) { limits.append(limit) }
                guard path != "/", !path.isEmpty else { break }
                path = (path as NSString).deletingLastPathComponent
            }
        }
        return limits.min()
    }

    /// A limit file's value: nil for `max`, for v1's "no limit" (near 2^63) and when unreadable.
    private static func readLimit(_ path: String) -> UInt64? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let value = UInt64(text.trimmingCharacters(in: .whitespacesAndNewlines)), value < 1 << 60 else { return nil }
        return value
    }
}
