import DataFlow
import Foundation

/// An output file's bytes going to an object store: a file smaller than a part is put whole when
/// it closes; a larger one becomes a multipart upload whose parts go out while the file is still
/// being written, a few in parallel, so memory holds at most those parts. The object appears only
/// when the file closes; a file discarded or failed leaves none.
final class ObjectUpload: OutputDestination {
    let store: any ObjectStore
    let key: String
    /// The URL errors name.
    let url: String
    /// Called with the object's size once it exists.
    private let completed: (Int) -> Void
    private var buffer = Data()
    private var upload: (any MultipartUpload)?
    private var partsStarted = 0
    private var size = 0
    private var closed = false
    /// Parts being uploaded, bounded by `slots`.
    private let inFlight = DispatchGroup()
    private let slots = DispatchSemaphore(value: ObjectUpload.partsInFlight)
    private let failure = Locked<DataFlowError?>(nil)

    /// The size of each part but the last (S3's minimum is 5 MiB).
    static let partSize = 8 << 20
    /// The most parts of one file uploading at once.
    static let partsInFlight = 3

    /// An upload of `key` into `store`, calling `completed` with the object's size when it exists.
    init(store: any ObjectStore, key: String, url: String, completed: @escaping (Int) -> Void) {
        self.store = store
        self.key = key
        self.url = url
        self.completed = completed
    }

    deinit {
        guard !closed, let upload else { return }
        inFlight.wait()
        try? upload.abort()
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        buffer.append(contentsOf: bytes)
        size += bytes.count
        while buffer.count >= Self.partSize {
            try send(buffer.prefix(Self.partSize))
            buffer = Data(buffer.dropFirst(Self.partSize))
        }
    }

    func close() throws {
        closed = true
        guard let upload else {
            try store.put(key, buffer)
            completed(size)
            return
        }
        do {
            if !buffer.isEmpty { try send(buffer) }
            inFlight.wait()
            if let error = failure.withLock({ $0 }) { throw error }
            try upload.complete()
        } catch {
            inFlight.wait()
            try? upload.abort()
            throw error
        }
        completed(size)
    }

    /// Starts uploading the next part on another thread once fewer than `partsInFlight` are.
    /// - Throws: the error of a part that failed before, or of starting the upload.
    private func send(_ part: Data) throws {
        if let error = failure.withLock({ $0 }) { throw error }
        let upload = try self.upload ?? store.startUpload(key)
        self.upload = upload
        partsStarted += 1
        let number = partsStarted, failure = self.failure, slots = self.slots, url = self.url
        let part = Data(part)
        slots.wait()
        DispatchQueue.global().async(group: inFlight) {
            defer { slots.signal() }
            do { try upload.upload(part: number, part) } catch {
                let error = error as? DataFlowError ?? DataFlowError(.io, "cannot upload part \(number)", location: ErrorLocation(path: url), underlying: DescribedError(error))
                failure.withLock { $0 = $0 ?? error }
            }
        }
    }
}
