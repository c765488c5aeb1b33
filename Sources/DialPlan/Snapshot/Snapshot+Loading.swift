import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension Snapshot {
    /// Reads and decodes a snapshot file, in one call.
    ///
    /// Throws a `SnapshotError` that names the file as given: missing, a directory, unreadable,
    /// or (with line, table, record and field) not a valid snapshot. Duplicate keys are not
    /// checked here: `RoutingModel` refuses them, and `routesim lint` reports them.
    public init(contentsOfFile path: String) throws(SnapshotError) {
        try self.init(contentsOfFile: path, releasingFrom: FileBytes.releaseFrom, step: FileBytes.releaseStep)
    }

    /// As `init(contentsOfFile:)`; a file of `threshold` bytes or more is read into memory of
    /// its own as it is decoded, `margin` bytes or more ahead of the reader, and given back behind
    /// it, `step` bytes or more at a time (`FileBytes`, `SnapshotDecoder.Stream`); tests set small
    /// values, and the split threshold (`SplitDecode`).
    package init(
        contentsOfFile path: String, releasingFrom threshold: Int, step: Int,
        splitThreshold: Int = SnapshotDecoder.defaultSplitThreshold, margin: Int = SnapshotDecoder.Stream.defaultMargin
    ) throws(SnapshotError) {
        let contents: FileContents.Contents
        do { contents = try FileContents.read(path, what: "plan", mappingFrom: threshold, step: step) } catch {
            throw SnapshotError(source: path, message: error.message)
        }
        try self.init(contents: contents, source: path, splitThreshold: splitThreshold, margin: margin)
    }

    /// Decodes a file's contents as `FileContents.read(_:what:mappingFrom:step:)` gave them.
    package init(
        contents: FileContents.Contents, source path: String, splitThreshold: Int = SnapshotDecoder.defaultSplitThreshold,
        margin: Int = SnapshotDecoder.Stream.defaultMargin
    ) throws(SnapshotError) {
        switch contents {
        case .array(let bytes): try self.init(json: bytes, source: path, splitThreshold: splitThreshold)
        case .mapped(let file):
            self = try Snapshot.decode(file: file, source: path, splitThreshold: splitThreshold, margin: margin).snapshot
        }
    }

    /// Decodes a snapshot from JSON text; `source` names it in error messages.
    public init(json text: String, source: String = "<string>") throws(SnapshotError) {
        try self.init(json: Array(text.utf8), source: source)
    }
}

