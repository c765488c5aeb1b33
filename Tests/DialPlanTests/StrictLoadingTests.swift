import DialPlan
import Foundation
import RouteSimTestSupport
import Testing

/// Plans are understood or refused: a record without a key field is an error that names file,
/// line, table, record and field; a field a table does not have loads with a warning (grouped
/// per table and field, with the closest field of the table).
@Suite("Strict plans: key fields and unknown fields")
struct StrictLoadingTests {
    func load(_ text: String) throws(SnapshotError) -> Snapshot { try SnapshotDecodingTests().load(text) }

    func error(_ text: String) -> String? { SnapshotDecodingTests().error(text) }

    @Test("a record without a key field is refused with file:line, table, record and field")
    func missingKeyField() {
        #expect(
            error("{\"anacldnbr\": [\n  {\"dialPlan\": \"hq\", \"calledNbr\": \"0\"},\n  {\"calledNbr\": \"112\", \"routeType\": 2}\n]}")
                == #"plan.json:3: anacldnbr[1] (calledNbr "112"), field "dialPlan": the key field is missing; every anacldnbr record needs dialPlan and calledNbr (write "default" for the default dial plan)"#
        )
        #expect(
            error(#"{"localuser": [{"dialPlan": "hq"}]}"#)
                == #"plan.json:1: localuser[0], field "usrname": the key field is missing; every localuser record needs usrname"#)
        #expect(
            error(#"{"refinecldnbr": [{"calledPrefix": "0", "transID": 1}]}"#)
                == #"plan.json:1: refinecldnbr[0] (calledPrefix "0"), field "groupID": the key field is missing; every refinecldnbr record needs groupID and calledPrefix"#
        )
    }

