import Foundation
import RouteSimTestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("routesim graph, end to end", .serialized)
struct GraphCommandTests {
    @Test("DOT by default, the call's path in red; the server's /api/graph draws the same bytes")
    func dot() throws {
        let r = try routesim(["graph", "--plan", "corpus/plans/demo-office.json", "--from-user", "100", "--call", "92002"])
        #expect(r.status == 0)
        #expect(r.stderr == "")
        #expect(r.stdout.hasPrefix("digraph routing {\n"))
        #expect(r.stdout.contains(##""origin" -> "plan:default" [style=bold, color="#c62828", penwidth=2.5, fontcolor="#c62828"];"##))
        let scratch = try ScratchDirectory()
        let server = try RouteSimServer(["--plan", "corpus/plans/demo-office.json"], scratch: scratch)
        #expect(try HTTP.send("\(server.url)/api/graph?from=user:100&number=92002").body == r.stdout)
    }

    @Test("SVG through dot: it renders and parses; Mermaid; the views")
    func formats() throws {
        let svg = try routesim([
            "graph", "--plan", "corpus/plans/multi-site.json", "--from-user", "100", "--call", "02125551234", "--format", "svg",
        ])
        #expect(svg.status == 0, "\(svg.stderr)")
        #expect(XMLParser(data: Data(svg.stdout.utf8)).parse(), "the SVG does not parse")
        #expect(svg.stdout.contains("<svg") && svg.stdout.contains("#c62828"))
        let mermaid = try routesim([
            "graph", "--plan", "corpus/plans/multi-site.json", "--dial-plan", "branch", "--collapse", "--format", "mermaid",
        ])
        #expect(mermaid.status == 0)
        #expect(
            mermaid.stdout.hasPrefix(
                "flowchart LR\n  %% 8 analysis records drawn as 4 nodes (records of a dial plan that go to the same place)\n  %% showing 12 of 30 nodes: dial plan branch and what it reaches\n"
            ))
        let around = try routesim(["graph", "--plan", "corpus/plans/multi-site.json", "--around", "trunk:2", "--depth", "1"])
        #expect(around.stdout.contains("// showing 5 of 34 nodes: within 1 of trunk:2\n"))
    }

    @Test(
        "unusable input exits 2 and says what is wrong",
        arguments: [
            (
                ["--around", "trunk:9"],
                "routesim: no node 'trunk:9' in the graph; write it as the graph names it: plan:NAME, prefix:PLAN/PREFIX, group:ID, trunk:ID, line:NAME, hunt:ID, user:NAME\n"
            ),
            (["--dial-plan", "nowhere"], "routesim: no dial plan named 'nowhere'; the dial plans are default, hq, branch, incoming\n"),
            (
                ["--call", "100"],
                "Error: --call needs an origin: --from-user NAME, --from-trunk ID --caller NUMBER, --from-line NAME --caller NUMBER, or --caller NUMBER\n"
            ),
            (["--from-user", "100"], "Error: the origin options draw a call: give the number with --call NUMBER\n"),
            (["--from-user", "999", "--call", "1"], "routesim: no local user named '999' in the plan (localuser usrname)\n"),
            (["--format", "png"], ""),
        ])
    func unusable(arguments: [String], message: String) throws {
        let r = try routesim(["graph", "--plan", "corpus/plans/multi-site.json"] + arguments)
        #expect(r.status == 2)
        #expect(r.stdout == "")
        if !message.isEmpty {
            #expect(r.stderr.hasPrefix(message), "\(r.stderr)")
        } else {
            #expect(r.stderr.contains("png"))
        }
    }

    @Test("without Graphviz, svg exits 2 saying what to install and what works; dot still prints")
    func withoutDot() throws {
        let r = try routesim(
            ["graph", "--plan", "corpus/plans/demo-office.json", "--format", "svg"], environment: ["ROUTESIM_DOT": "/nonexistent/dot"])
        #expect(r.status == 2)
        #expect(
            r.stderr
                == "routesim: SVG needs Graphviz's dot program, which is not installed (Debian: apt-get install graphviz); --format dot and --format mermaid work without it\n"
        )
        #expect(
            try routesim(["graph", "--plan", "corpus/plans/demo-office.json"], environment: ["ROUTESIM_DOT": "/nonexistent/dot"]).status
                == 0)
    }
}
