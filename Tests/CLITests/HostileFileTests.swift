import DialPlan
import Foundation
import RouteSimTestSupport
import Testing

/// Files built to hurt (issue 16): they are refused or read in time, never crash or hang.
@Suite("hostile files, end to end")
struct HostileFileTests {
    /// 384 bytes that stand for 9^9 (387 million) nodes.
    static let billionLaughs = """
        plan: plan.json
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
        f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
        g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
        h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
        i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
        cases: *i

        """

    @Test("billion laughs: the case file is refused at its first anchor, at once")
    func billionLaughsRefused() throws {
        let scratch = try ScratchDirectory()
        try FileManager.default.copyItem(atPath: Corpus.plan("demo-office").path, toPath: scratch.path("plan.json"))
        let file = try scratch.write(Self.billionLaughs, to: "laughs.yaml")
        let run = try routesim(["test", file], timeout: .seconds(30))
        #expect(run.signal == nil)
        #expect(run.status == 2)
        #expect(run.stderr == "routesim: \(file):2: YAML anchors (&name) are not supported in case files; write each value out\n")
    }

    @Test("an alias as a mapping key, and an alias alone, are refused")
    func aliasKeys() throws {
        let scratch = try ScratchDirectory()
        let file = try scratch.write("plan: p.json\n? *k\n: 1\n", to: "key.yaml")
        let run = try routesim(["test", file], timeout: .seconds(30))
        #expect(run.status == 2)
        #expect(run.stderr == "routesim: \(file):2: YAML aliases (*name) are not supported in case files; write each value out\n")
    }

