import DialPlan
import Foundation
import RouteSimTestSupport
import Testing

/// Validates a SARIF file against the SARIF 2.1.0 schema with Python's jsonschema (python3 from
/// the PATH of the test run, as .ci/run installs it).
private func validateSARIF(_ file: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
    let schema = Corpus.reference.appendingPathComponent("sarif-schema-2.1.0.json").path
    return try runProcess(
        URL(fileURLWithPath: "/usr/bin/env"),
        [
            "python3", "-c",
            "import json, sys, jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))); print('valid')",
            file, schema,
        ],
        environment: ProcessInfo.processInfo.environment, in: repositoryRoot, sourceLocation: sourceLocation)
}

@Suite("routesim lint (end to end)")
struct LintCommandTests {
    @Test("exit 1 on an error finding; --fail-on never exits 0")
    func errorsFail() throws {
        let r = try routesim(["lint", "--plan", "corpus/lint/reanalysis-loop.json"])
        #expect(r.status == 1)
        #expect(r.stderr == "")
        #expect(
            r.stdout.hasPrefix(
                "corpus/lint/reanalysis-loop.json:9: RS201 error anacldnbr(dialPlan \"hq\", calledNbr \"0\"): re-analysis loop in dial plan \"hq\": \"0…\" becomes \"+44…\" (prefix \"0\", transition 1, line 9), \"+44…\" becomes \"0…\" (prefix \"+44\", transition 2, line 10)"
            ))
        #expect(r.stdout.hasSuffix("1 error, 1 warning, 1 info\n"))  // RS119 warning, RS602 info
        let never = try routesim(["lint", "--plan", "corpus/lint/reanalysis-loop.json", "--fail-on", "never"])
        #expect(never.status == 0)
        #expect(never.stdout == r.stdout)
    }

    @Test("warnings pass by default and fail with --fail-on warning; info never fails")
    func failOnThresholds() throws {
        #expect(try routesim(["lint", "--plan", "corpus/lint/covered-prefix.json"]).status == 0)
        #expect(try routesim(["lint", "--plan", "corpus/lint/covered-prefix.json", "--fail-on", "warning"]).status == 1)
        #expect(try routesim(["lint", "--plan", "corpus/lint/unused-records.json", "--fail-on", "warning"]).status == 0)
        #expect(try routesim(["lint", "--plan", "corpus/lint/unused-records.json", "--fail-on", "error"]).status == 0)
    }

    @Test("the bundled plans pass --fail-on warning", arguments: ["demo-office", "refine-called", "call-level", "multi-site", "paging"])
    func bundledPlans(_ name: String) throws {
        let r = try routesim(["lint", "--plan", "corpus/plans/\(name).json", "--fail-on", "warning"])
        #expect(r.status == 0, "\(r.stdout)")
    }

    @Test("a plan that cannot be read exits 2 with the file named, and prints nothing on stdout")
    func unreadablePlan() throws {
        let missing = try routesim(["lint", "--plan", "corpus/lint/nope.json"])
        #expect(missing.status == 2)
        #expect(missing.stdout == "")
        #expect(missing.stderr == "routesim: corpus/lint/nope.json: no such plan file\n")
        do {
            let scratch = try ScratchDirectory()
            let file = try scratch.write("{\"anacldnbr\": [{\"routeType\": \"x\"}]}", to: "bad.json")
            let bad = try routesim(["lint", "--plan", file])
            #expect(bad.status == 2)
            #expect(bad.stdout == "")
            #expect(
                bad.stderr.hasSuffix(
                    "bad.json:1: anacldnbr[0] (dialPlan \"\", calledNbr \"\"), field \"routeType\": expected an integer (a number or a string of digits), found the string \"x\"\n"
                ))
        }
    }

    @Test("a duplicate key is a finding, not a refusal")
    func duplicatesAreFindings() throws {
        let r = try routesim(["lint", "--plan", "corpus/lint/duplicate-keys.json", "--format", "json"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("\"code\": \"RS301\""))
    }

    @Test("the configuration beside the plan is read; a bad one exits 2 naming the file and entry")
    func configuration() throws {
        let r = try routesim(["lint", "--plan", "corpus/lint/suppressions.json", "--format", "json", "--fail-on", "warning"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("\"reason\": \"the office plan is switched on at the move next month\""))
        let ignored = try routesim(["lint", "--plan", "corpus/lint/suppressions.json", "--no-config", "--fail-on", "warning"])
        #expect(ignored.status == 1)
        do {
            let scratch = try ScratchDirectory()
            let config = try scratch.write(#"{"suppress": [{"code": "RS302"}]}"#, to: "lint.json")
            let bad = try routesim(["lint", "--plan", "corpus/lint/suppressions.json", "--config", config])
            #expect(bad.status == 2)
            #expect(bad.stdout == "")
            #expect(
                bad.stderr
                    == "routesim: \(config): suppress[0] (RS302): \"reason\" is missing or empty; say why the finding is accepted\n")
        }
    }

    @Test("SARIF output validates against the SARIF 2.1.0 schema and points at the record's line")
    func sarifValidates() throws {
        let r = try routesim(["lint", "--plan", "corpus/lint/suppressions.json", "--format", "sarif"])
        #expect(r.status == 0)
        let loop = try routesim(["lint", "--plan", "corpus/lint/reanalysis-loop.json", "--format", "sarif"])
        #expect(loop.status == 1)
        #expect(loop.stdout.contains("\"uri\": \"corpus/lint/reanalysis-loop.json\""))
        #expect(loop.stdout.contains("\"startLine\": 9"))
        let scratch = try ScratchDirectory()
        for (name, text) in [("suppressed.sarif", r.stdout), ("loop.sarif", loop.stdout)] {
            let check = try validateSARIF(try scratch.write(text, to: name))
            #expect(check.status == 0, "\(name): \(check.stderr) (needs python3 with jsonschema: .ci/run installs it)")
            #expect(check.stdout == "valid\n")
        }
        #expect(r.stdout.contains("\"justification\": \"kept for the night service being built\""))
    }

    @Test("a generated plan: clean has no error; every defect `routesim generate` plants is found")
    func generatedPlans() throws {
        let scratch = try ScratchDirectory()
        let clean = scratch.path("clean.json")
        #expect(try routesim(["generate", "--rows", "2000", "--seed", "3", "--output", clean]).status == 0)
        let cleanLint = try routesim(["lint", "--plan", clean])
        #expect(cleanLint.status == 0, "\(cleanLint.stdout)")

        let broken = scratch.path("broken.json")
        let generated = try routesim([
            "generate", "--rows", "2000", "--seed", "3", "--defects", "loops,dangling,shadowed", "--output", broken,
        ])
        #expect(generated.status == 0)
        #expect(
            generated.stderr.split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("planted ") }.count == 15)
        let lint = try routesim(["lint", "--plan", broken, "--format", "json"])
        #expect(lint.status == 1)
        let errorsAndWarnings = Set(
            lint.stdout.split(separator: "\n").compactMap { line -> String? in
                guard let r = line.range(of: "\"code\": \"") else { return nil }
                return String(line[r.upperBound...].prefix(5))
            })
        // loops: RS201 re-analysis, RS204 failover, RS205 forwarding; dangling: RS101 transition,
        // RS105 trunk, RS107 routing group, RS109 route member, RS112 hunting group;
        // shadowed: RS301 duplicate key, RS302 dial plan nothing uses.
        for code in ["RS201", "RS204", "RS205", "RS101", "RS105", "RS107", "RS109", "RS112", "RS301", "RS302"] {
            #expect(errorsAndWarnings.contains(code), "\(code) not found")
        }
    }

    @Test("--list-codes prints every code")
    func listCodes() throws {
        let r = try routesim(["lint", "--list-codes"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 48)
        #expect(lines.first == "RS101  error   dangling      analysis transition does not exist")
    }
}

