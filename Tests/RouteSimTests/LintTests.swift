import DialPlan
import Foundation
import RouteSim
import RouteSimLint
import RouteSimTestSupport
import Testing

/// Lints a plan written inline.
private func lint(_ json: String, options: LintOptions = LintOptions()) throws -> (findings: [Finding], simulator: Simulator) {
    let snapshot = try Snapshot(json: Array(json.utf8), source: "inline.json")
    let linter = Linter(snapshot: snapshot, options: options)
    return (linter.run(), Simulator(model: linter.model))
}

@Suite("Lint checks")
struct LintTests {
    @Test("a loop only long numbers show is found, and its padded witness loops in the simulator")
    func paddedLoopWitness() throws {
        // Deleting the 4th digit and analysing again: the bare "1" settles, long numbers do not.
        let (findings, simulator) = try lint(
            """
            {"localuser": [{"usrname": "100"}],
             "natran": [{"tranID": 1, "type": 3, "tranStart": 3, "tranLen": 1}],
             "anacldnbr": [{"dialPlan": "default", "calledNbr": "1", "routeType": 0, "changeInd": 1, "tranID": 1, "reAnaInd": 1}]}
            """)
        // RS602: the plan has no sysinfo.
        #expect(findings.map(\.code) == ["RS201", "RS602"])
        let witness = try #require(findings.first?.witness)
        #expect(witness.number == "1" + String(repeating: "0", count: 16))
        #expect(witness.origin == .localUser("100"))
        #expect(try simulator.route(Call(origin: .localUser("100"), called: witness.number)).release?.reason == .loop)
        #expect(try simulator.route(Call(origin: .localUser("100"), called: "1")).release?.reason == .noSuchUser)
    }

    @Test("re-analysis that settles is no finding: the multi-site shape 0… → +1… → routing group")
    func settlingReanalysis() throws {
        let (findings, _) = try lint(
            """
            {"localuser": [{"usrname": "100", "calllevel": 1}],
             "peerserver": [{"servID": 1}],
             "natran": [{"tranID": 1, "type": 2, "tranStart": 0, "tranLen": 1, "prefix": "+1"},
                        {"tranID": 2, "type": 2, "tranStart": 0, "tranLen": 2, "prefix": "+"}],
             "anacldnbr": [
               {"dialPlan": "default", "calledNbr": "0", "routeType": 0, "changeInd": 1, "tranID": 1, "reAnaInd": 1},
               {"dialPlan": "default", "calledNbr": "00", "routeType": 0, "changeInd": 1, "tranID": 2, "reAnaInd": 1},
               {"dialPlan": "default", "calledNbr": "+", "routeType": 2, "servID": 1, "callLevel": 1},
               {"dialPlan": "default", "calledNbr": "1", "routeType": 0}]}
            """)
        #expect(findings.map(\.code) == ["RS602"])  // no sysinfo, nothing else
    }

    @Test("the exploration limit is reported, not silently hit")
    func explorationLimit() throws {
        var options = LintOptions()
        options.explorationLimit = 1
        let plan = try String(contentsOf: LintCorpus.directory.appendingPathComponent("reanalysis-loop.json"), encoding: .utf8)
        let (findings, _) = try lint(plan, options: options)
        #expect(findings.contains { $0.code == "RS207" && $0.category == .loop && $0.severity == .info })
    }

    @Test("costly prefixes are configurable")
    func costlyPrefixOption() throws {
        let plan = try String(contentsOf: LintCorpus.directory.appendingPathComponent("costly-prefix.json"), encoding: .utf8)
        var options = LintOptions()
        options.costlyPrefixes = ["9"]
        #expect(try lint(plan, options: options).findings.filter { $0.code == "RS501" }.isEmpty)
        options.costlyPrefixes = ["+1"]
        let found = try lint(plan, options: options).findings.filter { $0.code == "RS501" }
        #expect(found.map(\.witness?.number) == ["+1"])
    }