    @Test("100,000 nested brackets are refused by depth, not a stack overflow")
    func deepNesting() throws {
        let scratch = try ScratchDirectory()
        let yaml = try scratch.write("plan: p.json\ncases: " + String(repeating: "[", count: 100_000) + "\n", to: "deep.yaml")
        let json = try scratch.write(#"{"plan": "p.json", "cases": "# + String(repeating: "[", count: 100_000), to: "deep.json")
        var run = try routesim(["test", yaml], timeout: .seconds(30))
        #expect(run.signal == nil)
        #expect(run.status == 2)
        #expect(run.stderr == "routesim: \(yaml):2: the document is nested deeper than 64 levels; case files need a few\n")
        run = try routesim(["test", json], timeout: .seconds(30))
        #expect(run.signal == nil)
        #expect(run.status == 2)
        #expect(run.stderr.contains("nesting deeper than 256 levels"))
        let block = try scratch.write(
            "plan: p.json\ncases:\n" + (0..<200).map { String(repeating: " ", count: $0 + 1) + "- \n" }.joined(), to: "block.yaml")
        run = try routesim(["test", block], timeout: .seconds(30))
        #expect(run.status == 2)
        #expect(run.stderr.contains("the document is nested deeper than 64 levels"))
    }

    @Test("a pattern PCRE2 cannot finish is an error naming the pattern and the case, not a mismatch")
    func regexEngineError() throws {
        let scratch = try ScratchDirectory()
        try FileManager.default.copyItem(atPath: Corpus.plan("demo-office").path, toPath: scratch.path("plan.json"))
        let file = try scratch.write(
            #"""
            plan: plan.json
            cases:
              - name: backtracks
                from: {user: "100"}
                dial: "9123456789012345678901234567890123456789"
                expect:
                  attempts:
                    - {extLine: "6001", called: '/(\d*)*\D/'}
            """#, to: "regex.yaml")
        let run = try routesim(["test", file], timeout: .seconds(60))
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(
            run.stderr
                == #"routesim: \#(file):3: case 1 ("backtracks"): field "expect.attempts[0].called": the regular expression /(\d*)*\D/ could not be matched against "123456789012345678901234567890123456789": match limit exceeded; simplify the pattern (it backtracks too much)"#
                + "\n")
    }

    /// A plan whose one record holds `count` members the reference does not list.
    static func planWithManyMembers(_ count: Int) -> String {
        var text = #"{"anacldnbr": [{"dialPlan": "default", "calledNbr": "1", "routeType": 4"#
        for i in 0..<count { text += #", "x\#(i)": \#(i)"# }
        return text + "}]}\n"
    }

    @Test("a plan of one record with 100,000 members loads in time (each member was checked against all before it)")
    func manyMembersInOneRecord() throws {
        let scratch = try ScratchDirectory()
        let plan = try scratch.write(Self.planWithManyMembers(100_000), to: "plan.json")
        let run = try routesim(["lint", "--plan", plan], timeout: .seconds(90))
        #expect(run.signal == nil)
        // Each member is a field anacldnbr does not have: a load warning and an RS410 error each.
        #expect(run.status == 1, "\(run.stderr.prefix(300))")
        let duplicate = try scratch.write(
            Self.planWithManyMembers(100_000).replacingOccurrences(of: #""x99999": 99999"#, with: #""x5": 99999"#), to: "dup.json")
        let refused = try routesim(["lint", "--plan", duplicate], timeout: .seconds(90))
        #expect(refused.status == 2)
        #expect(refused.stderr.hasSuffix(#"field "x5": the field is given twice in the record"# + "\n"))
    }

    @Test("a plan of 400,000 distinct unknown members: 100 warnings and one summary with the count, for route and lint")
    func distinctUnknownMembersAreCapped() throws {
        let scratch = try ScratchDirectory()
        let plan = try scratch.write(Self.planWithManyMembers(400_000), to: "plan.json")
        let summary =
            "\(plan):1: anacldnbr[0] (dialPlan \"default\", calledNbr \"1\"): 399900 more members name fields anacldnbr does not have; "
            + "routing ignores them too, but only the first 100 unknown fields of a plan are listed one by one; "
            + "`routesim schema` lists the fields of every table"
        let route = try routesim(["route", "--plan", plan, "--caller", "5", "--format", "json", "1"], timeout: .seconds(90))
        #expect(route.signal == nil)
        #expect(route.status == 0, "\(route.stderr.prefix(300))")
        let lines = route.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 102, "100 warnings, the summary, the empty string after the last newline")
        #expect(
            lines.first?.hasPrefix(#"routesim: warning: \#(plan):1: anacldnbr[0] (dialPlan "default", calledNbr "1"): field "x0" is"#)
                == true)
        #expect(lines[99].contains(#"field "x99" is not a field of anacldnbr"#))
        #expect(lines[100] == "routesim: warning: " + summary)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(route.stdout.utf8)) as? [String: Any])
        let warnings = try #require(object["warnings"] as? [[String: Any]])
        #expect(warnings.count == 101)
        #expect(warnings.last?["unlistedMembers"] as? Int == 399_900)
        #expect(warnings.last?["field"] == nil)

        let lint = try routesim(["lint", "--plan", plan, "--format", "json"], timeout: .seconds(90))
        #expect(lint.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(lint.stdout.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]]).filter { $0["code"] as? String == "RS410" }
        #expect(findings.count == 101)
        let message = String(summary.split(separator: ": ", maxSplits: 2)[2])
        #expect(findings.filter { $0["message"] as? String == message }.count == 1)
    }

    @Test("a batch line of 300,000 members is read in time and refused for its unknown field")
    func manyMembersInABatchLine() throws {
        var line = #"{"fromUser": "100", "called": "92002""#
        for i in 0..<300_000 { line += #", "x\#(i)": 1"# }
        let run = try routesim(
            ["route", "--plan", "corpus/plans/demo-office.json", "--batch", "-"], input: line + "}\n", timeout: .seconds(90))
        #expect(run.signal == nil)
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix(#"routesim: -:1: unknown field "x0"; the fields are"#))
    }
}

/// The linter on plans of the shapes the break-it pass used (issue 16).
@Suite("lint on hostile plans, end to end")
struct LintHardeningTests {
    /// `count` speed dials for every caller, each dialing the next, the last the first.
    static func speedDialCycle(_ count: Int) -> String {
        let rows = (0..<count).map { i in
            #"{"callerNbr": "", "dialedNbr": "\#(1000 + i)", "destNbr": "\#(1000 + (i + 1) % count)"}"#
        }
        return #"{"localuser": [{"usrname": "100"}], "speeddial": ["# + rows.joined(separator: ",\n") + "]}\n"
    }

    @Test("8,000 chained speed dials lint in time, and the cycle's finding stays one short line")
    func longSpeedDialCycle() throws {
        let scratch = try ScratchDirectory()
        let plan = try scratch.write(Self.speedDialCycle(8_000), to: "plan.json")
        let run = try routesim(["lint", "--plan", plan, "--fail-on", "never"], timeout: .seconds(60))
        #expect(run.signal == nil)
        #expect(run.status == 0, "\(run.stderr)")
        let findings = run.stdout.split(separator: "\n").filter { $0.contains(" RS206 ") }
        #expect(findings.count == 1)
        #expect(findings.first.map { $0.count < 600 } == true, "\(findings.first?.count ?? 0) characters")
        #expect(findings.first?.contains("1000 (line 1) → 1001 (line 2) → ") == true)
        #expect(findings.first?.contains(" → 1009 (line 10) → … and 7990 more → 1000;") == true)
        let json = try routesim(["lint", "--plan", plan, "--format", "json", "--fail-on", "never"], timeout: .seconds(60))
        let related = try JSONValue(parsing: json.stdout)["findings"].flatMap {
            if case .array(let items) = $0 { return items.first { $0["code"] == .string("RS206") }?["related"] } else { return nil }
        }
        if case .array(let items)? = related { #expect(items.count == 7_999) } else { Issue.record("no related records") }
    }

    @Test("a transition that deletes a digit and re-analyses is a loop error with a witness long enough")
    func shrinkingLoop() throws {
        let run = try routesim(["lint", "--plan", "corpus/lint/shrinking-loop.json"])
        #expect(run.status == 1)
        #expect(run.stdout.contains(" RS201 error "))
        #expect(run.stdout.contains("[witness 111111111 from user 100]"))
        let replay = try routesim(["route", "--plan", "corpus/lint/shrinking-loop.json", "--from-user", "100", "111111111"])
        #expect(replay.stdout.contains("reason     loop: "))
    }
}
