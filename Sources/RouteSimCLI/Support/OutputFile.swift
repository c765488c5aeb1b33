import Foundation

/// The one way routesim writes a file: plans (`fetch`, `generate`, `emulate --write-back`),
/// reports (`test --output`) and the emulator's ready file.
///
/// - A regular file (or a new one) is replaced atomically: the text goes to a temporary file
///   beside it, created exclusively under a random name (`mkstemp`: `O_CREAT|O_EXCL`, so it never
///   follows a link another user planted), flushed to disk, given its final mode, then renamed
///   over the target. A reader sees the old file or the new one, never half of either; a failure
///   or SIGINT/SIGTERM/SIGHUP while writing removes the temporary file and leaves the old one.
/// - An existing file keeps its mode (and, when routesim runs as root, its owner); a new file
///   gets 0666 less the umask, or 0600 when it holds secrets.
/// - A symbolic link is followed: the file it points at is updated and the link stays a link.
/// - Anything else (`/dev/null`, a FIFO, a terminal, any path under `/dev` or `/proc`) is written
///   through, as a shell redirection would: it is never replaced by a regular file; `/dev/stdout`
///   and `/dev/stderr` (and their `/dev/fd`, `/proc/self/fd` names) are routesim's own streams.
enum OutputFile {
    /// What is at the path once links are followed.
    enum Target: Equatable {
        /// A regular file at this path (links resolved); `exists` false for a new file.
        case regular(path: String, exists: Bool)
        /// A device, FIFO or socket: written through the path as given.
        case special
        /// routesim's own standard output (1) or error (2), through `/dev/stdout` and the like:
        /// written to the open descriptor, in order with everything else written there.
        case standardStream(Int32)
    }

    /// Checks before any work that `path` can be written (the folder exists and is writable, the
    /// path is no folder), so a long fetch does not fail at its very end. `option` names the
    /// flag in messages (`--output`). Unusable input: exit status 2.
    static func check(_ path: String, option: String) throws(CLIError) {
        let target: Target
        do { target = try resolve(path) } catch { throw .usage("\(option) \(error.message)") }
        guard case .regular(let real, _) = target else { return }
        let folder = directory(of: real)
        guard access(folder, W_OK | X_OK) == 0 else {
            throw .usage("\(option) \(path): cannot create files in \(folder) (\(String(cString: strerror(errno))))")
        }
    }

    /// Writes `text` to `path` as described above; `holdsSecrets` makes a new file 0600.
    /// A failure is exit status 1 (the command's work was done, its result cannot be kept).
    static func write(_ text: String, to path: String, holdsSecrets: Bool = false) throws(CLIError) {
        do throws(Failure) {
            switch try resolve(path) {
            case .special: try writeThrough(text, to: path)
            case .standardStream(let fd):
                StandardOutput.flush()
                if let reason = writeAll(text, to: fd) { throw Failure(path, "cannot write to it (\(reason))") }
            case .regular(let real, let exists):
                try replace(real, exists: exists, holdsSecrets: holdsSecrets) { writeAll(text, to: $0) }
            }
        } catch {
            throw CLIError(message: error.message, status: .failure)
        }
    }

    /// Writes `bytes` to the regular file (or new file) at `path`, replaced atomically as above:
    /// binary files (compiled plans), which go to no device or stream.
    static func write(bytes: [UInt8], to path: String, holdsSecrets: Bool = false) throws(Failure) {
        guard case .regular(let real, let exists) = try resolve(path) else { throw Failure(path, "is not a regular file") }
        try replace(real, exists: exists, holdsSecrets: holdsSecrets) { fd in bytes.withUnsafeBytes { writeAll($0, to: fd) } }
    }

    /// Why a path cannot be written, without the flag: `out.json: is a directory`.
    struct Failure: Error {
        var message: String
        init(_ path: String, _ reason: String) { message = "\(path): \(reason)" }
    }

