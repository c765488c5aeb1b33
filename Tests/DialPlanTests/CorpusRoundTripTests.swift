import DialPlan
import Foundation
import Testing

@Suite("Bundled plans round-trip")
struct CorpusRoundTripTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../corpus/plans").standardized

    @Test(
        "each bundled plan loads, and its rewrite loads and rewrites to the same text",
        arguments: ["demo-office", "refine-called", "call-level", "multi-site"])
    func roundTrip(name: String) throws {
        let bytes = try [UInt8](Data(contentsOf: Self.corpus.appendingPathComponent("\(name).json")))
        let snapshot = try Snapshot(json: bytes, source: name)
        let text = snapshot.jsonText
        let again = try Snapshot(json: Array(text.utf8), source: "rewritten")
        #expect(again.jsonText == text)
        #expect(again.calledAnalysis == snapshot.calledAnalysis)
        #expect(again.localUsers == snapshot.localUsers)
    }
}
