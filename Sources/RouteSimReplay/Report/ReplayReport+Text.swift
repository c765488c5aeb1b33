import DialPlan
import Foundation
import RouteSim
import RouteSimCases

extension ReplayReport {
    /// The report for people: what was read, the agreement and its breakdowns, the
    /// disagreements grouped by where they diverge (with examples `routesim route` replays),
    /// then calibration, coverage and the candidate plan when asked for. The last line is the
    /// summary scripts can grep.
    public var text: String {
        var out = "replay of \(Format.count(recordsRead, "record")) from \(Format.count(files.count, "file")) against \(plan)\n"
        out += "  columns      \(columnsText)\n"
        let changed = assumptions.changedFromDefaults
        out += "  assumptions  \(changed.isEmpty ? "the defaults" : changed.joined(separator: ", "))\n\n"

        out += "read         \(Format.count(recordsRead - malformedCount, "record")) well-formed, \(malformedCount) malformed"
        if malformedCount > 0 {
            out += " (" + malformed.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ") + ")"
        }
        out += "\n"
        out +=
            "calls        \(Format.grouped(calls)) (\(Format.grouped(pairedCalls)) of them from a caller-side and a callee-side record paired)\n"
        out += "explainable  \(Format.grouped(explainable)); \(Format.grouped(unexplainableCount)) the plan cannot explain\n"
        out +=
            "agreement    \(Format.grouped(agreeing)) of \(Format.grouped(explainable)) agree (\(Format.percent(agreeing, of: explainable)))"
        if agreeingOnFailover > 0 { out += "; \(Format.grouped(agreeingOnFailover)) of them on a failover attempt" }
        out += "\n"

        out += Self.tallyText("by dial plan", byDialPlan)
        out += Self.tallyText("by route type (routesim's outcome)", byRouteType)
        if let byStage { out += Self.tallyText("by deciding stage", byStage) }

        if !disagreements.isEmpty {
            out += "\ndisagreements: \(Format.count(disagreeing, "call")), grouped where routesim's trace first goes another way\n"
            for group in disagreements {
                out += "  \(Format.grouped(group.count).leftPadded(7))  \(group.kind.text) at \(group.pointText)\n"
                for example in group.examples { out += exampleText(example, routesimLabel: "routesim") }
            }
        }
        if !unexplainable.isEmpty {
            out += "\nunexplainable: \(Format.count(unexplainableCount, "call")) the plan cannot explain (not in the agreement figures)\n"
            for group in unexplainable {
                let details = group.details.prefix(3).joined(separator: "; ") + (group.details.count > 3 ? "; …" : "")
                out += "  \(Format.grouped(group.count).leftPadded(7))  \(group.reason.text): \(details)\n"
                for example in group.examples { out += exampleText(example, routesimLabel: "why") }
            }
        }
        if !malformedExamples.isEmpty {
            let shown =
                malformedExamples.count < malformedCount
                ? "the first \(malformedExamples.count) of \(malformedCount)" : "all \(malformedCount)"
            out += "\nmalformed records (\(shown); each was skipped and is counted above)\n"
            for record in malformedExamples { out += "  \(record.description)\n" }
        }
        if let calibration { out += "\n" + calibration.text(assumptions: assumptions) }
        if let coverage { out += "\n" + coverage.text }
        if let comparison { out += "\n" + comparison.text(plan: plan, assumptions: assumptions) }
        out += "\n\(agreeing) agree, \(disagreeing) disagree, \(unexplainableCount) unexplainable, \(malformedCount) malformed\n"
        return out
    }

    /// How the columns were mapped, file by file (files mapped alike are named together).
    var columnsText: String {
        var groups: [(text: String, files: [String])] = []
        for mapping in mappings {
            let text: String
            switch mapping.source {
            case .defaultLayout:
                text = "the default layout (an assumption: the vendor does not publish its column order; see docs/replay.md)"
            case .header: text = "the header row: \(mapping.mapping.specification)"
            case .specification(let origin): text = "\(origin): \(mapping.mapping.specification)"
            }
            let unused = mapping.unusedHeaderCells.isEmpty ? "" : "; columns not used: \(mapping.unusedHeaderCells.joined(separator: ", "))"
            if let i = groups.firstIndex(where: { $0.text == text + unused }) {
                groups[i].files.append(mapping.file)
            } else {
                groups.append((text + unused, [mapping.file]))
            }
        }
        if groups.isEmpty { return "no records" }
        if groups.count == 1 { return groups[0].text }
        return groups.map { "\($0.text) (\($0.files.joined(separator: ", ")))" }.joined(separator: "\n               ")
    }

    static func tallyText(_ title: String, _ tallies: [Tally]) -> String {
        guard !tallies.isEmpty else { return "" }
        let width = max(12, tallies.map(\.name.count).max()! + 2)
        var out = "\n\(title)\n"
        for t in tallies {
            out +=
                "  \(t.name.rightPadded(width))\(Format.grouped(t.calls).leftPadded(9)) calls  \(Format.percent(t.agreeing, of: t.calls).leftPadded(7)) agree\n"
        }
        return out
    }

    func exampleText(_ example: ExampleCall, routesimLabel: String) -> String {
        let indent = String(repeating: " ", count: 11)
        var out =
            "\(indent)\(example.place)\(example.partner.map { " (and line \($0.line)\($0.file == example.place.file ? "" : " of \($0.file)"))" } ?? "")\n"
        out += "\(indent)  \("record:".rightPadded(10))\(example.recorded)\n"
        if !example.simulated.isEmpty { out += "\(indent)  \((routesimLabel + ":").rightPadded(10))\(example.simulated)\n" }
        out += "\(indent)  \("replay:".rightPadded(10))\(Format.routeCommand(example.call, plan: plan, assumptions: assumptions))\n"
        return out
    }
}

