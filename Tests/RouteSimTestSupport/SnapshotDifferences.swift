import DialPlan
import Testing

/// Where two snapshots differ in their records, in the OpenAPI's words (`anacldnbr[3] calledNbr:
/// "00", expected "0"`), comparing each record's fields in the writer's order. At most `limit`.
public func recordDifferences(_ actual: Snapshot, _ expected: Snapshot, limit: Int = 10) -> [String] {
    var differences: [String] = []
    func note(_ text: String) { if differences.count < limit { differences.append(text) } }
    if actual.metadata != expected.metadata {
        note("metadata: \(actual.metadata?.compactText ?? "none"), expected \(expected.metadata?.compactText ?? "none")")
    }
    for table in Table.allCases {
        let got = actual.jsonRecords(of: table), want = expected.jsonRecords(of: table)
        if got.count != want.count { note("\(table.rawValue): \(got.count) records, expected \(want.count)") }
        for (index, (a, e)) in zip(got, want).enumerated() where a != e {
            note("\(table.rawValue)[\(index)] \(recordDifference(a, e))")
        }
    }
    return differences
}

/// Where two snapshots differ (as `==` sees them): `recordDifferences`, or else that a record
/// keeps its fields in another order. Empty when they are equal.
public func snapshotDifferences(_ actual: Snapshot, _ expected: Snapshot, limit: Int = 10) -> [String] {
    let differences = recordDifferences(actual, expected, limit: limit)
    guard differences.isEmpty && actual != expected else { return differences }
    return ["the records are the same in the writer's field order, but a record keeps its fields in another order"]
}

/// Expects two snapshots to be equal (as `==` says); a failure lists where they differ.
@discardableResult
public func expectSameSnapshot(
    _ actual: Snapshot, _ expected: Snapshot, _ context: @autoclosure () -> String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) -> Bool {
    guard actual != expected else { return true }
    let prefix = context().isEmpty ? "" : "\(context()): "
    let differences = snapshotDifferences(actual, expected).joined(separator: "\n  ")
    Issue.record("\(prefix)the snapshots differ:\n  \(differences)", sourceLocation: sourceLocation)
    return false
}

/// Expects `snapshot` to survive a rewrite, under three named invariants: its text loads back
/// with the same records, field by field; that writes the same text again; and loads back equal.
/// (A first rewrite may reorder the fields of a record into the writer's order, so the rewrite
/// need not be `==` to a snapshot read from a hand-written file.)
public func expectRoundTrip(_ snapshot: Snapshot, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let text = snapshot.jsonText
    let rewritten = try Snapshot(json: Array(text.utf8), source: "\(name), rewritten")
    let textAgain = rewritten.jsonText
    let again = try Snapshot(json: Array(textAgain.utf8), source: "\(name), rewritten twice")
    expectInvariants(of: "the rewrite of \(name)", sourceLocation: sourceLocation) {
        let records = recordDifferences(rewritten, snapshot)
        $0.check("it holds the same records, field by field", records.isEmpty, records.joined(separator: "; "))
        $0.check("it writes the same text again", textAgain == text, lineDifference(textAgain, text) ?? "")
        $0.check("it loads back equal to itself", again == rewritten, snapshotDifferences(again, rewritten).joined(separator: "; "))
    }
}

private func recordDifference(_ actual: JSONValue, _ expected: JSONValue) -> String {
    guard case .object(let got) = actual, case .object(let want) = expected else {
        return "is \(actual.compactText), expected \(expected.compactText)"
    }
    let names = got.map(\.0), wanted = want.map(\.0)
    for (name, value) in want {
        guard let other = actual[name] else { return "has no \(name) (expected \(value.compactText))" }
        if other != value { return "\(name): \(other.compactText), expected \(value.compactText)" }
    }
    if let extra = names.first(where: { !wanted.contains($0) }) {
        return "has \(extra) = \(actual[extra]!.compactText), which is not expected"
    }
    return "has its fields in the order \(names.joined(separator: ", ")), expected \(wanted.joined(separator: ", "))"
}
