import Foundation
import Synchronization

/// The one way routesim writes a file: plans (`fetch`, `generate`, `emulate --write-back`), call
/// detail records (`generate --cdr`, through `open`),
/// reports (`test --output`, `replay --output`) and the ready files of `emulate` and `serve`.
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
        let file = try open(path, holdsSecrets: holdsSecrets)
        var text = text
        let failure = text.withUTF8 { buffer -> CLIError? in
            do throws(CLIError) { try file.write(UnsafeRawBufferPointer(buffer)) } catch { return error }
            return nil
        }
        if let failure { throw failure }
        try file.commit()
    }

    /// Opens `path` for a text written in pieces (`generate --cdr`'s records): `write` them,
    /// then `commit()`. The same rules as `write(_:to:holdsSecrets:)`; a stream dropped without
    /// `commit()` removes its temporary file and leaves the old file as it was. A failure is
    /// exit status 1.
    static func open(_ path: String, holdsSecrets: Bool = false) throws(CLIError) -> Stream {
        do throws(Failure) {
            switch try resolve(path) {
            case .special:
                let fd = Glibc.open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
                guard fd >= 0 else { throw Failure(path, "cannot open it for writing (\(String(cString: strerror(errno))))") }
                return Stream(path: path, descriptor: fd, closes: true, replacing: nil)
            case .standardStream(let fd):
                StandardOutput.flush()
                return Stream(path: path, descriptor: fd, closes: false, replacing: nil)
            case .regular(let real, let exists):
                let (fd, replacement) = try startReplacing(real, exists: exists, holdsSecrets: holdsSecrets)
                return Stream(path: real, descriptor: fd, closes: true, replacing: replacement)
            }
        } catch {
            throw CLIError(message: error.message, status: .failure)
        }
    }

    /// As `open(_:holdsSecrets:)`, for a regular file (or a new one) only, replaced atomically:
    /// binary files (compiled plans), which go to no device or stream (a FIFO would block).
    static func openReplacing(_ path: String, holdsSecrets: Bool = false) throws(CLIError) -> Stream {
        do throws(Failure) {
            guard case .regular(let real, let exists) = try resolve(path) else { throw Failure(path, "is not a regular file") }
            let (fd, replacement) = try startReplacing(real, exists: exists, holdsSecrets: holdsSecrets)
            return Stream(path: real, descriptor: fd, closes: true, replacing: replacement)
        } catch {
            throw CLIError(message: error.message, status: .failure)
        }
    }

    /// An output file open for writing: bytes go to `descriptor` (the temporary file of a
    /// replacement, the device or FIFO, or routesim's own stream) until `commit()`.
    final class Stream {
        /// The path written (links resolved, for a regular file), as messages name it.
        let path: String
        let descriptor: Int32
        private let closes: Bool
        private let replacement: Replacement?
        private var done = false

        fileprivate init(path: String, descriptor: Int32, closes: Bool, replacing replacement: Replacement?) {
            self.path = path
            self.descriptor = descriptor
            self.closes = closes
            self.replacement = replacement
        }

        /// Writes every byte; a failure abandons a replacement (the old file stays).
        func write(_ bytes: UnsafeRawBufferPointer) throws(CLIError) {
            guard let reason = OutputFile.writeAll(bytes, to: descriptor) else { return }
            throw failed(replacement == nil ? "cannot write to it (\(reason))" : Replacement.leftAsItWas(reason))
        }

        /// Finishes the file: a replacement is flushed to disk, given its mode and renamed over
        /// the target.
        func commit() throws(CLIError) {
            guard !done else { return }
            done = true
            guard let replacement else {
                if closes { close(descriptor) }
                return
            }
            defer { TemporaryFiles.unregister() }
            do { try replacement.finish(descriptor) } catch { throw CLIError(message: error.message, status: .failure) }
        }

        private func failed(_ reason: String) -> CLIError {
            abandon()
            return CLIError(message: Failure(path, reason).message, status: .failure)
        }

        /// Closes the file; a replacement's temporary file is removed.
        private func abandon() {
            guard !done else { return }
            done = true
            if closes { close(descriptor) }
            if let replacement {
                unlink(replacement.temporary)
                TemporaryFiles.unregister()
            }
        }

        deinit { abandon() }
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

    /// A regular file being replaced: its temporary file, and what the result gets.
    fileprivate struct Replacement {
        var target: String
        var temporary: String
        var mode: mode_t
        var owner: (uid_t, gid_t)?

        static func leftAsItWas(_ reason: String) -> String { "cannot write the file (\(reason)); the file is left as it was" }

        /// Gives the written temporary file its owner and mode, flushes it to disk, closes it and
        /// renames it over the target; on a failure it is removed.
        func finish(_ fd: Int32) throws(Failure) {
            func fail(_ reason: String) -> Failure {
                close(fd)
                unlink(temporary)
                return Failure(target, Self.leftAsItWas(reason))
            }
            if let (uid, gid) = owner { _ = fchown(fd, uid, gid) }
            guard fchmod(fd, mode) == 0 else { throw fail(String(cString: strerror(errno))) }
            guard fsync(fd) == 0 else { throw fail(String(cString: strerror(errno))) }
            close(fd)
            guard rename(temporary, target) == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(temporary)
                throw Failure(target, Self.leftAsItWas(reason))
            }
            // The rename itself reaches the disk with the folder's entry.
            let folder = Glibc.open(directory(of: target), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if folder >= 0 {
                _ = fsync(folder)
                close(folder)
            }
        }
    }

    /// Starts the temporary-file-and-rename replacement of a regular file: the temporary file,
    /// open and registered for removal on a stop signal.
    private static func startReplacing(_ path: String, exists: Bool, holdsSecrets: Bool) throws(Failure) -> (Int32, Replacement) {
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
        return (fd, Replacement(target: path, temporary: temporary, mode: mode, owner: owner))
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
            let fd = Glibc.open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if fd >= 0 { return (fd, candidate) }
            guard errno == EEXIST else {
                throw Failure(path, "cannot create a temporary file beside it (\(String(cString: strerror(errno))))")
            }
        }
        throw Failure(path, "cannot create a temporary file beside it (every name tried exists)")
    }

    /// Writes every byte; nil on success, else why not.
    fileprivate static func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: Int32) -> String? {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
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
        free(UnsafeMutableRawPointer(bitPattern: pendingPath.exchange(UInt(bitPattern: strdup(path)), ordering: .sequentiallyConsistent)))
        installHandlers()
        lock.unlock()
    }

    /// Forgets the path; its copy is freed once no handler can still be reading it (a handler on
    /// another thread may have loaded it just before).
    static func unregister() {
        lock.lock()
        let path = UnsafeMutablePointer<CChar>(bitPattern: pendingPath.exchange(0, ordering: .sequentiallyConsistent))
        while handlersRunning.load(ordering: .sequentiallyConsistent) > 0 { sched_yield() }
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

/// The path `TemporaryFiles` removes on a signal (a C string, so the handler allocates nothing),
/// shared with a handler that may run on any thread: atomic (its address; 0 for none), and freed
/// only when no handler runs.
private let pendingPath = Atomic<UInt>(0)
/// Handlers between loading `pendingPath` and being done with it.
private let handlersRunning = Atomic<Int>(0)

private func temporaryFileSignalHandler(_ signal: Int32) {
    handlersRunning.add(1, ordering: .sequentiallyConsistent)
    if let path = UnsafePointer<CChar>(bitPattern: pendingPath.load(ordering: .sequentiallyConsistent)) { unlink(path) }
    handlersRunning.subtract(1, ordering: .sequentiallyConsistent)
    // The signal is blocked while its handler runs: it ends the process once this returns.
    Glibc.signal(signal, SIG_DFL)
    raise(signal)
}
