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
            while count < buffer.count, let base = buffer.baseAddress {
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

/// libc's `read(2)`, under a name `FileContents.read` does not hide.
private func readFile(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}
