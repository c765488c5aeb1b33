import DialPlan
import RouteSimTestSupport
import Testing

@Suite("Invariant and difference reports")
struct ReportTests {
    func snapshot(_ json: String) throws -> Snapshot { try Snapshot(json: Array(json.utf8), source: "test") }

    @Test("a broken invariant is named, with what was found, once per invariant")
    func invariants() {
        var checks = InvariantChecks()
        checks.check("sorted", true)
        checks.check("no duplicates", false, "7 twice")
        checks.check("ends in a root", false)
        checks.check("throws nothing", throwing: { throw TestSupportError("node 3 is reached twice") })
        #expect(checks.broken == ["no duplicates: 7 twice", "ends in a root", "throws nothing: node 3 is reached twice"])
    }

    @Test("snapshot differences name the table, the record and the field")
    func snapshotDifferences() throws {
        let a = try snapshot(#"{"natran": [{"tranID": 1, "prefix": "0"}, {"tranID": 2}], "localuser": [{"usrname": "100"}]}"#)
        let b = try snapshot(#"{"natran": [{"tranID": 1, "prefix": "00"}, {"tranID": 2}]}"#)
        #expect(
            recordDifferences(a, b) == [
                "localuser: 1 records, expected 0", #"natran[0] prefix: "0", expected "00""#,
            ])
        #expect(recordDifferences(a, a) == [])
        #expect(RouteSimTestSupport.snapshotDifferences(b, b) == [])
    }

    @Test("text differences name the first line that differs")
    func lines() {
        #expect(lineDifference("a\nb\nc", "a\nb\nc") == nil)
        #expect(lineDifference("a\nx\nc", "a\nb\nc") == "the texts differ first at line 2\n  got      \"x\"\n  expected \"b\"")
        #expect(lineDifference("a", "a\nb") == "the texts differ first at line 2\n  got      (no line: 1 lines)\n  expected \"b\"")
    }
}
