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
    /// - Parameters:
    ///   - plan: a plan to run every file against instead of the plan it names (a candidate plan,
    ///     or yesterday's fetch), as the user gave it.
    ///   - threads: case files are read, plans loaded and cases run on up to `threads` threads
    ///     (nil: one per core); results, errors and coverage come in file and case order whatever
    ///     the number.
    ///   - loadSnapshot: reads a plan file (the command line's goes through its cache of
    ///     compiled plans); called from several threads.
    public static func run(
        paths: [String], plan override: String? = nil, threads: Int? = nil,
        loadSnapshot: @escaping @Sendable (String) throws(SnapshotError) -> Snapshot = { path throws(SnapshotError) in
            try Snapshot(contentsOfFile: path)
        }
    ) throws(CaseSuiteError) -> TestRun {
        let threads = threads ?? ParallelWork.defaultThreads
        let read = ParallelWork.map(count: paths.count, threads: threads) { i in
            Result { () throws(CaseFileError) in try CaseFile(bytes: try readFile(paths[i], what: "case"), source: paths[i]) }
        }
        var errors: [CaseFileError] = []
        var planOrder: [String] = []
        var planOfPath: [String?] = []
        for (path, file) in zip(paths, read) {
            switch file {
            case .success(let file):
                let plan = override ?? resolve(file.plan, relativeTo: path)
                if !planOrder.contains(plan) { planOrder.append(plan) }
                planOfPath.append(plan)
            case .failure:
                planOfPath.append(nil)
            }
        }
        let loaded = ParallelWork.map(count: planOrder.count, threads: threads) { i in
            Result { () throws(SnapshotError) in try CaseRunner(snapshot: try loadSnapshot(planOrder[i])) }
        }
        let plans = Dictionary(uniqueKeysWithValues: zip(planOrder, loaded))
        var files: [(file: CaseFile, plan: String)] = []
        for (path, (file, plan)) in zip(paths, zip(read, planOfPath)) {
            switch (file, plan.flatMap { plans[$0] }) {
            case (.failure(let error), _):
                errors.append(error)
            case (.success(let file), .success?):
                files.append((file, plan!))
            case (.success, .failure(let error)?):
                // The same broken plan is reported once per file that names it.
                errors.append(CaseFileError(source: path, field: "plan", message: error.description))
            case (.success, nil):
                break
            }
        }
        if !errors.isEmpty { throw CaseSuiteError(errors: errors) }

        var runners: [String: CaseRunner] = [:]
        var work: [(file: Int, testCase: TestCase)] = []
        for (i, (file, plan)) in files.enumerated() {
            guard case .success(let runner) = plans[plan] else { continue }
            runners[plan] = runner
            runner.prepare(file.cases)
            work += file.cases.map { (i, $0) }
        }
        let outcomes = ParallelWork.map(count: work.count, threads: threads) { i in
            let (file, plan) = files[work[i].file]
            return Result { () throws(CaseFileError) in try runners[plan]!.run(work[i].testCase, of: file) }
        }
        // As a serial run would: each file's cases up to its first error, which stands for the
        // file (and then nothing is reported but the errors).
        var results: [CaseResult] = []
        var exercised: [String: Set<RecordID>] = [:]
        var failedFile: Int?
        for (item, outcome) in zip(work, outcomes) where item.file != failedFile {
            switch outcome {
            case .success(let result):
                exercised[files[item.file].plan, default: []].formUnion(result.exercised)
                results.append(result)
            case .failure(let error):
                errors.append(error)
                failedFile = item.file
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
    static func loadPlan(_ path: String) throws(SnapshotError) -> CaseRunner {
        try CaseRunner(snapshot: try Snapshot(contentsOfFile: path))
    }

    static func readFile(_ path: String, what: String) throws(CaseFileError) -> [UInt8] {
        do {
            return try FileContents.readText(path, what: what)
        } catch {
            throw CaseFileError(source: path, message: error.message)
        }
    }
}
