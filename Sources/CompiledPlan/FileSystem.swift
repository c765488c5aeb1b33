#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file mapped read-only into memory, unmapped with the last value that keeps it.
///
/// The pages are the page cache's: several processes that map one compiled plan share them, and
/// a page is read from disk only when something touches it.
final class MappedFile: @unchecked Sendable {
    // @unchecked: the mapping is read-only and lives as long as this object.
    let bytes: UnsafeRawBufferPointer

    /// Maps the whole of `fd` (`size` bytes), or returns nil when the system refuses.
    init?(fd: Int32, size: Int) {
        guard size > 0, let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else {
            return nil
        }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count) }
}

/// What `stat` says of a file, as far as telling "unchanged" goes: the same device, inode, size,
/// modification time and status-change time. Any write to a file changes its status-change time,
/// which no user can set back.
struct FileIdentity: Equatable, Sendable, CustomStringConvertible {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modified: Int64
    var changed: Int64

    /// The identity of the file at `path`, or nil when it cannot be read (missing, not a file).
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        self.init(info)
    }

    /// The identity of an open file.
    init?(fd: Int32) {
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        self.init(info)
    }

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        changed = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
    }

    init(device: UInt64, inode: UInt64, size: Int64, modified: Int64, changed: Int64) {
        self.device = device
        self.inode = inode
        self.size = size
        self.modified = modified
        self.changed = changed
    }

    var description: String { "\(device):\(inode):\(size):\(modified):\(changed)" }

    /// Parses `description`.
    init?(_ text: Substring) {
        let parts = text.split(separator: ":").map { Int64($0) }
        guard parts.count == 5, let d = parts[0], let i = parts[1], let s = parts[2], let m = parts[3], let c = parts[4] else {
            return nil
        }
        self.init(device: UInt64(bitPattern: d), inode: UInt64(bitPattern: i), size: s, modified: m, changed: c)
    }
}

/// The clock a stamp records, in nanoseconds.
func wallClockNanoseconds() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
}

/// A failure of the file system, with what was being done: `cannot create /x/y: Permission denied`.
struct FileSystemError: Error, CustomStringConvertible {
    var description: String

    init(_ what: String, _ path: String, errno code: Int32 = errno) {
        description = "cannot \(what) \(path): \(String(cString: strerror(code)))"
    }
}

enum FileSystem {
    /// Creates `path` and the folders above it (mode 0700: a cache is the user's own).
    static func makeDirectories(_ path: String) throws(FileSystemError) {
        var built = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            built += "/" + part
            if mkdir(built, 0o700) != 0 && errno != EEXIST { throw FileSystemError("create the folder", built) }
        }
    }

    /// Reads `count` bytes at `offset` of `fd` in chunks, handing each to `body`: through the
    /// page cache into one small buffer, so the process does not map (and count as its own
    /// memory) a file it only checks.
    static func readChunks(_ fd: Int32, offset: Int, count: Int, _ body: (UnsafeRawBufferPointer) -> Void) -> Bool {
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 64)
        defer { buffer.deallocate() }
        var done = 0
        while done < count {
            let n = pread(fd, buffer, min(chunk, count - done), off_t(offset + done))
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            body(UnsafeRawBufferPointer(start: buffer, count: n))
            done += n
        }
        return true
    }
}
