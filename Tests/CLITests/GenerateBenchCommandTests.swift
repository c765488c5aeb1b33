import DialPlan
import Foundation
import RouteSimTestSupport
import Testing

@Suite("routesim generate and bench", .serialized)
struct GenerateBenchCommandTests {
    @Test("generate writes the same plan for the same seed, to stdout or a file")
    func generate() throws {
        let first = try routesim(["generate", "--rows", "300", "--seed", "5"])
        #expect(first.status == 0)
        #expect(first.stderr.hasPrefix("generated 300 anacldnbr rows, 200 local users, 8 SIP trunks"))
        let second = try routesim(["generate", "--rows", "300", "--seed", "5"])
        #expect(second.stdout == first.stdout)
        let snapshot = try Snapshot(json: Array(first.stdout.utf8), source: "stdout")
        #expect(snapshot.calledAnalysis.count == 300)

        let scratch = try ScratchDirectory()
        let path = scratch.path("plan.json")
        let written = try routesim(["generate", "--rows", "300", "--seed", "5", "--defects", "loops,shadowed", "--output", path])
        #expect(written.status == 0)
        #expect(written.stdout.isEmpty)
        #expect(written.stderr.contains("planted loops: anacldnbr[300] re-analysis loop: 5500000… becomes 5500001… and back"))
        #expect(
            written.stderr.contains("planted shadowed: anacldnbr[303] dial plan \"unused1\" is used by no user, trunk or caller analysis"))
        let loaded = try Snapshot(json: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), source: path)
        #expect(loaded.calledAnalysis.count == 300 + 2 + 4)
    }

    @Test("generate --edit-percent writes the same plan with that share of its rows edited, the same for the same seed")
    func generateEdited() throws {
        let plain = try routesim(["generate", "--rows", "300", "--seed", "5"])
        let edited = try routesim(["generate", "--rows", "300", "--seed", "5", "--edit-percent", "5"])
        #expect(edited.status == 0)
        #expect(edited.stderr.hasSuffix(", 15 anacldnbr rows edited (5 %)\n"))
        let again = try routesim(["generate", "--rows", "300", "--seed", "5", "--edit-percent", "5"])
        #expect(again.stdout == edited.stdout)
        var old = try Snapshot(json: Array(plain.stdout.utf8), source: "plain")
        var new = try Snapshot(json: Array(edited.stdout.utf8), source: "edited")
        let changed = zip(old.calledAnalysis, new.calledAnalysis).filter { $0 != $1 }
        #expect(changed.count == 15)
        // A trunk row moves to another trunk; any other row gains or loses a 600 s limit.
        for (a, b) in changed {
            var moved = a
            if a.routeType == .sipTrunk {
                #expect(b.trunk != a.trunk)
                moved.trunk = b.trunk
            } else {
                #expect(b.maxDuration == (a.maxDuration == 0 ? 600 : 0))
                moved.maxDuration = b.maxDuration
            }
            #expect(moved == b)
        }
        old.calledAnalysis = []
        new.calledAnalysis = []
        #expect(old == new, "only anacldnbr rows change")
    }

    @Test(
        "generate refuses bad arguments with exit status 2",
        arguments: [
            (["--rows", "50"], "--rows must be from 100 to 10000000, found 50"),
            (
                ["--rows", "1000", "--defects", "loops,typos"],
                "--defects: 'typos' is not a defect kind; the kinds are loops, dangling, shadowed"
            ),
            (["--rows", "1000", "--edit-percent", "150"], "--edit-percent must be a number from 0 to 100, found 150"),
            (
                ["--cdr", "--plan", "corpus/plans/demo-office.json", "--edit-percent", "1"],
                "--edit-percent edits a generated plan; it does not go with --cdr"
            ),
        ])
    func generateRefuses(arguments: [String], message: String) throws {
        let run = try routesim(["generate"] + arguments)
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == "routesim: \(message)\n")
    }

    @Test("generate refuses an output in a folder that does not exist before it generates anything")
    func generateUnwritable() throws {
        let run = try routesim(["generate", "--rows", "100", "--output", "/nonexistent-dir/plan.json"])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == "routesim: --output /nonexistent-dir/plan.json: the folder /nonexistent-dir does not exist\n")
    }

    @Test("bench reports figures for a plan as JSON")
    func benchJSON() throws {
        let run = try routesim(["bench", "--plan", "corpus/plans/multi-site.json", "--calls", "2000", "--format", "json"])
        #expect(run.status == 0)
        let report = try JSONValue(parsing: run.stdout)
        #expect(report["plan"] == .string("corpus/plans/multi-site.json"))
        let snapshot = try Snapshot(json: [UInt8](try Data(contentsOf: Corpus.plan("multi-site"))), source: "")
        #expect(report["analysisRows"] == .int(snapshot.calledAnalysis.count))
        // A small plan's index stays in cache: the batch simulates its calls one at a time.
        #expect(report["batchWalksLookups"] == .bool(false))
        for field in [
            "buildSeconds", "decodeSeconds", "lookupsPerSecond", "interleavedLookupsPerSecond", "callsPerSecond",
            "batchCallsPerSecond", "parallelCallsPerSecond", "threads",
            "tracedCallsPerSecond", "indexBytes",
            "peakResidentBytes",
        ] {
            #expect(report[field] != nil, "missing \(field)")
        }
        guard case .object(let outcomes)? = report["outcomes"] else { Issue.record("no outcomes"); return }
        let total = outcomes.reduce(0) { sum, member in
            if case .number(let n) = member.1 { return sum + Int(n)! }
            return sum
        }
        #expect(total == 2000)
    }

    @Test("bench refuses a missing plan with exit status 2")
    func benchMissingPlan() throws {
        let run = try routesim(["bench", "--plan", "no-such-plan.json"])
        #expect(run.status == 2)
        #expect(run.stderr == "routesim: no-such-plan.json: no such plan file\n")
    }
}
