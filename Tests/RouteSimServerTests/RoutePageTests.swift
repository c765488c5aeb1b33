import DialPlan
import Foundation
import RouteSim
import RouteSimServer
import RouteSimTestSupport
import Testing

@Suite("The route page: form, result card, toggles, trace, case")
struct RoutePageTests {
    @Test("user 100 dials 92002 on the demo office: the card, the attempts, the trace with record links")
    func demoOfficeCard() throws {
        let page = try Served(plan: "demo-office").get("/?from=user:100&number=92002")
        #expect(page.status == 200)
        #expect(page.header("Content-Type") == "text/html; charset=utf-8")
        let html = page.text
        #expect(html.contains(#"<section id="result" class="card outcome-externalLine">"#))
        #expect(html.contains(#"<span class="outcome" id="outcome">externalLine</span>"#))
        #expect(
            html.contains(
                #"<span id="destination"><a href="/plan/records/extline/0">external line 6001</a> <span class="name">provider account shared by the office</span></span>"#
            ))
        #expect(html.contains("<dt>max duration</dt><dd>7200 s</dd>"))
        #expect(
            html.contains(
                #"<tr><td>1</td><td><a href="/plan/records/extline/0">external line 6001</a></td><td>provider account shared by the office</td><td><code>2002</code></td><td><code>6001</code></td><td></td></tr>"#
            ))
        let trace = try #require(slice(html, from: #"<table id="trace""#, to: "</table>"))
        #expect(trace.components(separatedBy: "<tr>").count - 2 == 6, "one row per trace step (and the header)")
        #expect(
            trace.contains(
                #"<a href="/plan/records/localuser/0" class="record">localuser (usrname &quot;100&quot;)</a><br><small>Reception</small>"#))
        #expect(trace.contains("<code>92002</code> → <code>2002</code>"))
        #expect(trace.contains(#"<code class="assumed">stripOutGroupPrefix=lineRoutes</code>"#))
        #expect(html.contains(#"<input id="origin" name="from" list="origins" value="user:100""#))
        #expect(html.contains(#"<option value="user:100" label="100 · Reception · reception"></option>"#))
        #expect(html.contains(#"<option value="line:6001" label="external line 6001 · provider account shared by the office"></option>"#))
    }

    @Test("the cited assumptions are toggles whose links route again with the other value, and back")
    func toggles() throws {
        let served = try Served(plan: "demo-office")
        let html = served.get("/?from=user:100&number=92002").text
        let toggle = try #require(
            slice(html, from: #"data-assumption="stripOutGroupPrefix" data-value="none""#, to: ">").map { _ in
                slice(html, from: #"<li class="default"><code>stripOutGroupPrefix</code>"#, to: "</li>")
            } ?? nil)
        #expect(toggle.contains(#"href="/?from=user:100&amp;number=92002&amp;assume=stripOutGroupPrefix%3Dnone""#))
        let flipped = served.get("/?from=user:100&number=92002&assume=stripOutGroupPrefix%3Dnone").text
        #expect(flipped.contains("<dt>called</dt><dd><code>92002</code></dd>"))
        #expect(
            flipped.contains(
                #"<li class="changed"><code>stripOutGroupPrefix</code> = <strong class="value">none</strong> <em>(changed)</em>"#))
        #expect(flipped.contains(#"<input type="hidden" name="assume" value="stripOutGroupPrefix=none">"#))
        // The way back drops the setting from the URL.
        #expect(
            flipped.contains(
                #"<a href="/?from=user:100&amp;number=92002" class="toggle" data-assumption="stripOutGroupPrefix" data-value="lineRoutes">"#
            ))
    }

    @Test("a number typed with spaces and punctuation is read without them, and the page says so")
    func typedNumber() throws {
        let html = try Served(plan: "demo-office").get("/?from=user:100&number=9+(20)-02").text
        #expect(html.contains(#"Read <code>9 (20)-02</code> as <code>92002</code>"#))
        #expect(html.contains(#"id="outcome">externalLine"#))
        #expect(html.contains(#"<input id="number" name="number" value="9 (20)-02""#))
    }

    @Test("calls that cannot be routed say why, in the card")
    func failures() throws {
        let served = try Served(plan: "demo-office")
        let cases: [(String, String)] = [
            ("/?from=user:999&number=1", "no local user named &#39;999&#39; in the plan (localuser usrname)"),
            ("/?from=&number=1", "say who calls: pick a user, trunk or line, or give a caller number"),
            ("/?from=trunk:x&caller=1&number=1", "trunk:x: a trunk is named by its servID, a number"),
            ("/?from=line:6001&number=1", "a call arriving on line 6001 needs the caller number"),
            ("/?from=nobody&number=1", "&#39;nobody&#39; is no origin: pick one from the list"),
            (
                "/?from=user:100&number=1&assume=userState%3Dasleep",
                "assume userState: &#39;asleep&#39; is not one of available, busy, noAnswer, unreachable"
            ),
        ]
        for (target, message) in cases {
            let page = served.get(target)
            #expect(page.status == 200, "\(target)")
            #expect(page.text.contains(#"<p id="route-error">"#) && page.text.contains(message), "\(target): \(page.text)")
        }
        #expect(served.get("/?frm=user:100").status == 400)
    }

    @Test("a bare name that is a user, a trunk with its caller, a line with its caller")
    func origins() throws {
        let served = try Served(plan: "multi-site")
        #expect(served.get("/?from=100&number=500").text.contains(#"id="outcome">huntGroup"#))
        #expect(served.get("/?from=trunk:1&caller=0033155512345&number=2125550100").text.contains(#"id="outcome">localUser"#))
        let hunt = served.get("/?from=user:100&number=500").text
        #expect(
            hunt.contains(
                #"<a href="/plan/records/localuser/1">101 (New York sales)</a>, <a href="/plan/records/localuser/0">100 (New York reception)</a> · linear"#
            ))
    }

    @Test("the case to copy holds every checkable field of the answer, numbers quoted")
    func caseYAML() throws {
        let html = try Served(plan: "multi-site").get("/?from=user:100&number=02125551234&assume=userState%3Dbusy").text
        let yaml = unescapeHTML(try #require(slice(html, from: #"<pre id="case-yaml">"#, to: "</pre>")))
        expectSameLines(
            yaml,
            """
            plan: "corpus/plans/multi-site.json"
            cases:
              - name: "user 100 dials 02125551234"
                from: {user: "100"}
                dial: "02125551234"
                assume: {userState: "busy"}
                expect:
                  outcome: routingGroup
                  target: {groupID: 1}
                  dialPlan: "hq"
                  caller: "+12125550100"
                  called: "+12125551234"
                  attempts:
                    - {servID: 1, called: "2125551234", caller: "2125550100", failover: false}
                    - {servID: 2, called: "0012125551234", caller: "+12125550100", failover: true}
                    - {extLine: "pstn-gw", called: "2125551234", caller: "+12125550100", failover: false}
                  maxDuration: 1800

            """)
    }

    @Test("the empty page has the form and a hint, and no result")
    func emptyPage() throws {
        let html = try Served(plan: "demo-office").get("/").text
        #expect(html.contains(#"<form id="route-form""#))
        #expect(!html.contains(#"id="result""#))
        #expect(html.contains(#"<script src="/assets/app.js" defer></script>"#))
        #expect(!html.contains("<script>") && !html.contains("style=\""), "no inline script or style")
    }
}
