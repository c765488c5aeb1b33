import DialPlan
import RouteSim

extension ReplayReport {
    /// The report as one JSON object (docs/formats.md, `routesim replay`).
    public var jsonValue: JSONValue {
        var members: [(String, JSONValue)] = [
            ("plan", .string(plan)),
            ("assumptions", .array(assumptions.changedFromDefaults.map { .string($0) })),
            ("files", .array(files.map { .string($0) })),
            ("columns", .array(mappings.map(\.jsonValue))),
            (
                "read",
                .object([
                    ("records", .int(recordsRead)), ("wellFormed", .int(recordsRead - malformedCount)), ("malformed", .int(malformedCount)),
                    ("malformedByKind", .object(malformed.sorted { $0.key < $1.key }.map { ($0.key.rawValue, .int($0.value)) })),
                    ("calls", .int(calls)), ("pairedCalls", .int(pairedCalls)),
                ])
            ),
            (
                "agreement",
                .object([
                    ("explainable", .int(explainable)), ("agreeing", .int(agreeing)), ("disagreeing", .int(disagreeing)),
                    ("ratio", .number(Self.decimal(Format.ratio(agreeing, of: explainable)))), ("onFailover", .int(agreeingOnFailover)),
                    ("unexplainable", .int(unexplainableCount)),
                ])
            ),
            ("byDialPlan", .array(byDialPlan.map(\.jsonValue))),
            ("byRouteType", .array(byRouteType.map(\.jsonValue))),
        ]
        if let byStage { members.append(("byStage", .array(byStage.map(\.jsonValue)))) }
        members.append(
            (
                "disagreements",
                .array(
                    disagreements.map { group in
                        var fields: [(String, JSONValue)] = [
                            ("kind", .string(group.kind.rawValue)), ("stage", .string(group.point.stage.rawValue)),
                        ]
                        if let table = group.point.table {
                            fields.append(("table", .string(table.rawValue)))
                            fields.append(("key", table.keyJSON(group.pointKey)))
                        }
                        if let assumption = group.point.assumption { fields.append(("assumption", .string(assumption))) }
                        fields += [
                            ("point", .string(group.pointText)), ("count", .int(group.count)),
                            ("examples", .array(group.examples.map(exampleJSON))),
                        ]
                        return .object(fields)
                    })
            ))
        members.append(
            (
                "unexplainable",
                .array(
                    unexplainable.map { group in
                        .object([
                            ("reason", .string(group.reason.rawValue)), ("count", .int(group.count)),
                            ("details", .array(group.details.map { .string($0) })), ("examples", .array(group.examples.map(exampleJSON))),
                        ])
                    })
            ))
        members.append(
            (
                "malformed",
                .array(
                    malformedExamples.map { record in
                        .object([
                            ("file", .string(record.place.file)), ("line", .int(record.place.line)),
                            ("kind", .string(record.kind.rawValue)),
                            ("message", .string(record.message)),
                        ])
                    })
            ))
        if let calibration { members.append(("calibration", calibration.jsonValue(assumptions: assumptions))) }
        if let coverage { members.append(("coverage", coverage.jsonValue)) }
        if let comparison { members.append(("candidate", comparison.jsonValue(assumptions: assumptions, exampleJSON: exampleJSON))) }
        return .object(members)
    }

    func exampleJSON(_ example: ExampleCall) -> JSONValue {
        var fields: [(String, JSONValue)] = [("file", .string(example.place.file)), ("line", .int(example.place.line))]
        if let partner = example.partner {
            fields.append(("partner", .object([("file", .string(partner.file)), ("line", .int(partner.line))])))
        }
        guard case .object(let origin) = example.call.origin.jsonValue else { return .object(fields) }
        fields.append(("call", .object(origin + [("called", .string(example.call.called))])))
        fields.append(("record", .string(example.recorded)))
        if !example.simulated.isEmpty { fields.append(("routesim", .string(example.simulated))) }
        fields.append(("command", .string(Format.routeCommand(example.call, plan: plan, assumptions: assumptions))))
        return .object(fields)
    }

