import DialPlan
import Foundation
import RouteSimTestSupport
import Testing

@Suite("routesim serve, end to end: the same answers as the CLI, reload under load, safe defaults", .serialized)
struct ServeCommandTests {
    /// Origins and numbers derived from a plan, as `route` takes them and as the API names them.
    static func calls(_ plan: String) throws -> [(cli: [String], query: String)] {
        let snapshot = try Snapshot(contentsOfFile: Corpus.plan(plan).path)
        var origins: [([String], String)] = snapshot.localUsers.prefix(4).map { (["--from-user", $0.name], "fromUser=\($0.name)") }
        origins += snapshot.sipTrunks.prefix(2).map {
            (["--from-trunk", "\($0.id)", "--caller", "0215550000"], "fromTrunk=\($0.id)&caller=0215550000")
        }
        origins += snapshot.externalLines.prefix(1).map {
            (["--from-line", $0.name, "--caller", "0215550000"], "fromLine=\($0.name)&caller=0215550000")
        }
        origins.append((["--caller", "5550000"], "caller=5550000"))
        origins.append((["--from-user", "999"], "fromUser=999"))
        origins.append((["--from-trunk", "99", "--caller", "1"], "fromTrunk=99&caller=1"))
        var numbers = ["100", "102", "0", "00331234", "92002", "500", "999", "4711"]
        numbers += snapshot.calledAnalysis.prefix(6).map { $0.calledPrefix + "123" }
        var calls: [([String], String)] = []
        for (cli, query) in origins {
            for number in numbers { calls.append((cli + [number], query + "&called=\(number)")) }
        }
        return calls
    }

    @Test(
        "GET /api/route answers exactly what routesim route --format json prints, on every bundled plan",
        arguments: ["demo-office", "multi-site", "call-level"])
    func routeEqualsCLI(plan: String) throws {
        let scratch = try ScratchDirectory()
        let server = try RouteSimServer(["--plan", "corpus/plans/\(plan).json"], scratch: scratch)
        var compared = 0
        for (cli, query) in try Self.calls(plan) {
            let expected = try routesim(["route", "--plan", "corpus/plans/\(plan).json", "--format", "json"] + cli)
            let answer = try HTTP.send("\(server.url)/api/route?\(query.replacingOccurrences(of: "+", with: "%2B"))")
            if expected.status == 0 {
                #expect(answer.status == 200, "\(query): \(answer.body)")
                #expect(answer.body == expected.stdout, "\(query)")
            } else {
                #expect(answer.status == 400, "\(query)")
                let message = try JSONValue(parsing: answer.body)["error"]
                #expect(message.map { "routesim: \($0.plainText)\n" } == expected.stderr, "\(query)")
            }
            compared += 1
        }
        #expect(compared >= 40)
    }

    @Test("the batch endpoint answers what route --batch - prints; lint what routesim lint prints (json, sarif, text)")
    func batchAndLintEqualCLI() throws {
        let scratch = try ScratchDirectory()
        let calls = "origin,caller,called\nuser:100,,02125551234\nuser:200,,00331234\ntrunk:1,0033155512345,2125550100\n,5550000,911\n"
        let plan = "corpus/plans/multi-site.json"
        let server = try RouteSimServer(["--plan", plan], scratch: scratch)
        for (query, flags) in [("", ["--format", "json"]), ("?steps=true", ["--format", "json", "--steps"]), ("?format=text", [])] {
            let expected = try routesim(["route", "--plan", plan, "--batch", "-"] + flags, input: calls)
            #expect(expected.status == 0)
            let answer = try HTTP.send("\(server.url)/api/route/batch\(query)", method: "POST", body: calls)
            #expect(answer.status == 200)
            #expect(answer.body == expected.stdout, "batch\(query)")
        }
        let lintPlan = "corpus/lint/suppressions.json"
        let linted = try RouteSimServer(["--plan", lintPlan], scratch: scratch)
        for (query, flags) in [
            ("", ["--format", "json"]), ("?format=sarif", ["--format", "sarif"]), ("?format=text", []),
            ("?failOn=warning", ["--format", "json", "--fail-on", "warning"]),
        ] {
            let expected = try routesim(["lint", "--plan", lintPlan] + flags)
            let answer = try HTTP.send("\(linted.url)/api/lint\(query)")
            #expect(answer.status == 200)
            #expect(answer.body == expected.stdout, "lint\(query)")
        }
    }

