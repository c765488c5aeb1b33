import DialPlan
import Foundation
import RouteSimTestSupport
import Testing

@testable import MiniSIP

/// Servers that misbehave as the break-it pass found (issue 16): fetch ends, with a message that
/// names the problem, and prints no secret; the emulator survives hostile requests.
@Suite("hostile and busy servers, end to end", .serialized)
struct HostileServerTests {
    let syskey = "Adm1n-Paging!"
    let plan = Corpus.plan("paging").path

    func fetch(_ emulator: Emulator, _ extra: [String] = [], syskey: String? = nil, in scratch: ScratchDirectory) throws -> RunResult {
        try routesim(
            ["fetch", "--url", emulator.url, "-o", scratch.path("fetched.json")] + extra,
            environment: ["ROUTESIM_SYSKEY": syskey ?? self.syskey], in: scratch.url, timeout: .seconds(120))
    }

    @Test("the emulator answers a pageIndex past Int.max / 20 with an empty page, and keeps serving")
    func hugePageIndex() throws {
        let scratch = try ScratchDirectory()
        let emulator = try Emulator(plan: plan, in: scratch)
        defer { emulator.stop() }
        for index in ["9223372036854775807", "461168601842738791", "4611686018427387904"] {
            let query = encoded(#"{"syskey":"Adm1n-Paging!","pageIndex":\#(index)}"#)
            let answer = try #require(try httpGet("\(emulator.url)/openapi/anacldnbr/list?\(query)"))
            #expect(answer.status == 200 && answer.body == "[]", "\(index)")
        }
        let tooBig = encoded(#"{"syskey":"Adm1n-Paging!","pageIndex":1e300}"#)
        #expect(try httpGet("\(emulator.url)/openapi/anacldnbr/list?\(tooBig)")?.status == 400)
        #expect(try httpGet("\(emulator.url)/openapi/version?\(encoded(#"{"syskey":"Adm1n-Paging!"}"#))")?.status == 200)
        #expect(emulator.child.isRunning)
    }

    @Test("a server that ignores pageIndex: fetch stops at the repeated page")
    func ignoredPageIndex() throws {
        let scratch = try ScratchDirectory()
        let emulator = try Emulator(plan: plan, arguments: ["--fault", "ignore-page:anacldnbr/list"], in: scratch)
        defer { emulator.stop() }
        let run = try fetch(emulator, in: scratch)
        #expect(run.status == 1)
        #expect(
            run.stderr.contains(
                "routesim: anacldnbr/list page 1: page 1 holds the same 20 records as page 0: the server ignores pageIndex, so its pages would never end"
            ), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("fetched.json")))
    }

    @Test("a table that never ends: fetch stops at --max-pages, and at --max-records, naming the flag")
    func endlessPages() throws {
        let scratch = try ScratchDirectory()
        let emulator = try Emulator(plan: plan, arguments: ["--fault", "endless:anacldnbr/list"], in: scratch)
        defer { emulator.stop() }
        var run = try fetch(emulator, ["--max-pages", "60"], in: scratch)
        #expect(run.status == 1)
        #expect(run.stderr.contains("the fetch passed 60 list pages; it stops there rather than page forever; raise --max-pages"))
        run = try fetch(emulator, ["--max-records", "500"], in: scratch)
        #expect(run.status == 1)
        #expect(run.stderr.contains("the fetch passed 500 records; it stops there rather than page forever; raise --max-records"))
    }

