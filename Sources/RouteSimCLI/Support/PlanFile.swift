import DialPlan
import Foundation

/// Reading and writing snapshot files for the commands.
enum PlanFile {
    /// Reads and decodes a snapshot; every failure becomes a `CLIError` (exit 2) naming the file.
    static func load(_ path: String) throws(CLIError) -> Snapshot {
        do {
            return try Snapshot(contentsOfFile: path)
        } catch {
            throw CLIError.usage(error.description)
        }
    }

    /// Reads a whole text file (a UTF-8 byte-order mark dropped, UTF-16 refused), with an error
    /// that says which file and why.
    static func readBytes(_ path: String, what: String) throws(CLIError) -> [UInt8] {
        do {
            return try FileContents.readText(path, what: what)
        } catch {
            throw CLIError.usage(error.description)
        }
    }
}
