import DialPlan
import Foundation
import RouteSim
import RouteSimLint
import RouteSimTestSupport
import Testing

/// Lint findings that point at the change: every record of a cycle (bounded in the message, all
/// in `related` and SARIF), every costly prefix of a record on its own, suppressions that name a
/// field or a prefix, a misspelt dial plan with its near twin.
@Suite("Lint findings that point at the change")
struct LintFindingTests {
    func lint(_ json: String, config: String? = nil) throws -> (report: LintReport, findings: [Finding]) {
        let snapshot = try Snapshot(json: Array(json.utf8), source: "plan.json")
        let findings = Linter(snapshot: snapshot).run()
        let configuration = try config.map { try LintConfiguration(json: $0) } ?? LintConfiguration()
        return (LintReport(findings: findings, configuration: configuration, snapshot: snapshot), findings)
    }

    /// Twelve trunks failing over in a circle, one per line.
    static let trunkCircle =
        "{\"peerserver\": [\n"
        + (1...12).map { "{\"servID\": \($0), \"desc\": \"carrier \($0)\", \"chainTrunkID\": \($0 % 12 + 1)}" }.joined(separator: ",\n")
        + "\n]}"

    @Test("a failover cycle names every trunk with its name and line; a long one is cut at 10 in the text, never in related")
    func longFailoverCycle() throws {
        let (report, _) = try lint(Self.trunkCircle)
        let finding = try #require(report.findings.first { $0.code == "RS204" })
        #expect(
            finding.message
                == #"SIP trunks fail over in a circle: 1 "carrier 1" (line 2) → 2 "carrier 2" (line 3) → 3 "carrier 3" (line 4) → 4 "carrier 4" (line 5) → 5 "carrier 5" (line 6) → 6 "carrier 6" (line 7) → 7 "carrier 7" (line 8) → 8 "carrier 8" (line 9) → 9 "carrier 9" (line 10) → 10 "carrier 10" (line 11) → … and 2 more → 1"#
        )
        #expect(finding.related.map(\.index) == Array(1...11))
    }

    @Test("SARIF: relatedLocations name every record of a cycle, each at its line, and the log validates against the schema")
    func relatedLocations() throws {
        let (report, _) = try lint(Self.trunkCircle)
        let sarif = report.sarif(toolVersion: "0.1.0")
        guard case .array(let runs)? = sarif["runs"], case .array(let results)? = runs.first?["results"] else {
            Issue.record("no results")
            return
        }
        let result = try #require(results.first { $0["ruleId"] == .string("RS204") })
        guard case .array(let related)? = result["relatedLocations"] else {
            Issue.record("no relatedLocations")
            return
        }
        #expect(related.count == 12)
        let lines = related.compactMap { $0["physicalLocation"]?["region"]?["startLine"] }
        #expect(lines == (2...13).map { .number(String($0)) })
        #expect(related.map { $0["id"] } == (0..<12).map { .number(String($0)) })
        #expect(related[3]["message"]?["text"] == .string("peerserver(servID 4)"))
        let scratch = try ScratchDirectory()
        let file = try scratch.write(sarif.prettyText, to: "cycle.sarif")
        let check = try runProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "python3", "-c",
                "import json, sys, jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))); print('valid')",
                file, Corpus.reference.appendingPathComponent("sarif-schema-2.1.0.json").path,
            ],
            environment: ProcessInfo.processInfo.environment, in: repositoryRoot)
        #expect(check.stdout == "valid\n", "\(check.stderr)")
    }

    @Test("a re-analysis cycle lists every record with its line; a long one is cut at 10 in the text")
    func longReanalysisCycle() throws {
        // 500 → 501 → … → 511 → 500: twelve records, each replacing the three digits by the next.
        let rows = (0..<12).map { i in
            String(
                format:
                    "{\"dialPlan\": \"default\", \"calledNbr\": \"5%02d\", \"routeType\": 0, \"changeInd\": 1, \"tranID\": %d, \"reAnaInd\": 1}",
                i, i + 1)
        }
        let transitions = (0..<12).map { i in
            String(format: "{\"tranID\": %d, \"type\": 2, \"tranStart\": 0, \"tranLen\": 3, \"prefix\": \"5%02d\"}", i + 1, (i + 1) % 12)
        }
        let plan =
            "{\"localuser\": [{\"usrname\": \"100\"}],\n\"natran\": [\n" + transitions.joined(separator: ",\n") + "\n],\n\"anacldnbr\": [\n"
            + rows.joined(separator: ",\n") + "\n]}"
        let (report, _) = try lint(plan)
        let finding = try #require(report.findings.first { $0.code == "RS201" })
        #expect(finding.message.contains(#""500…" becomes "501…" (prefix "500", transition 1, line 17)"#), "\(finding.message)")
        #expect(finding.message.contains(", … and 2 more; the call is released after 8 passes"), "\(finding.message)")
        #expect(finding.related.count == 11)
    }

    @Test("each costly prefix a record exposes is a finding of its own; a suppression may name one prefix")
    func costlyPrefixes() throws {
        let plan = """
            {"localuser": [{"usrname": "100"}], "peerserver": [{"servID": 1, "desc": "carrier"}],
             "anacldnbr": [{"dialPlan": "default", "calledNbr": "0", "routeType": 2, "servID": 1}]}
            """
        let (all, _) = try lint(plan)
        let costly = all.findings.filter { $0.code == "RS501" }
        #expect(costly.map(\.prefix) == ["00", "0900"])
        #expect(
            costly.first?.message
                == #"numbers starting with "00" (such as 00) leave through SIP trunk 1 "carrier" for every caller of dial plan "default": no record on the way sets a call level"#
        )
        let (narrowed, _) = try lint(
            plan,
            config:
                #"{"suppress": [{"code": "RS501", "table": "anacldnbr", "key": {"calledNbr": "0"}, "prefix": "00", "reason": "national and international calls are fine"}]}"#
        )
        #expect(narrowed.findings.filter { $0.code == "RS501" }.map(\.prefix) == ["0900"])
        #expect(narrowed.suppressed.map(\.finding.prefix) == ["00"])
        let json = narrowed.json(failOn: .error)
        guard case .array(let findings)? = json["findings"] else { return }
        #expect(findings.first { $0["code"] == .string("RS501") }?["prefix"] == .string("0900"))
    }

    @Test("RS410: a field the table does not have is an error finding; a suppression may accept one field of one table")
    func unknownFields() throws {
        let plan = """
            {"localuser": [{"usrname": "100", "ringTone": "x"}], "peerserver": [{"servID": 1, "chainTrunkId": 1}]}
            """
        let (report, _) = try lint(plan)
        let found = report.findings.filter { $0.code == "RS410" }
        #expect(found.map(\.field) == ["ringTone", "chainTrunkId"])
        #expect(found.map(\.severity) == [.error, .error])
        #expect(
            found.last?.message
                == #"field "chainTrunkId" is not a field of peerserver, so routing ignores it; did you mean "chainTrunkID"?"#)
        let (accepted, _) = try lint(
            plan, config: #"{"suppress": [{"code": "RS410", "table": "localuser", "field": "ringTone", "reason": "V40 adds it"}]}"#)
        #expect(accepted.findings.filter { $0.code == "RS410" }.map(\.field) == ["chainTrunkId"])
        #expect(accepted.suppressed.map(\.finding.field) == ["ringTone"])
        let (wrongField, _) = try lint(plan, config: #"{"suppress": [{"code": "RS410", "field": "ringtone", "reason": "V40 adds it"}]}"#)
        #expect(wrongField.findings.contains { $0.code == "RS901" && $0.message.contains(#"field "ringtone""#) })
    }

    @Test("RS119: a dial plan in use without rows is a warning, with the dial plan of a near name that has rows")
    func misspeltDialPlan() throws {
        let (report, _) = try lint(
            """
            {"localuser": [{"usrname": "100", "dialPlan": "muc"}, {"usrname": "200", "dialPlan": "mcu"}],
             "peerserver": [{"servID": 1}],
             "anacldnbr": [{"dialPlan": "muc", "calledNbr": "112", "routeType": 2, "servID": 1}]}
            """)
        let finding = try #require(report.findings.first { $0.code == "RS119" && $0.key == [KeyField(name: "usrname", value: "200")] })
        #expect(finding.severity == .warning)
        #expect(finding.message.hasSuffix(#"(out-group prefix to a line, anything else to a local user); did you mean "muc"?"#))
    }
}
