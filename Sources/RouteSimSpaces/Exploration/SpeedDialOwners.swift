import DialPlan
import DigitTrie
import RouteSim

/// Every speed-dial entry that serves one caller, in one trie, whoever the caller is.
///
/// Which entries apply depends on the origin; this trie holds them all, so that a region of
/// called numbers that no entry of any caller distinguishes is the same for every origin, and
/// only a region down to an entry's number needs to know whose entry it is.
struct SpeedDialOwners {
    let trie: DigitTrie
    let root: Int32
    let isEmpty: Bool

    init(_ model: RoutingModel) {
        var trie = DigitTrie()
        let root = trie.makeRoot()
        var empty = true
        for (i, row) in model.snapshot.speedDials.enumerated() where !row.servesEveryCaller {
            // As the model's index holds it: `*` is the empty catch-all under `starIsCatchAll`
            // when entries match by longest prefix.
            let dialed = model.assumptions.speedDialMatch == .exact ? row.dialed : model.matchedPrefix(row.dialed)
            guard DigitTrie.isDialString(dialed) else { continue }
            trie.insert(dialed, root: root, value: Int32(i))
            empty = false
        }
        trie.freeze()
        self.trie = trie
        self.root = root
        isEmpty = empty
    }

    /// Whether some caller's own entry matches `number` (as the plan's `speedDialMatch` says).
    func matches(_ number: String, model: RoutingModel) -> Bool {
        guard !isEmpty else { return false }
        let m =
            model.assumptions.speedDialMatch == .exact
            ? trie.exactMatch(number, root: root) : trie.longestPrefix(number, root: root)
        return m >= 0
    }
}
