import RouteSimTestSupport
import Testing

@testable import RouteSimCases

/// The guard reads YAML's lexical structure: `&` and `*` inside strings, comments, block scalars
/// and plain scalars mean nothing; where a node starts they are an anchor or an alias.
@Suite("YAML guard")
struct YAMLGuardTests {
    func refusal(_ yaml: String) -> String? {
        do {
            try YAMLGuard.check(yaml, source: "c.yaml")
            return nil
        } catch {
            return error.description
        }
    }

    @Test(
        "text that holds & and * but no anchor or alias passes",
        arguments: [
            "plan: p.json\ncases:\n  - name: \"Tom & *Jerry\"\n    dial: '*99'\n",
            "name: Tom & Jerry\nnote: a*b &c\n",
            "# &comment *here\nplan: p.json # and &here\n",
            "called: '/^0086\\d*$/'\ncaller: /^\\d*[*#]$/\n",
            "note: |\n  &not an anchor\n  *not an alias\nnext: 1\n",
            "- note: >-\n    *folded\n    &text\n  dial: \"1\"\n",
            "flow: [\"*a\", '&b', c*d, {k: \"&v\"}]\n",
            "dial: \"9\\\"&*\"\n",
            "multi: \"line one\n  *still inside\"\n",
        ])
    func passes(_ yaml: String) {
        #expect(refusal(yaml) == nil)
    }

    @Test(
        "an anchor or alias where a node starts is refused, with its line",
        arguments: [
            ("a: &x 1\n", "c.yaml:1: YAML anchors (&name) are not supported in case files; write each value out"),
            ("a: 1\nb: *x\n", "c.yaml:2: YAML aliases (*name) are not supported in case files; write each value out"),
            ("- *x\n", "c.yaml:1: YAML aliases (*name) are not supported in case files; write each value out"),
            ("a: [1, *x]\n", "c.yaml:1: YAML aliases (*name) are not supported in case files; write each value out"),
            ("a: {k: *x}\n", "c.yaml:1: YAML aliases (*name) are not supported in case files; write each value out"),
            ("a: !!str &x v\n", "c.yaml:1: YAML anchors (&name) are not supported in case files; write each value out"),
            ("? *k\n: v\n", "c.yaml:1: YAML aliases (*name) are not supported in case files; write each value out"),
            ("- note: |\n    text\n  dial: *x\n", "c.yaml:3: YAML aliases (*name) are not supported in case files; write each value out"),
            ("a: 'open\n", "c.yaml:1: a single-quoted string is not closed"),
        ])
    func refused(_ yaml: String, _ message: String) {
        #expect(refusal(yaml) == message)
    }

    @Test("a file past 16 MiB is refused before it is parsed")
    func tooLarge() {
        let text = "# " + String(repeating: "x", count: YAMLGuard.maxBytes) + "\n"
        #expect(refusal(text)?.hasPrefix("c.yaml: the file is 16777219 bytes; case files are read up to 16777216 bytes") == true)
    }

    @Test("every corpus case file passes")
    func corpusPasses() throws {
        let files = Corpus.names(in: Corpus.cases, ending: ".yaml")
        #expect(!files.isEmpty)
        for name in files {
            let text = try String(contentsOf: Corpus.cases.appendingPathComponent("\(name).yaml"), encoding: .utf8)
            #expect(refusal(text) == nil, "\(name)")
        }
    }
}
