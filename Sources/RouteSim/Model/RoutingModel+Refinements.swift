import DialPlan
import DigitTrie

/// Refine caller number and refine called number: a trie root per group, and each row's
/// transition resolved.
struct RefinementIndex {
    let callerRoots: [CallerRefineGroupID: Int32]
    let calledRoots: [CalledRefineGroupID: Int32]
    let callerTransitions: [Reference]
    let calledTransitions: [Reference]

    init(_ snapshot: Snapshot, _ assumptions: Assumptions, keys: KeyIndexes, trie: inout some TrieSink) {
        let normalized = assumptions.prefixMatched
        var callerRoots: [CallerRefineGroupID: Int32] = [:]
        for (i, row) in snapshot.callerRefinements.enumerated() {
            let root = callerRoots[row.group] ?? trie.makeRoot()
            callerRoots[row.group] = root
            trie.add(normalized(row.callerPrefix, true), root: root, value: Int32(i))
        }
        var calledRoots: [CalledRefineGroupID: Int32] = [:]
        for (i, row) in snapshot.calledRefinements.enumerated() {
            let root = calledRoots[row.group] ?? trie.makeRoot()
            calledRoots[row.group] = root
            trie.add(normalized(row.calledPrefix, true), root: root, value: Int32(i))
        }
        self.callerRoots = callerRoots
        self.calledRoots = calledRoots
        callerTransitions = snapshot.callerRefinements.map { Reference.transition($0.transition, in: keys.transitions) }
        calledTransitions = snapshot.calledRefinements.map { Reference.transition($0.transition, in: keys.transitions) }
    }
}
