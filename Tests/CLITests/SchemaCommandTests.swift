import DialPlan
import Foundation
import RouteSimTestSupport
import Testing

/// `routesim schema` and `docs/snapshot.schema.json`: one schema, and it agrees with the loader.
@Suite("The snapshot's JSON Schema", .serialized)
struct SchemaCommandTests {
    /// Every plan the repository holds that loads with no warning (RS410's lint case misspells on purpose).
    static func cleanPlans() -> [URL] {
        var files: [URL] = []
        for folder in [Corpus.plans, Corpus.lint, Corpus.broken] {
            files += Corpus.names(in: folder, ending: ".json").filter { !$0.hasSuffix(".lint") && !$0.hasSuffix(".expected") }
                .filter { $0 != "unknown-fields" }.map { folder.appendingPathComponent("\($0).json") }
        }
        return files
    }

    /// For each JSON document of `documents`, whether the schema accepts it (Python's jsonschema, draft 2020-12).
    static func schemaAccepts(_ documents: [JSONValue]) throws -> [Bool] {
        let scratch = try ScratchDirectory()
        let lines = try scratch.write(documents.map(\.compactText).joined(separator: "\n") + "\n", to: "documents.jsonl")
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            validator = jsonschema.Draft202012Validator(schema)
            for line in open(sys.argv[2]):
                print(1 if validator.is_valid(json.loads(line)) else 0)
            """
        let r = try runProcess(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, "docs/snapshot.schema.json", lines],
            environment: ProcessInfo.processInfo.environment, in: repositoryRoot)
        try #require(r.status == 0, "\(r.stderr) (needs python3 with jsonschema: scripts/setup installs it)")
        return r.stdout.split(separator: "\n").map { $0 == "1" }
    }

    /// Whether the loader takes `document` under --strict: it loads, with no warning.
    static func loaderAccepts(_ document: JSONValue) -> Bool {
        guard let snapshot = try? Snapshot(json: document.compactText, source: "mutated.json") else { return false }
        return snapshot.warnings.isEmpty
    }

    @Test("`routesim schema` prints docs/snapshot.schema.json exactly")
    func committedFile() throws {
        let r = try routesim(["schema"])
        #expect(r.status == 0)
        #expect(
            r.stdout == (try String(contentsOf: repositoryRoot.appendingPathComponent("docs/snapshot.schema.json"), encoding: .utf8)),
            "run `routesim schema > docs/snapshot.schema.json`")
    }

    @Test("every bundled, lint and broken plan and the starter plan validate")
    func plansValidate() throws {
        let plans = Self.cleanPlans()
        #expect(plans.count > 30)
        var documents = try plans.map { try JSONValue(parsing: [UInt8](try Data(contentsOf: $0))) }
        documents.append(try JSONValue(parsing: try routesim(["init", "-"]).stdout))
        let verdicts = try Self.schemaAccepts(documents)
        #expect(verdicts.count == documents.count)
        for (plan, valid) in zip(plans.map(\.lastPathComponent) + ["routesim init"], verdicts) {
            #expect(valid, "\(plan) does not validate")
        }
    }

    /// Mutations of one record: each field given a value of the wrong type (refused) or of an
    /// accepted form (a string of digits, a number for a string, null), each key field left out,
    /// a field the table does not have.
    static func mutations(of record: [(String, JSONValue)], table: Table) -> [(what: String, record: JSONValue)] {
        var out: [(String, JSONValue)] = []
        func with(_ name: String, _ value: JSONValue?) -> JSONValue {
            var members = record.filter { $0.0 != name }
            if let value { members.append((name, value)) }
            return .object(members)
        }
        for field in table.documentedFields {
            let values: [JSONValue]
            switch field.kind {
            case .integer:
                values = [.string("x"), .bool(true), .number("1.5"), .object([]), .string("7"), .string("-3"), .string(""), .null]
            case .string: values = [.bool(false), .array([]), .number("5"), .null]
            case .boolean: values = [.string("yes"), .number("2"), .number("1"), .bool(true), .null]
            }
            for value in values { out.append(("\(table).\(field.name) = \(value.compactText)", with(field.name, value))) }
        }
        for key in table.keyFields { out.append(("\(table) without \(key)", with(key, nil))) }
        out.append(("\(table) with zzUnknown", with("zzUnknown", .number("1"))))
        return out
    }

    @Test("every mutation the loader refuses under --strict, the schema refuses, and what it takes the schema takes")
    func mutationsAgree() throws {
        // One small document per mutation: the first record of each table of each plan, alone.
        var documents: [(what: String, document: JSONValue)] = []
        var seen = Set<String>()
        func add(_ what: String, _ document: JSONValue) {
            if seen.insert(document.compactText).inserted { documents.append((what, document)) }
        }
        for plan in Self.cleanPlans() {
            guard case .object(let tables) = try JSONValue(parsing: [UInt8](try Data(contentsOf: plan))) else { continue }
            for (name, value) in tables {
                guard let table = Table(rawValue: name) else { continue }
                let record: [(String, JSONValue)]
                let wrap: (JSONValue) -> JSONValue
                if case .object(let members) = value {
                    (record, wrap) = (members, { .object([(name, $0)]) })
                } else if case .array(let items) = value, case .object(let members)? = items.first {
                    (record, wrap) = (members, { .object([(name, .array([$0]))]) })
                    add("\(name)[0] is a number", .object([(name, .array([.number("1")]))]))
                } else {
                    continue
                }
                add("\(plan.lastPathComponent): \(name) as it is", wrap(.object(record)))
                add("table \(name)s", .object([(name + "s", .array([]))]))
                add("\(name) is a string", .object([(name, .string("x"))]))
                for (what, mutated) in Self.mutations(of: record, table: table) { add("\(plan.lastPathComponent): \(what)", wrap(mutated)) }
            }
        }
        #expect(documents.count > 1000)
        let schema = try Self.schemaAccepts(documents.map(\.document))
        try #require(schema.count == documents.count)
        var refusedByBoth = 0
        for ((what, document), schemaVerdict) in zip(documents, schema) {
            let loaderVerdict = Self.loaderAccepts(document)
            #expect(
                schemaVerdict == loaderVerdict,
                "\(what): the loader \(loaderVerdict ? "takes" : "refuses") it, the schema \(schemaVerdict ? "takes" : "refuses") it")
            if !loaderVerdict && !schemaVerdict { refusedByBoth += 1 }
        }
        #expect(refusedByBoth > 500)
    }

    @Test("the documented exceptions: forms the loader refuses that JSON Schema cannot tell apart")
    func exceptions() throws {
        let documents: [String] = [
            #"{"natran": [{"tranID": 1.0}]}"#,  // a number with a fraction in an integer field
            #"{"natran": [{"tranID": 1e2}]}"#,  // an exponent
            #"{"natran": [{"tranID": 99999999999999999999}]}"#,  // beyond 64 bits
            #"{"sysinfo": {"smtptls": 1.0}}"#,  // 1.0 in a boolean field
        ]
        let values = try documents.map { try JSONValue(parsing: $0) }
        #expect(try Self.schemaAccepts(values) == [true, true, true, true])
        #expect(values.map(Self.loaderAccepts) == [false, false, false, false])
    }
}

@Suite("routesim init")
struct InitCommandTests {
    @Test("writes a plan with a record in every table that loads with no warning, lints clean and routes the README's examples")
    func starterPlan() throws {
        let scratch = try ScratchDirectory()
        let r = try routesim(["init"], in: scratch.url)
        #expect(r.status == 0)
        #expect(
            r.stderr
                == "wrote dialplan.json: a starting plan with a record in every table; try `routesim route --plan dialplan.json --from-user 101 02079460123`\n"
        )
        let snapshot = try Snapshot(contentsOfFile: scratch.path("dialplan.json"))
        #expect(snapshot.warnings.isEmpty)
        for table in Table.allCases { #expect(snapshot.count(of: table) >= 1, "\(table) has no record") }
        let lint = try routesim(["lint", "--fail-on", "warning"], in: scratch.url)
        #expect(lint.stdout == "0 errors, 0 warnings, 0 info\n")
        #expect(lint.status == 0)
        let national = try routesim(["route", "--from-user", "101", "02079460123"], in: scratch.url)
        #expect(
            national.stdout.hasSuffix(
                """
                attempts
                  1. SIP trunk 1 "SIP carrier"  called +442079460123  caller +442079460101
                  2. external line 2079460000 "PSTN gateway on the main number, the fallback when the SIP carrier fails"  called 02079460123  caller 2079460000

                """))
        let abroad = try routesim(["route", "--from-user", "101", "--format", "json", "0033 1 23 45 67 89"], in: scratch.url)
        #expect(try JSONValue(parsing: abroad.stdout)["reason"] == .string("callLevel"))
        let desk = try routesim(["route", "--from-user", "101", "--format", "json", "*1"], in: scratch.url)
        #expect(try JSONValue(parsing: desk.stdout)["outcome"] == .string("huntGroup"))
        let did = try routesim(
            ["route", "--from-trunk", "1", "--caller", "+44 1632 960001", "--format", "json", "2079460101"], in: scratch.url)
        #expect(try JSONValue(parsing: did.stdout)["target"] == .object([("usrname", .string("101"))]))
    }

    @Test("an existing file is left alone unless --force; - writes to stdout")
    func noClobber() throws {
        let scratch = try ScratchDirectory()
        let mine = try scratch.write("{}", to: "mine.json")
        let r = try routesim(["init", mine])
        #expect(r.status == 2)
        #expect(r.stderr == "routesim: \(mine) exists; give another FILE, or --force to overwrite it\n")
        #expect(try String(contentsOfFile: mine, encoding: .utf8) == "{}")
        #expect(try routesim(["init", "--force", mine]).status == 0)
        #expect(try String(contentsOfFile: mine, encoding: .utf8) == (try routesim(["init", "-"]).stdout))
    }
}
