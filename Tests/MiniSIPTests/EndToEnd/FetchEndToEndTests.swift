import DialPlan
import Foundation
import RouteSimTestSupport
import Testing

@testable import MiniSIP

/// Reads a snapshot file the way the commands do.
func loadSnapshot(_ path: String) throws -> Snapshot {
    let data = try #require(FileManager.default.contents(atPath: path))
    return try Snapshot(json: [UInt8](data), source: path)
}

/// The snapshot without metadata, its records in canonical field order (as a rewrite gives).
func canonical(_ snapshot: Snapshot) throws -> Snapshot {
    try Snapshot(tables: snapshot.jsonTables, metadata: nil, source: "canonical")
}

/// Every form in which a syskey could leak into text.
func leakForms(of syskey: String) -> [String] {
    var json = ""
    JSONValue.writeString(syskey, into: &json)
    return [syskey, String(json.dropFirst().dropLast()), PercentEncoding.encode(syskey)]
}

/// A fault case: emulator arguments, extra fetch arguments, message fragments (`{url}` is the server).
struct FaultCase: CustomTestStringConvertible, Sendable {
    var name: String
    var emulate: [String]
    var fetch: [String] = []
    var expected: [String]
    var testDescription: String { name }
}

@Suite("fetch from the emulator, end to end (built binaries)", .serialized)
struct FetchEndToEndTests {
    /// On a real server the syskey is the administrator password: the plan's `sysinfo.admpwd`.
    let syskey = "Adm1n-Paging!"
    let plan = Corpus.plan("paging").path

    @Test func theCorpusPlanPagesInSeveralTables() throws {
        let snapshot = try loadSnapshot(plan)
        let paged = Table.allCases.filter { snapshot.count(of: $0) > 20 }
        #expect(paged.count >= 4, "\(paged)")
        #expect(snapshot.duplicateKeys().isEmpty)
    }