@Suite("routesim lint: explain, related locations (end to end)")
struct LintExplainCommandTests {
    @Test("--explain CODE prints the code's section of docs/lint.md; an unknown code suggests the closest")
    func explain() throws {
        let r = try routesim(["lint", "--explain", "rs410"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("### RS410 — field the table does not have\n\n`invalid` · error\n"))
        #expect(r.stdout.contains("Fix: Correct the field's name"))
        let docs = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/lint.md"), encoding: .utf8)
        #expect(docs.contains(r.stdout), "the printed text is docs/lint.md's section")
        let unknown = try routesim(["lint", "--explain", "RS41"])
        #expect(unknown.status == 2)
        #expect(
            unknown.stderr == "routesim: --explain: no lint code RS41 (did you mean \"RS401\"?) (`routesim lint --list-codes` lists them)\n"
        )
    }

    @Test("SARIF: every record of a failover cycle is a related location, and the log validates against the schema")
    func relatedLocations() throws {
        let r = try routesim(["lint", "--plan", "corpus/lint/failover-cycle.json", "--format", "sarif"])
        #expect(r.stdout.contains("\"relatedLocations\""))
        let sarif = try JSONValue(parsing: r.stdout)
        guard case .array(let runs)? = sarif["runs"], case .array(let results)? = runs.first?["results"] else {
            Issue.record("no results")
            return
        }
        let cycles = results.filter { $0["ruleId"] == .string("RS204") }
        #expect(cycles.count == 2)
        for cycle in cycles {
            guard case .array(let related)? = cycle["relatedLocations"] else {
                Issue.record("no relatedLocations")
                continue
            }
            #expect(related.count == 2)
        }
        let scratch = try ScratchDirectory()
        let check = try validateSARIF(try scratch.write(r.stdout, to: "cycle.sarif"))
        #expect(check.stdout == "valid\n", "\(check.stderr)")
    }
}
