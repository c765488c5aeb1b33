import DialPlan
import Foundation
import RouteSim

/// Every case of every case file given, run: the results in file order and the coverage per plan.
public struct TestRun: Sendable {
    public var results: [CaseResult]
    /// One entry per plan the files test, in the order the files first name them.
    public var coverage: [PlanCoverage]
    /// The plan each case file tests, by case file.
    public var planOfFile: [String: String]
    /// The load warnings of the plans (fields their tables do not have), each plan's once, in
    /// the order the files first name the plans.
    public var warnings: [LoadWarning] = []

    public var passed: Int { results.count { $0.passed } }
    public var failed: Int { results.count { !$0.passed } }
}

/// Case files that cannot be used; every one found is listed, not only the first.
public struct CaseSuiteError: Error, Sendable, CustomStringConvertible {
    public var errors: [CaseFileError]
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// Loads case files and their plans from disk and runs them.
public enum CaseSuite {
    /// Reads every file, each plan once, and runs every case. When any file (or its plan) cannot
    /// be used, nothing is run and every such error is thrown at once.
    ///
    /// - Parameter plan: a plan to run every file against instead of the plan it names (a
    ///   candidate plan, or yesterday's fetch), as the user gave it.
    public static func run(paths: [String], plan override: String? = nil) throws(CaseSuiteError) -> TestRun {
        var errors: [CaseFileError] = []
        var files: [(file: CaseFile, plan: String)] = []
        var plans: [String: Result<CaseRunner, CaseFileError>] = [:]
        var planOrder: [String] = []
        for path in paths {
            do throws(CaseFileError) {
                let file = try CaseFile(bytes: try readFile(path, what: "case"), source: path)
                let plan = override ?? resolve(file.plan, relativeTo: path)
                if plans[plan] == nil {
                    plans[plan] = Result { () throws(CaseFileError) in try loadPlan(plan, for: file) }
                    planOrder.append(plan)
                }
                if case .failure(let error) = plans[plan]! {
                    // The same broken plan is reported once per file that names it.
                    errors.append(CaseFileError(source: path, field: "plan", message: error.message))
                } else {
                    files.append((file, plan))
                }
            } catch {
                errors.append(error)
            }
        }
        if !errors.isEmpty { throw CaseSuiteError(errors: errors) }

        var runners: [String: CaseRunner] = [:]
        var results: [CaseResult] = []
        var exercised: [String: Set<RecordID>] = [:]
        for (file, plan) in files {
            guard case .success(let runner) = plans[plan] else { continue }
            runners[plan] = runner
            do throws(CaseFileError) {
                let fileResults = try runner.run(file)
                for result in fileResults { exercised[plan, default: []].formUnion(result.exercised) }
                results += fileResults
            } catch {
                errors.append(error)
            }
        }
        if !errors.isEmpty { throw CaseSuiteError(errors: errors) }
        let coverage = planOrder.compactMap { plan in
            runners[plan].map { PlanCoverage(plan: plan, snapshot: $0.snapshot, exercised: exercised[plan] ?? []) }
        }
        let planOfFile = Dictionary(files.map { ($0.file.source, $0.plan) }, uniquingKeysWith: { a, _ in a })
        let warnings = planOrder.flatMap { runners[$0]?.snapshot.warnings ?? [] }
        return TestRun(results: results, coverage: coverage, planOfFile: planOfFile, warnings: warnings)
    }

    /// The case files named by `paths`: a folder stands for its `.yaml`, `.yml` and `.json` files
    /// (not those of its subfolders), in name order; a file stands for itself.
    public static func expand(_ paths: [String]) -> [String] {
        paths.flatMap { path -> [String] in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue,
                let names = try? FileManager.default.contentsOfDirectory(atPath: path)
            else { return [path] }
            let folder = path.hasSuffix("/") ? String(path.dropLast()) : path
            return names.filter { name in
                !name.hasPrefix(".") && [".yaml", ".yml", ".json"].contains { name.lowercased().hasSuffix($0) }
            }.sorted().map { "\(folder)/\($0)" }
        }
    }

    /// The plan path of a case file: relative to the case file's folder, tidied (`a/../b` → `b`).
    public static func resolve(_ plan: String, relativeTo caseFile: String) -> String {
        if plan.hasPrefix("/") { return normalize(plan) }
        let folder = (caseFile as NSString).deletingLastPathComponent
        return normalize(folder.isEmpty ? plan : folder + "/" + plan)
    }

    /// Removes `.` and `name/..` from a path without touching the file system.
    static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            switch part {
            case ".": continue
            case "..":
                if let last = parts.last, last != ".." { parts.removeLast() } else if !absolute { parts.append(part) }
            default: parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }

    /// The runner of a plan: the plan read and decoded, duplicate keys refused.
    static func loadPlan(_ path: String, for file: CaseFile) throws(CaseFileError) -> CaseRunner {
        do {
            return try CaseRunner(snapshot: try Snapshot(contentsOfFile: path))
        } catch {
            throw CaseFileError(source: file.source, field: "plan", message: error.description)
        }
    }

    static func readFile(_ path: String, what: String) throws(CaseFileError) -> [UInt8] {
        do {
            return try FileContents.readText(path, what: what)
        } catch {
            throw CaseFileError(source: path, message: error.message)
        }
    }
}
