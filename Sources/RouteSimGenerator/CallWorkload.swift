import DialPlan
import RouteSim
import RouteSimRandom

/// Numbers and calls drawn from a plan's own prefixes, for benchmarks and `routesim bench`.
///
/// A number is an analyze-called-number prefix followed by random digits, so most lookups walk
/// deep into the trie; misses start with a digit no prefix of their dial plan starts with.
/// The same plan, count and seed give the same workload.
public enum CallWorkload {
    /// A called number to look up in one dial plan's analysis table.
    public struct Lookup: Sendable, Equatable {
        public var dialPlan: String
        public var number: String

        public init(dialPlan: String, number: String) {
            self.dialPlan = dialPlan
            self.number = number
        }
    }

    /// Numbers that each extend a random `anacldnbr` prefix by 1–6 random digits.
    public static func hits(in snapshot: Snapshot, count: Int, seed: UInt64) -> [Lookup] {
        let rows = snapshot.calledAnalysis
        guard !rows.isEmpty else { return [] }
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            let row = rows[rng.below(rows.count)]
            var number = row.calledPrefix
            rng.appendDigits(rng.within(1...6), to: &number)
            return Lookup(dialPlan: row.dialPlan.isEmpty ? "default" : row.dialPlan, number: number)
        }
    }

    /// Numbers of 4–12 digits that start with a digit no prefix of their dial plan starts with
    /// (dial plans whose prefixes cover every digit get none; catch-all prefixes match anyway).
    public static func misses(in snapshot: Snapshot, count: Int, seed: UInt64) -> [Lookup] {
        var firstDigits: [String: Set<UInt8>] = [:]
        for row in snapshot.calledAnalysis {
            firstDigits[row.dialPlan.isEmpty ? "default" : row.dialPlan, default: []].insert(row.calledPrefix.utf8.first ?? 0)
        }
        let candidates: [(plan: String, digits: [UInt8])] = firstDigits.keys.sorted().compactMap { plan in
            let free = (UInt8(ascii: "0")...UInt8(ascii: "9")).filter { !firstDigits[plan]!.contains($0) }
            return free.isEmpty ? nil : (plan, free)
        }
        guard !candidates.isEmpty else { return [] }
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            let (plan, digits) = candidates[rng.below(candidates.count)]
            var number = String(UnicodeScalar(rng.pick(digits)))
            rng.appendDigits(rng.within(3...11), to: &number)
            return Lookup(dialPlan: plan, number: number)
        }
    }

    /// Calls whose called numbers are drawn like `hits`, each from an origin that starts in the
    /// drawn prefix's dial plan: a local user of that plan, else a SIP trunk of that plan (with a
    /// random international caller), else an unknown caller. One call in ten dials a local user.
    public static func calls(in snapshot: Snapshot, count: Int, seed: UInt64) -> [Call] {
        guard !snapshot.calledAnalysis.isEmpty else { return [] }
        var usersByPlan: [String: [String]] = [:]
        for user in snapshot.localUsers { usersByPlan[user.dialPlan.isEmpty ? "default" : user.dialPlan, default: []].append(user.name) }
        var trunksByPlan: [String: [TrunkID]] = [:]
        for trunk in snapshot.sipTrunks { trunksByPlan[trunk.dialPlan.isEmpty ? "default" : trunk.dialPlan, default: []].append(trunk.id) }
        var rng = SeededGenerator(seed: seed)
        let numbers = hits(in: snapshot, count: count, seed: rng.next())
        return numbers.map { lookup in
            var called = lookup.number
            if !snapshot.localUsers.isEmpty && rng.chance(10) {
                called = snapshot.localUsers[rng.below(snapshot.localUsers.count)].name
            }
            if let users = usersByPlan[lookup.dialPlan] {
                return Call(origin: .localUser(rng.pick(users)), called: called)
            }
            var caller = "0049"
            rng.appendDigits(9, to: &caller)
            if let trunks = trunksByPlan[lookup.dialPlan] {
                return Call(origin: .sipTrunk(rng.pick(trunks), caller: caller), called: called)
            }
            return Call(origin: .caller(caller), called: called)
        }
    }
}
