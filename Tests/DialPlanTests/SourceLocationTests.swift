import DialPlan
import Testing

@Suite("Source locations")
struct SourceLocationTests {
    @Test("each record's line is the line it starts on, for the first and the later records of a list")
    func recordLines() throws {
        let text = """
            {
              "localuser": [
                {"usrname": "100"},
                {"usrname": "101"},

                {"usrname": "102"}
              ],
              "anacldnbr": [{"dialPlan": "", "calledNbr": "1"}, {"dialPlan": "", "calledNbr": "2"},
                {"dialPlan": "", "calledNbr": "3"}]
            }
            """
        let snapshot = try Snapshot(json: Array(text.utf8), source: "plan.json")
        #expect((0..<3).map { snapshot.locations.line(of: .localUsers, at: $0) } == [3, 4, 6])
        #expect((0..<3).map { snapshot.locations.line(of: .calledAnalysis, at: $0) } == [8, 8, 9])
        #expect(snapshot.locations.line(of: .calledAnalysis, at: 3) == nil)
    }
}