    @Test(
        "a good new plan is served after the swap with no failed request while a load runs; a broken one leaves it serving with the banner")
    func reloadUnderLoad() throws {
        let scratch = try ScratchDirectory()
        let before =
            #"{"sysinfo": {"ogpfx": "9"}, "localuser": [{"usrname": "100"}], "extline": [{"extLine": "A", "localUser": "100", "shareInd": 1}]}"#
        let after =
            #"{"sysinfo": {"ogpfx": "9"}, "localuser": [{"usrname": "100"}], "extline": [{"extLine": "B", "localUser": "100", "shareInd": 1}]}"#
        let path = try scratch.write(before, to: "plan.json")
        let server = try RouteSimServer(["--plan", path, "--watch-interval", "0.1"], scratch: scratch)
        let url = "\(server.url)/api/route?fromUser=100&called=95"
        let old = try HTTP.send(url).body
        // The load: four clients, each sending requests one after the other until told to stop.
        let stop = Atomic(false)
        let results = Results()
        let group = DispatchGroup()
        for _ in 0..<4 {
            DispatchQueue.global().async(group: group) {
                while !stop.value {
                    do {
                        let answer = try HTTP.send(url)
                        results.add(answer.status == 200 ? answer.body : "HTTP \(answer.status) \(answer.body)")
                    } catch {
                        results.add("failed: \(error)")
                    }
                }
            }
        }
        // The load runs for a number of answers, not a time: a busy machine answers fewer.
        func awaitAnswers(_ count: Int) {
            let deadline = ContinuousClock.now + .seconds(30)
            while results.all.count < count && ContinuousClock.now < deadline { usleep(20_000) }
        }
        awaitAnswers(12)
        try (after).write(toFile: path + ".new", atomically: false, encoding: .utf8)
        #expect(rename(path + ".new", path) == 0)
        var generation = 1
        let deadline = ContinuousClock.now + .seconds(20)
        while generation < 2 && ContinuousClock.now < deadline {
            let status = try JSONValue(parsing: HTTP.send("\(server.url)/api/status").body)
            generation = Int(status["generation"]?.plainText ?? "") ?? 0
            usleep(50_000)
        }
        #expect(generation == 2, "the new plan was not swapped in")
        awaitAnswers(results.all.count + 12)
        stop.value = true
        group.wait()
        let new = try HTTP.send(url).body
        #expect(new.contains(#""extLine": "B""#))
        let answers = results.all
        #expect(answers.count > 20, "the load sent too few requests: \(answers.count)")
        #expect(
            answers.allSatisfy { $0 == old || $0 == new }, "a failed or mixed answer: \(answers.first { $0 != old && $0 != new } ?? "")")
        #expect(answers.contains(old) && answers.contains(new))

        // A broken plan: the old one keeps serving, the page shows the banner, the API the header.
        try #"{"localuser": [{"usrname": "100", "maxdura": true}]}"#.write(toFile: path, atomically: true, encoding: .utf8)
        var banner = false
        let bannerDeadline = ContinuousClock.now + .seconds(20)
        while !banner && ContinuousClock.now < bannerDeadline {
            banner = try HTTP.send("\(server.url)/").body.contains(#"id="reload-banner""#)
            usleep(50_000)
        }
        #expect(banner, "no banner after a broken plan")
        let still = try HTTP.send(url)
        #expect(still.body == new)
        #expect(still.header("X-RouteSim-Reload-Error")?.contains(#"field "maxdura": expected an integer"#) == true)
        #expect(server.child.stderrText.contains("reload failed, the old plan keeps serving"))
    }