    static func decimal(_ value: Double) -> String {
        let scaled = (value * 1_000_000).rounded() / 1_000_000
        return scaled == scaled.rounded() ? String(Int(scaled)) : String(scaled)
    }
}

extension FileMapping {
    var jsonValue: JSONValue {
        let source: String
        switch self.source {
        case .header: source = "header"
        case .defaultLayout: source = "defaultLayout"
        case .specification(let origin): source = origin
        }
        return .object([
            ("file", .string(file)), ("source", .string(source)),
            ("mapping", .object(mapping.columns.sorted { $0.key < $1.key }.map { ($0.key.rawValue, .int($0.value)) })),
            ("unusedHeaderCells", .array(unusedHeaderCells.map { .string($0) })),
        ])
    }
}

extension Tally {
    var jsonValue: JSONValue {
        .object([
            ("name", .string(name)), ("calls", .int(calls)), ("agreeing", .int(agreeing)),
            ("ratio", .number(ReplayReport.decimal(Format.ratio(agreeing, of: calls)))),
        ])
    }
}

extension CalibrationReport {
    func jsonValue(assumptions current: Assumptions) -> JSONValue {
        let best = bestAssumptions(from: current)
        return .object([
            ("explainable", .int(explainable)), ("agreeingNow", .int(agreeingNow)),
            (
                "assumptions",
                .array(
                    assumptions.map { result in
                        .object([
                            ("name", .string(result.name)), ("current", .string(result.current)), ("best", .string(result.best)),
                            ("touchedDisagreements", .int(result.touchedDisagreements)),
                            (
                                "values",
                                .array(
                                    result.values.map {
                                        .object([
                                            ("value", .string($0.value)), ("agreeing", .int($0.agreeing)),
                                            ("ratio", .number(ReplayReport.decimal(Format.ratio($0.agreeing, of: explainable)))),
                                        ])
                                    })
                            ),
                        ])
                    })
            ),
            ("untouched", .array(untouched.map { .string($0) })),
            ("notTried", .array(notTried.map { .string($0) })),
            (
                "best",
                .object([
                    ("changes", .object(bestChanges.map { ($0.name, .string($0.value)) })),
                    ("assume", .array(best.changedFromDefaults.map { .string($0) })),
                    ("agreeing", .int(bestAgreeing)),
                    ("ratio", .number(ReplayReport.decimal(Format.ratio(bestAgreeing, of: explainable)))),
                ])
            ),
        ])
    }
}

extension TrafficCoverage {
    var jsonValue: JSONValue {
        let snapshot = coverage.snapshot
        let unused = coverage.uncovered
        return .object([
            ("plan", .string(coverage.plan)), ("records", .int(coverage.total)), ("used", .int(coverage.exercised.count)),
            (
                "uses",
                .array(
                    uses.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { id, count in
                        .object([
                            ("table", .string(id.table.rawValue)), ("index", .int(id.index)),
                            ("key", id.table.keyJSON(snapshot.key(of: id.table, at: id.index))), ("calls", .int(count)),
                        ])
                    })
            ),
            (
                "notUsed",
                .array(
                    unused.flatMap { table, records in
                        records.map { index in
                            .object([
                                ("table", .string(table.rawValue)), ("index", .int(index)),
                                ("key", table.keyJSON(snapshot.key(of: table, at: index))),
                            ])
                        }
                    })
            ),
        ])
    }
}

extension PlanComparison {
    func jsonValue(assumptions: Assumptions, exampleJSON: (ExampleCall) -> JSONValue) -> JSONValue {
        .object([
            ("plan", .string(candidate)), ("compared", .int(compared)), ("changed", .int(changed)),
            ("byKind", .object(RouteChangeKind.allCases.map { ($0.rawValue, .int(count($0))) })),
            (
                "groups",
                .array(
                    groups.map { group in
                        .object([
                            ("kind", .string(group.kind.rawValue)), ("before", .string(group.before)), ("after", .string(group.after)),
                            ("count", .int(group.count)), ("examples", .array(group.examples.map(exampleJSON))),
                        ])
                    })
            ),
        ])
    }
}
