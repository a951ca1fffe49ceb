@testable import DataFlow
import Foundation
import Testing
import TestSupport

/// The default memory budget honours the cgroup's limit: read from fixture cgroup trees here.
@Suite("Machine memory and cgroup limits")
struct MachineMemoryTests {
    static func write(_ text: String, _ path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test("cgroup v2: the tightest memory.max of the cgroup and its ancestors; 'max' is no limit")
    func version2() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Self.write("max\n", root + "/memory.max")
        try Self.write("8589934592\n", root + "/jobs/memory.max")
        try Self.write("max\n", root + "/jobs/etl/memory.max")
        #expect(MachineMemory.cgroupLimit(root: root, membership: "0::/jobs/etl\n") == 8_589_934_592)
        #expect(MachineMemory.cgroupLimit(root: root, membership: "0::/\n") == nil)
        try Self.write("2147483648\n", root + "/memory.max")
        #expect(MachineMemory.cgroupLimit(root: root, membership: "0::/\n") == 2_147_483_648)
    }

    @Test("cgroup v1: memory.limit_in_bytes under the memory controller; the 2^63 sentinel is no limit")
    func version1() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Self.write("9223372036854771712\n", root + "/memory/memory.limit_in_bytes")
        try Self.write("1073741824\n", root + "/memory/docker/abc/memory.limit_in_bytes")
        let membership = "12:pids:/docker/abc\n4:cpu,memory:/docker/abc\n0::/\n"
        #expect(MachineMemory.cgroupLimit(root: root, membership: membership) == 1_073_741_824)
        #expect(MachineMemory.cgroupLimit(root: root, membership: "4:memory:/other\n") == nil)
        #expect(MachineMemory.cgroupLimit(root: root, membership: nil) == nil)
    }

    @Test("the memory available is the smaller of physical memory and the limit, and sets the session's default")
    func available() {
        #expect(MachineMemory.usable(physical: 16 << 30, cgroupLimit: 4 << 30) == 4 << 30)
        #expect(MachineMemory.usable(physical: 16 << 30, cgroupLimit: nil) == 16 << 30)
        #expect(MachineMemory.available <= ProcessInfo.processInfo.physicalMemory)
        #expect(Session().memoryLimit == Int(Double(MachineMemory.available) * 0.8))
    }
}
