import Foundation
import Testing

/// `routesim test` end to end: the built binary, its output and its exit status.
@Suite("routesim test (the binary)")
struct TestCommandTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The `routesim` built beside this test bundle.
    static var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("routesim").path
    }

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func routesim(_ arguments: [String]) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting: a full pipe would block the child.
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("routesim-test-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("the corpus passes: exit 0, and the summary is the last line")
    func corpus() throws {
        let result = try Self.routesim(["test", "corpus/cases"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.last?.range(of: #"^\d+ passed, 0 failed$"#, options: .regularExpression) != nil)
        #expect(result.stderr.isEmpty)
    }

    @Test("a failing case: exit 1, the failure line, its trace, then the summary")
    func failing() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("c.yaml").path
        try Data(
            """
            plan: \(Self.packageRoot.path)/corpus/plans/refine-called.json
            cases:
              - name: intl from 100
                from: {user: "100"}
                dial: "0123"
                expect: {called: '/^0086\\d+$/'}
              - name: internal
                from: {user: "100"}
                dial: "101"
                expect: {outcome: localUser}
            """.utf8
        ).write(to: URL(fileURLWithPath: file))
        let junit = folder.appendingPathComponent("report.xml").path
        let result = try Self.routesim(["test", "--format", "junit", "--output", junit, file])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == #"\#(file): case "intl from 100": called: expected /^0086\d+$/, got "0123""#)
        #expect(lines.contains(#"      2  analyzeCalled   0123  ·  anacldnbr (dialPlan "default", calledNbr "0")"#))
        #expect(lines.dropLast().last == "1 passed, 1 failed")
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains(#"<testsuites name="routesim test" tests="2" failures="1" errors="0">"#))
    }

    @Test("unusable input: exit 2, every error on stderr, nothing on stdout")
    func unusable() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = folder.appendingPathComponent("bad.yaml").path
        try Data(
            "plan: nowhere.json\ncases:\n  - name: a\n    from: {user: \"100\"}\n    dial: \"1\"\n    expect: {outcome: localUser}\n".utf8
        )
        .write(to: URL(fileURLWithPath: bad))
        let result = try Self.routesim(["test", bad, folder.appendingPathComponent("absent.yaml").path])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderr == """
                routesim: \(bad): field "plan": \(folder.path)/nowhere.json: no such plan file
                routesim: \(folder.path)/absent.yaml: no such case file

                """)
        #expect(try Self.routesim(["test"]).status == 2)
    }
}
