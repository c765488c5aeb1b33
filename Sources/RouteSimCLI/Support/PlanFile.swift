import DialPlan
import Foundation
import RouteSim

/// Reading and writing snapshot files for the commands.
enum PlanFile {
    /// Reads and decodes a snapshot (through the cache of compiled plans, `PlanCacheUse`); every
    /// failure becomes a `CLIError` (exit 2) naming the file.
    static func load(_ path: String) throws(CLIError) -> Snapshot {
        do {
            return try PlanCacheUse.load(path)
        } catch {
            throw CLIError.usage(error.description)
        }
    }

    /// Reads a snapshot and builds its model (`PlanCacheUse.PreparedPlan`); `check` sees the
    /// snapshot first (its load warnings under `--strict`). A bad file or duplicate keys are
    /// unusable input (exit 2). `lazily`: records read from a compiled plan as they are asked
    /// for (`PlanCacheUse.prepare`).
    static func loadModel(
        _ path: String, assumptions: Assumptions, lazily: Bool = false, check: (Snapshot) throws(CLIError) -> Void = { _ in }
    ) throws(CLIError) -> (Snapshot, RoutingModel) {
        let prepared: PlanCacheUse.PreparedPlan
        do { prepared = try PlanCacheUse.prepare(path, lazily: lazily) } catch { throw .usage(error.description) }
        try check(prepared.snapshot)
        do { return (prepared.snapshot, try prepared.model(assumptions: assumptions)) } catch { throw .usage(error.description) }
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

    /// `path` as a file in the folder of `file` names it: relative when both are relative to the
    /// working folder or both absolute (`corpus/plans/x.json` from `cases/a.yaml` is
    /// `../corpus/plans/x.json`), else absolute.
    static func relativePath(_ path: String, fromFolderOf file: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        func components(_ p: String) -> [String] {
            URL(fileURLWithPath: p, relativeTo: URL(fileURLWithPath: cwd, isDirectory: true)).standardizedFileURL.pathComponents
        }
        let target = components(path)
        let folder = Array(components(file).dropLast())
        var common = 0
        while common < min(target.count, folder.count), target[common] == folder[common] { common += 1 }
        if common <= 1 { return URL(fileURLWithPath: path).standardizedFileURL.path }  // only "/" in common
        let ups = Array(repeating: "..", count: folder.count - common)
        return (ups + target[common...]).joined(separator: "/")
    }
}
