import DialPlan
import Foundation
import RouteSim
import RouteSimCases
import RouteSimLint
import RouteSimServer
import RouteSimTestSupport
import Testing

@Suite("The HTTP API: answers, errors, the OpenAPI document")
struct APITests {
    @Test("GET and POST /api/route answer what route --format json prints (the library's JSON, byte for byte)")
    func routeAnswers() throws {
        let served = try Served(plan: "multi-site")
        let simulator = try Simulator(snapshot: Snapshot(contentsOfFile: Corpus.plan("multi-site").path))
        let expected = try simulator.route(Call(origin: .localUser("100"), called: "02125551234")).jsonValue.prettyText + "\n"
        let get = served.get("/api/route?fromUser=100&called=02125551234")
        #expect(get.status == 200)
        #expect(get.header("Content-Type") == "application/json; charset=utf-8")
        #expect(get.text == expected)
        let post = served.post("/api/route", body: #"{"fromUser": "100", "called": "02125551234"}"#)
        #expect(post.text == expected)
        var busy = Assumptions()
        try busy.set("userState=busy")
        let whatIf =
            try Simulator(snapshot: Snapshot(contentsOfFile: Corpus.plan("multi-site").path), assumptions: busy)
            .route(Call(origin: .localUser("200"), called: "103")).jsonValue.prettyText + "\n"
        #expect(served.get("/api/route?fromUser=200&called=103&assume=userState%3Dbusy").text == whatIf)
        #expect(served.post("/api/route", body: #"{"fromUser": "200", "called": "103", "assume": {"userState": "busy"}}"#).text == whatIf)
        #expect(served.post("/api/route", body: #"{"fromUser": "200", "called": "103", "assume": ["userState=busy"]}"#).text == whatIf)
        let text = served.get("/api/route?fromTrunk=1&caller=0033155512345&called=2125550100&format=text")
        #expect(text.header("Content-Type") == "text/plain; charset=utf-8")
        #expect(
            text.text
                == (try simulator.route(Call(origin: .sipTrunk(1, caller: "0033155512345"), called: "2125550100")).traceText))
    }

    @Test(
        "bad requests get a 4xx and a sentence that says what to change",
        arguments: [
            ("/api/route", 400, "say who calls: fromUser, fromTrunk with caller, fromLine with caller, or caller"),
            ("/api/route?fromUser=100", 400, "give the dialed number (called)"),
            ("/api/route?fromUser=100&fromLine=6001&called=1", 400, "give one origin: fromUser, fromTrunk or fromLine"),
            ("/api/route?fromTrunk=1&called=1", 400, "fromTrunk and fromLine need caller (the number calling in)"),
            ("/api/route?fromTrunk=one&caller=5&called=1", 400, "fromTrunk must be a servID (a whole number), not 'one'"),
            ("/api/route?fromUser=100&caller=5&called=1", 400, "fromUser sets the caller (the user's name); drop caller"),
            ("/api/route?fromUser=999&called=1", 400, "no local user named '999' in the plan (localuser usrname)"),
            (
                "/api/route?fromUser=100&called=1x2", 400,
                #"the called number "1x2" holds "x", which is not part of a number, and no local user has that name; type digits and * # + (spaces, dashes, dots, brackets and slashes between them are removed), or a local user's name"#
            ),
            (
                "/api/route?fromUser=100&called=1&color=red", 400,
                "unknown parameter 'color'; the parameters are fromUser, fromTrunk, fromLine, caller, called, assume, format"
            ),
            ("/api/route?fromUser=100&called=1&called=2", 400, "parameter 'called' is given 2 times; give it once"),
            (
                "/api/route?fromUser=100&called=1&assume=nope%3D1", 400,
                "assume: no assumption named 'nope'; the assumptions are starIsCatchAll, speedDialMatch, huntingDetectionMatch, unknownCallerDialPlan, externalLineDialPlan, speedDialKey, huntingDetectionPosition, maxAnalysisPasses, unmatchedPlanFallback, callLevelRule, callLevelNonUsers, keepRecordOnReanalysisMiss, stripOutGroupPrefix, defaultLineOrder, forwardedLegContext, maxForwardHops, userState, followMeType1, routingGroupStart, maxChainHops, failoverToTried, outgoingGroupZero, linePresentsOwnNumber, huntingOperatorOrder, transitionBounds"
            ),
            ("/api/route?fromUser=100&called=1&format=xml", 400, "format must be json or text, not 'xml'"),
            ("/api/route?fromUser=100&called=%ZZ", 400, "parameter called: a % must be followed by two hexadecimal digits"),
            ("/api/route?fromUser=100&called=%FF", 400, "parameter called is not UTF-8 text"),
            (
                "/api/tables/nope", 404,
                "no table 'nope'; the tables are sysinfo, localuser, extline, peerserver, routegroup, route, natran, refineclrnbr, refinecldnbr, anaclrnbr, anacldnbr, speeddial, hginfo, hgoper, hgdect"
            ),
            ("/api/tables/localuser/3", 404, "localuser has 3 records; there is no record 3"),
            ("/api/tables/localuser/-1", 400, "'-1' is no record index (0, 1, 2, …)"),
            ("/api/tables/localuser?limit=5000", 400, "limit must be a whole number from 1 to 1000, not '5000'"),
            ("/api/lint?failOn=sometimes", 400, "failOn must be error, warning or never, not 'sometimes'"),
            ("/api/lint?format=html", 400, "format must be json, sarif or text, not 'html'"),
            (
                "/api/graph?around=trunk:9", 400,
                "no node 'trunk:9' in the graph; write it as the graph names it: plan:NAME, prefix:PLAN/PREFIX, group:ID, trunk:ID, line:NAME, hunt:ID, user:NAME"
            ),
            ("/api/graph?format=png", 400, "format must be dot, mermaid or svg, not 'png'"),
            ("/api/nothing", 404, "no page or endpoint at /api/nothing; the pages are /, /plan, /plan/lint, /graph, /api"),
        ])
    func badRequests(target: String, status: Int, message: String) throws {
        let answer = try Served(plan: "demo-office").get(target)
        #expect(answer.status == status)
        #expect(answer.header("Content-Type") == "application/json; charset=utf-8")
        #expect(answer.errorMessage == message)
    }

