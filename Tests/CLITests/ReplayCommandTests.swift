import Foundation
import RouteSimTestSupport
import Testing

/// `routesim generate --cdr` and `routesim replay` end to end: the built binary, its output and
/// its exit statuses.
@Suite("routesim replay and generate --cdr (the binary)")
struct ReplayCommandTests {
    static let demo = Corpus.plan("demo-office").path

    /// Generates records for the demo plan into `scratch` and returns the file's path.
    static func records(_ scratch: ScratchDirectory, name: String = "cdr.csv", _ extra: [String] = []) throws -> String {
        let path = scratch.path(name)
        let run = try routesim(["generate", "--cdr", "--plan", demo, "--calls", "600", "--seed", "4", "--output", path] + extra)
        #expect(run.status == 0, "\(run.stderr)")
        return path
    }

    @Test("generate --cdr: the same seed gives the same bytes, CRLF lines, a summary on stderr")
    func generate() throws {
        let first = try routesim(["generate", "--cdr", "--plan", Self.demo, "--calls", "300", "--seed", "9"])
        let second = try routesim(["generate", "--cdr", "--plan", Self.demo, "--calls", "300", "--seed", "9"])
        #expect(first.status == 0)
        #expect(first.stdout == second.stdout)
        #expect(first.stdout.hasPrefix("O,2024-05-01 08:00:"))
        #expect(first.stdout.contains("\r\n"))
        #expect(first.stderr.hasPrefix("generated 300 calls in "))
        let header = try routesim(["generate", "--cdr", "--plan", Self.demo, "--calls", "3", "--header"])
        #expect(
            header.stdout.hasPrefix(
                "Record type,Start time,Duration,Caller number,Dialed number,Called number,Origin type,Origin,Destination type,Destination,Result,FCI\r\n"
            ))
    }

    @Test(
        "generate --cdr refuses arguments it cannot use: exit 2 and why",
        arguments: [
            (["--cdr", "--plan", "corpus/plans/demo-office.json"], "routesim: --cdr needs --calls N"),
            (["--cdr", "--rows", "100", "--calls", "5"], "routesim: --rows and --defects make a plan; --cdr writes records for --plan"),
            (
                ["--cdr", "--plan", "corpus/plans/demo-office.json", "--calls", "0"],
                "routesim: --calls must be between 1 and 100000000, found 0"
            ),
            (["--calls", "5"], "routesim: --plan, --calls and the other CDR options need --cdr"),
            (
                ["--cdr", "--plan", "corpus/plans/demo-office.json", "--calls", "5", "--unanswered", "101"],
                "routesim: --unanswered must be between 0 and 100, found 101"
            ),
        ])
    func generateRefuses(arguments: [String], message: String) throws {
        let run = try routesim(["generate"] + arguments)
        #expect(run.status == 2)
        #expect(run.stderr == message + "\n")
        #expect(run.stdout.isEmpty)
    }

    @Test("replay: exit 0, the report, malformed records on stderr, the summary as the last line")
    func replay() throws {
        let scratch = try ScratchDirectory()
        let path = try Self.records(scratch, ["--malformed", "20"])
        let run = try routesim(["replay", "--plan", Self.demo, path])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "replay of \(lines.first!.split(separator: " ")[2]) records from 1 file against \(Self.demo)")
        #expect(run.stdout.contains("\nagreement    "))
        let summary = try #require(lines.dropLast().last)
        #expect(summary.range(of: #"^\d+ agree, 0 disagree, \d+ unexplainable, \d+ malformed$"#, options: .regularExpression) != nil)
        let errors = run.stderr.split(separator: "\n")
        #expect(!errors.isEmpty)
        #expect(errors.allSatisfy { $0.hasPrefix("routesim: \(path):") && $0.hasSuffix(" (skipped)") })
        #expect(summary.hasSuffix(" \(errors.count) malformed"))
    }

    @Test("--format json and markdown; gzip and standard input read like files")
    func formats() throws {
        let scratch = try ScratchDirectory()
        let path = try Self.records(scratch, name: "cdr.csv.gz", ["--malformed", "0"])
        let json = try routesim(["replay", "--plan", Self.demo, "--format", "json", path])
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let agreement = try #require(object["agreement"] as? [String: Any])
        #expect((agreement["agreeing"] as? Int) == (agreement["explainable"] as? Int))
        #expect((agreement["ratio"] as? Int) == 1)
        #expect((object["files"] as? [String]) == [path])

        let markdown = try routesim(["replay", "--plan", Self.demo, "--format", "markdown", path])
        #expect(markdown.stdout.hasPrefix("# Replay of "))
        #expect(markdown.stdout.contains("\n## By dial plan\n\n| | calls | agree |\n|---|---:|---:|\n| default |"))

        let plain = try Self.records(scratch, name: "plain.csv", ["--malformed", "0"])
        let text = try String(contentsOfFile: plain, encoding: .utf8)
        let stdin = try routesim(["replay", "--plan", Self.demo, "--calibrate", "-"], input: text)
        #expect(stdin.status == 0)
        #expect(stdin.stdout.contains(" records from 1 file against "))
        #expect(!stdin.stdout.contains("routesim-stdin"))
    }

    @Test("a flipped assumption: --min-agreement fails (exit 1); --calibrate prints the flags and the case-file block")
    func calibrate() throws {
        let scratch = try ScratchDirectory()
        let path = try Self.records(scratch, ["--assume", "stripOutGroupPrefix=none", "--malformed", "0", "--unexplainable", "0"])
        let gated = try routesim(["replay", "--plan", Self.demo, "--min-agreement", "99.5", path])
        #expect(gated.status == 1)
        #expect(
            gated.stderr.range(
                of: #"^routesim: \d+ of \d+ explainable calls agree, below --min-agreement 99.5%\n$"#, options: .regularExpression) != nil)
        #expect(gated.stdout.contains("another number sent at defaults · sysinfo · assumed stripOutGroupPrefix=lineRoutes"))

        let calibrated = try routesim(["replay", "--plan", Self.demo, "--calibrate", path])
        #expect(calibrated.status == 0)
        #expect(calibrated.stdout.contains("  flags:      --assume stripOutGroupPrefix=none\n"))
        #expect(calibrated.stdout.contains("  case file:  assume: {stripOutGroupPrefix: none}\n"))

        let fixed = try routesim(["replay", "--plan", Self.demo, "--assume", "stripOutGroupPrefix=none", "--min-agreement", "100", path])
        #expect(fixed.status == 0)
        #expect(fixed.stdout.contains("  assumptions  stripOutGroupPrefix=none\n"))
    }

    @Test("--min-agreement with nothing to compare fails (exit 1), not passes at 100 % of none")
    func gateWithNothingToCompare() throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.write("a,b\n\"unterminated,1\n", to: "wrong.csv")
        let plain = try routesim(["replay", "--plan", Self.demo, path])
        #expect(plain.status == 0)
        #expect(plain.stdout.contains("0 agree, 0 disagree, 0 unexplainable, 2 malformed"))
        let gated = try routesim(["replay", "--plan", Self.demo, "--min-agreement", "0", path])
        #expect(gated.status == 1)
        #expect(
            gated.stderr.hasSuffix(
                "routesim: no call could be compared (0 calls, none the plan can explain; 2 malformed records): --min-agreement cannot be met\n"
            ))
    }

    @Test("--against: the calls a candidate plan would route differently")
    func against() throws {
        let scratch = try ScratchDirectory()
        let path = try Self.records(scratch, ["--malformed", "0"])
        var plan = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Corpus.plan("demo-office"))) as? [String: Any])
        var system = try #require(plan["sysinfo"] as? [String: Any])
        system["ogpfx"] = "8"
        plan["sysinfo"] = system
        let candidate = scratch.path("candidate.json")
        try JSONSerialization.data(withJSONObject: plan).write(to: URL(fileURLWithPath: candidate))
        let run = try routesim([
            "replay", "--plan", Self.demo, "--against", candidate, "--output", scratch.path("r.json"), "--format", "json", path,
        ])
        #expect(run.status == 0)
        #expect(run.stdout.contains("candidate plan \(candidate): "))
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: scratch.path("r.json")))) as? [String: Any])
        let comparison = try #require(report["candidate"] as? [String: Any])
        #expect((comparison["changed"] as? Int ?? 0) > 0)
        #expect(scratch.temporaryFiles.isEmpty)
    }

    @Test("--malformed fatal stops at the first malformed record: exit 2, its file and line")
    func fatal() throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.write("O,2024-05-01 08:00:00,5,100,101,101,user,100,user,101,answered,\nO,x\n", to: "cdr.csv")
        let run = try routesim(["replay", "--plan", Self.demo, "--malformed", "fatal", path])
        #expect(run.status == 2)
        #expect(
            run.stderr
                == "routesim: \(path):2: the record has 2 fields; the mapping reads duration in column 3, caller in column 4, dialed in column 5, called in column 6, originType in column 7, origin in column 8, destType in column 9, dest in column 10, result in column 11, fci in column 12 (--malformed fatal stops here)\n"
        )
        #expect(run.stdout.isEmpty)
    }

    @Test(
        "replay refuses input it cannot use: exit 2 and why",
        arguments: [
            (
                ["replay", "--plan", "corpus/plans/demo-office.json"],
                "routesim: replay: give the CDR files (or folders of them, or - for standard input)"
            ),
            (
                ["replay", "--plan", "corpus/plans/demo-office.json", "/nonexistent.csv"],
                "routesim: /nonexistent.csv: no such file or folder"
            ),
            (["replay", "--plan", "/nonexistent.json", "corpus/plans/demo-office.json"], nil),
            (
                ["replay", "--plan", "corpus/plans/demo-office.json", "--columns", "caller=1", "x"],
                "routesim: --columns: map the dialled number (dialed=COLUMN): it is required"
            ),
            (
                ["replay", "--plan", "corpus/plans/demo-office.json", "--examples", "500", "x"],
                "routesim: --examples must be between 0 and 100, found 500"
            ),
            (["replay", "--plan", "corpus/plans/demo-office.json", "--assume", "nope=1", "x"], nil),
            (
                ["replay", "--plan", "corpus/plans/demo-office.json", "--min-agreement", "120", "x"],
                "routesim: --min-agreement is a percentage between 0 and 100, found 120.0"
            ),
        ] as [([String], String?)])
    func refuses(arguments: [String], message: String?) throws {
        let run = try routesim(arguments)
        #expect(run.status == 2)
        if let message { #expect(run.stderr == message + "\n") } else { #expect(run.stderr.hasPrefix("routesim: ")) }
        #expect(run.stdout.isEmpty)
    }

    @Test("a header the columns cannot be found in: exit 2, naming the file, line and cells")
    func unmappable() throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.write("Caller number,Dialled digits\n100,101\n", to: "cdr.csv")
        let run = try routesim(["replay", "--plan", Self.demo, "--header", "yes", path])
        #expect(run.status == 2)
        #expect(
            run.stderr
                == "routesim: \(path):1: the header row has no column for the dialled number (its cells: 'Caller number', 'Dialled digits'); name the columns with --columns, e.g. caller=4,dialed=5\n"
        )
        let mapped = try routesim(["replay", "--plan", Self.demo, "--columns", "caller=Caller number,dialed=Dialled digits", path])
        #expect(mapped.status == 0)
        #expect(mapped.stdout.contains("  columns      --columns: caller=1,dialed=2\n"))
    }
}
