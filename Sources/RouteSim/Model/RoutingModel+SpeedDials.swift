import DialPlan
import DigitTrie

/// Speed dial: a trie root per caller, and one for the rows that serve every caller.
struct SpeedDialIndex {
    /// Roots of callers that are no dial strings, by caller.
    let rootsByCaller: [String: Int32]
    /// Maps a caller that is a dial string to its root.
    let callerRoot: Int32
    let anyCallerRoot: Int32

    init(_ snapshot: Snapshot, _ assumptions: Assumptions, trie: inout some TrieSink) {
        let longest = assumptions.speedDialMatch == .prefix
        var roots: [String: Int32] = [:]
        let anyRoot = trie.makeRoot()
        for (i, row) in snapshot.speedDials.enumerated() {
            let root: Int32
            if row.servesEveryCaller {
                root = anyRoot
            } else {
                root = roots[row.caller] ?? trie.makeRoot()
                roots[row.caller] = root
            }
            trie.add(assumptions.prefixMatched(row.dialed, longest), root: root, value: Int32(i))
        }
        let callerRoot = trie.makeRoot()
        for (caller, root) in roots.sorted(by: { $0.value < $1.value }) where DigitTrie.isDialString(caller) {
            trie.add(caller, root: callerRoot, value: root)
        }
        rootsByCaller = roots.filter { !DigitTrie.isDialString($0.key) }
        self.callerRoot = callerRoot
        anyCallerRoot = anyRoot
    }
}
