import DialPlan
import Foundation
import RouteSimTestSupport
import Testing

@Suite("Bundled plans round-trip")
struct CorpusRoundTripTests {
    @Test("corpus/plans holds the bundled plans the README documents")
    func bundledPlansAreListed() {
        // A test parameterised over an empty list runs nothing; this one fails instead.
        #expect(Set(["demo-office", "refine-called", "call-level", "multi-site", "paging"]).isSubset(of: Corpus.planNames))
    }

    @Test("each bundled plan loads, and its rewrite loads and rewrites to the same text", arguments: Corpus.planNames)
    func roundTrip(name: String) throws {
        let bytes = try [UInt8](Data(contentsOf: Corpus.plan(name)))
        try expectRoundTrip(try Snapshot(json: bytes, source: name), name)
    }
}