    @Test("duplicate keys the model merges (* and empty, dialPlan empty and default) are findings")
    func normalisedDuplicates() throws {
        let (findings, _) = try lint(
            """
            {"anacldnbr": [{"dialPlan": "", "calledNbr": "*", "routeType": 4},
                           {"dialPlan": "default", "calledNbr": "", "routeType": 4}]}
            """)
        let dup = try #require(findings.first { $0.code == "RS301" })
        #expect(dup.recordIndex == 1)
        #expect(dup.related == [RecordID(.calledAnalysis, 0)])
        #expect(
            dup.message
                == "same key as anacldnbr[0] (line 1), which routing treats as the same key: routesim keeps the earlier record, the server keeps one of the two"
        )
    }
}

@Suite("Lint configuration and reports")
struct LintReportTests {
    func configError(_ json: String) -> String? {
        do {
            _ = try LintConfiguration(json: json)
            return nil
        } catch {
            return error.message
        }
    }

    @Test("bad configurations are refused with a message that names the entry")
    func configurationErrors() {
        #expect(configError("[") == "invalid JSON: expected a value, found the end of the input (line 1, column 2)")
        #expect(configError("[]") == "expected a JSON object with \"suppress\" (and optionally \"costlyPrefixes\"), found an array")
        #expect(
            configError(#"{"supress": []}"#)
                == "unknown setting \"supress\" (did you mean \"suppress\"?); the settings are \"suppress\" and \"costlyPrefixes\"")
        #expect(
            configError(#"{"suppress": [{"code": "RS303"}]}"#)
                == "suppress[0] (RS303): \"reason\" is missing or empty; say why the finding is accepted")
        #expect(
            configError(#"{"suppress": [{"code": "RS303", "reason": "  "}]}"#)
                == "suppress[0] (RS303): \"reason\" is missing or empty; say why the finding is accepted")
        #expect(
            configError(#"{"suppress": [{"code": "RS999", "reason": "x"}]}"#)
                == "suppress[0]: unknown code \"RS999\" (`routesim lint --list-codes` shows the codes)")
        #expect(
            configError(#"{"suppress": [{"code": "RS1O1", "reason": "x"}]}"#)
                == "suppress[0]: unknown code \"RS1O1\" (did you mean \"RS101\"?) (`routesim lint --list-codes` shows the codes)")
        #expect(
            configError(#"{"suppress": [{"code": "RS501", "reason": "x", "prefx": "00"}]}"#)
                == "suppress[0]: unknown field \"prefx\" (did you mean \"prefix\"?); the fields are code, table, key, field, prefix, reason"
        )
        #expect(
            configError(#"{"suppress": [{"code": "RS501", "reason": "x", "prefix": 0}]}"#)
                == "suppress[0] (RS501): \"prefix\" must be a non-empty string, found 0")
        #expect(
            configError(#"{"suppress": [{"code": "RS303", "reason": "x", "key": {"calledNbr": "0"}}]}"#)
                == "suppress[0] (RS303): \"key\" needs \"table\" (key fields belong to a table)")
        #expect(
            configError(#"{"suppress": [{"code": "RS303", "reason": "x", "table": "anacldnbr", "key": {"prefix": "0"}}]}"#)
                == "suppress[0] (RS303): \"prefix\" is not a key field of anacldnbr; its key fields are dialPlan, calledNbr")
        #expect(
            configError(#"{"suppress": [{"code": "RS303", "reason": "x", "table": "calls"}]}"#)
                == "suppress[0] (RS303): \"table\" \"calls\" is not a table name")
        #expect(
            configError(#"{"suppress": [{"code": "RS303", "reason": "x", "table": "anacldnbrs"}]}"#)
                == "suppress[0] (RS303): \"table\" \"anacldnbrs\" is not a table name; did you mean \"anacldnbr\"?")
        #expect(
            configError(#"{"costlyPrefixes": ["00", "9 1"]}"#)
                == "\"costlyPrefixes\": \"9 1\" is not a prefix of the dial alphabet 0-9 * # +")
    }