/// Whole files read with the C library: where a dial plan comes off the disk.
///
/// DialPlan keeps to the standard library and libc (no Foundation), so the model and the
/// simulator above it never see a file; the CLI and the case runner read their other files
/// (lint configurations, batches, case files) through here too, with the same messages.
package enum FileContents {
    /// A file that cannot be read: `path: message`.
    package struct ReadError: Error, Sendable, CustomStringConvertible {
        package var path: String
        /// What is wrong, without the path: `no such plan file`.
        package var message: String
        package var description: String { path.isEmpty ? message : "\(path): \(message)" }
    }

    /// The bytes of a text file without its UTF-8 byte-order mark, if it has one; UTF-16 and
    /// UTF-32 files are refused with a message that says so.
    package static func readText(_ path: String, what: String) throws(ReadError) -> [UInt8] {
        let bytes = try read(path, what: what)
        if let problem = TextEncoding.problem(bytes) { throw ReadError(path: path, message: problem) }
        let mark = TextEncoding.byteOrderMarkLength(bytes)
        return mark == 0 ? bytes : Array(bytes[mark...])
    }

    /// The most bytes read from a file whose size is not known before it is read (a pipe, a
    /// FIFO, standard input) or that grows while it is read: past them it is refused, not read
    /// until memory runs out (`--plan <(yes)`). Twice the JSON of a ten-million-row plan.
    package static let maxUnsizedBytes = 1 << 32

    /// The bytes of standard input (`-` for a file), read to its end, with `maxUnsizedBytes` as
    /// the limit.
    package static func readStandardInput(what: String) throws(ReadError) -> [UInt8] {
        try readToEnd(0, path: "-", what: what, limit: maxUnsizedBytes)
    }

    /// The bytes of `fd` to its end (`path` names it in messages), refused past `limit`.
    package static func readToEnd(_ fd: Int32, path: String, what: String, limit: Int) throws(ReadError) -> [UInt8] {
        var bytes: [UInt8] = []
        var failed = false
        var tooLarge = false
        appendRest(fd, to: &bytes, failed: &failed, tooLarge: &tooLarge, limit: limit)
        if tooLarge { throw ReadError(path: path, message: tooLargeMessage(what, limit: limit)) }
        if failed { throw ReadError(path: path, message: "cannot read the \(what)") }
        return bytes
    }

    private static func tooLargeMessage(_ what: String, limit: Int) -> String {
        let size = limit >= 1 << 30 ? "\(limit >> 30) GiB" : "\(limit) bytes"
        return "the \(what) goes on past \(size): routesim reads \(what) files up to that size"
    }

    /// Whether `path` names a device (`/dev/zero`, a terminal): no file to read to its end, as
    /// one would never end. Every reader of a named input file refuses one.
    package static func isDevice(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && isDevice(info)
    }

    private static func isDevice(_ info: stat) -> Bool {
        info.st_mode & S_IFMT == S_IFCHR || info.st_mode & S_IFMT == S_IFBLK
    }

    /// The bytes of the file at `path`; `what` names the file's role in messages (`plan`).
    package static func read(_ path: String, what: String) throws(ReadError) -> [UInt8] {
        guard case .array(let bytes) = try read(path, what: what, mappingFrom: .max, step: 0) else { preconditionFailure() }
        return bytes
    }

    /// A file's bytes: in an array, or in memory of their own that a reader gives back as it goes.
    package enum Contents {
        case array([UInt8])
        case mapped(FileBytes)
    }

    /// The bytes of the file at `path`. From `threshold` bytes on, memory of their own, not yet
    /// read, with the file kept open: the reader reads the file into it as it goes and gives it
    /// back behind itself, `step` bytes or more at a time (`FileBytes`); else read into an array.
    package static func read(_ path: String, what: String, mappingFrom threshold: Int, step: Int) throws(ReadError) -> Contents {
        guard !path.isEmpty else { throw ReadError(path: path, message: "the \(what) file's name is empty") }
        var info = stat()
        guard stat(path, &info) == 0 else { throw ReadError(path: path, message: "no such \(what) file") }
        if info.st_mode & S_IFMT == S_IFDIR { throw ReadError(path: path, message: "is a directory, not a \(what) file") }
        if isDevice(info) { throw ReadError(path: path, message: "is a device, not a \(what) file") }
        let cannotRead = ReadError(path: path, message: "cannot read the \(what) file (permission denied?)")
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw cannotRead }
        let size = max(Int(info.st_size), 0)
        if size >= threshold, size > 0, let identity = FileIdentity(fd), identity.size == size,
            let file = FileBytes(capacity: size, step: step)
        {
            file.origin = (fd, identity)
            return .mapped(file)
        }
        defer { close(fd) }
        var failed = false
        // Straight into the array for the size stat gives, then in chunks for anything more
        // (files that grow, or report no size).
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = fill(fd, UnsafeMutableRawBufferPointer(buffer), failed: &failed)
        }
        if failed { throw cannotRead }
        var tooLarge = false
        let limit = max(size, maxUnsizedBytes)
        appendRest(fd, to: &bytes, failed: &failed, tooLarge: &tooLarge, limit: limit)
        if tooLarge { throw ReadError(path: path, message: tooLargeMessage(what, limit: limit)) }
        if failed { throw cannotRead }
        return .array(bytes)
    }

    /// Reads up to `buffer.count` bytes from the start of `fd` into `buffer`: the count read
    /// (less at the end of a file that shrank); `failed` when reading fails. Leaves the file's
    /// offset after them.
    private static func fill(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer, failed: inout Bool) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        // A large file's second half is read on another thread meanwhile (copying a file
        // of hundreds of megabytes, and the page faults of the memory it goes to, take a
        // tenth of a second); the offset is then moved past it, for anything more.
        if buffer.count >= parallelReadSize, Processors.online > 1 {
            let whole = ParallelRead.read(fd, into: buffer)
            failed = whole.failed
            if failed || lseek(fd, off_t(whole.count), SEEK_SET) < 0 { failed = true }
            return whole.count
        }
        var count = 0
        while count < buffer.count {
            let n = readFile(fd, base + count, buffer.count - count)
            if n > 0 {
                count += n
            } else if n == 0 || errno != EINTR {
                failed = n < 0
                return count
            }
        }
        return count
    }

    /// Appends what is left of `fd` to `bytes`, in chunks: `failed` when reading fails,
    /// `tooLarge` (and `failed`) when `bytes` would pass `limit`.
    private static func appendRest(_ fd: Int32, to bytes: inout [UInt8], failed: inout Bool, tooLarge: inout Bool, limit: Int) {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while !failed {
            let n = chunk.withUnsafeMutableBytes { readFile(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                if bytes.count + n > limit {
                    (tooLarge, failed) = (true, true)
                    return
                }
                bytes.append(contentsOf: chunk[..<n])
            } else if n == 0 {
                break
            } else if errno != EINTR {
                failed = true
            }
        }
    }
}