extension CalibrationReport {
    func text(assumptions: Assumptions) -> String {
        var out =
            "calibration: agreement under each value of the assumptions the disagreements touch (of \(Format.grouped(explainable)) explainable calls)\n"
        if self.assumptions.isEmpty {
            out += "  no value of any assumption makes a disagreeing call agree: the disagreements are not a question of assumptions\n"
        }
        for result in self.assumptions {
            out += "  \(result.name) (another value makes \(Format.count(result.touchedDisagreements, "disagreeing call")) agree)\n"
            for (value, agreeing) in result.values {
                var marks: [String] = []
                if value == result.current { marks.append("in force") }
                if value == result.best { marks.append("best") }
                out +=
                    "    \(value.rightPadded(14))\(Format.grouped(agreeing).leftPadded(9))  \(Format.percent(agreeing, of: explainable).leftPadded(7))\(marks.isEmpty ? "" : "   " + marks.joined(separator: ", "))\n"
            }
        }
        if !untouched.isEmpty { out += "  no other value makes a disagreeing call agree: \(untouched.joined(separator: ", "))\n" }
        if !notTried.isEmpty { out += "  not tried (values cannot be listed): \(notTried.joined(separator: ", "))\n" }
        if bestChanges.isEmpty {
            out += "best set: the assumptions in force (\(Format.percent(agreeingNow, of: explainable)))\n"
        } else {
            out +=
                "best set: \(Format.grouped(bestAgreeing)) of \(Format.grouped(explainable)) agree (\(Format.percent(bestAgreeing, of: explainable))), against \(Format.percent(agreeingNow, of: explainable)) now\n"
            let best = bestAssumptions(from: assumptions)
            out += "  flags:      \(best.changedFromDefaults.map { "--assume \($0)" }.joined(separator: " "))\n"
            out += "  case file:  \(caseFileBlock(best))\n"
        }
        return out
    }

    /// `assume: {stripOutGroupPrefix: false}`, the case-file block of the assumptions that
    /// differ from the defaults.
    public func caseFileBlock(_ best: Assumptions) -> String {
        let pairs = best.changedFromDefaults.map { setting -> String in
            let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
            let value = parts.count > 1 ? parts[1] : ""
            let plain = value.allSatisfy { $0.isLetter || $0.isNumber } && !value.isEmpty
            return "\(parts[0]): \(plain ? value : "\"\(value)\"")"
        }
        return "assume: {\(pairs.joined(separator: ", "))}"
    }
}

