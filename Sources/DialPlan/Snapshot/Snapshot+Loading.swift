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
        let bytes: [UInt8]
        do { bytes = try FileContents.read(path, what: "plan") } catch { throw SnapshotError(source: path, message: error.message) }
        try self.init(json: bytes, source: path)
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
        package var description: String { "\(path): \(message)" }
    }

    /// The bytes of a text file without its UTF-8 byte-order mark, if it has one; UTF-16 and
    /// UTF-32 files are refused with a message that says so.
    package static func readText(_ path: String, what: String) throws(ReadError) -> [UInt8] {
        let bytes = try read(path, what: what)
        if let problem = TextEncoding.problem(bytes) { throw ReadError(path: path, message: problem) }
        let mark = TextEncoding.byteOrderMarkLength(bytes)
        return mark == 0 ? bytes : Array(bytes[mark...])
    }

    /// The bytes of the file at `path`; `what` names the file's role in messages (`plan`).
    package static func read(_ path: String, what: String) throws(ReadError) -> [UInt8] {
        var info = stat()
        guard stat(path, &info) == 0 else { throw ReadError(path: path, message: "no such \(what) file") }
        if info.st_mode & S_IFMT == S_IFDIR { throw ReadError(path: path, message: "is a directory, not a \(what) file") }
        let cannotRead = ReadError(path: path, message: "cannot read the \(what) file (permission denied?)")
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw cannotRead }
        defer { close(fd) }
        // Straight into the array for the size stat gives, then in chunks for anything more
        // (files that grow, or report no size).
        var failed = false
        var bytes = [UInt8](unsafeUninitializedCapacity: max(Int(info.st_size), 0)) { buffer, count in
            count = 0
            guard let base = buffer.baseAddress else { return }
            // A large file's second half is read on another thread meanwhile (copying a file
            // of hundreds of megabytes, and the page faults of the memory it goes to, take a
            // tenth of a second); the offset is then moved past it, for anything more.
            if buffer.count >= parallelReadSize, Processors.online > 1 {
                let whole = ParallelRead.read(fd, into: UnsafeMutableRawBufferPointer(buffer))
                failed = whole.failed
                count = whole.count
                if failed || lseek(fd, off_t(count), SEEK_SET) < 0 { failed = true }
                return
            }
            while count < buffer.count {
                let n = readFile(fd, base + count, buffer.count - count)
                if n > 0 {
                    count += n
                } else if n == 0 || errno != EINTR {
                    failed = n < 0
                    return
                }
            }
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while !failed {
            let n = chunk.withUnsafeMutableBytes { readFile(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                bytes.append(contentsOf: chunk[..<n])
            } else if n == 0 {
                break
            } else if errno != EINTR {
                failed = true
            }
        }
        if failed { throw cannotRead }
        return bytes
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