    @Test("suppressions: by key, globally, and unused ones reported as RS901")
    func suppressions() throws {
        let snapshot = try Snapshot(
            json: Array(
                """
                {"natran": [{"tranID": 1, "type": 3, "tranLen": 1}, {"tranID": 2, "type": 3, "tranLen": 1}],
                 "routegroup": [{"groupID": 4}]}
                """.utf8), source: "plan.json")
        let findings = Linter(snapshot: snapshot).run()
        #expect(findings.map(\.code) == ["RS111", "RS602", "RS307", "RS306", "RS306"])
        let config = try LintConfiguration(
            json: """
                {"suppress": [{"code": "RS306", "table": "natran", "key": {"tranID": 2}, "reason": "soon"},
                              {"code": "RS111", "reason": "being built"},
                              {"code": "RS308", "reason": "old"}]}
                """)
        let report = LintReport(findings: findings, configuration: config, snapshot: snapshot)
        #expect(report.findings.map(\.code) == ["RS602", "RS307", "RS306", "RS901"])
        #expect(report.suppressed.map(\.finding.code) == ["RS111", "RS306"])
        #expect(report.suppressed.map(\.suppression.reason) == ["being built", "soon"])
        #expect(report.findings.last?.message == "suppress[2] (RS308) matched no finding; reason given: old")
        #expect(report.fails(at: .error) == false)
        #expect(report.fails(at: .warning) == false)
        #expect(LintReport(findings: findings, snapshot: snapshot).fails(at: .error))
        #expect(LintReport(findings: findings, snapshot: snapshot).fails(at: nil) == false)
    }

    @Test("text output: one line per finding with file, line, code, severity, key, message, witness; then a summary")
    func textOutput() throws {
        let url = LintCorpus.directory.appendingPathComponent("dangling-route-targets.json")
        let snapshot = try Snapshot(json: [UInt8](try Data(contentsOf: url)), source: "plan.json")
        let report = LintReport(findings: Linter(snapshot: snapshot).run(), snapshot: snapshot)
        let lines = report.text.split(separator: "\n").map(String.init)
        #expect(
            lines.first
                == "plan.json:8: RS105 error anacldnbr(dialPlan \"office\", calledNbr \"01\"): routes numbers with prefix \"01\" to SIP trunk 7, which does not exist: the calls are released [witness 01 from user 100]"
        )
        #expect(lines.last == "3 errors, 1 warning, 1 info")  // RS119 warning, RS602: no sysinfo
        #expect(lines.count == 6)
    }

    @Test("every rule is documented in docs/lint.md with its title, category and severity, in code order")
    func catalogIsDocumented() throws {
        let docs = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/lint.md"), encoding: .utf8)
        var position = docs.startIndex
        for rule in LintCatalog.rules {
            let heading = "### \(rule.code) — \(rule.title)\n\n`\(rule.category.rawValue)` · \(rule.severity.rawValue)\n"
            let found = docs.range(of: heading, range: position..<docs.endIndex)
            #expect(found != nil, "docs/lint.md lacks (or misorders) the section \(heading)")
            if let found { position = found.upperBound }
            let digit = rule.code.dropFirst(2).first
            let expected: Character = [
                "dangling": "1", "loop": "2", "shadowed": "3", "invalid": "4", "exposure": "5", "assumption": "6", "configuration": "9",
            ][rule.category.rawValue]!
            #expect(digit == expected, "\(rule.code) is numbered outside its category \(rule.category)")
        }
        #expect(Set(LintCatalog.rules.map(\.code)).count == LintCatalog.rules.count)
    }
}

@Suite("Lint explanations")
struct LintExplanationTests {
    /// docs/lint.md's code sections, parsed as scripts/gen-lint-explanations does.
    static func sections() throws -> [String: String] {
        var sections: [String: [Substring]] = [:]
        var current: String?
        for line in try DocsRepository.read("docs/lint.md").split(separator: "\n", omittingEmptySubsequences: false) {
            if let match = line.firstMatch(of: #/^### (RS\d{3}) — /#) {
                current = String(match.1)
                sections[current!] = [line]
            } else if line.hasPrefix("#") {
                current = nil
            } else if let code = current {
                sections[code]!.append(line)
            }
        }
        return sections.mapValues { lines in
            var lines = lines
            while lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeLast() }
            return lines.joined(separator: "\n")
        }
    }

    @Test("the text `lint --explain` embeds is docs/lint.md's section of each code (run scripts/gen-lint-explanations)")
    func embeddedMatchesDocs() throws {
        let documented = try Self.sections()
        #expect(Set(documented.keys) == Set(LintCatalog.rules.map(\.code)))
        for rule in LintCatalog.rules {
            #expect(LintCatalog.explanation(for: rule.code) == documented[rule.code], "\(rule.code)")
        }
    }
}
