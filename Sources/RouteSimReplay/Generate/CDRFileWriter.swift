import CZlib
import Glibc

/// Writes call detail records to an open file descriptor, gzip-compressed (zlib) when asked, as
/// the server's files may be archived. It does not open, create or rename files: `routesim`
/// hands it the descriptor of the file it writes (a temporary file renamed into place, a FIFO,
/// its standard output), and decides what happens to the file after `finish()`.
public final class CDRFileWriter {
    /// The file as messages name it.
    public let path: String
    private let descriptor: Int32
    private var compressed: gzFile?
    private var finished = false
    private var failure: String?

    /// A writer to `descriptor` (which stays open: the caller closes it); `compressed` makes it
    /// write gzip. `path` names the file in messages.
    public init(descriptor: Int32, compressed: Bool, path: String) throws(CDRInputError) {
        self.path = path
        self.descriptor = descriptor
        if compressed {
            // zlib closes the descriptor it is given: it gets a copy.
            let copy = dup(descriptor)
            self.compressed = copy >= 0 ? gzdopen(copy, "wb6") : nil
            if self.compressed == nil {
                if copy >= 0 { close(copy) }
                throw CDRInputError(path: path, message: "cannot write the file: zlib could not start")
            }
        }
    }

    deinit {
        if let compressed { gzclose_w(compressed) }
    }

    /// Appends bytes; the first failure is kept and reported by `finish()`.
    public func write(_ bytes: [UInt8]) {
        guard failure == nil, !finished, !bytes.isEmpty else { return }
        bytes.withUnsafeBytes { buffer in
            if let compressed {
                if gzwrite(compressed, buffer.baseAddress, UInt32(buffer.count)) != Int32(buffer.count) {
                    failure = "zlib could not compress"
                }
                return
            }
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                offset += n
            }
        }
    }

    /// Writes what is pending (the end of the gzip stream); throws for the first failure.
    public func finish() throws(CDRInputError) {
        guard !finished else { return }
        finished = true
        if let compressed {
            self.compressed = nil
            if gzclose_w(compressed) != czlib_ok() && failure == nil { failure = "zlib could not finish the file" }
        }
        if let failure { throw CDRInputError(path: path, message: "cannot write the file: \(failure)") }
    }
}