extension TrafficCoverage {
    /// The most used records, then `routesim test --coverage`'s list of records no call used.
    var text: String {
        var out = "records real calls used, most used first\n"
        for (id, count) in uses.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }).prefix(20) {
            out += "  \(Format.grouped(count).leftPadded(9))  \(Format.recordText(id, coverage.snapshot))\n"
        }
        if uses.count > 20 { out += "  … and \(uses.count - 20) more records\n" }
        out += coverage.text.replacingFirst("records exercised", with: "records used by real calls").replacingFirst(
            "not exercised:", with: "no call used (dead configuration candidates):")
        return out
    }
}

extension PlanComparison {
    func text(plan: String, assumptions: Assumptions) -> String {
        var out =
            "candidate plan \(candidate): \(Format.grouped(changed)) of \(Format.grouped(compared)) calls would route differently (\(Format.percent(changed, of: compared)))\n"
        let endpoint = count(.endpoint)
        if endpoint > 0 {
            out += "  \(Format.grouped(endpoint)) of \(Format.grouped(compared)) calls would leave through another line or trunk\n"
        }
        for group in groups {
            out += "  \(Format.grouped(group.count).leftPadded(7))  \(group.kind.text): \(group.before) → \(group.after)\n"
            for example in group.examples {
                out += "           \(example.place)\(example.partner.map { " (and line \($0.line))" } ?? "")\n"
                out += "             replay:   \(Format.routeCommand(example.call, plan: candidate, assumptions: assumptions))\n"
            }
        }
        return out
    }
}

/// Number and text formatting shared by the renderings.
enum Format {
    /// `12,345`.
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    /// `3 records`, `1 file`.
    static func count(_ n: Int, _ noun: String) -> String { "\(grouped(n)) \(noun)\(n == 1 ? "" : "s")" }

    /// One decimal, never rounded up to 100.0 % unless all agree: `99.9 %`.
    static func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "—" }
        var tenths = (part * 1000 + whole / 2) / whole
        if part != whole { tenths = min(tenths, 999) }
        if part != 0 { tenths = max(tenths, 1) }
        return "\(tenths / 10).\(tenths % 10) %"
    }

    /// The ratio a JSON report gives: agreeing / whole, 1 when there is nothing.
    static func ratio(_ part: Int, of whole: Int) -> Double { whole == 0 ? 1 : Double(part) / Double(whole) }

    /// `anacldnbr[3] (dialPlan "default", calledNbr "0")`.
    static func recordText(_ id: RecordID, _ snapshot: Snapshot) -> String {
        let key = id.table.keyText(snapshot.key(of: id.table, at: id.index))
        return key.isEmpty ? "\(id.table.rawValue)[\(id.index)]" : "\(id.table.rawValue)[\(id.index)] (\(key))"
    }

    /// The `routesim route` command that replays a call.
    static func routeCommand(_ call: Call, plan: String, assumptions: Assumptions) -> String {
        var words = ["routesim", "route", "--plan", plan]
        for setting in assumptions.changedFromDefaults { words += ["--assume", setting] }
        switch call.origin {
        case .localUser(let name): words += ["--from-user", name]
        case .sipTrunk(let id, let caller): words += ["--from-trunk", "\(id)", "--caller", caller]
        case .externalLine(let name, let caller): words += ["--from-line", name, "--caller", caller]
        case .caller(let caller): words += ["--caller", caller]
        }
        words.append(call.called)
        return words.map(shellQuoted).joined(separator: " ")
    }

    /// A word as a POSIX shell reads it back: bare when safe, else in single quotes.
    static func shellQuoted(_ word: String) -> String {
        let safe = word.unicodeScalars.allSatisfy { s in
            (s.value >= 0x30 && s.value <= 0x39) || (s.value >= 0x41 && s.value <= 0x5A) || (s.value >= 0x61 && s.value <= 0x7A)
                || "_./:=+-@%,".unicodeScalars.contains(s)
        }
        if safe && !word.isEmpty { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
    func rightPadded(_ width: Int) -> String { count >= width ? self + " " : self + String(repeating: " ", count: width - count) }

    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
