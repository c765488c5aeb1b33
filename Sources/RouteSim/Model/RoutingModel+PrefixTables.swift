import DialPlan

/// A row of a prefix table as the trie holds it.
package struct PrefixRow: Sendable {
    /// The prefix (or number) as the row writes it.
    package var written: String
    /// The prefix the trie holds: `*` is the empty catch-all in the tables matched by longest
    /// prefix when `starIsCatchAll` says so.
    package var matched: String
    /// The root it lies under; nil when its group, dial plan or caller has none (the model leaves
    /// out prefixes outside the dial alphabet, so their row may have a root but no entry).
    package var root: Int32?
}

/// A table whose rows the simulator matches through the trie.
package struct TrieTable: Sendable {
    package let table: Table
    /// The OpenAPI field that holds the prefix.
    package let field: String
    /// The rows match caller numbers (else called numbers).
    package let matchesCaller: Bool
    /// The simulator always takes the longest matching row (speed dial and hunting-group
    /// detection match exactly unless an assumption says otherwise).
    package let alwaysLongestPrefix: Bool
    let entry: @Sendable (RoutingModel, Int) -> PrefixRow

    /// Row `index` of the table as the trie holds it.
    package func row(_ index: Int, in model: RoutingModel) -> PrefixRow { entry(model, index) }
}

extension RoutingModel {
    /// Every table the simulator matches by prefix, in table order, listed once: lint checks that
    /// look at every prefix (duplicates, covered prefixes, characters) go through this list.
    package static let prefixTables: [TrieTable] = [
        TrieTable(table: .callerRefinements, field: "callerNbr", matchesCaller: true, alwaysLongestPrefix: true) { m, i in
            let row = m.snapshot.callerRefinements[i]
            return PrefixRow(written: row.callerPrefix, matched: m.matchedPrefix(row.callerPrefix), root: m.callerRefineRoots[row.group])
        },
        TrieTable(table: .calledRefinements, field: "calledPrefix", matchesCaller: false, alwaysLongestPrefix: true) { m, i in
            let row = m.snapshot.calledRefinements[i]
            return PrefixRow(written: row.calledPrefix, matched: m.matchedPrefix(row.calledPrefix), root: m.calledRefineRoots[row.group])
        },
        TrieTable(table: .callerAnalysis, field: "callerNbr", matchesCaller: true, alwaysLongestPrefix: true) { m, i in
            let prefix = m.snapshot.callerAnalysis[i].callerPrefix
            return PrefixRow(written: prefix, matched: m.matchedPrefix(prefix), root: m.callerAnalysisRoot)
        },
        TrieTable(table: .calledAnalysis, field: "calledNbr", matchesCaller: false, alwaysLongestPrefix: true) { m, i in
            let prefix = m.snapshot.calledAnalysis[i].calledPrefix
            return PrefixRow(
                written: prefix, matched: m.matchedPrefix(prefix), root: m.calledAnalysisRoots[Int(m.calledAnalysisPlans[i])])
        },
        TrieTable(table: .speedDials, field: "dialedNbr", matchesCaller: false, alwaysLongestPrefix: false) { m, i in
            let row = m.snapshot.speedDials[i]
            let root = row.servesEveryCaller ? m.speedDialAnyCallerRoot : m.speedDialRoot(forCaller: row.caller)
            let matched = m.assumptions.prefixMatched(row.dialed, m.assumptions.speedDialMatch == .prefix)
            return PrefixRow(written: row.dialed, matched: matched, root: root)
        },
        TrieTable(table: .huntingDetections, field: "calledNbr", matchesCaller: false, alwaysLongestPrefix: false) { m, i in
            let number = m.snapshot.huntingDetections[i].calledNumber
            let matched = m.assumptions.prefixMatched(number, m.assumptions.huntingDetectionMatch == .prefix)
            return PrefixRow(written: number, matched: matched, root: m.huntingDetectionRoots[Int(m.huntingDetectionPlans[i])])
        },
    ]

    /// The entry of `table` in `prefixTables`, if it is a prefix table.
    package static func prefixTable(_ table: Table) -> TrieTable? { prefixTables.first { $0.table == table } }

    /// The prefix a row of a longest-prefix table (analysis, refine) is matched by: `*` is the
    /// empty catch-all when the `starIsCatchAll` assumption says so.
    package func matchedPrefix(_ prefix: String) -> String { assumptions.prefixMatched(prefix, true) }
}

extension Assumptions {
    /// The prefix the trie holds for a row written `prefix`: under `starIsCatchAll`, a `*` of a
    /// table matched by longest prefix is the empty catch-all; exact tables keep it literal.
    func prefixMatched(_ prefix: String, _ longestPrefix: Bool) -> String {
        starIsCatchAll && longestPrefix && prefix == "*" ? "" : prefix
    }
}
