import Foundation
import Testing

/// Runs the built `routesim` binary and captures what it prints.
enum RouteSimBinary {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The binary next to the test bundle (`swift test` builds every product), else `.build/debug`.
    static var executable: URL {
        let candidates = [
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("routesim"),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("routesim"),
            root.appendingPathComponent(".build/debug/routesim"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[2]
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], in directory: URL = root) throws -> Run {
        try run(executable.path, arguments, in: directory)
    }

    static func run(_ program: String, _ arguments: [String], in directory: URL = root) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        // stderr goes to a file, stdout to a pipe read to the end before waiting (a full pipe
        // would block the child).
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("routesim-stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errURL) }
        let err = try FileHandle(forWritingTo: errURL)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try err.close()
        let stderr = try Data(contentsOf: errURL)
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A temporary directory removed after `body`.
    static func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("routesim-lint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        return try body(dir)
    }
}

@Suite("routesim lint (end to end)")
struct LintCommandTests {
    @Test("exit 1 on an error finding; --fail-on never exits 0")
    func errorsFail() throws {
        let r = try RouteSimBinary.run(["lint", "--plan", "corpus/lint/reanalysis-loop.json"])
        #expect(r.status == 1)
        #expect(r.stderr == "")
        #expect(r.stdout.hasPrefix("corpus/lint/reanalysis-loop.json:9: RS201 error anacldnbr(dialPlan \"hq\", calledNbr \"0\"): re-analysis loop in dial plan \"hq\""))
        #expect(r.stdout.hasSuffix("1 error, 0 warnings, 1 info\n"))
        let never = try RouteSimBinary.run(["lint", "--plan", "corpus/lint/reanalysis-loop.json", "--fail-on", "never"])
        #expect(never.status == 0)
        #expect(never.stdout == r.stdout)
    }

    @Test("warnings pass by default and fail with --fail-on warning; info never fails")
    func failOnThresholds() throws {
        #expect(try RouteSimBinary.run(["lint", "--plan", "corpus/lint/covered-prefix.json"]).status == 0)
        #expect(try RouteSimBinary.run(["lint", "--plan", "corpus/lint/covered-prefix.json", "--fail-on", "warning"]).status == 1)
        #expect(try RouteSimBinary.run(["lint", "--plan", "corpus/lint/unused-records.json", "--fail-on", "warning"]).status == 0)
        #expect(try RouteSimBinary.run(["lint", "--plan", "corpus/lint/unused-records.json", "--fail-on", "error"]).status == 0)
    }

    @Test("the bundled plans pass --fail-on warning", arguments: ["demo-office", "refine-called", "call-level", "multi-site"])
    func bundledPlans(_ name: String) throws {
        let r = try RouteSimBinary.run(["lint", "--plan", "corpus/plans/\(name).json", "--fail-on", "warning"])
        #expect(r.status == 0, "\(r.stdout)")
    }

    @Test("a plan that cannot be read exits 2 with the file named, and prints nothing on stdout")
    func unreadablePlan() throws {
        let missing = try RouteSimBinary.run(["lint", "--plan", "corpus/lint/nope.json"])
        #expect(missing.status == 2)
        #expect(missing.stdout == "")
        #expect(missing.stderr == "routesim: corpus/lint/nope.json: no such plan file\n")
        try RouteSimBinary.withTemporaryDirectory { dir in
            try Data("{\"anacldnbr\": [{\"routeType\": \"x\"}]}".utf8).write(to: dir.appendingPathComponent("bad.json"))
            let bad = try RouteSimBinary.run(["lint", "--plan", dir.appendingPathComponent("bad.json").path])
            #expect(bad.status == 2)
            #expect(bad.stdout == "")
            #expect(bad.stderr.hasSuffix("bad.json:1: anacldnbr[0] (dialPlan \"\", calledNbr \"\"), field \"routeType\": expected an integer (a number or a string of digits), found the string \"x\"\n"))
        }
    }

    @Test("a duplicate key is a finding, not a refusal")
    func duplicatesAreFindings() throws {
        let r = try RouteSimBinary.run(["lint", "--plan", "corpus/lint/duplicate-keys.json", "--format", "json"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("\"code\": \"RS301\""))
    }

    @Test("the configuration beside the plan is read; a bad one exits 2 naming the file and entry")
    func configuration() throws {
        let r = try RouteSimBinary.run(["lint", "--plan", "corpus/lint/suppressions.json", "--format", "json", "--fail-on", "warning"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("\"reason\": \"the office plan is switched on at the move next month\""))
        let ignored = try RouteSimBinary.run(["lint", "--plan", "corpus/lint/suppressions.json", "--no-config", "--fail-on", "warning"])
        #expect(ignored.status == 1)
        try RouteSimBinary.withTemporaryDirectory { dir in
            let config = dir.appendingPathComponent("lint.json")
            try Data(#"{"suppress": [{"code": "RS302"}]}"#.utf8).write(to: config)
            let bad = try RouteSimBinary.run(["lint", "--plan", "corpus/lint/suppressions.json", "--config", config.path])
            #expect(bad.status == 2)
            #expect(bad.stdout == "")
            #expect(bad.stderr == "routesim: \(config.path): suppress[0] (RS302): \"reason\" is missing or empty; say why the finding is accepted\n")
        }
    }

    @Test("SARIF output validates against the SARIF 2.1.0 schema and points at the record's line")
    func sarifValidates() throws {
        let r = try RouteSimBinary.run(["lint", "--plan", "corpus/lint/suppressions.json", "--format", "sarif"])
        #expect(r.status == 0)
        let loop = try RouteSimBinary.run(["lint", "--plan", "corpus/lint/reanalysis-loop.json", "--format", "sarif"])
        #expect(loop.status == 1)
        #expect(loop.stdout.contains("\"uri\": \"corpus/lint/reanalysis-loop.json\""))
        #expect(loop.stdout.contains("\"startLine\": 9"))
        try RouteSimBinary.withTemporaryDirectory { dir in
            for (name, text) in [("suppressed.sarif", r.stdout), ("loop.sarif", loop.stdout)] {
                let file = dir.appendingPathComponent(name)
                try Data(text.utf8).write(to: file)
                let schema = RouteSimBinary.root.appendingPathComponent("corpus/reference/sarif-schema-2.1.0.json").path
                let check = try RouteSimBinary.run("/usr/bin/env", [
                    "python3", "-c",
                    "import json, sys, jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))); print('valid')",
                    file.path, schema,
                ])
                #expect(check.status == 0, "\(name): \(check.stderr) (needs python3 with jsonschema: .ci/run installs it)")
                #expect(check.stdout == "valid\n")
            }
        }
        #expect(r.stdout.contains("\"justification\": \"kept for the night service being built\""))
    }

    @Test("--list-codes prints every code")
    func listCodes() throws {
        let r = try RouteSimBinary.run(["lint", "--list-codes"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 45)
        #expect(lines.first == "RS101  error   dangling      analysis transition does not exist")
    }
}