    /// Follows links to what `path` names.
    static func resolve(_ path: String) throws(Failure) -> Target {
        guard !path.isEmpty else { throw Failure("''", "no file name") }
        var current = path
        for _ in 0..<40 {
            // The process's own streams, and anything the kernel serves under /dev and /proc:
            // never renamed over (`/dev/stdout` may end in the very file a shell redirected to).
            switch current {
            case "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1": return .standardStream(1)
            case "/dev/stderr", "/dev/fd/2", "/proc/self/fd/2": return .standardStream(2)
            default: if current.hasPrefix("/dev/") || current.hasPrefix("/proc/") { return .special }
            }
            var info = stat()
            if lstat(current, &info) != 0 {
                guard errno == ENOENT else { throw Failure(path, String(cString: strerror(errno))) }
                let folder = directory(of: current)
                var folderInfo = stat()
                guard stat(folder, &folderInfo) == 0, folderInfo.st_mode & S_IFMT == S_IFDIR else {
                    throw Failure(path, "the folder \(folder) does not exist")
                }
                return .regular(path: current, exists: false)
            }
            switch info.st_mode & S_IFMT {
            case S_IFLNK:
                // A link into /dev or /proc is followed by name (above); any other live link:
                // what it finally points at decides.
                if let hop = linkText(current), hop.hasPrefix("/dev/") || hop.hasPrefix("/proc/") {
                    current = hop
                    continue
                }
                var followed = stat()
                if stat(current, &followed) == 0 {
                    switch followed.st_mode & S_IFMT {
                    case S_IFREG:
                        guard let real = realpath(current, nil) else { throw Failure(path, String(cString: strerror(errno))) }
                        defer { free(real) }
                        return .regular(path: String(cString: real), exists: true)
                    case S_IFDIR: throw Failure(path, "is a folder; give a file name")
                    default: return .special
                    }
                }
                // A dangling link names the file to create.
                guard let link = linkText(current) else { throw Failure(path, String(cString: strerror(errno))) }
                current = link.hasPrefix("/") ? link : directory(of: current) + "/" + link
            case S_IFREG: return .regular(path: current, exists: true)
            case S_IFDIR: throw Failure(path, "is a folder; give a file name")
            default: return .special
            }
        }
        throw Failure(path, "too many levels of symbolic links")
    }