    @Test("a slow server: the whole fetch ends at --deadline")
    func deadline() throws {
        let scratch = try ScratchDirectory()
        let emulator = try Emulator(plan: plan, arguments: ["--latency-ms", "400"], in: scratch)
        defer { emulator.stop() }
        let started = ContinuousClock.now
        let run = try fetch(emulator, ["--deadline", "1", "--max-in-flight", "1"], in: scratch)
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("routesim: the fetch did not finish within 1 s ("), "\(run.stderr)")
        #expect(run.stderr.hasSuffix("; raise --deadline for a slow or large server\n"))
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test(
        "a busy server (every other answer a 503) is fetched whole, with fewer requests at once",
        arguments: [["--retry-after", "0"], ["--retry-after", "1"]])
    func busyServer(_ retryAfter: [String]) throws {
        let scratch = try ScratchDirectory()
        let emulator = try Emulator(plan: plan, arguments: ["--fault", "busy%2"] + retryAfter, in: scratch)
        defer { emulator.stop() }
        let run = try fetch(emulator, ["--include-secrets"], in: scratch)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains(" retried (the server was busy "))
        #expect(run.stderr.contains("times; requests at once lowered to "))
        expectSameSnapshot(
            try canonical(loadSnapshot(scratch.path("fetched.json"))), try canonical(loadSnapshot(plan)), "the fetched snapshot")
    }

    @Test("a server that is always busy is given up on, saying so")
    func alwaysBusy() throws {
        let scratch = try ScratchDirectory()
        let emulator = try Emulator(plan: plan, arguments: ["--fault", "busy:version", "--retry-after", "0"], in: scratch)
        defer { emulator.stop() }
        let run = try fetch(emulator, in: scratch)
        #expect(run.status == 1)
        #expect(run.stderr.contains("version: HTTP 503 from \(emulator.url)/openapi/version (tried 11 times): the server stayed busy"))
    }

    @Test("a server that echoes the request in every encoding: no form of the syskey reaches the output")
    func echoedSyskey() throws {
        let scratch = try ScratchDirectory()
        let key = #"s3cr/t k&y<é>"q"#
        let emulator = try Emulator(
            plan: plan, arguments: ["--fault", "echo:version", "--syskey-file", try scratch.write(key + "\n", to: "key")],
            in: scratch)
        defer { emulator.stop() }
        let run = try fetch(emulator, ["--retries", "0"], syskey: key, in: scratch)
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("routesim: version: HTTP 500 from \(emulator.url)/openapi/version: "), "\(run.stderr)")
        let scrubber = SecretScrubber(syskey: key)
        #expect(!SecretScrubber.decodings(of: run.allText).contains { $0.contains(key) })
        #expect(!run.allText.contains(key))
        for form in leakForms(of: key) { #expect(!run.allText.contains(form)) }
        #expect(scrubber.scrub(run.allText) == run.allText)
    }

    @Test("write-back through a symlinked plan updates the real file, keeps the link and the mode")
    func writeBackThroughALink() throws {
        let scratch = try ScratchDirectory()
        let real = scratch.path("real.json")
        try FileManager.default.copyItem(atPath: plan, toPath: real)
        #expect(chmod(real, 0o600) == 0)
        let link = scratch.path("plan.json")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.json")
        let emulator = try Emulator(plan: link, arguments: ["--write-back"], in: scratch)
        defer { emulator.stop() }
        let set = #"{"syskey":"Adm1n-Paging!","usrname":"100","dialPlan":"internal"}"#
        #expect(try httpGet("\(emulator.url)/openapi/localuser/set?\(encoded(set))")?.status == 200)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real.json")
        #expect(try loadSnapshot(real).localUsers[0].dialPlan == "internal")
        let mode = try FileManager.default.attributesOfItem(atPath: real)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(scratch.temporaryFiles.isEmpty)
    }

    @Test("a plan fetched with secrets is created readable by its owner only; a rewrite keeps a file's mode")
    func secretsAreNotWorldReadable() throws {
        let scratch = try ScratchDirectory()
        let emulator = try Emulator(plan: plan, in: scratch)
        defer { emulator.stop() }
        let output = scratch.path("fetched.json")
        var run = try fetch(emulator, ["--include-secrets", "-q"], in: scratch)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try FileManager.default.attributesOfItem(atPath: output)[.posixPermissions] as? Int == 0o600)
        #expect(chmod(output, 0o640) == 0)
        run = try fetch(emulator, ["--include-secrets", "-q"], in: scratch)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try FileManager.default.attributesOfItem(atPath: output)[.posixPermissions] as? Int == 0o640)
    }

    @Test("a server answer of one record with 300,000 members is read in time")
    func hugeAnswer() throws {
        var record = #"{"verInfo":"V39""#
        for i in 0..<300_000 { record += #","x\#(i)":1"# }
        record += "}"
        let started = ContinuousClock.now
        #expect(try ResponseValidation.version(Array(record.utf8), place: "version") == "V39")
        // Each member used to be compared with every one before it: about 45 billion comparisons.
        #expect(ContinuousClock.now - started < .seconds(60))
    }
}
