import DialPlan
import Foundation
import RouteSimServer
import RouteSimTestSupport
import Testing

@Suite("Safe by default: headers, access, secrets, any bytes")
struct SafetyTests {
    static let canaryPlan = """
        {
          "sysinfo": {"ogpfx": "9", "admpwd": "CANARY-admpwd-7731", "dbpwd": "CANARY-dbpwd-7731", "smtppwd": "CANARY-smtppwd-7731"},
          "localuser": [
            {"usrname": "100", "usrpwd": "CANARY-usrpwd-7731", "description": "reception", "dispname": "Reception"},
            {"usrname": "101", "usrpwd": "", "description": "sales"}
          ],
          "extline": [
            {"extLine": "6001", "password": "CANARY-password-7731", "localUser": "100", "shareInd": 1, "sipSecret": "CANARY-extra-7731", "authToken": "CANARY-token-7731"}
          ],
          "anacldnbr": [{"dialPlan": "", "calledNbr": "0", "routeType": 1, "extLine": "6001"}]
        }
        """

    /// Every page and API answer a client can ask for on a plan.
    static func everyAnswer(_ served: Served) -> [(String, ServerResponse)] {
        var targets = [
            "/", "/?from=user:100&number=92002", "/?from=user:101&number=0123", "/plan", "/plan/lint", "/graph",
            "/graph?from=user:100&number=92002", "/api", "/api/route?fromUser=100&called=92002", "/api/lint", "/api/lint?format=sarif",
            "/api/lint?format=text", "/api/tables", "/api/origins", "/api/assumptions", "/api/status", "/api/graph",
            "/api/graph?format=mermaid", "/api/openapi.json", "/assets/app.js", "/assets/app.css",
        ]
        let snapshot = served.store.plan.snapshot
        for table in Table.allCases {
            targets.append("/plan/tables/\(table.rawValue)")
            targets.append("/api/tables/\(table.rawValue)")
            for index in 0..<snapshot.count(of: table) {
                targets.append("/plan/records/\(table.rawValue)/\(index)")
                targets.append("/api/tables/\(table.rawValue)/\(index)")
            }
        }
        var answers = targets.map { ($0, served.get($0)) }
        answers.append(
            ("POST /api/route/batch", served.post("/api/route/batch?steps=true", body: "origin,caller,called\nuser:100,,92002\n")))
        return answers
    }

    @Test("no password of the plan appears in any page or API answer; secrets show as <redacted>")
    func noSecrets() throws {
        let served = try Served(json: Self.canaryPlan)
        let answers = Self.everyAnswer(served)
        #expect(answers.count > 60)
        for (target, answer) in answers {
            #expect(answer.status == 200, "\(target): \(answer.status) \(answer.text.prefix(300))")
            #expect(!answer.text.contains("CANARY"), "\(target) shows a secret")
        }
        let user = try JSONValue(parsing: served.get("/api/tables/localuser/0").body)
        #expect(user["fields"]?["usrpwd"] == .string("<redacted>"))
        let empty = try JSONValue(parsing: served.get("/api/tables/localuser/1").body)
        #expect(empty["fields"]?["usrpwd"] == .string(""), "an empty password stays empty: it hides nothing")
        let line = try JSONValue(parsing: served.get("/api/tables/extline/0").body)
        #expect(line["fields"]?["sipSecret"] == .string("<redacted>"))
        #expect(line["fields"]?["authToken"] == .string("<redacted>"))
        #expect(served.get("/plan/records/sysinfo/0").text.contains("<code>admpwd</code></td><td><code>&lt;redacted&gt;</code>"))
        #expect(served.get("/api/tables/localuser?q=CANARY").text.contains(#""total": 0"#), "a search does not look into secrets")
    }

