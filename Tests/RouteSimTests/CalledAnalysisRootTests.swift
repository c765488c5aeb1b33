import DialPlan
import RouteSim
import Testing

@Suite("Called-analysis roots")
struct CalledAnalysisRootTests {
    static func snapshot() -> Snapshot {
        var s = Snapshot()
        for (plan, prefix) in [("", "0"), ("default", "00"), ("branch", "9"), ("branch", "91")] {
            var row = CalledAnalysis()
            row.dialPlan = plan
            row.calledPrefix = prefix
            s.calledAnalysis.append(row)
        }
        var user = LocalUser()
        user.name = "100"
        user.dialPlan = "empty"
        s.localUsers.append(user)
        return s
    }

    @Test("a dial plan's root finds the record the simulator matches")
    func roots() throws {
        let model = try RoutingModel(snapshot: Self.snapshot())
        let defaultRoot = try #require(model.calledAnalysisRoot(dialPlan: "default"))
        #expect(model.calledAnalysisRoot(dialPlan: "") == defaultRoot)
        #expect(model.trie.longestPrefix("0049", root: defaultRoot) == 1)
        #expect(model.trie.longestPrefix("0123", root: defaultRoot) == 0)
        let branch = try #require(model.calledAnalysisRoot(dialPlan: "branch"))
        #expect(model.trie.longestPrefix("9023", root: branch) == 2)
        #expect(model.trie.longestPrefix("9123", root: branch) == 3)
        #expect(model.trie.longestPrefix("0049", root: branch) == -1)
        // A plan a user names but no row fills, and a plan nothing names.
        #expect(model.calledAnalysisRoot(dialPlan: "empty") == nil)
        #expect(model.calledAnalysisRoot(dialPlan: "nowhere") == nil)
    }
}