    @Test("null is a missing key field; an empty one is a value")
    func nullKey() throws {
        #expect(
            error(#"{"peerserver": [{"servID": null}]}"#)?.hasSuffix(
                #"field "servID": the key field is missing; every peerserver record needs servID"#) == true)
        let s = try load(#"{"anacldnbr": [{"dialPlan": "", "calledNbr": ""}]}"#)
        #expect(s.calledAnalysis.first?.dialPlan == "")
    }

    @Test("a route needs its group, its type and the member its type names, not the other member")
    func routeKeys() throws {
        let s = try load(
            #"{"route": [{"groupID": 1, "routeType": 2, "sipTrunkID": 5}, {"groupID": 1, "routeType": 1, "extLine": "pstn"}]}"#)
        #expect(s.routes.map(\.trunk) == [5, 0])
        #expect(s.routes.map(\.externalLine) == ["", "pstn"])
        let requirement =
            "every route record needs groupID and routeType, and the member its type names: sipTrunkID for a SIP trunk (2), extLine for an external line (1)"
        #expect(
            error(#"{"route": [{"groupID": 1, "routeType": 2, "extLine": ""}]}"#)
                == #"plan.json:1: route[0] (groupID 1, routeType 2, extLine ""), field "sipTrunkID": the key field is missing; "#
                + requirement)
        #expect(
            error(#"{"route": [{"groupID": 1, "sipTrunkID": 3}]}"#)
                == #"plan.json:1: route[0] (groupID 1, sipTrunkID 3), field "routeType": the key field is missing; "# + requirement)
        #expect(error(#"{"route": [{"groupID": 1, "routeType": "1", "sipTrunkID": 0}]}"#)?.contains(#"field "extLine""#) == true)
    }

    @Test("a type error is reported before a missing key field of the same record")
    func typeErrorFirst() {
        #expect(
            error(#"{"anacldnbr": [{"calledNbr": "1", "routeType": "x"}]}"#)?.contains(#"field "routeType": expected an integer"#) == true)
    }

    @Test("unknown fields load with one warning per table and field: count, first record and line, closest field")
    func unknownFieldWarnings() throws {
        let s = try load(
            """
            {"peerserver": [{"servID": 1, "chainTrunkId": 2}],
             "anacldnbr": [
               {"dialPlan": "hq", "calledNbr": "0", "reanaInd": 1},
               {"dialPlan": "hq", "calledNbr": "1"},
               {"dialPlan": "hq", "calledNbr": "2", "reanaInd": 1, "ringTone": "x"}
             ],
             "sysinfo": {"ogPfx": "9"}}
            """)
        #expect(s.peerserverChain == 0, "the misspelt field changes nothing")
        #expect(s.calledAnalysis.map(\.reanalyze) == [false, false, false])
        #expect(s.warnings.map(\.field) == ["chainTrunkId", "reanaInd", "ringTone", "ogPfx"])
        #expect(s.warnings.map(\.records) == [1, 2, 1, 1])
        #expect(s.warnings.map(\.line) == [1, 3, 5, 7])
        #expect(s.warnings.map(\.suggestion) == ["chainTrunkID", "reAnaInd", nil, "ogpfx"])
        #expect(
            s.warnings.map(\.description) == [
                #"plan.json:1: peerserver[0] (servID 1): field "chainTrunkId" is not a field of peerserver, so routing ignores it; did you mean "chainTrunkID"?"#,
                #"plan.json:3: anacldnbr[0] (dialPlan "hq", calledNbr "0"): field "reanaInd" is not a field of anacldnbr, so routing ignores it (given in 2 records, this one first); did you mean "reAnaInd"?"#,
                #"plan.json:5: anacldnbr[2] (dialPlan "hq", calledNbr "2"): field "ringTone" is not a field of anacldnbr, so routing ignores it; `routesim schema` lists the fields of every table"#,
                #"plan.json:7: sysinfo: field "ogPfx" is not a field of sysinfo, so routing ignores it; did you mean "ogpfx"?"#,
            ])
        // Kept and written back, as before: the warning is the change.
        #expect(s.calledAnalysis[0].extras["reanaInd"] == .number("1"))
        #expect(Set(try load(s.jsonText).warnings.map(\.field)) == ["chainTrunkId", "reanaInd", "ringTone", "ogPfx"])
    }

    @Test("past 100 distinct unknown fields, the rest are summed up per table: members and records, first record")
    func unknownFieldsSummedUp() throws {
        // Two anacldnbr records that each give u0…u149, a sysinfo that gives s0 and s1 and a
        // record with no unknown field between them.
        func members(_ prefix: String, _ count: Int) -> String { (0..<count).map { #", "\#(prefix)\#($0)": 1"# }.joined() }
        let s = try load(
            """
            {"anacldnbr": [
               {"dialPlan": "hq", "calledNbr": "0"\(members("u", 150))},
               {"dialPlan": "hq", "calledNbr": "1"},
               {"dialPlan": "hq", "calledNbr": "2"\(members("u", 150))}
             ],
             "sysinfo": {"ogpfx": "9"\(members("s", 2))}}
            """)
        #expect(s.warnings.count == 102)
        let listed = s.warnings.prefix(100)
        #expect(listed.map(\.field) == (0..<100).map { "u\($0)" })
        #expect(listed.allSatisfy { $0.records == 2 && !$0.isSummary && $0.unlistedMembers == 0 })
        let anacldnbr = s.warnings[100]
        #expect(anacldnbr.isSummary)
        #expect(anacldnbr.unlistedMembers == 100)
        #expect(anacldnbr.records == 2)
        #expect(anacldnbr.suggestion == nil)
        #expect(
            anacldnbr.description
                == #"plan.json:2: anacldnbr[0] (dialPlan "hq", calledNbr "0"): 100 more members name fields anacldnbr does not have (in 2 records, this one first); routing ignores them too, but only the first 100 unknown fields of a plan are listed one by one; `routesim schema` lists the fields of every table"#
        )
        let sysinfo = s.warnings[101]
        #expect(sysinfo.unlistedMembers == 2)
        #expect(sysinfo.records == 1)
        #expect(
            sysinfo.description
                == #"plan.json:6: sysinfo: 2 more members name fields sysinfo does not have; routing ignores them too, but only the first 100 unknown fields of a plan are listed one by one; `routesim schema` lists the fields of every table"#
        )
        // Every member is still kept and written back.
        #expect(s.calledAnalysis[2].extras.members.count == 150)
        // Written back (sysinfo first) and read again, every member is counted once.
        func counted(_ warnings: [LoadWarning]) -> Int { warnings.reduce(0) { $0 + ($1.isSummary ? $1.unlistedMembers : $1.records) } }
        #expect(counted(s.warnings) == 302)
        let reloaded = try load(s.jsonText).warnings
        #expect(reloaded.map(\.isSummary).filter { $0 }.count == 1, "sysinfo's two fields are listed now")
        #expect(counted(reloaded) == 302)
    }

    @Test("every bundled plan, lint plan, case-file plan and broken plan loads with no warning")
    func corpusLoadsClean() throws {
        var files: [URL] = []
        for folder in [Corpus.plans, Corpus.lint, Corpus.broken] {
            files += Corpus.names(in: folder, ending: ".json").filter { !$0.hasSuffix(".lint") && !$0.hasSuffix(".expected") }
                .filter { $0 != "unknown-fields" }  // RS410's lint case: misspelt fields on purpose
                .map { folder.appendingPathComponent("\($0).json") }
        }
        #expect(files.count > 30)
        for file in files {
            let snapshot = try Snapshot(contentsOfFile: file.path)
            #expect(snapshot.warnings.map(\.description) == [], "\(file.lastPathComponent)")
        }
    }
}

extension Snapshot {
    fileprivate var peerserverChain: Int { sipTrunks.first?.chain.rawValue ?? -1 }
}

@Suite("Did you mean")
struct DidYouMeanTests {
    @Test("letter case first, then a few edits; nothing far off")
    func suggestions() {
        let fields = CalledAnalysis.documentedFields.map(\.name)
        #expect(DidYouMean.closest(to: "reanaInd", among: fields) == "reAnaInd")
        #expect(DidYouMean.closest(to: "REANAIND", among: fields) == "reAnaInd")
        #expect(DidYouMean.closest(to: "reAnalnd", among: fields) == "reAnaInd")
        #expect(DidYouMean.closest(to: "calledNumber", among: fields) == "calledNbr")
        #expect(DidYouMean.closest(to: "priority", among: fields) == nil)
        #expect(DidYouMean.closest(to: "mcu", among: ["muc", "hq"]) == "muc", "a swap of two neighbours is one edit")
        #expect(DidYouMean.closest(to: "hq", among: ["hw"]) == nil, "two-letter names match by case only")
        #expect(DidYouMean.closest(to: "HQ", among: ["hw", "hq"]) == "hq")
        #expect(DidYouMean.closest(to: "routeType", among: ["routeType"]) == nil, "the name itself is no suggestion")
        #expect(DidYouMean.hint(for: "jsn", among: ["text", "json"]) == #"; did you mean "json"?"#)
        #expect(DidYouMean.aside(for: "xml", among: ["text", "json"]) == "")
    }

    @Test("the distance counts insertions, deletions, replacements and neighbour swaps")
    func distance() {
        func d(_ a: String, _ b: String) -> Int { DidYouMean.distance(Array(a.unicodeScalars), Array(b.unicodeScalars)) }
        #expect(d("", "abc") == 3)
        #expect(d("abc", "abc") == 0)
        #expect(d("abc", "acb") == 1)
        #expect(d("kitten", "sitting") == 3)
        #expect(d("chainTrunkId", "chainTrunkID") == 1)
    }
}
