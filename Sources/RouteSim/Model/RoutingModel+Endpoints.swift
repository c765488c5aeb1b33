import DialPlan
import DigitTrie

/// Local users, external lines and SIP trunks as calls start from and leave through them:
/// dial plans, failover chains, outgoing refine groups, presented numbers, default lines.
struct EndpointIndex {
    let users: [CompiledUser]
    let lines: [CompiledEndpoint]
    let trunks: [CompiledEndpoint]
    /// Users whose names are dial strings, under one root (looked up without hashing).
    let userNameRoot: Int32
    let hasNonDialUserNames: Bool
    let firstSharedLine: Int?

    init(
        _ snapshot: Snapshot, _ assumptions: Assumptions, plans: DialPlanNumbering, keys: KeyIndexes,
        refinements: RefinementIndex, trie: inout DigitTrie
    ) {
        let userRoot = trie.makeRoot()
        var nonDialUser = false
        for (i, user) in snapshot.localUsers.enumerated() {
            if DigitTrie.isDialString(user.name) && !user.name.isEmpty {
                trie.insert(user.name, root: userRoot, value: Int32(i))
            } else {
                nonDialUser = true
            }
        }
        userNameRoot = userRoot
        hasNonDialUserNames = nonDialUser

        func refineRoot(_ group: CalledRefineGroupID) -> Int32? {
            group.isNone ? nil : refinements.calledRoots[group]
        }
        lines = snapshot.externalLines.map { line in
            CompiledEndpoint(
                chain: Reference.line(line.chain, in: keys.lines), refineRoot: refineRoot(line.outgoingGroup),
                dialPlan: 0, name: line.name, trunkID: 0,
                ownNumber: assumptions.linePresentsOwnNumber && !line.presentsOriginalCaller ? line.name : nil)
        }
        trunks = snapshot.sipTrunks.map { trunk in
            CompiledEndpoint(
                chain: Reference.resolve(trunk.chain, in: keys.trunks, isUnset: trunk.chain.isNone),
                refineRoot: refineRoot(trunk.outgoingGroup),
                dialPlan: plans.ids[trunk.dialPlan.isEmpty ? "default" : trunk.dialPlan]!, name: "", trunkID: trunk.id,
                ownNumber: trunk.callerID.isEmpty ? nil : trunk.callerID)
        }
        var lineOfUser: [String: Int32] = [:]
        for (i, line) in snapshot.externalLines.enumerated() where !line.incomingDestination.isEmpty {
            if lineOfUser[line.incomingDestination] == nil { lineOfUser[line.incomingDestination] = Int32(i) }
        }
        users = snapshot.localUsers.map { user in
            CompiledUser(
                dialPlan: plans.ids[user.dialPlan.isEmpty ? "default" : user.dialPlan]!,
                callLevel: user.callLevel, maxDuration: user.maxDuration,
                mayForward: user.forwardUnconditional || user.forwardBusy || user.forwardNoAnswer || user.forwardUnreachable,
                specificLine: Reference.line(user.specificExternalLine, in: keys.lines),
                ownLine: lineOfUser[user.name].map { .to(Int($0)) } ?? .none)
        }
        firstSharedLine = snapshot.externalLines.firstIndex(where: \.shared)
    }
}
