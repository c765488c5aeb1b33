import DialPlan
import DigitTrie

/// The tables looked up by an exact key (user and line names, trunk, group and transition IDs):
/// each key maps to the first record in snapshot order that has it, as the trie keeps the first
/// of two equal prefixes.
struct KeyIndexes {
    /// Users whose names are no dial strings (the others are in the trie, `UserIndex`).
    let users: [String: Int32]
    let lines: [String: Int32]
    let trunks: [TrunkID: Int32]
    let routingGroups: [RoutingGroupID: Int32]
    let huntingGroups: [HuntingGroupID: Int32]
    let transitions: [TransitionID: Int32]

    /// With `stored`, only the users it says are hashed are read (the table may still be packed).
    init(_ snapshot: Snapshot, stored: StoredRecords? = nil) {
        // Names that are dial strings are found in the trie (`UserIndex`).
        var users: [String: Int32] = [:]
        if let stored {
            for i in stored.hashedUsers {
                let name = snapshot.localUsers[Int(i)].name
                if users[name] == nil { users[name] = i }
            }
        } else {
            for (i, user) in snapshot.localUsers.array.enumerated() where !UserIndex.isInTrie(user.name) {
                if users[user.name] == nil { users[user.name] = Int32(i) }
            }
        }
        self.users = users
        lines = Self.firstIndex(snapshot.externalLines.array.map(\.name))
        trunks = Self.firstIndex(snapshot.sipTrunks.array.map(\.id))
        routingGroups = Self.firstIndex(snapshot.routingGroups.array.map(\.id))
        huntingGroups = Self.firstIndex(snapshot.huntingGroups.array.map(\.id))
        transitions = Self.firstIndex(snapshot.transitions.array.map(\.id))
    }

    static func firstIndex<K: Hashable>(_ keys: [K]) -> [K: Int32] {
        var map: [K: Int32] = [:]
        map.reserveCapacity(keys.count)
        for (i, k) in keys.enumerated() where map[k] == nil { map[k] = Int32(i) }
        return map
    }
}

/// Local users by name, each to the first user with it in snapshot order: names that are dial
/// strings through the trie (`RoutingModel.userNameRoot`, built with the model), the others
/// through a dictionary. No dictionary of every name is built, which at 100k users was a
/// tenth of loading a cached plan.
package struct UserIndex: Sendable {
    let trie: CompactTrie
    let root: Int32
    /// Users whose names are no dial strings.
    package let others: [String: Int32]

    /// Whether a user's name is looked up in the trie (a non-empty dial string) rather than hashed.
    static func isInTrie(_ name: String) -> Bool { !name.isEmpty && DigitTrie.isDialString(name) }

    /// The trie first, without hashing (it answers -1 for a name with a symbol outside the dial
    /// alphabet); then the others, when there are any.
    @inline(__always)
    package subscript(name: String) -> Int32? {
        self[name, inTrie: trie.exactMatch(name, root: root)]
    }

    /// As `self[name]`, with the trie's answer for `name` already known (a batch walked it).
    @inline(__always)
    subscript(name: String, inTrie user: Int32) -> Int32? {
        if user >= 0 { return user }
        return others.isEmpty ? nil : others[name]
    }
}