/// A file's bytes in memory mapped for them alone (`mmap`), read from the file a piece at a time
/// as a reader comes to them (`fill`), given back to the system a piece at a time as it is done
/// with them (`release(upTo:)`), and the rest when this is freed.
///
/// Why: a plan's JSON text takes about as much memory as its decoded records; held whole until
/// the last record is read, the two add up (247 and about 200 MB at a million rows). Read just
/// ahead of the reader and given back behind it, the text is never all in memory at once. Memory
/// given back is unmapped, not zeroed: a read behind the reader would stop the process, never
/// read something wrong. Every piece is read from the file as it was first opened: one that
/// changed since (its size or times) is refused (`fill` is false), never half old, half new.
package final class FileBytes {
    /// The memory mapped (a whole number of pages).
    fileprivate let whole: UnsafeMutableRawBufferPointer
    /// The file's bytes (the first `count` of `whole`).
    package var buffer: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: whole.baseAddress?.assumingMemoryBound(to: UInt8.self), count: count)
    }
    let count: Int
    /// The bytes from the start given back so far (a whole number of pages).
    package private(set) var released = 0
    /// The fewest bytes a reader gives back at a time (a system call each).
    package let step: Int

    /// The file size from which `Snapshot(contentsOfFile:)` reads into `FileBytes`.
    package static let releaseFrom = 16 << 20
    /// The bytes given back at a time, at least.
    package static let releaseStep = 4 << 20
    static let pageSize = max(Int(sysconf(Int32(_SC_PAGESIZE))), 1)

    /// Memory for `capacity` bytes; nil when the system has none.
    init?(capacity: Int, step: Int) {
        let length = (capacity + Self.pageSize - 1) / Self.pageSize * Self.pageSize
        guard let memory = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
            memory != MAP_FAILED
        else { return nil }
        whole = UnsafeMutableRawBufferPointer(start: memory, count: length)
        count = capacity
        self.step = max(step, 1)
    }

    /// Gives back the whole pages before byte `offset`, which no reader reads again.
    package func release(upTo offset: Int) {
        let end = min(offset, count) / Self.pageSize * Self.pageSize
        guard end > released, let base = whole.baseAddress else { return }
        munmap(base + released, end - released)
        released = end
    }

    /// The open file the bytes are read from, and what it was when opened: every read
    /// (`fill`, `readThrough`) is of that file unchanged.
    fileprivate var origin: (fd: Int32, identity: FileIdentity)?

    /// Gives back the whole pages within `from..<end` while keeping their place: read before
    /// they are filled again (`fill`), they hold zeros. A second reader (`SplitDecode`) gives back the bytes behind
    /// it this way, which the first may yet need; safe beside `release(upTo:)` on other bytes.
    /// Returns the bytes given back (whole pages; empty when none).
    package func drop(from: Int, upTo end: Int) -> Range<Int> {
        let first = (from + Self.pageSize - 1) / Self.pageSize * Self.pageSize
        let last = min(end, count) / Self.pageSize * Self.pageSize
        guard last > first, let base = whole.baseAddress else { return 0..<0 }
        // Fresh zero pages mapped over the old ones free them; the addresses stay this mapping's.
        guard mmap(base + first, last - first, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED
        else { return 0..<0 }
        return first..<last
    }

    /// Reads the bytes in `range` from the file into their place (again, after `drop`); false
    /// when the file is not as it was when opened (changed since, or while it was read) or cannot
    /// be read. Threads may fill ranges that do not overlap at once.
    package func fill(_ range: Range<Int>) -> Bool {
        guard !range.isEmpty else { return true }
        guard let origin, range.lowerBound >= 0, range.upperBound <= count, let base = whole.baseAddress,
            readFully(origin.fd, into: base + range.lowerBound, count: range.count, at: range.lowerBound)
        else { return false }
        return FileIdentity(origin.fd) == origin.identity
    }

    /// Reads the whole file from its start, `pieceSize` bytes at a time into a buffer of its own
    /// (not this memory), and hands each piece to `body` in order (a content hash taken before
    /// the file is decoded, without holding it whole); false when the file changed since it was
    /// opened, or cannot be read.
    package func readThrough(pieceSize: Int = 4 << 20, _ body: (UnsafeRawBufferPointer) -> Void) -> Bool {
        guard let origin else { return false }
        let piece = UnsafeMutableRawBufferPointer.allocate(byteCount: max(pieceSize, 1), alignment: 16)
        defer { piece.deallocate() }
        var offset = 0
        while offset < count {
            let n = min(piece.count, count - offset)
            guard let base = piece.baseAddress, readFully(origin.fd, into: base, count: n, at: offset) else { return false }
            body(UnsafeRawBufferPointer(rebasing: piece[..<n]))
            offset += n
        }
        return FileIdentity(origin.fd) == origin.identity
    }

    /// The whole file read again into memory of its own, all of it filled; nil when it changed
    /// since it was first opened, or cannot be read.
    package func readAgain() -> FileBytes? {
        guard let origin, let again = FileBytes(capacity: count, step: step) else { return nil }
        // The new copy keeps a descriptor of its own: each closes its own when freed.
        let fd = dup(origin.fd)
        guard fd >= 0 else { return nil }
        again.origin = (fd, origin.identity)
        guard again.fill(0..<count) else { return nil }
        return again
    }

    deinit {
        if let base = whole.baseAddress, whole.count > released { munmap(base + released, whole.count - released) }
        if let origin { close(origin.fd) }
    }
}

