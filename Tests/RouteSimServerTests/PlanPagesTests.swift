import DialPlan
import Foundation
import RouteSimGraph
import RouteSimServer
import RouteSimTestSupport
import Testing

@Suite("The plan pages: lint with witness links, tables, records, graph")
struct PlanPagesTests {
    @Test("lint findings with their witnesses as links that replay them on the route page")
    func lintWitnesses() throws {
        let served = try Served(path: Corpus.lint.appendingPathComponent("reanalysis-loop.json").path)
        let html = served.get("/plan/lint").text
        #expect(html.contains(#"<table id="findings">"#))
        #expect(html.contains("<code>RS201</code>"))
        let witness = try #require(html.firstMatch(of: /<a href="([^"]*)" class="witness">/))
        let href = unescapeHTML(String(witness.1))
        #expect(href.hasPrefix("/?from=user:"))
        let replay = served.get(href)
        #expect(replay.status == 200)
        #expect(replay.text.contains(#"id="outcome">released"#), "\(href)")
        #expect(replay.text.contains("<code>loop</code>"), "\(href): the witness shows the loop")
    }

    @Test("the overview counts every table and links the views; a table is searchable; a record shows its fields")
    func tablesAndRecords() throws {
        let served = try Served(plan: "multi-site")
        let overview = served.get("/plan").text
        #expect(overview.contains(#"<tr><td><a href="/plan/tables/anacldnbr">anacldnbr</a></td><td>17</td>"#))
        #expect(overview.contains(#"<a href="/plan/lint">Lint findings</a>"#) && overview.contains(#"<a href="/graph">Graph</a>"#))
        let table = served.get("/plan/tables/anacldnbr?q=emergency").text
        #expect(table.contains("2 records match “emergency”"))
        #expect(table.contains(#"<td><a href="/plan/records/anacldnbr/6">6</a></td><td>hq</td><td>911</td><td>emergency</td>"#))
        let record = served.get("/plan/records/peerserver/0").text
        #expect(record.contains("<h1>peerserver[0] <small>servID 1</small></h1>"))
        #expect(record.contains("<strong>carrier A (US)</strong> — line 15 of <code>corpus/plans/multi-site.json</code>"))
        #expect(record.contains("<tr><td><code>chainTrunkID</code></td><td><code>2</code></td></tr>"))
        #expect(record.contains(#"<a href="/graph?around=trunk:1&amp;depth=1">Its neighbourhood on the graph</a>"#))
        #expect(served.get("/plan/records/peerserver/9").status == 404)
        #expect(served.get("/plan/records/nope/0").status == 404)
    }

    @Test("the graph page inlines Graphviz's SVG with the call's path and links to records")
    func graphPage() throws {
        try #require(Graphviz.executable() != nil, "Graphviz's dot is not installed (scripts/setup installs graphviz)")
        let html = try Served(plan: "multi-site").get("/graph?from=user:100&number=02125551234").text
        let svg = try #require(slice(html, from: #"<figure id="graph" class="graph">"#, to: "</figure>"))
        #expect(svg.hasPrefix("<svg"))
        #expect(!svg.contains("<!--") && !svg.contains("<?xml"))
        #expect(svg.contains(#"xlink:href="/plan/records/peerserver/0""#))
        #expect(svg.contains("#c62828"), "the path is drawn in red")
        #expect(html.contains("In red: the path of user 100 dials 02125551234"))
    }

    @Test("a large plan's graph page collapses records, and asks for a view when that is not enough")
    func largeGraph() throws {
        var users: [String] = []
        var rows: [String] = []
        for i in 0..<400 {
            users.append(#"{"usrname": "\#(1000 + i)"}"#)
            rows.append(#"{"dialPlan": "p\#(i % 3)", "calledNbr": "\#(i)", "routeType": 2, "servID": \#(i % 10)}"#)
        }
        let trunks = (0..<350).map { #"{"servID": \#($0)}"# }
        let plan =
            #"{"localuser": [\#(users.joined(separator: ","))], "peerserver": [\#(trunks.joined(separator: ","))], "anacldnbr": [\#(rows.joined(separator: ","))]}"#
        let served = try Served(json: plan)
        let html = served.get("/graph").text
        #expect(html.contains(#"<p id="graph-too-large" class="card error">"#))
        #expect(html.contains("analysis records drawn as"))
        let around = served.get("/graph?around=trunk:5&depth=1").text
        #expect(!around.contains("graph-too-large"))
        #expect(around.contains("showing"))
    }
}
