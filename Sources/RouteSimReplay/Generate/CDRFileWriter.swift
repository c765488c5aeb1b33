import CZlib
import Glibc

/// Writes a CDR file atomically: into a temporary file beside it, renamed over the target by
/// `commit()`; a writer dropped without `commit()` removes the temporary file, so a failed run
/// never leaves a half-written file or clobbers an existing one. A name ending in `.gz` is
/// written gzip-compressed (zlib), as the server's files may be archived.
public final class CDRFileWriter {
    public let path: String
    private let temporary: String
    private var plain: UnsafeMutablePointer<FILE>?
    private var compressed: gzFile?
    private var committed = false
    private var failure: String?

    public init(path: String) throws(CDRInputError) {
        self.path = path
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        temporary = "\(folder).\(name).\(getpid()).tmp"
        if path.hasSuffix(".gz") {
            compressed = gzopen(temporary, "wb6")
            if compressed == nil { throw CDRInputError(path: path, message: "cannot write the file: \(String(cString: strerror(errno)))") }
        } else {
            plain = fopen(temporary, "wb")
            if plain == nil { throw CDRInputError(path: path, message: "cannot write the file: \(String(cString: strerror(errno)))") }
        }
    }

    deinit {
        close()
        if !committed { unlink(temporary) }
    }

    /// Appends bytes; the first failure is kept and reported by `commit()`.
    public func write(_ bytes: [UInt8]) {
        guard failure == nil, !bytes.isEmpty else { return }
        bytes.withUnsafeBytes { buffer in
            if let plain {
                if fwrite(buffer.baseAddress, 1, buffer.count, plain) != buffer.count { failure = String(cString: strerror(errno)) }
            } else if let compressed {
                if gzwrite(compressed, buffer.baseAddress, UInt32(buffer.count)) != Int32(buffer.count) {
                    failure = "zlib could not compress"
                }
            }
        }
    }

    private func close() {
        if let plain {
            if fclose(plain) != 0 && failure == nil { failure = String(cString: strerror(errno)) }
            self.plain = nil
        }
        if let compressed {
            if gzclose_w(compressed) != czlib_ok() && failure == nil { failure = "zlib could not finish the file" }
            self.compressed = nil
        }
    }

    /// Finishes the file and renames it into place; on any failure the temporary file is
    /// removed and an existing file at `path` is left untouched.
    public func commit() throws(CDRInputError) {
        close()
        if let failure {
            unlink(temporary)
            throw CDRInputError(path: path, message: "cannot write the file: \(failure)")
        }
        if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CDRInputError(path: path, message: "cannot write the file: \(reason)")
        }
        committed = true
    }
}
