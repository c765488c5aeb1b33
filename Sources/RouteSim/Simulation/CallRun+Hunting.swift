import DialPlan

extension CallRun {
    /// A hunting group answers (semantics §5): its operators in the order the first call tries
    /// them (`huntingOperatorOrder`), without those the live state takes out (logged out, busy,
    /// unreachable); with none left, the queue or a release.
    mutating func huntingGroup(_ g: Int) -> RouteResult {
        var group: HuntingGroup { model.snapshot.huntingGroups[g] }
        let listed = model.huntingGroupOperators[g]
        let list = rules.value.huntingOperatorOrder == .byNumber ? model.huntingGroupOperatorsByNumber[g] : listed
        let orderDecides = citing && listed != model.huntingGroupOperatorsByNumber[g]
        var order = HuntingGroupOrder(strategy: group.strategy, operators: [])
        order.noAnswerTimer = group.noAnswerTimer
        if group.queues { order.queue = HuntingQueue(maxCalls: group.queueMaxCalls, maxWait: group.queueMaxWait) }
        var away: [String] = []
        for o in list {
            let op = model.snapshot.huntingOperators[Int(o)]
            if !op.logsInAutomatically { order.manualLogin.append(op.user) }
            if state.isLoggedOut(operator: op.user) {
                order.skipped.append(op.user)
                if tracing { away.append("\(op.user) is logged out (oper:\(op.user)=loggedOut)") }
                continue
            }
            if !state.isEmpty, let u = model.user(named: op.user) {
                let condition = Self.condition(of: u, name: op.user, isCalledUser: false, model: model, rules: rules, state: state)
                if condition.state == .busy || condition.state == .unreachable {
                    order.skipped.append(op.user)
                    if tracing { away.append("\(op.user) is \(describe(condition, of: op.user))") }
                    continue
                }
            }
            order.operators.append(op.user)
        }
        step(
            .huntingGroup, .huntingGroups, g, assumption: orderDecides ? .huntingOperatorOrder : nil,
            "hunting group \(group.id) (\(group.strategy)): operators in order \(order.operators.isEmpty ? "(none)" : order.operators.joined(separator: ", ")); who answers is live state"
        )
        if !away.isEmpty { step(.liveState, .huntingGroups, g, "skipped: \(away.joined(separator: "; "))") }
        if !order.manualLogin.isEmpty {
            step(
                .liveState, .huntingGroups, g,
                "\(order.manualLogin.joined(separator: ", ")) log\(order.manualLogin.count == 1 ? "s" : "") in to the group by hand (autoInd = 0): whether \(order.manualLogin.count == 1 ? "it is" : "they are") logged in is live state (what-if: --state oper:\(order.manualLogin[0])=loggedOut)"
            )
        }
        if let queue = order.queue {
            step(
                .liveState, .huntingGroups, g,
                "queueInd = 1: while every operator is busy, calls wait in the queue (at most \(queue.maxCalls) calls, \(queue.maxWait) s each)"
            )
        }
        if order.operators.isEmpty && !list.isEmpty && order.queue == nil {
            return release(
                .allOperatorsBusy, "every operator of hunting group \(group.id) is busy, unreachable or logged out, and it has no queue")
        }
        return result(.huntingGroup, .huntingGroup(group.id), maxDuration: maxDuration(line: nil), huntingGroup: order)
    }
}
