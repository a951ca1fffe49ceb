import DataFlow
import DataFlowIO
import Foundation

/// An object store in memory that records every call, for tests of what reads and writes ask of a
/// store (which ranges, how many listings) without a server.
final class MemoryObjectStore: ObjectStore, @unchecked Sendable { // `state` is only touched under `lock`, `getsHeld` under `gate`
    struct State {
        var objects: [String: Data] = [:]
        /// Every call, as `"<operation> <key>[ <range>]"`.
        var calls: [String] = []
        /// Parts of uploads in progress, by key.
        var uploads: [String: [Int: Data]] = [:]
    }

    private let lock = NSLock()
    private var state = State()
    private let gate = NSCondition()
    private var getsHeld = false

    /// Makes every `get` wait until `releaseGets()`, so that a test sees what was asked before any answer.
    func holdGets() { gate.withLock { getsHeld = true } }

    /// Lets the waiting and later `get`s through.
    func releaseGets() {
        gate.withLock {
            getsHeld = false
            gate.broadcast()
        }
    }

    func withState<T>(_ body: (inout State) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&state)
    }

    /// The calls so far, and forgets them.
    func takeCalls() -> [String] { withState { state in defer { state.calls = [] }; return state.calls } }

    var keys: [String] { withState { $0.objects.keys.sorted() } }

    func list(prefix: String) throws -> [ObjectMeta] {
        withState { state in
            state.calls.append("list \(prefix)")
            return state.objects.filter { $0.key.hasPrefix(prefix) }.map { ObjectMeta(key: $0.key, size: $0.value.count) }.sorted { $0.key < $1.key }
        }
    }

    func head(_ key: String) throws -> ObjectMeta? {
        withState { state in
            state.calls.append("head \(key)")
            return state.objects[key].map { ObjectMeta(key: key, size: $0.count) }
        }
    }

    func get(_ key: String, range: Range<Int>?) throws -> Data {
        gate.withLock { while getsHeld { gate.wait() } }
        return try withState { state in
            state.calls.append("get \(key)" + (range.map { " \($0.lowerBound)..<\($0.upperBound)" } ?? ""))
            guard let data = state.objects[key] else { throw DataFlowError(.io, "no object \(key)") }
            guard let range else { return data }
            return data.subdata(in: min(range.lowerBound, data.count)..<min(range.upperBound, data.count))
        }
    }

    func put(_ key: String, _ data: Data) throws {
        withState { state in
            state.calls.append("put \(key)")
            state.objects[key] = data
        }
    }

    func putIfAbsent(_ key: String, _ data: Data) throws -> Bool {
        withState { state in
            state.calls.append("putIfAbsent \(key)")
            guard state.objects[key] == nil else { return false }
            state.objects[key] = data
            return true
        }
    }

    func startUpload(_ key: String) throws -> any MultipartUpload {
        withState { state in
            state.calls.append("startUpload \(key)")
            state.uploads[key] = [:]
        }
        return Upload(store: self, key: key)
    }

    func delete(_ keys: [String]) throws {
        withState { state in
            for key in keys {
                state.calls.append("delete \(key)")
                state.objects[key] = nil
            }
        }
    }

    private struct Upload: MultipartUpload {
        let store: MemoryObjectStore
        let key: String

        func upload(part number: Int, _ data: Data) throws {
            store.withState { $0.uploads[key]?[number] = data }
        }

        func complete() throws {
            store.withState { state in
                let parts = state.uploads.removeValue(forKey: key) ?? [:]
                state.calls.append("complete \(key) \(parts.count) parts")
                state.objects[key] = parts.sorted { $0.key < $1.key }.reduce(into: Data()) { $0 += $1.value }
            }
        }

        func abort() throws {
            store.withState { state in
                state.calls.append("abort \(key)")
                state.uploads[key] = nil
            }
        }
    }
}
