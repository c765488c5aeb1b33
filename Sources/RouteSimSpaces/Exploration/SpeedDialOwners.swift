import DialPlan
import DigitTrie
import RouteSim

/// Every speed-dial entry that serves one caller, in one trie, whoever the caller is (or, with
/// `only`, whoever of some callers).
///
/// Which entries apply depends on the origin; this trie holds them all, so that a region of
/// called numbers that no entry of any caller distinguishes is the same for every origin, and
/// only a region down to an entry's number needs to know whose entry it is. The explorer
/// takes the entries of the callers of the group of classes it explores only.
struct SpeedDialOwners {
    let trie: DigitTrie
    let root: Int32
    let isEmpty: Bool
    /// The roots of the callers' own entries (`RoutingModel.speedDialRoot(forCaller:)`) that hold
    /// an entry, by the entry as the model's index holds it.
    let rootsByEntry: [String: [Int32]]

    /// The entries of every caller, or (`only`) of the callers whose own entries are under
    /// those roots (`RoutingModel.speedDialRoot(forCaller:)`).
    init(_ model: RoutingModel, only: Set<Int32>? = nil) {
        var trie = DigitTrie()
        let root = trie.makeRoot()
        var empty = true
        var rootsByEntry: [String: [Int32]] = [:]
        for (i, row) in model.snapshot.speedDials.enumerated() where !row.servesEveryCaller {
            // As the model's index holds it: `*` is the empty catch-all under `starIsCatchAll`
            // when entries match by longest prefix.
            let dialed = model.assumptions.speedDialMatch == .exact ? row.dialed : model.matchedPrefix(row.dialed)
            guard DigitTrie.isDialString(dialed) else { continue }
            let own = model.speedDialRoot(forCaller: row.caller)
            if let only, !(own.map { only.contains($0) } ?? false) { continue }
            trie.insert(dialed, root: root, value: Int32(i))
            empty = false
            if let own { rootsByEntry[dialed, default: []].append(own) }
        }
        self.rootsByEntry = rootsByEntry
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

    /// The roots of callers' own entries whose lookup of `number` can find an entry: those that
    /// hold `number` (`exact`), or one of its prefixes, the empty one included. Every other root
    /// finds none, for the index holds under a caller's root exactly that caller's entries.
    func roots(matching number: String, exact: Bool) -> Set<Int32> {
        if exact { return Set(rootsByEntry[number] ?? []) }
        var found: Set<Int32> = []
        let bytes = Array(number.utf8)
        for length in 0...bytes.count {
            // The lookup stops at a character out of the dial alphabet; no entry holds one.
            if length > 0 && DigitTrie.symbol(bytes[length - 1]) < 0 { break }
            if let roots = rootsByEntry[String(decoding: bytes[0..<length], as: UTF8.self)] { found.formUnion(roots) }
        }
        return found
    }
}
