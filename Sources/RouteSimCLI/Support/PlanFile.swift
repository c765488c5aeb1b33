import DialPlan
import Foundation

/// Reading and writing snapshot files for the commands.
enum PlanFile {
    /// Reads and decodes a snapshot; every failure becomes a `CLIError` (exit 2) naming the file.
    static func load(_ path: String) throws(CLIError) -> Snapshot {
        let bytes = try readBytes(path, what: "plan")
        do {
            return try Snapshot(json: bytes, source: path)
        } catch {
            throw CLIError.usage(error.description)
        }
    }

    /// Reads a whole file, with an error that says which file and why.
    static func readBytes(_ path: String, what: String) throws(CLIError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CLIError.usage("\(path): no such \(what) file")
        }
        guard !isDirectory.boolValue else { throw CLIError.usage("\(path): is a directory, not a \(what) file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError.usage("\(path): cannot read the \(what) file (permission denied?)")
        }
        return [UInt8](data)
    }

    /// Writes `text` to `path` atomically: a temporary file beside it, then a rename. On failure
    /// nothing is left behind and an existing file is untouched.
    static func writeAtomically(_ text: String, to path: String) throws(CLIError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        do {
            try Data(text.utf8).write(to: temporary, options: [])
            if rename(temporary.path, url.path) != 0 {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temporary)
                throw CLIError(message: "\(path): cannot write the file: \(reason)", status: .failure)
            }
        } catch let error as CLIError {
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw CLIError(message: "\(path): cannot write the file: \(error.localizedDescription)", status: .failure)
        }
    }
}
