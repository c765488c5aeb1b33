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

@Suite("Digit trie memory")
struct DigitTrieShrinkTests {
    @Test("freeze sizes the node array to the nodes plus alignment slack and keeps every answer")
    func freeze() {
        var trie = DigitTrie()
        let root = trie.makeRoot()
        let prefixes = (0..<500).map { String($0 * 7_919 % 100_000) }
        for (i, p) in prefixes.enumerated() { trie.insert(p, root: root, value: Int32(i)) }
        let before = prefixes.map { trie.longestPrefix($0 + "12", root: root) }
        let nodes = trie.nodeCount
        trie.freeze()
        #expect(trie.nodeCount == nodes)
        // Exactly the nodes plus one node of alignment slack (and the allocator's rounding).
        #expect(trie.memoryBytes >= nodes * 64 && trie.memoryBytes < (nodes + 1) * 64 + 16)
        #expect(prefixes.map { trie.longestPrefix($0 + "12", root: root) } == before)
        #expect(trie.checkInvariants(roots: [root]))
        // Inserting after freezing still works.
        #expect(trie.insert("99999999", root: root, value: 9_999) == .inserted)
        #expect(trie.longestPrefix("999999991", root: root) == 9_999)
        #expect(trie.checkInvariants(roots: [root]))
    }
}