    /// What the symbolic link at `path` holds, or nil.
    static func linkText(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink(path, &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func name(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// Writes into an existing device, FIFO or socket without replacing it.
    private static func writeThrough(_ text: String, to path: String) throws(Failure) {
        let fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(path, "cannot open it for writing (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        if let reason = writeAll(text, to: fd) { throw Failure(path, "cannot write to it (\(reason))") }
    }

    /// The temporary-file-and-rename replacement of a regular file; `content` writes the new
    /// content to the descriptor it is given (nil on success, else why not).
    private static func replace(_ path: String, exists: Bool, holdsSecrets: Bool, content: (Int32) -> String?) throws(Failure) {
        var mode: mode_t = holdsSecrets ? 0o600 : 0o666 & ~processUmask
        var owner: (uid_t, gid_t)?
        if exists {
            var info = stat()
            guard stat(path, &info) == 0 else { throw Failure(path, String(cString: strerror(errno))) }
            mode = info.st_mode & 0o7777
            if geteuid() == 0 { owner = (info.st_uid, info.st_gid) }
        }
        // The stop signals wait while the file is created and registered, so that none can end the
        // process between the two and leave the file behind.
        let (fd, temporary) = try TemporaryFiles.withStopSignalsBlocked { () throws(Failure) in
            let (fd, temporary) = try createTemporary(beside: path)
            TemporaryFiles.register(temporary)
            return (fd, temporary)
        }
        defer { TemporaryFiles.unregister() }
        func fail(_ reason: String) -> Failure {
            close(fd)
            unlink(temporary)
            return Failure(path, "cannot write the file (\(reason)); the file is left as it was")
        }
        if let reason = content(fd) { throw fail(reason) }
        if let (uid, gid) = owner { _ = fchown(fd, uid, gid) }
        guard fchmod(fd, mode) == 0 else { throw fail(String(cString: strerror(errno))) }
        guard fsync(fd) == 0 else { throw fail(String(cString: strerror(errno))) }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(path, "cannot write the file (\(reason)); the file is left as it was")
        }
        // The rename itself reaches the disk with the folder's entry.
        let folder = open(directory(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            _ = fsync(folder)
            close(folder)
        }
    }

    /// A new, empty file beside `path` that nobody else can have created or redirected:
    /// `.NAME.RANDOM.tmp`, opened with `O_CREAT|O_EXCL|O_NOFOLLOW` and mode 0600 (as `mkstemp`
    /// does), another random name tried if one exists.
    private static func createTemporary(beside path: String) throws(Failure) -> (Int32, String) {
        let prefix = directory(of: path) + "/." + name(of: path) + "."
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        for _ in 0..<100 {
            var random = SystemRandomNumberGenerator()
            let suffix = String((0..<12).map { _ in alphabet[Int(random.next(upperBound: UInt64(alphabet.count)))] })
            let candidate = prefix + suffix + ".tmp"
            let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if fd >= 0 { return (fd, candidate) }
            guard errno == EEXIST else {
                throw Failure(path, "cannot create a temporary file beside it (\(String(cString: strerror(errno))))")
            }
        }
        throw Failure(path, "cannot create a temporary file beside it (every name tried exists)")
    }

    /// Writes every byte of `text`; nil on success, else why not.
    private static func writeAll(_ text: String, to fd: Int32) -> String? {
        var text = text
        return text.withUTF8 { writeAll(UnsafeRawBufferPointer($0), to: fd) }
    }

    /// Writes every byte of `buffer`; nil on success, else why not.
    private static func writeAll(_ buffer: UnsafeRawBufferPointer, to fd: Int32) -> String? {
        var offset = 0
        while offset < buffer.count {
            let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            offset += n
        }
        return nil
    }

    /// The process's umask, read once (it is only ever read here).
    static let processUmask: mode_t = {
        let old = umask(0o022)
        umask(old)
        return old
    }()
}

/// The temporary file being written, removed if SIGINT, SIGTERM or SIGHUP ends the process first.
///
/// The handler only calls `unlink` on a path prepared beforehand (both async-signal-safe), then
/// restores the default action and raises the signal again, so the exit status is the signal's.
enum TemporaryFiles {
    static func register(_ path: String) {
        lock.lock()
        pending = strdup(path)
        installHandlers()
        lock.unlock()
    }

    static func unregister() {
        lock.lock()
        let path = pending
        pending = nil
        free(path)
        lock.unlock()
    }

    /// Runs `body` with SIGINT, SIGTERM and SIGHUP blocked in this thread; one that arrives
    /// meanwhile is delivered when they are unblocked.
    static func withStopSignalsBlocked<T>(_ body: () throws(OutputFile.Failure) -> T) throws(OutputFile.Failure) -> T {
        var stop = sigset_t()
        sigemptyset(&stop)
        for signal in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&stop, signal) }
        var old = sigset_t()
        pthread_sigmask(SIG_BLOCK, &stop, &old)
        defer { pthread_sigmask(SIG_SETMASK, &old, nil) }
        return try body()
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var installed = false

    private static func installHandlers() {
        guard !installed else { return }
        installed = true
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            // A signal the process ignores (`nohup`, a background job's SIGINT) stays ignored.
            var old = sigaction()
            if sigaction(signal, nil, &old) == 0, unsafeBitCast(old.__sigaction_handler.sa_handler, to: Int.self) == 1 {
                continue
            }
            var action = sigaction()
            action.__sigaction_handler.sa_handler = temporaryFileSignalHandler
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(signal, &action, nil)
        }
    }
}

/// The path `TemporaryFiles` removes on a signal (a C string, so the handler allocates nothing).
nonisolated(unsafe) private var pending: UnsafeMutablePointer<CChar>?

private func temporaryFileSignalHandler(_ signal: Int32) {
    if let path = pending { unlink(path) }
    Glibc.signal(signal, SIG_DFL)
    raise(signal)
}
