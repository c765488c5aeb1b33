import DialPlan

extension PlanGenerator {
    /// Edits `percent` % of the plan's `anacldnbr` rows (rounded), the same rows and edits for
    /// the same seed: the "1 % changed" plan that `routesim diff` is measured on.
    ///
    /// A row that routes to a SIP trunk moves to another trunk of the plan; any other row gains
    /// a 600 s maximum duration (or loses the one it has). Both change what `route` answers for
    /// the numbers the row matches. Returns the number of rows edited.
    @discardableResult
    public static func editRows(of snapshot: inout Snapshot, percent: Double, seed: UInt64) -> Int {
        let rows = snapshot.calledAnalysis.count
        let count = min(rows, Int((Double(rows) * percent / 100).rounded()))
        let trunks = snapshot.sipTrunks.map(\.id)
        // Another stream than the plan's own, so that the edits do not repeat its draws.
        var rng = SeededGenerator(seed: seed ^ 0x6564_6974_7320_2531)
        var order = Array(0..<rows)
        for k in 0..<count {
            order.swapAt(k, k + rng.below(rows - k))
        }
        for i in order.prefix(count).sorted() {
            let current = snapshot.calledAnalysis[i].trunk
            if snapshot.calledAnalysis[i].routeType == .sipTrunk && trunks.contains(where: { $0 != current }) {
                var trunk = rng.pick(trunks)
                while trunk == current { trunk = rng.pick(trunks) }
                snapshot.calledAnalysis[i].trunk = trunk
            } else {
                snapshot.calledAnalysis[i].maxDuration = snapshot.calledAnalysis[i].maxDuration == 0 ? 600 : 0
            }
        }
        return count
    }
}