    @Test("every answer carries the security headers: a strict CSP without inline script, nosniff, no referrer, no framing")
    func securityHeaders() throws {
        let served = try Served(plan: "demo-office")
        for (target, answer) in Self.everyAnswer(served) + [("/missing", served.get("/missing")), ("/api/x", served.get("/api/x"))] {
            let csp = answer.header("Content-Security-Policy") ?? ""
            #expect(
                csp.contains("default-src 'none'") && csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"),
                "\(target)")
            #expect(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), "\(target)")
            #expect(answer.header("X-Content-Type-Options") == "nosniff", "\(target)")
            #expect(answer.header("Referrer-Policy") == "no-referrer", "\(target)")
            #expect(answer.header("X-Frame-Options") == "DENY", "\(target)")
        }
    }

    @Test("on loopback without a token, only requests addressed to a loopback name are answered")
    func loopbackHosts() throws {
        let served = try Served(plan: "demo-office")
        for host in ["127.0.0.1:8080", "localhost:8080", "[::1]:8080", "127.0.0.2", "LOCALHOST"] {
            #expect(served.get("/api/status", headers: ["Host": host]).status == 200, "\(host)")
        }
        for host in ["evil.example", "127.evil.example", "127.0.0.1.evil.example", "[::2]:80", ""] {
            let answer = served.get("/api/status", headers: ["Host": host])
            #expect(answer.status == 403, "\(host)")
            #expect(answer.errorMessage?.hasPrefix("this server answers requests for 127.0.0.1, localhost or [::1] only") == true)
        }
    }

    @Test("with a token: a bearer header, or the cookie a page sets when opened once with ?token=")
    func token() throws {
        let token = "s3cret-token-of-24-chars"
        let served = try Served(plan: "demo-office", token: token)
        let missing = served.get("/api/status", headers: ["Host": "pbx.example:8080"])
        #expect(missing.status == 401)
        #expect(missing.header("WWW-Authenticate") == "Bearer realm=\"routesim\"")
        #expect(missing.errorMessage?.hasPrefix("this server needs its token") == true)
        #expect(served.get("/api/status", headers: ["Host": "pbx.example", "Authorization": "Bearer \(token)"]).status == 200)
        #expect(served.get("/api/status", headers: ["Host": "pbx.example", "Authorization": "Bearer wrong"]).status == 401)
        #expect(served.get("/api/status?token=\(token)", headers: ["Host": "pbx.example"]).status == 401, "the API takes the header only")
        let login = served.get("/?from=user:100&token=\(token)&number=92002", headers: ["Host": "pbx.example"])
        #expect(login.status == 303)
        #expect(login.header("Location") == "/?from=user:100&number=92002")
        #expect(login.header("Set-Cookie") == "routesim_token=\(token); Path=/; HttpOnly; SameSite=Strict")
        #expect(served.get("/?token=nope", headers: ["Host": "pbx.example"]).status == 401)
        let page = served.get("/?from=user:100&number=92002", headers: ["Host": "pbx.example", "Cookie": "a=b; routesim_token=\(token)"])
        #expect(page.status == 200 && page.text.contains(#"id="outcome">externalLine"#))
        #expect(!page.text.contains(token), "the token never appears in a page")
    }

    @Test("any query, path or body: an answer below 500, and JSON errors under /api/ (seeded random requests)")
    func fuzz() throws {
        let served = try Served(plan: "multi-site")
        let paths = [
            "/", "/api/route", "/api/route/batch", "/api/lint", "/api/tables", "/api/tables/anacldnbr", "/api/tables/anacldnbr/3",
            "/plan/tables/natran", "/plan/records/peerserver/1", "/api/origins", "/api/graph", "/graph", "/api/status", "/plan",
        ]
        let names = [
            "fromUser", "fromTrunk", "fromLine", "caller", "called", "assume", "format", "from", "number", "q", "offset", "limit",
            "steps", "failOn", "around", "depth", "dialPlan", "collapse", "x", "",
        ]
        let pieces = [
            "100", "200", "1", "-1", "02125551234", "%", "%2", "%ZZ", "%FF", "%00", "+", "=", "&", "userState=busy", "a%3Db", "json",
            "text", "sarif", "true", "plan:hq", "trunk:1", "user:100", "#1", "*", "\u{1F4DE}", String(repeating: "9", count: 80), ";", "/",
        ]
        var count = 0
        for trial in PropertyTrials(seed: 0x13, count: 400) {
            var g = trial.generator
            var query = ""
            for i in 0..<g.within(0...5) {
                if i > 0 { query += g.chance(90) ? "&" : "&&" }
                query += g.pick(names)
                if g.chance(90) { query += "=" + (0..<g.within(0...3)).map { _ in g.pick(pieces) }.joined() }
            }
            let path = g.chance(90) ? g.pick(paths) : "/" + (0..<g.within(1...3)).map { _ in g.pick(pieces) }.joined(separator: "/")
            let method = g.pick(["GET", "GET", "POST", "HEAD", "PUT"])
            let body =
                method == "POST"
                ? (0..<g.within(0...4)).map { _ in g.pick(pieces + ["{", "}", "\"", ",", "\n", "origin,caller,called\n"]) }.joined() : ""
            let request = ServerRequest(method: method, path: path, query: query, headers: ["Host": "127.0.0.1"], body: Array(body.utf8))
            let answer = served.service.respond(to: request)
            count += 1
            #expect(answer.status < 500, "\(method) \(path)?\(query) → \(answer.status) \(answer.text.prefix(200)); \(trial)")
            if path.hasPrefix("/api/") && answer.status >= 400 && method != "HEAD" {
                #expect(answer.errorMessage?.isEmpty == false, "\(method) \(path)?\(query): \(answer.text.prefix(200)); \(trial)")
            }
        }
        #expect(count == 400)
    }

    @Test("the query-string reader: decoding, repeated names, refusals")
    func queryString() throws {
        let query = try QueryString("a=1&b=x+y%2Bz&a=2&c&=e")
        #expect(query["a"] == "1")
        #expect(query.all("a") == ["1", "2"])
        #expect(query["b"] == "x y+z")
        #expect(query["c"] == "")
        #expect(query[""] == "e")
        #expect(throws: RequestError.badRequest("parameter a: a % must be followed by two hexadecimal digits")) { try QueryString("a=%4") }
        #expect(throws: RequestError.badRequest("a parameter name is not UTF-8 text")) { try QueryString("%C3=1") }
        #expect(
            QueryString.build([("from", "user:100"), ("assume", "userState=busy"), ("n", "9 2#")])
                == "from=user:100&assume=userState%3Dbusy&n=9%202%23")
    }
}
