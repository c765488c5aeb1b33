import Foundation
import RouteSimTestSupport
import Testing

/// `routesim test` end to end: the built binary, its output and its exit status.
@Suite("routesim test (the binary)")
struct TestCommandTests {
    @Test("the corpus passes: exit 0, and the summary is the last line")
    func corpus() throws {
        let result = try routesim(["test", "corpus/cases"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.last?.range(of: #"^\d+ passed, 0 failed$"#, options: .regularExpression) != nil)
        #expect(result.stderr.isEmpty)
    }

    @Test("a failing case: exit 1, the failure line, its trace, then the summary")
    func failing() throws {
        let scratch = try ScratchDirectory()
        let file = try scratch.write(
            """
            plan: \(Corpus.plan("refine-called").path)
            cases:
              - name: intl from 100
                from: {user: "100"}
                dial: "0123"
                expect: {called: '/^0086\\d+$/'}
              - name: internal
                from: {user: "100"}
                dial: "101"
                expect: {outcome: localUser}
            """, to: "c.yaml")
        let junit = scratch.path("report.xml")
        let result = try routesim(["test", "--format", "junit", "--output", junit, file])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == #"\#(file): case "intl from 100": called: expected /^0086\d+$/, got "0123""#)
        #expect(lines.contains(#"      2  analyzeCalled   0123  ·  anacldnbr (dialPlan "default", calledNbr "0")"#))
        #expect(lines.dropLast().last == "1 passed, 1 failed")
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains(#"<testsuites name="routesim test" tests="2" failures="1" errors="0">"#))
    }

    @Test("unusable input: exit 2, every error on stderr, nothing on stdout")
    func unusable() throws {
        let scratch = try ScratchDirectory()
        let folder = scratch.url
        let bad = try scratch.write(
            "plan: nowhere.json\ncases:\n  - name: a\n    from: {user: \"100\"}\n    dial: \"1\"\n    expect: {outcome: localUser}\n",
            to: "bad.yaml")
        let result = try routesim(["test", bad, scratch.path("absent.yaml")])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderr == """
                routesim: \(bad): field "plan": \(folder.path)/nowhere.json: no such plan file
                routesim: \(folder.path)/absent.yaml: no such case file

                """)
        #expect(try routesim(["test"]).status == 2)
    }
}