    @Test func fieldsAServerAddsAreKeptAndWarnedAbout() throws {
        let scratch = try ScratchDirectory()
        let emulator = try Emulator(
            plan: Corpus.lint.appendingPathComponent("unknown-fields.json").path, environment: ["ROUTESIM_SYSKEY": "k"], in: scratch)
        defer { emulator.stop() }
        let output = scratch.path("fetched.json")
        let result = try routesim(["fetch", "--url", emulator.url, "--output", output, "-q"], environment: ["ROUTESIM_SYSKEY": "k"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stderr == """
                routesim: warning: the server's localuser records give "ringTone" (1 record), a field routesim does not know: it is kept in the snapshot, and routing ignores it
                routesim: warning: the server's peerserver records give "chainTrunkId" (1 record), a field routesim does not know: it is kept in the snapshot, and routing ignores it
                routesim: warning: the server's anacldnbr records give "reanaInd" (2 records), a field routesim does not know: it is kept in the snapshot, and routing ignores it

                """)
        #expect(try loadSnapshot(output).warnings.map(\.field) == ["ringTone", "chainTrunkId", "reanaInd"])
    }

    @Test func fetchGivesTheSameSnapshotWithSecretsRedacted() throws {
        let scratch = try ScratchDirectory()
        let emulator = try Emulator(plan: plan, in: scratch)
        defer { emulator.stop() }
        let output = scratch.path("fetched.json")
        let result = try routesim(
            ["fetch", "--url", emulator.url, "--output", output], environment: ["ROUTESIM_SYSKEY": syskey],
            in: scratch.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        let fetched = try loadSnapshot(output)
        let expected = try Redaction.redact(loadSnapshot(plan))
        expectSameSnapshot(try canonical(fetched), try canonical(expected), "the fetched snapshot against the redacted plan")
        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(text.components(separatedBy: "\"<redacted>\"").count - 1 == 3 + 45 + 2)
        // Metadata: format, server without credentials, time, verInfo.
        let metadata = try #require(fetched.metadata)
        #expect(metadata["format"] == .int(1))
        #expect(metadata["server"] == .string(emulator.url))
        #expect(metadata["verInfo"] == .string("miniSIPServer V39 (routesim emulator)"))
        #expect(metadata["fetchedAt"] != nil)
        #expect(metadata["secrets"] == .string("redacted"))
        // The summary: records per table, requests, time.
        #expect(result.stderr.contains("fetched 170 records from \(emulator.url)"))
        #expect(result.stderr.contains("localuser 45, "))
        #expect(result.stderr.contains("anacldnbr 30, "))
        #expect(result.stderr.contains(" requests over "))
        #expect(result.stderr.contains(" s: "))
        for form in leakForms(of: syskey) {
            #expect(!result.allText.contains(form))
            #expect(!text.contains(form))
        }
        #expect(scratch.temporaryFiles.isEmpty)
    }

    @Test(arguments: ["1", "8"])
    func withSecretsTheSnapshotIsEqual(maxInFlight: String) throws {
        let scratch = try ScratchDirectory()
        let emulator = try Emulator(plan: plan, in: scratch)
        defer { emulator.stop() }
        let output = scratch.path("fetched.json")
        let result = try routesim(
            ["fetch", "--url", emulator.url, "-o", output, "--include-secrets", "--max-in-flight", maxInFlight],
            environment: ["ROUTESIM_SYSKEY": syskey], in: scratch.url)
        #expect(result.status == 0, "\(result.stderr)")
        expectSameSnapshot(try canonical(loadSnapshot(output)), try canonical(loadSnapshot(plan)), "the fetched snapshot against the plan")
        #expect(try loadSnapshot(output).metadata?["secrets"] == .string("included"))
        if maxInFlight == "1" { #expect(result.stderr.contains("over 1 connections")) }
    }

    @Test func stdoutAndATableSubset() throws {
        let scratch = try ScratchDirectory()
        let emulator = try Emulator(plan: plan, in: scratch)
        defer { emulator.stop() }
        let keyFile = try scratch.write(syskey + "\n", to: "syskey")
        let result = try routesim(
            ["fetch", "--url", emulator.url + "/", "--syskey-file", keyFile, "--tables", "natran,localuser", "-q"],
            in: scratch.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let fetched = try Snapshot(json: Array(result.stdout.utf8), source: "stdout")
        #expect(fetched.transitions.count == 25 && fetched.localUsers.count == 45)
        #expect(fetched.systemInfo == nil && fetched.calledAnalysis.isEmpty)
        #expect(fetched.metadata?["tables"] == .array([.string("localuser"), .string("natran")]))
    }

    @Test func aTransient5xxIsRetried() throws {
        let scratch = try ScratchDirectory()
        let emulator = try Emulator(
            plan: plan, arguments: ["--fault", "error:anacldnbr/list@1*1", "--fault", "truncate:localuser/query*2"],
            in: scratch)
        defer { emulator.stop() }
        let output = scratch.path("fetched.json")
        let result = try routesim(
            ["fetch", "--url", emulator.url, "-o", output, "--include-secrets"],
            environment: ["ROUTESIM_SYSKEY": syskey], in: scratch.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("3 retried"))
        expectSameSnapshot(try canonical(loadSnapshot(output)), try canonical(loadSnapshot(plan)), "the fetched snapshot against the plan")
    }

    static let faults: [FaultCase] = [
        FaultCase(
            name: "5xx on one page", emulate: ["--fault", "error:anacldnbr/list@1"],
            expected: ["anacldnbr/list page 1: HTTP 500 from {url}/openapi/anacldnbr/list (tried 3 times)"]),
        FaultCase(
            name: "malformed JSON", emulate: ["--fault", "malformed:localuser/query"],
            expected: ["localuser/query usrname \"", "the answer is not valid JSON"]),
        FaultCase(
            name: "truncated body", emulate: ["--fault", "truncate:natran/list@1"],
            expected: ["natran/list page 1: the answer from {url}/openapi/natran/list was cut short (tried 3 times)"]),
        FaultCase(
            name: "stalled server", emulate: ["--fault", "stall"], fetch: ["--timeout", "1", "--retries", "1"],
            expected: ["no answer in time from {url}/openapi/", "(tried 2 times)"]),
        FaultCase(
            name: "wrong shape", emulate: ["--fault", "shape:speeddial/list@0"],
            expected: ["speeddial/list page 0: expected a JSON array of records, found an object"]),
        FaultCase(
            name: "random 5xx beyond the retries", emulate: ["--fail-rate", "1"],
            expected: ["HTTP 500 from {url}/openapi/"]),
    ]

    @Test(arguments: faults)
    func faultsFailCleanly(_ fault: FaultCase) throws {
        let scratch = try ScratchDirectory()
        let emulator = try Emulator(plan: plan, arguments: fault.emulate, in: scratch)
        defer { emulator.stop() }
        try expectCleanFailure(
            url: emulator.url, syskey: syskey, extra: fault.fetch,
            expected: fault.expected.map { $0.replacingOccurrences(of: "{url}", with: emulator.url) },
            scratch: scratch)
    }

    @Test func aWrongSyskeyIsRefusedWithoutRetries() throws {
        let scratch = try ScratchDirectory()
        let emulator = try Emulator(plan: plan, in: scratch)
        defer { emulator.stop() }
        let result = try expectCleanFailure(
            url: emulator.url, syskey: "not-the-key", extra: [],
            expected: ["HTTP 403 from \(emulator.url)/openapi/", "check the syskey"], scratch: scratch)
        #expect(!result.stderr.contains("tried"))
        #expect(!result.allText.contains(syskey))
    }

    @Test func aServerThatIsDown() throws {
        let scratch = try ScratchDirectory()
        let emulator = try Emulator(plan: plan, in: scratch)
        let url = emulator.url
        emulator.stop()
        try expectCleanFailure(
            url: url, syskey: syskey, extra: ["--retries", "1"],
            expected: ["cannot connect to \(url) (tried 2 times)", "is the server running"], scratch: scratch)
    }

    @discardableResult
    private func expectCleanFailure(
        url: String, syskey: String, extra: [String], expected: [String], scratch: ScratchDirectory,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> RunResult {
        let output = try scratch.write("previous snapshot\n", to: "plan.json")
        let started = Date()
        let result = try routesim(
            ["fetch", "--url", url, "-o", output] + extra, environment: ["ROUTESIM_SYSKEY": syskey],
            in: scratch.url, timeout: .seconds(30), sourceLocation: sourceLocation)
        #expect(result.status == 1, "\(result.stderr)", sourceLocation: sourceLocation)
        for fragment in expected {
            #expect(result.stderr.contains(fragment), "\(result.stderr)", sourceLocation: sourceLocation)
        }
        #expect(result.stderr.hasPrefix("routesim: "), sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "previous snapshot\n", sourceLocation: sourceLocation)
        #expect(scratch.temporaryFiles.isEmpty, sourceLocation: sourceLocation)
        #expect(Date().timeIntervalSince(started) < 20, sourceLocation: sourceLocation)
        for form in leakForms(of: syskey) {
            #expect(!result.allText.contains(form), sourceLocation: sourceLocation)
        }
        return result
    }

    static let usageCases: [([String], [String: String], String)] = [
        (["fetch", "--url", "http://127.0.0.1:9"], [:], "no syskey: set ROUTESIM_SYSKEY or pass --syskey-file"),
        (["fetch", "--url", "http://127.0.0.1:9", "--syskey", "Plain-Flag-Key"], [:], "fetch takes no --syskey"),
        (
            ["fetch", "--url", "ftp://127.0.0.1:9"], ["ROUTESIM_SYSKEY": "k"],
            "routesim: --url must start with http:// or https:// (found ftp://)\n"
        ),
        (
            ["fetch", "--url", "http://127.0.0.1:9/?{}"], ["ROUTESIM_SYSKEY": "k"],
            "routesim: --url takes the server address only (no ?query or #fragment); "
                + "the syskey comes from ROUTESIM_SYSKEY or --syskey-file\n"
        ),
        (
            ["fetch", "--url", "http://admin:Plain-Flag-Key@pb x"], ["ROUTESIM_SYSKEY": "k"],
            "routesim: --url http://…@pb x is not a URL routesim can use; give the server's web address, e.g. http://192.168.1.10:8080\n"
        ),
        (["fetch", "--url", "http://127.0.0.1:9", "--tables", "natran,users"], ["ROUTESIM_SYSKEY": "k"], "users is not a table"),
        (["fetch", "--url", "http://127.0.0.1:9", "--syskey-file", "missing"], [:], "missing: no such syskey file"),
        (["fetch", "--url", "http://127.0.0.1:9", "--max-in-flight", "0"], ["ROUTESIM_SYSKEY": "k"], "--max-in-flight"),
        (["fetch", "--url", "https://127.0.0.1:9", "--cacert", "nope.pem"], ["ROUTESIM_SYSKEY": "k"], "--cacert nope.pem"),
        (["fetch", "--url", "http://127.0.0.1:9", "-o", "no/such/dir/plan.json"], ["ROUTESIM_SYSKEY": "k"], "does not exist"),
    ]

    @Test(arguments: usageCases)
    func unusableInputExitsWith2(_ arguments: [String], _ environment: [String: String], _ expected: String) throws {
        let scratch = try ScratchDirectory()
        let result = try routesim(arguments, environment: environment, in: scratch.url, timeout: .seconds(20))
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(!result.allText.contains("Plain-Flag-Key"))
    }

    @Test func anEmptySyskeyFileIsUnusableInput() throws {
        let scratch = try ScratchDirectory()
        let keyFile = try scratch.write("\n", to: "empty.key")
        let result = try routesim(
            ["fetch", "--url", "http://127.0.0.1:9", "--syskey-file", keyFile], in: scratch.url, timeout: .seconds(20))
        #expect(result.status == 2)
        #expect(result.stderr == "routesim: \(keyFile): the syskey file is empty\n")
    }

    @Test func httpsToAPlainServerFailsWithVerificationOn() throws {
        let scratch = try ScratchDirectory()
        let emulator = try Emulator(plan: plan, in: scratch)
        defer { emulator.stop() }
        let https = emulator.url.replacingOccurrences(of: "http://", with: "https://")
        try expectCleanFailure(
            url: https, syskey: syskey, extra: ["--retries", "0"],
            expected: ["TLS failure with \(https)", "; give the server's CA with --cacert, or --insecure to skip verification\n"],
            scratch: scratch)
    }
}

@Suite("the syskey appears in no output, log or error", .serialized)
struct SyskeySecrecyTests {
    /// A key unlike the plan's admpwd, with characters that encode differently in each form.
    let syskey = "Canary/Key %&\"ü-7731"

    @Test func noRunPrintsOrWritesTheSyskey() throws {
        let scratch = try ScratchDirectory()
        let keyFile = try scratch.write(syskey + "\n", to: "syskey.txt")
        let plan = Corpus.plan("paging").path
        let emulator = try Emulator(
            plan: plan, arguments: ["--syskey-file", keyFile, "--fault", "error:natran/list@1*1"], in: scratch)
        var texts: [String] = []
        let output = scratch.path("out.json")
        let runs: [[String]] = [
            ["fetch", "--url", emulator.url, "--syskey-file", keyFile, "-o", output],
            ["fetch", "--url", emulator.url, "--syskey-file", keyFile, "--include-secrets"],
            ["fetch", "--url", emulator.url + "/nowhere", "--syskey-file", keyFile],
            [
                "fetch", "--url", emulator.url.replacingOccurrences(of: "http:", with: "https:"), "--syskey-file", keyFile,
                "--retries", "0",
            ],
        ]
        var statuses: [Int32] = []
        for arguments in runs {
            let result = try routesim(arguments, in: scratch.url)
            statuses.append(result.status)
            texts.append(result.allText)
        }
        // The wrong key, given both ways.
        let wrong = try routesim(
            ["fetch", "--url", emulator.url], environment: ["ROUTESIM_SYSKEY": syskey + "x"], in: scratch.url)
        texts.append(wrong.allText)
        emulator.stop()
        let down = try routesim(
            ["fetch", "--url", emulator.url, "--retries", "0"], environment: ["ROUTESIM_SYSKEY": syskey], in: scratch.url)
        texts.append(down.allText)
        texts.append(emulator.child.stderrText)
        texts.append(try String(contentsOfFile: output, encoding: .utf8))

        #expect(statuses == [0, 0, 1, 1])
        #expect(wrong.status == 1 && down.status == 1)
        for text in texts {
            for form in leakForms(of: syskey) + leakForms(of: syskey + "x") {
                #expect(!text.contains(form), "leaked in: \(text.prefix(300))")
            }
        }
    }
}
