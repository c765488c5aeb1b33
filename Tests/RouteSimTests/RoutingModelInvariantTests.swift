import Foundation
import RouteSim
import RouteSimGenerator
import RouteSimTestSupport
import Testing

@Suite("Routing model invariants")
struct RoutingModelInvariantTests {
    /// Every plan of the corpus: bundled plans, lint plans (duplicates, dangling references,
    /// invalid prefixes) and the broken edge cases.
    static let corpusPlans: [URL] = ["plans", "lint", "broken"].flatMap { folder -> [URL] in
        let directory = repositoryRoot.appendingPathComponent("corpus/\(folder)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") && !$0.hasSuffix(".lint.json") && !$0.hasSuffix(".expected.json") }.sorted()
            .map { directory.appendingPathComponent($0) }
    }

    @Test("the corpus has plans in every folder")
    func corpusIsThere() {
        #expect(Self.corpusPlans.count >= 30)
    }

    @Test("every corpus plan's model keeps its invariants, with the default and the other assumptions", arguments: corpusPlans)
    func corpusPlan(_ url: URL) throws {
        let snapshot = try Snapshot(contentsOfFile: url.path)
        for assume in [[], ["starIsCatchAll=false", "linePresentsOwnNumber=false", "unknownCallerDialPlan=branch"]] {
            var assumptions = Assumptions()
            for a in assume { try assumptions.set(a) }
            try RoutingModel(unchecked: snapshot, assumptions: assumptions)._checkInvariants()
        }
    }

    @Test("a generated plan with every kind of planted defect keeps the invariants")
    func generatedPlan() throws {
        let plan = PlanGenerator.generate(.init(rows: 3_000, seed: 11, defects: Set(PlanGenerator.DefectKind.allCases)))
        try RoutingModel(unchecked: plan.snapshot)._checkInvariants()
    }

    @Test("a plan with duplicate keys is refused by the checked initializer, naming both records")
    func duplicatesAreRefused() throws {
        let snapshot = try Snapshot(
            json:
                #"{"anacldnbr": [{"dialPlan": "default", "calledNbr": "9"}, {"dialPlan": "", "calledNbr": "8"}, {"dialPlan": "default", "calledNbr": "9"}]}"#,
            source: "dup.json")
        #expect(throws: SnapshotError.self) { try RoutingModel(snapshot: snapshot) }
        do {
            _ = try Simulator(snapshot: snapshot)
            Issue.record("a plan with a duplicate key was accepted")
        } catch {
            #expect(
                error.description
                    == #"dup.json:1: anacldnbr[2] (dialPlan "default", calledNbr "9"): same key as anacldnbr[0] (line 1): routing would be ambiguous; remove or change one of the two records"#
            )
        }
        try RoutingModel(unchecked: snapshot)._checkInvariants()
    }

    @Test("users by name: dial-string names through the trie, the others hashed, absent names nowhere")
    func usersByName() throws {
        let snapshot = try Snapshot(
            json: #"{"localuser": [{"usrname": "100"}, {"usrname": "alice"}, {"usrname": "*55"}, {"usrname": "bob.smith"},"#
                + #" {"usrname": "1001"}, {"usrname": "+4930"}, {"usrname": "x"}]}"#,
            source: "users.json")
        let model = try RoutingModel(snapshot: snapshot)
        try model._checkInvariants()
        for (i, name) in ["100", "alice", "*55", "bob.smith", "1001", "+4930", "x"].enumerated() {
            #expect(model.userIndex[name] == Int32(i), "\(name)")
        }
        for absent in ["10", "1000", "Alice", "bob", "*5", "+49", "100 ", ""] { #expect(model.userIndex[absent] == nil, "\(absent)") }
        #expect(model.userIndex.others == ["alice": 1, "bob.smith": 3, "x": 6], "only names that are no dial strings are hashed")
    }
}
