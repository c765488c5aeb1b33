import DialPlan
import Foundation
import RouteSimTestSupport
import Testing

@testable import MiniSIP

/// One GET through the client's own transport; nil when no answer came.
func httpGet(_ url: String) throws -> (status: Int, body: String)? {
    var options = TransportOptions()
    options.requestTimeout = 10
    let loop = try CurlMultiLoop(options: options, username: nil, password: nil, scrub: { $0 })
    var answer: (Int, String)?
    loop.submit(TransferJob(id: 1, url: url))
    loop.run { _, result in
        if case .response(let status, let body, _) = result { answer = (status, String(decoding: body, as: UTF8.self)) }
    }
    return answer
}

func encoded(_ json: String) -> String { PercentEncoding.encode(json) }

@Suite("routesim emulate, end to end", .serialized)
struct EmulatorEndToEndTests {
    let plan = Corpus.plan("paging").path

    @Test func rawAndEncodedQueriesAndTheSyskeyCheck() throws {
        let scratch = try ScratchDirectory()
        let emulator = try Emulator(plan: plan, in: scratch)
        defer { emulator.stop() }
        let query = #"{"syskey":"Adm1n-Paging!","pageIndex":1}"#
        let raw = try #require(try httpGet("\(emulator.url)/openapi/localuser/list?\(query)"))
        let escaped = try #require(try httpGet("\(emulator.url)/openapi/localuser/list?\(encoded(query))"))
        #expect(raw.status == 200 && raw == escaped)
        let page = try JSONValue(parsing: raw.body)
        guard case .array(let users) = page else { Issue.record("not an array"); return }
        #expect(users.count == 20 && users[0]["usrname"] == .string("120") && users[0]["dialPlan"] == nil)

        let wrong = try #require(try httpGet("\(emulator.url)/openapi/version?\(encoded(#"{"syskey":"nope"}"#))"))
        #expect(wrong.status == 403 && wrong.body.contains("syskey"))
        let missing = try #require(try httpGet("\(emulator.url)/openapi/version"))
        #expect(missing.status == 403)
        #expect(!emulator.child.stderrText.contains("Adm1n-Paging!"))
    }

    @Test func changesAreWrittenBackAtomically() throws {
        let scratch = try ScratchDirectory()
        let copy = scratch.path("plan.json")
        try FileManager.default.copyItem(atPath: plan, toPath: copy)
        let emulator = try Emulator(plan: copy, arguments: ["--write-back"], in: scratch)
        defer { emulator.stop() }
        let set = #"{"syskey":"Adm1n-Paging!","usrname":"100","dialPlan":"internal"}"#
        #expect(try httpGet("\(emulator.url)/openapi/localuser/set?\(encoded(set))")?.status == 200)
        let delete = #"{"syskey":"Adm1n-Paging!","tranID":25}"#
        #expect(try httpGet("\(emulator.url)/openapi/natran/delete?\(encoded(delete))")?.status == 200)
        let bad = #"{"syskey":"Adm1n-Paging!","tranID":1,"type":"x"}"#
        #expect(try httpGet("\(emulator.url)/openapi/natran/set?\(encoded(bad))")?.status == 400)
        let saved = try loadSnapshot(copy)
        #expect(saved.localUsers[0].dialPlan == "internal")
        #expect(saved.transitions.count == 24)
        #expect(scratch.temporaryFiles.isEmpty)
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func stopsCleanlyOnSignal(_ signal: Int32) throws {
        let scratch = try ScratchDirectory()
        let emulator = try Emulator(plan: plan, in: scratch)
        kill(emulator.child.pid, signal)
        let result = emulator.child.wait(timeout: .seconds(10))
        #expect(result.status == 0)
        #expect(result.stderr.contains("stopping"))
    }

    @Test func aPlanWithoutAdministratorPasswordNeedsASyskey() throws {
        let scratch = try ScratchDirectory()
        let planFile = try scratch.write(#"{"natran":[{"tranID":1}]}"#, to: "bare.json")
        let result = try routesim(["emulate", "--plan", planFile, "--port", "0"], in: scratch.url, timeout: .seconds(20))
        #expect(result.status == 2)
        #expect(result.stderr.contains("no syskey"))
    }

    @Test func anEmptySyskeyFileIsRefused() throws {
        let scratch = try ScratchDirectory()
        let keyFile = try scratch.write("\nsecond line\n", to: "empty.key")
        let result = try routesim(
            ["emulate", "--plan", plan, "--port", "0", "--syskey-file", keyFile], in: scratch.url, timeout: .seconds(20))
        #expect(result.status == 2)
        #expect(result.stderr == "routesim: \(keyFile): the syskey file is empty\n")
    }

    @Test func aBadFaultRuleIsRefusedNamingTheFlag() throws {
        let scratch = try ScratchDirectory()
        let result = try routesim(["emulate", "--plan", plan, "--port", "0", "--fault", "boom"], in: scratch.url, timeout: .seconds(20))
        #expect(result.status == 2)
        #expect(
            result.stderr
                == "routesim: --fault boom: the kind must be one of error, malformed, truncate, stall, shape, busy, "
                + "ignore-page, endless, echo (syntax KIND[:OBJECT[/OPERATION][@PAGE]][%EVERY][*TIMES], e.g. error:anacldnbr/list@1)\n")
    }
}
