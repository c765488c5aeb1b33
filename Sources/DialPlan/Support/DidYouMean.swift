/// "Did you mean …?" for a name that is almost right: a misspelt field, table, dial plan,
/// assumption, lint code, case-file field or option value.
///
/// Every layer that refuses or warns about a name asks here, so that the same slip gets the same
/// suggestion everywhere.
public enum DidYouMean {
    /// The known name closest to `name`, or nil when none is close.
    ///
    /// A candidate that differs only in letter case wins (`reanaInd` → `reAnaInd`); otherwise the
    /// candidate with the fewest single-character edits (insert, delete, replace, or swap two
    /// neighbours; case ignored), if that is at most 1 for names of 3 to 5 characters, 2 up to 10
    /// and 3 beyond (names of 1 or 2 characters only match by case). Ties go to the candidate
    /// listed first.
    public static func closest(to name: String, among candidates: some Sequence<String>) -> String? {
        let lowered = Array(name.lowercased().unicodeScalars)
        let allowed: Int
        switch lowered.count {
        case ..<3: allowed = 0
        case ..<6: allowed = 1
        case ..<11: allowed = 2
        default: allowed = 3
        }
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != name {
            let other = Array(candidate.lowercased().unicodeScalars)
            if other == lowered { return candidate }
            guard allowed > 0, abs(other.count - lowered.count) <= allowed else { continue }
            let d = distance(lowered, other)
            if d <= allowed, d < (best?.distance ?? Int.max) { best = (candidate, d) }
        }
        return best?.name
    }

    /// `; did you mean "reAnaInd"?`, to end a message, or the empty string when no candidate is close.
    public static func hint(for name: String, among candidates: some Sequence<String>) -> String {
        closest(to: name, among: candidates).map { "; did you mean \"\($0)\"?" } ?? ""
    }

    /// ` (did you mean "reAnaInd"?)`, inside a message, or the empty string when no candidate is close.
    public static func aside(for name: String, among candidates: some Sequence<String>) -> String {
        closest(to: name, among: candidates).map { " (did you mean \"\($0)\"?)" } ?? ""
    }

    /// The optimal-string-alignment distance: insertions, deletions, replacements and swaps of
    /// two neighbouring characters, each costing one.
    package static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var d = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d = min(d, before[j - 2] + 1) }
                current[j] = d
            }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }
}