    @Test("SIGHUP reloads without watching")
    func sighup() throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.write(#"{"localuser": [{"usrname": "100"}]}"#, to: "plan.json")
        let server = try RouteSimServer(["--plan", path, "--watch-interval", "0"], scratch: scratch)
        try #"{"localuser": [{"usrname": "100"}, {"usrname": "101"}]}"#.write(toFile: path, atomically: true, encoding: .utf8)
        usleep(300_000)
        #expect(try HTTP.send("\(server.url)/api/status").body.contains(#""generation": 1"#), "no watching with --watch-interval 0")
        kill(server.child.pid, SIGHUP)
        var swapped = false
        let deadline = ContinuousClock.now + .seconds(20)
        while !swapped && ContinuousClock.now < deadline {
            swapped = try HTTP.send("\(server.url)/api/status").body.contains(#""generation": 2"#)
            usleep(50_000)
        }
        #expect(swapped)
        #expect(server.child.stderrText.contains("SIGHUP: now serving generation 2"))
    }

    @Test("the case the route page offers to copy passes routesim test")
    func copiedCasePasses() throws {
        let scratch = try ScratchDirectory()
        let server = try RouteSimServer(["--plan", "corpus/plans/multi-site.json"], scratch: scratch)
        for query in [
            "from=user:100&number=02125551234", "from=user:100&number=500", "from=user:201&number=02079460123",
            "from=user:200&number=102&assume=userState%3Dbusy",
        ] {
            let page = try HTTP.send("\(server.url)/?\(query)").body
            guard let start = page.range(of: #"<pre id="case-yaml">"#),
                let end = page.range(of: "</pre>", range: start.upperBound..<page.endIndex)
            else {
                Issue.record("\(query): no case on the page")
                continue
            }
            var yaml = String(page[start.upperBound..<end.lowerBound]).replacingOccurrences(of: "&quot;", with: "\"")
                .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(
                    of: "&gt;", with: ">"
                )
                .replacingOccurrences(of: "&amp;", with: "&")
            yaml = yaml.replacingOccurrences(
                of: #"plan: "corpus/plans/multi-site.json""#, with: #"plan: "\#(Corpus.plan("multi-site").path)""#)
            let file = try scratch.write(yaml, to: "case.yaml")
            let run = try routesim(["test", file])
            #expect(run.status == 0, "\(query):\n\(yaml)\n\(run.stdout)\(run.stderr)")
            #expect(run.stdout.hasSuffix("1 passed, 0 failed\n"), "\(query)")
        }
    }

    @Test("safe by default: loopback, a token elsewhere, no plan secret; bad options are refused with exit 2")
    func safeDefaults() throws {
        let scratch = try ScratchDirectory()
        let anywhere = try routesim(["serve", "--plan", "corpus/plans/demo-office.json", "--host", "0.0.0.0", "--port", "0"])
        #expect(anywhere.status == 2)
        #expect(
            anywhere.stderr.hasPrefix(
                "routesim: --host 0.0.0.0 is not a loopback address: give a token (--token-file FILE or ROUTESIM_SERVE_TOKEN)"))
        let short = try scratch.write("short\n", to: "token")
        let shortToken = try routesim(["serve", "--plan", "corpus/plans/demo-office.json", "--token-file", short, "--port", "0"])
        #expect(shortToken.status == 2)
        #expect(shortToken.stderr == "routesim: \(short): the token has 5 characters; use at least 16\n")
        let brokenPlan = try scratch.write(#"{"localuser": [{"usrname": "100", "maxdura": true}]}"#, to: "broken.json")
        let broken = try routesim(["serve", "--plan", brokenPlan, "--port", "0"], timeout: .seconds(30))
        #expect(broken.status == 2)
        #expect(
            broken.stderr
                == #"routesim: \#(brokenPlan):1: localuser[0] (usrname "100"), field "maxdura": expected an integer (a number or a string of digits), found true"#
                + "\n")
        let both = try routesim(["serve", "--plan", "x.json", "--fetch-from", "http://127.0.0.1:1"])
        #expect(both.status == 2)
        #expect(both.stderr.contains("give --plan FILE or --fetch-from URL, not both"))
        let every = try routesim(["serve", "--fetch-from", "http://127.0.0.1:1", "--every", "soon"], environment: ["ROUTESIM_SYSKEY": "k"])
        #expect(every.status == 2)
        #expect(every.stderr == "routesim: --every soon: write a duration such as 30s, 5m or 1h (at least 1 s)\n")

        let token = "0123456789abcdef-token"
        let server = try RouteSimServer(
            ["--plan", "corpus/plans/demo-office.json"], environment: ["ROUTESIM_SERVE_TOKEN": token], scratch: scratch)
        #expect(try HTTP.send("\(server.url)/api/status").status == 401)
        #expect(try HTTP.send("\(server.url)/api/status", headers: ["Authorization": "Bearer \(token)"]).status == 200)
        #expect(!server.child.stderrText.contains(token))
    }

    @Test("the plan can come from a miniSIPServer: --fetch-from through the OpenAPI client, with the emulator")
    func fetchFrom() throws {
        let scratch = try ScratchDirectory()
        let emulator = try Emulator(plan: Corpus.plan("paging").path, in: scratch)
        let server = try RouteSimServer(
            ["--fetch-from", emulator.url, "--every", "1h"], environment: ["ROUTESIM_SYSKEY": "Adm1n-Paging!"], scratch: scratch)
        let status = try JSONValue(parsing: HTTP.send("\(server.url)/api/status").body)
        #expect(status["plan"] == .string(emulator.url))
        #expect(try HTTP.send("\(server.url)/api/tables/localuser").body.contains("<redacted>"))
        #expect(!(try HTTP.send("\(server.url)/plan/records/sysinfo/0").body.contains("Adm1n-Paging!")))
        let wrong = try routesim(["serve", "--fetch-from", emulator.url, "--port", "0"], environment: ["ROUTESIM_SYSKEY": "wrong"])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.hasPrefix("routesim: fetch from \(emulator.url): "))
    }
}

/// A flag the load's threads read and the test sets.
final class Atomic: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Bool
    init(_ value: Bool) { stored = value }
    var value: Bool {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

/// The answers the load's threads collect.
final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ item: String) { lock.withLock { items.append(item) } }
    var all: [String] { lock.withLock { items } }
}
