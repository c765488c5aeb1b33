import DialPlan

/// Dial-plan names numbered in the order records first use them, `default` first (ID 0).
struct DialPlanNumbering {
    var names = ["default"]
    var ids: [String: Int32] = ["default": 0]
    /// The dial plan of each `anacldnbr` row, by row.
    var calledAnalysisPlans = Int32Words([])
    /// Rows often come in runs of one plan: the last name answers those without hashing.
    private var last = (name: "default", id: Int32(0))

    /// Numbers every dial plan a record or an assumption names.
    init(_ snapshot: Snapshot, _ assumptions: Assumptions, stored: StoredRecords? = nil) {
        if let stored {
            // The names and each row's plan as the model that stored them numbered them.
            names = stored.dialPlanNames
            ids = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, Int32($0)) })
            calledAnalysisPlans = stored.calledAnalysisPlans
            // The stored names include the users' plans: the users (maybe still packed) are not read.
        } else {
            // Rows are read in place (`rows[i].field`) from the array itself: iterating the array,
            // or reading them through the `RecordList`, would copy each large record.
            let calledRows = snapshot.calledAnalysis.array
            calledAnalysisPlans = Int32Words(count: calledRows.count) { plans in
                for i in calledRows.indices { plans[i] = id(of: calledRows[i].dialPlan) }
            }
        }
        for row in snapshot.huntingDetections.array { _ = id(of: row.dialPlan) }
        if stored == nil { for row in snapshot.localUsers.array { _ = id(of: row.dialPlan) } }
        for row in snapshot.sipTrunks.array { _ = id(of: row.dialPlan) }
        for row in snapshot.callerAnalysis.array where !row.dialPlan.isEmpty { _ = id(of: row.dialPlan) }
        _ = id(of: assumptions.unknownCallerDialPlan)
        _ = id(of: assumptions.externalLineDialPlan)
    }

    /// The ID of a plan (the empty name is `default`), numbering it if it is new.
    mutating func id(of name: String) -> Int32 {
        let name = name.isEmpty ? "default" : name
        if name == last.name { return last.id }
        let id: Int32
        if let known = ids[name] {
            id = known
        } else {
            id = Int32(names.count)
            names.append(name)
            ids[name] = id
        }
        last = (name, id)
        return id
    }
}
