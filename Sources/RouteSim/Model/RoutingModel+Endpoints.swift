import DialPlan
import DigitTrie

/// Local users, external lines and SIP trunks as calls start from and leave through them:
/// dial plans, failover chains, outgoing refine groups, presented numbers, default lines, ring
/// groups.
struct EndpointIndex {
    let users: [CompiledUser]
    let lines: [CompiledEndpoint]
    let trunks: [CompiledEndpoint]
    /// Users whose names are dial strings, under one root (looked up without hashing).
    let userNameRoot: Int32
    let hasNonDialUserNames: Bool
    let firstSharedLine: Int?
    /// The members of each ring group (`ringgrpid` of users with `right_rg` = 1), in file order.
    let ringGroupMembers: [Int: [Int32]]

    /// With `stored`, the users are not read (the table may still be packed): `stored` has them
    /// compiled, and the trie their names.
    init(
        _ snapshot: Snapshot, plans: DialPlanNumbering, keys: KeyIndexes, refinements: RefinementIndex, trie: inout some TrieSink,
        stored: StoredRecords? = nil
    ) {
        let userRoot = trie.makeRoot()
        userNameRoot = userRoot

        func refineRoot(_ group: CalledRefineGroupID) -> Int32? {
            group.isNone ? nil : refinements.calledRoots[group]
        }
        lines = snapshot.externalLines.map { line in
            CompiledEndpoint(
                chain: Reference.line(line.chain, in: keys.lines), refineRoot: refineRoot(line.outgoingGroup),
                outgoingGroupIsZero: line.outgoingGroup.isNone, dialPlan: 0, name: line.name, trunkID: 0, callerID: nil,
                mayPresentOwnName: !line.presentsOriginalCaller, timeCondition: line.outgoingTimeCondition,
                maxDuration: line.maxDuration)
        }
        trunks = snapshot.sipTrunks.map { trunk in
            CompiledEndpoint(
                chain: Reference.resolve(trunk.chain, in: keys.trunks, isUnset: trunk.chain.isNone),
                refineRoot: refineRoot(trunk.outgoingGroup), outgoingGroupIsZero: trunk.outgoingGroup.isNone,
                dialPlan: plans.ids[trunk.dialPlan.isEmpty ? "default" : trunk.dialPlan]!, name: "", trunkID: trunk.id,
                callerID: trunk.callerID.isEmpty ? nil : trunk.callerID, mayPresentOwnName: false,
                timeCondition: trunk.outgoingTimeCondition)
        }
        if let stored {
            users = stored.users
            hasNonDialUserNames = !stored.hashedUsers.isEmpty
        } else {
            (users, hasNonDialUserNames) = Self.compileUsers(snapshot, plans: plans, keys: keys, trie: &trie, root: userRoot)
        }
        var ringGroups: [Int: [Int32]] = [:]
        for (i, user) in users.enumerated() where user.ringGroup != 0 { ringGroups[user.ringGroup, default: []].append(Int32(i)) }
        ringGroupMembers = ringGroups
        firstSharedLine = snapshot.externalLines.firstIndex(where: \.shared)
    }

    /// The users compiled, their dial-string names added to the trie under `root`; and whether
    /// some name is no dial string.
    private static func compileUsers(
        _ snapshot: Snapshot, plans: DialPlanNumbering, keys: KeyIndexes, trie: inout some TrieSink, root: Int32
    ) -> ([CompiledUser], Bool) {
        var nonDialUser = false
        // The array itself: reading through the `RecordList` would copy each record.
        let localUsers = snapshot.localUsers.array
        for (i, user) in localUsers.enumerated() {
            if UserIndex.isInTrie(user.name) {
                trie.add(user.name, root: root, value: Int32(i))
            } else {
                nonDialUser = true
            }
        }
        var lineOfUser: [String: Int32] = [:]
        for (i, line) in snapshot.externalLines.enumerated() where !line.incomingDestination.isEmpty {
            if lineOfUser[line.incomingDestination] == nil { lineOfUser[line.incomingDestination] = Int32(i) }
        }
        let users = localUsers.map { user in
            let ringGroup = user.ringGroupRight ? user.ringGroup : 0
            return CompiledUser(
                dialPlan: plans.ids[user.dialPlan.isEmpty ? "default" : user.dialPlan]!,
                callLevel: user.callLevel, maxDuration: user.maxDuration,
                mayForward: user.forwardUnconditional || user.forwardBusy || user.forwardNoAnswer || user.forwardUnreachable,
                hasServices: ringGroup != 0 || user.followMeType != 0 || user.voicemail || user.timeCondition != 0,
                ringGroup: ringGroup,
                specificLine: Reference.line(user.specificExternalLine, in: keys.lines),
                ownLine: lineOfUser[user.name].map { .to(Int($0)) } ?? .none)
        }
        return (users, nonDialUser)
    }
}
