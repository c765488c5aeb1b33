import DialPlan
import RouteSim

extension ReplayReport {
    /// The report as Markdown, for a merge request or a wiki page: the same sections as the
    /// text, as headings and tables.
    public var markdown: String {
        var out = "# Replay of \(Format.count(recordsRead, "record")) against `\(plan)`\n\n"
        let changed = assumptions.changedFromDefaults
        out += "- **Files:** \(files.map { "`\($0)`" }.joined(separator: ", "))\n"
        out += "- **Columns:** \(Self.cell(columnsText.replacingFirst("\n               ", with: "; ")))\n"
        out += "- **Assumptions:** \(changed.isEmpty ? "the defaults" : changed.map { "`\($0)`" }.joined(separator: ", "))\n"
        out += "- **Read:** \(Format.grouped(recordsRead - malformedCount)) well-formed records, "
        out += "\(Format.grouped(malformedCount)) malformed"
        if malformedCount > 0 {
            out += " (" + malformed.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ") + ")"
        }
        out += "; \(Format.grouped(calls)) calls, \(Format.grouped(pairedCalls)) of them paired from two records\n"
        out +=
            "- **Agreement:** \(Format.grouped(agreeing)) of \(Format.grouped(explainable)) explainable calls agree (**\(Format.percent(agreeing, of: explainable))**)"
        out += "; \(Format.grouped(unexplainableCount)) calls the plan cannot explain\n"

        out += Self.tallyTable("By dial plan", byDialPlan)
        out += Self.tallyTable("By route type", byRouteType)
        if let byStage { out += Self.tallyTable("By deciding stage", byStage) }

        if !disagreements.isEmpty {
            out += "\n## Disagreements\n\nGrouped where routesim's trace first goes another way.\n\n"
            out += "| calls | how | where | example | record | routesim |\n|---:|---|---|---|---|---|\n"
            for group in disagreements {
                let example = group.examples.first
                out +=
                    "| \(Format.grouped(group.count)) | \(group.kind.text) | \(Self.cell(group.pointText)) | \(example.map { "`\($0.place)`" } ?? "") | \(Self.cell(example?.recorded ?? "")) | \(Self.cell(example?.simulated ?? "")) |\n"
            }
            out += "\nReplay an example:\n\n```sh\n"
            for group in disagreements.prefix(5) {
                if let example = group.examples.first {
                    out += Format.routeCommand(example.call, plan: plan, assumptions: assumptions) + "\n"
                }
            }
            out += "```\n"
        }
        if !unexplainable.isEmpty {
            out += "\n## Calls the plan cannot explain\n\n| calls | why | details |\n|---:|---|---|\n"
            for group in unexplainable {
                out += "| \(Format.grouped(group.count)) | \(group.reason.text) | \(Self.cell(group.details.joined(separator: "; "))) |\n"
            }
        }
        if !malformedExamples.isEmpty {
            out += "\n## Malformed records\n\n"
            for record in malformedExamples { out += "- `\(record.place)`: \(Self.cell(record.message))\n" }
            if malformedExamples.count < malformedCount { out += "- … and \(malformedCount - malformedExamples.count) more\n" }
        }
        if let calibration {
            out += "\n## Calibration\n\nAgreement under each value of the assumptions the disagreements touch.\n\n"
            out += "| assumption | value | agreeing | agreement | |\n|---|---|---:|---:|---|\n"
            for result in calibration.assumptions {
                for (value, agreeing) in result.values {
                    let marks = [value == result.current ? "in force" : nil, value == result.best ? "**best**" : nil].compactMap { $0 }
                    out +=
                        "| `\(result.name)` | `\(value)` | \(Format.grouped(agreeing)) | \(Format.percent(agreeing, of: calibration.explainable)) | \(marks.joined(separator: ", ")) |\n"
                }
            }
            if calibration.bestChanges.isEmpty {
                out += "\nThe assumptions in force agree best.\n"
            } else {
                let best = calibration.bestAssumptions(from: assumptions)
                out +=
                    "\nBest set: \(Format.grouped(calibration.bestAgreeing)) of \(Format.grouped(calibration.explainable)) agree (\(Format.percent(calibration.bestAgreeing, of: calibration.explainable))).\n\n"
                out += "```sh\n\(best.changedFromDefaults.map { "--assume \($0)" }.joined(separator: " "))\n```\n\n"
                out += "```yaml\n\(calibration.caseFileBlock(best))\n```\n"
            }
        }
        if let coverage {
            let unused = coverage.coverage.uncovered.reduce(0) { $0 + $1.records.count }
            out += "\n## Coverage from real traffic\n\n"
            let total = coverage.coverage.total
            out += "\(Format.grouped(total - unused)) of \(Format.grouped(total)) records used by real calls.\n\n"
            out += "| calls | record |\n|---:|---|\n"
            for (id, count) in coverage.uses.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }).prefix(20) {
                out += "| \(Format.grouped(count)) | \(Self.cell(Format.recordText(id, coverage.coverage.snapshot))) |\n"
            }
            if unused > 0 {
                out += "\nNo call used (dead configuration candidates):\n\n"
                for (table, records) in coverage.coverage.uncovered {
                    for index in records {
                        out += "- \(Self.cell(Format.recordText(RecordID(table, index), coverage.coverage.snapshot)))\n"
                    }
                }
            }
        }
        if let comparison {
            out += "\n## Candidate plan `\(comparison.candidate)`\n\n"
            out +=
                "\(Format.grouped(comparison.changed)) of \(Format.grouped(comparison.compared)) calls would route differently (\(Format.percent(comparison.changed, of: comparison.compared))); \(Format.grouped(comparison.count(.endpoint))) would leave through another line or trunk.\n"
            if !comparison.groups.isEmpty {
                out += "\n| calls | change | now | candidate | example |\n|---:|---|---|---|---|\n"
                for group in comparison.groups {
                    out +=
                        "| \(Format.grouped(group.count)) | \(group.kind.rawValue) | \(Self.cell(group.before)) | \(Self.cell(group.after)) | \(group.examples.first.map { "`\($0.place)`" } ?? "") |\n"
                }
            }
        }
        return out
    }

    static func tallyTable(_ title: String, _ tallies: [Tally]) -> String {
        guard !tallies.isEmpty else { return "" }
        var out = "\n## \(title)\n\n| | calls | agree |\n|---|---:|---:|\n"
        for t in tallies { out += "| \(cell(t.name)) | \(Format.grouped(t.calls)) | \(Format.percent(t.agreeing, of: t.calls)) |\n" }
        return out
    }

    /// Text safe inside a table cell: pipes escaped, line breaks as spaces.
    static func cell(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "|": out += "\\|"
            case "\n", "\r": out += " "
            default: out.append(c)
            }
        }
        return out
    }
}