    @Test("bad bodies and methods: 4xx with a message")
    func badBodies() throws {
        let served = try Served(plan: "demo-office")
        let cases: [(ServerResponse, Int, String)] = [
            (served.post("/api/route", body: "{"), 400, "the body is not JSON: "),
            (served.post("/api/route", body: "[1]"), 400, "the body must be a JSON object such as"),
            (served.post("/api/route", body: #"{"fromUser": 100, "called": true}"#), 400, "field 'called': expected a string, found true"),
            (served.post("/api/route", body: #"{"from": "x"}"#), 400, "unknown field 'from'"),
            (served.post("/api/route/batch", body: ""), 400, "-: the batch file holds no calls"),
            (
                served.post("/api/route/batch", body: "origin,called\n"), 400,
                "-:1: a CSV batch starts with the header origin,caller,called"
            ),
            (served.post("/api/route/batch", body: "origin,caller,called\nuser:999,,1\n"), 400, "-:2: no local user named '999'"),
            (served.get("/api/route/batch"), 405, "/api/route/batch takes POST"),
            (served.post("/api/lint", body: ""), 405, "/api/lint takes GET, HEAD; the server is read-only"),
            (
                served.service.respond(to: ServerRequest(method: "DELETE", path: "/api/route", headers: ["Host": "localhost"])), 405,
                "/api/route takes GET"
            ),
            (
                served.service.respond(
                    to: ServerRequest(
                        method: "POST", path: "/api/route", headers: ["Host": "localhost"],
                        body: [UInt8](repeating: 32, count: RouteSimService.maxBodyBytes + 1))), 413,
                "the body has"
            ),
        ]
        for (answer, status, message) in cases {
            #expect(answer.status == status, "\(message)")
            #expect(answer.errorMessage?.hasPrefix(message) == true, "\(answer.text)")
        }
    }

    @Test("the batch endpoint answers what route --batch prints, JSON lines or text, with or without steps")
    func batch() throws {
        let served = try Served(plan: "demo-office")
        let body = "origin,caller,called\nuser:100,,92002\n,555,101\n"
        let simulator = try Simulator(snapshot: Snapshot(contentsOfFile: Corpus.plan("demo-office").path))
        var expected = ""
        try CallBatch(bytes: Array(body.utf8), source: "-").forEachCall { entry in
            expected += (try? simulator.routeFast(entry.call)).map { entry.jsonLine($0, withSteps: false) + "\n" } ?? "no result\n"
        }
        let answer = served.post("/api/route/batch", body: body)
        #expect(answer.status == 200)
        #expect(answer.text == expected)
        #expect(served.post("/api/route/batch?steps=true", body: body).text.contains(#""steps":[{"stage":"origin""#))
        #expect(
            served.post("/api/route/batch?format=text", body: body).text
                == #"-:2  user 100 dials 92002  →  externalLine  external line 6001 "provider account shared by the office"  via external line 6001 "provider account shared by the office" [2002]"#
                + "\n-:3  555 dials 101  →  localUser  local user 101\n"
        )
    }

    @Test("/api/lint answers lint --format json, sarif and text, with the plan's suppressions")
    func lint() throws {
        let path = Corpus.lint.appendingPathComponent("suppressions.json").path
        let served = try Served(path: path)
        let snapshot = try Snapshot(contentsOfFile: path)
        let configuration = try LintConfiguration(
            json: String(contentsOfFile: Corpus.lint.appendingPathComponent("suppressions.lint.json").path, encoding: .utf8))
        let report = LintReport(findings: Linter(snapshot: snapshot).run(), configuration: configuration, snapshot: snapshot)
        #expect(!report.suppressed.isEmpty, "the corpus plan suppresses something")
        #expect(served.get("/api/lint").text == report.json(failOn: .error).prettyText + "\n")
        #expect(served.get("/api/lint?failOn=never").text == report.json(failOn: nil).prettyText + "\n")
        #expect(served.get("/api/lint?format=sarif").text == report.sarif(toolVersion: "0.1.0").prettyText + "\n")
        #expect(served.get("/api/lint?format=text").text == report.text)
    }

    @Test("tables and records: counts, keys, names, line numbers; search and paging")
    func records() throws {
        let served = try Served(plan: "multi-site")
        let tables = try JSONValue(parsing: served.get("/api/tables").body)
        #expect(tables["plan"] == .string("corpus/plans/multi-site.json"))
        guard case .array(let list)? = tables["tables"] else { Issue.record("no tables"); return }
        #expect(list.count == 15)
        #expect(
            list[3] == .object([("table", .string("peerserver")), ("records", .number("4")), ("keyFields", .array([.string("servID")]))]))
        let trunk = try JSONValue(parsing: served.get("/api/tables/peerserver/0").body)
        #expect(trunk["index"] == .number("0"))
        #expect(trunk["key"] == .object([("servID", .number("1"))]))
        #expect(trunk["name"] == .string("carrier A (US)"))
        #expect(trunk["line"] == .number("15"))
        #expect(trunk["fields"]?["servAddr"] == .string("sip.carrier-a.example"))
        let search = try JSONValue(parsing: served.get("/api/tables/anacldnbr?q=emergency&limit=1").body)
        #expect(search["total"] == .number("2"))
        guard case .array(let found)? = search["records"] else { Issue.record("no records"); return }
        #expect(found.count == 1)
        #expect(found[0]["key"] == .object([("dialPlan", .string("hq")), ("calledNbr", .string("911"))]))
        let second = try JSONValue(parsing: served.get("/api/tables/anacldnbr?q=emergency&offset=1").body)
        guard case .array(let rest)? = second["records"] else { Issue.record("no records"); return }
        #expect(rest.map { $0["index"] } == [.number("14")])
    }

    @Test("origins for completion match names and descriptions")
    func origins() throws {
        let answer = try JSONValue(parsing: Served(plan: "multi-site").get("/api/origins?q=london").body)
        #expect(
            answer
                == .array([
                    .object([
                        ("from", .string("user:103")), ("label", .string("103 · New York support: forwards on busy to the London desk")),
                    ]),
                    .object([("from", .string("user:200")), ("label", .string("200 · London desk"))]),
                    .object([("from", .string("user:201")), ("label", .string("201 · London lobby: no call level"))]),
                    .object([("from", .string("trunk:3")), ("label", .string("SIP trunk 3 · UK carrier for the London site"))]),
                ]))
    }

    @Test("the graph endpoint draws what routesim graph draws")
    func graph() throws {
        let served = try Served(plan: "demo-office")
        let dot = served.get("/api/graph?from=user:100&number=92002")
        #expect(dot.header("Content-Type") == "text/vnd.graphviz; charset=utf-8")
        #expect(dot.text.contains(##""origin" -> "plan:default" [style=bold, color="#c62828""##))
        #expect(served.get("/api/graph?format=mermaid").text.hasPrefix("flowchart LR\n"))
    }

    @Test("the OpenAPI document validates as OpenAPI 3.1 and lists every endpoint the server answers")
    func openAPI() throws {
        let answer = try Served(plan: "demo-office").get("/api/openapi.json")
        #expect(answer.status == 200)
        let scratch = try ScratchDirectory()
        let file = scratch.path("openapi.json")
        try answer.text.write(toFile: file, atomically: true, encoding: .utf8)
        let check = """
            import json, sys
            from openapi_spec_validator import validate
            validate(json.load(open(sys.argv[1])))
            print("valid")
            """
        let python = try runProcess(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", check, file], environment: ProcessInfo.processInfo.environment,
            in: scratch.url)
        #expect(python.status == 0, "openapi-spec-validator (scripts/setup installs it): \(python.stderr)")
        #expect(python.stdout == "valid\n")
        let document = try JSONValue(parsing: answer.body)
        guard case .object(let paths)? = document["paths"] else { Issue.record("no paths"); return }
        #expect(
            paths.map(\.0) == [
                "/api/route", "/api/route/batch", "/api/lint", "/api/tables", "/api/tables/{table}", "/api/tables/{table}/{index}",
                "/api/origins", "/api/assumptions", "/api/status", "/api/graph", "/api/openapi.json",
            ])
    }
}