/// `count` bytes of `fd` from `offset` into `base` (`pread(2)`, again after an interruption or a
/// short read); false when the file ends first or cannot be read.
private func readFully(_ fd: Int32, into base: UnsafeMutableRawPointer, count: Int, at offset: Int) -> Bool {
    var done = 0
    while done < count {
        let n = pread(fd, base + done, count - done, off_t(offset + done))
        if n > 0 {
            done += n
        } else if n == 0 || errno != EINTR {
            return false
        }
    }
    return true
}

/// What `fstat(2)` says of an open file that changes when its bytes do: its size and the times
/// of its last change (a file replaced by another under its name is not this one, which stays
/// as it was).
struct FileIdentity: Equatable {
    var size: Int
    var modified: timespec
    var changed: timespec

    init?(_ fd: Int32) {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        size = Int(info.st_size)
        #if canImport(Darwin)
            modified = info.st_mtimespec
            changed = info.st_ctimespec
        #else
            modified = info.st_mtim
            changed = info.st_ctim
        #endif
    }

    static func == (a: FileIdentity, b: FileIdentity) -> Bool {
        a.size == b.size && a.modified.tv_sec == b.modified.tv_sec && a.modified.tv_nsec == b.modified.tv_nsec
            && a.changed.tv_sec == b.changed.tv_sec && a.changed.tv_nsec == b.changed.tv_nsec
    }
}

/// The file size from which `FileContents.read` reads with two threads.
package let parallelReadSize = 16 << 20

/// A file's first and second halves read at once, each with `pread(2)` at its offset.
package enum ParallelRead {
    /// Reads `buffer.count` bytes from offset 0: the bytes read (stopping at the first short
    /// half: a file that shrank), and whether reading failed.
    package static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> (count: Int, failed: Bool) {
        let middle = buffer.count / 2
        let second = Half(buffer: UnsafeMutableRawBufferPointer(rebasing: buffer[middle...]), offset: middle)
        let done = DispatchGroup()
        DispatchQueue.global().async(group: done) { second.read(fd) }
        let first = Half(buffer: UnsafeMutableRawBufferPointer(rebasing: buffer[..<middle]), offset: 0)
        first.read(fd)
        done.wait()
        if first.failed || second.failed { return (0, true) }
        return (first.count < middle ? first.count : middle + second.count, false)
    }

    /// One half: its bytes, where they start in the file, and what reading them gave.
    final class Half: @unchecked Sendable {
        // @unchecked: each half is written by one thread, and read after `done.wait()`.
        let buffer: UnsafeMutableRawBufferPointer
        let offset: Int
        var count = 0
        var failed = false

        init(buffer: UnsafeMutableRawBufferPointer, offset: Int) {
            self.buffer = buffer
            self.offset = offset
        }

        func read(_ fd: Int32) {
            guard let base = buffer.baseAddress else { return }
            while count < buffer.count {
                let n = pread(fd, base + count, buffer.count - count, off_t(offset + count))
                if n > 0 {
                    count += n
                } else if n == 0 || errno != EINTR {
                    failed = n < 0
                    return
                }
            }
        }
    }
}

/// libc's `read(2)`, under a name `FileContents.read` does not hide.
private func readFile(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}
