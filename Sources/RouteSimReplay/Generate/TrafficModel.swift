import DialPlan
import RouteSim
import RouteSimRandom

/// Calls drawn the way a PBX's traffic looks: most from local users, some arriving on trunks and
/// lines; extensions, speed dials, hunting groups, out-group numbers and each dial plan's own
/// prefixes; a few users and numbers much busier than the rest (real traffic repeats itself).
struct TrafficModel {
    private var rng: SeededGenerator
    private let users: [(name: String, plan: String)]
    private let trunks: [(id: TrunkID, plan: String)]
    private let lines: [String]
    /// Numbers dialled often, per dial plan: a prefix of the plan plus digits.
    private let favourites: [String: [String]]
    private let externalNumbers: [String]
    /// Speed-dial numbers by caller, and those every caller has.
    private let speedDials: [String: [String]]
    private let everyCallersSpeedDials: [String]
    private let huntingNumbers: [String: [String]]
    private let outGroupPrefix: String
    /// A servID no trunk of the plan has.
    let unknownTrunk: Int

    init(plan: Snapshot, seed: UInt64) {
        var root = SeededGenerator(seed: seed)
        var draw = root.fork()
        rng = root.fork()
        func planName(_ name: String) -> String { name.isEmpty ? "default" : name }
        users = plan.localUsers.filter { !$0.name.isEmpty }.map { ($0.name, planName($0.dialPlan)) }
        trunks = plan.sipTrunks.map { ($0.id, planName($0.dialPlan)) }
        lines = plan.externalLines.map(\.name).filter { !$0.isEmpty }
        var rowsByPlan: [String: [String]] = [:]
        for row in plan.calledAnalysis { rowsByPlan[planName(row.dialPlan), default: []].append(row.calledPrefix) }
        var favourites: [String: [String]] = [:]
        for name in Set(users.map(\.plan) + trunks.map(\.plan) + ["default"]).sorted() {
            let prefixes = rowsByPlan[name] ?? []
            favourites[name] = (0..<150).map { _ in
                var number = prefixes.isEmpty ? "0" : draw.pick(prefixes)
                if number == "*" { number = "" }
                draw.appendDigits(draw.within(prefixes.isEmpty ? 8...10 : 1...7), to: &number)
                return number
            }
        }
        self.favourites = favourites
        externalNumbers = (0..<400).map { _ in
            var number = draw.chance(70) ? "0" : "0049"
            draw.appendDigits(draw.within(8...10), to: &number)
            return number
        }
        var own: [String: [String]] = [:]
        for row in plan.speedDials where !row.dialed.isEmpty && !row.servesEveryCaller { own[row.caller, default: []].append(row.dialed) }
        speedDials = own
        everyCallersSpeedDials = plan.speedDials.filter { !$0.dialed.isEmpty && $0.servesEveryCaller }.map(\.dialed)
        var hunting: [String: [String]] = [:]
        for row in plan.huntingDetections where !row.calledNumber.isEmpty {
            hunting[planName(row.dialPlan), default: []].append(row.calledNumber)
        }
        huntingNumbers = hunting
        outGroupPrefix = plan.systemInfo?.outGroupPrefix ?? ""
        unknownTrunk = (plan.sipTrunks.map(\.id.rawValue).max() ?? 0) + 1000
    }

    /// An index into `count` items, the first ones much more often (busy users, common numbers).
    private mutating func skewed(_ count: Int) -> Int {
        let u = rng.fraction()
        return min(count - 1, Int(Double(count) * u * u))
    }

    /// Any local user's name (for calls the plan cannot explain).
    mutating func anyUser(_ other: inout SeededGenerator) -> String? {
        users.isEmpty ? nil : users[other.below(users.count)].name
    }

    /// The next call: its origin and dialled number.
    mutating func drawCall() -> Call {
        let r = rng.below(100)
        if r < 70 || (trunks.isEmpty && lines.isEmpty), !users.isEmpty {
            let user = users[skewed(users.count)]
            return Call(origin: .localUser(user.name), called: userDials(user))
        }
        if (r < 90 || lines.isEmpty), !trunks.isEmpty {
            let trunk = trunks[rng.below(trunks.count)]
            let called =
                rng.chance(60) && !users.isEmpty ? users[skewed(users.count)].name : pick(favourites[trunk.plan] ?? favourites["default"]!)
            return Call(origin: .sipTrunk(trunk.id, caller: pick(externalNumbers)), called: called)
        }
        if !lines.isEmpty {
            let line = lines[rng.below(lines.count)]
            return Call(origin: .externalLine(line, caller: pick(externalNumbers)), called: line)
        }
        return Call(origin: .caller(pick(externalNumbers)), called: pick(favourites["default"]!))
    }

    private mutating func pick(_ items: [String]) -> String { items[skewed(items.count)] }

    private mutating func userDials(_ user: (name: String, plan: String)) -> String {
        let r = rng.below(100)
        if r < 35 { return users[skewed(users.count)].name }
        if r < 45 {
            let own = (speedDials[user.name] ?? []) + everyCallersSpeedDials
            if !own.isEmpty { return own[rng.below(own.count)] }
        }
        if r < 48, let numbers = huntingNumbers[user.plan], !numbers.isEmpty { return numbers[rng.below(numbers.count)] }
        if r < 55, !outGroupPrefix.isEmpty { return outGroupPrefix + pick(externalNumbers) }
        return pick(favourites[user.plan] ?? favourites["default"]!)
    }
}
