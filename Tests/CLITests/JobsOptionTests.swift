import Foundation
import RouteSim
import RouteSimGenerator
import RouteSimTestSupport
import Testing

@Suite("--jobs (end to end)")
struct JobsOptionTests {
    @Test("lint and test print the same with one thread and with several")
    func sameOutput() throws {
        for plan in ["corpus/lint/reanalysis-loop.json", "corpus/plans/multi-site.json"] {
            let one = try routesim(["lint", "--plan", plan, "--format", "json", "--jobs", "1"])
            let three = try routesim(["lint", "--plan", plan, "--format", "json", "--jobs", "3"])
            #expect(one.status == three.status && one.stdout == three.stdout && !one.stdout.isEmpty, "\(plan)")
        }
        let one = try routesim(["test", "--verbose", "--coverage", "--jobs", "1", "corpus/cases"])
        let four = try routesim(["test", "--verbose", "--coverage", "--jobs", "4", "corpus/cases"])
        #expect(one.status == 0 && four.status == 0)
        #expect(one.stdout == four.stdout && one.stdout.hasSuffix(" 0 failed\n"))
    }

    @Test("route --batch prints the same with one thread and with several, and the same first error")
    func batchSameOutput() throws {
        let scratch = try ScratchDirectory()
        let snapshot = PlanGenerator.generate(.init(rows: 3_000, seed: 12, defects: [.dangling, .loops])).snapshot
        let plan = try scratch.write(snapshot.jsonText, to: "plan.json")
        // More calls than one chunk (1,024), every origin, some to numbers that match nothing.
        var csv = "origin,caller,called\n"
        for call in CallWorkload.calls(in: snapshot, count: 3_500, seed: 8) {
            switch call.origin {
            case .localUser(let name): csv += "user:\(name),,\(call.called)\n"
            case .sipTrunk(let id, let caller): csv += "trunk:\(id.rawValue),\(caller),\(call.called)\n"
            case .externalLine(let name, let caller): csv += "line:\(name),\(caller),\(call.called)\n"
            case .caller(let caller): csv += ",\(caller),\(call.called)\n"
            }
        }
        let calls = try scratch.write(csv, to: "calls.csv")
        for format in [["--format", "text"], ["--format", "json"], ["--format", "json", "--steps"]] {
            let one = try routesim(["route", "--plan", plan, "--batch", calls, "--jobs", "1"] + format)
            let three = try routesim(["route", "--plan", plan, "--batch", calls, "--jobs", "3"] + format)
            #expect(one.status == 0 && three.status == 0, "\(format)")
            #expect(one.stdout.split(separator: "\n").count == 3_500, "\(format)")
            #expect(one.stdout == three.stdout, "\(format)")
        }
        // Two bad lines in different chunks: the first one in input order is the error.
        var lines = csv.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[2_900] = "user:no-such-user,,100"
        lines[1_500] = "trunk:999999,1,100"
        let bad = try scratch.write(lines.joined(separator: "\n"), to: "bad.csv")
        for jobs in ["1", "3"] {
            let r = try routesim(["route", "--plan", plan, "--batch", bad, "--jobs", jobs])
            #expect(r.status == 2)
            #expect(r.stdout == "")
            #expect(r.stderr.hasPrefix("routesim: \(bad):1501: "), "\(r.stderr)")
        }
        // Lines are read on the threads too: a line that cannot be read (two fields), in a chunk
        // before both, is the error; after them, it is not.
        for (at, expected) in [(1_100, 1_101), (3_000, 1_501)] {
            var unreadable = lines
            unreadable[at] = "user:1,100"
            let file = try scratch.write(unreadable.joined(separator: "\n"), to: "unreadable-\(at).csv")
            for jobs in ["1", "3"] {
                let r = try routesim(["route", "--plan", plan, "--batch", file, "--jobs", jobs])
                #expect(r.status == 2 && r.stdout == "")
                if expected == 1_101 {
                    #expect(r.stderr == "routesim: \(file):1101: expected 3 fields (origin,caller,called), found 2\n")
                } else {
                    #expect(r.stderr.hasPrefix("routesim: \(file):1501: "), "\(r.stderr)")
                }
            }
        }
        // --jobs means nothing for one call.
        let single = try routesim(["route", "--plan", plan, "--caller", "1", "--jobs", "2", "100"])
        #expect(single.status == 2)
        #expect(single.stderr.contains("--jobs goes with --batch"))
    }

    @Test("--jobs 0 is refused with exit status 2")
    func zeroRefused() throws {
        let r = try routesim(["lint", "--plan", "corpus/plans/multi-site.json", "--jobs", "0"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--jobs must be from 1 to 64, found 0"))
        let huge = try routesim(["route", "--plan", "corpus/plans/multi-site.json", "--batch", "-", "--jobs", "1000000000000"], input: "")
        #expect(huge.status == 2)
        #expect(huge.stderr.contains("--jobs must be from 1 to 64, found 1000000000000"))
        #expect(r.stdout == "")
    }
}
