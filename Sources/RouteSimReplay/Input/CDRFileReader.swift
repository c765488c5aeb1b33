import CZlib
import DialPlan
import Glibc

/// The bytes of one CDR file, gzip or plain, read in blocks: the one owner of a zlib handle.
///
/// zlib reads a plain file as it is and a gzip file (one member or several) uncompressed, so
/// `replay` takes `cdr-2024-05-01.csv` and `cdr-2024-05-01.csv.gz` alike. `-` is standard input.
final class CDRFileReader {
    /// The file as the user named it (`-` for standard input), for messages.
    let path: String
    private var handle: gzFile?

    /// Opens `path`; an error names the file and the system's reason.
    init(path: String) throws(CDRInputError) {
        self.path = path
        if path == "-" {
            let descriptor = dup(0)
            handle = descriptor < 0 ? nil : gzdopen(descriptor, "rb")
            if handle == nil && descriptor >= 0 { close(descriptor) }
        } else {
            // A device (`/dev/zero`) would be read forever, one malformed record after another.
            if FileContents.isDevice(path) { throw CDRInputError(path: path, message: "is a device, not a CDR file") }
            handle = gzopen(path, "rb")
        }
        guard let handle else {
            throw CDRInputError(path: path, message: "cannot open the file: \(String(cString: strerror(errno)))")
        }
        // Larger blocks than zlib's 8 KiB default: fewer calls per megabyte.
        gzbuffer(handle, 256 * 1024)
    }

    deinit {
        if let handle { gzclose_r(handle) }
    }

    /// Reads up to `count` bytes into `buffer`; 0 at the end of the file. A read error or
    /// corrupt gzip data throws, naming the file and what zlib or the system said.
    func read(into buffer: UnsafeMutableRawPointer, count: Int) throws(CDRInputError) -> Int {
        guard let handle else { return 0 }
        let n = gzread(handle, buffer, UInt32(min(count, Int(Int32.max))))
        if n > 0 { return Int(n) }
        var code: Int32 = 0
        let message = gzerror(handle, &code)
        // At the end, zlib says whether the data ended cleanly: a truncated gzip file ends with
        // "unexpected end of file".
        if n == 0 && code == czlib_ok() { return 0 }
        let reason: String
        if code == czlib_errno() {
            reason = String(cString: strerror(errno))
        } else {
            reason = message.map { String(cString: $0) } ?? "zlib error \(code)"
        }
        throw CDRInputError(path: path, message: "cannot read the file: \(reason) (is it a damaged gzip file?)")
    }
}

/// A CDR file or folder that cannot be read at all: the path and the reason.
public struct CDRInputError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
}
