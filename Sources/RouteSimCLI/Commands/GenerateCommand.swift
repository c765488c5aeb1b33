import ArgumentParser
import DialPlan
import Foundation
import RouteSimGenerator

/// `routesim generate`: a synthetic dial plan of any size, the same for the same seed.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic dial plan of realistic shape and any size, or call detail records for a plan.",
        discussion: """
            The plan has several dial plans, caller analysis that switches plans, thousands of \
            local users, SIP trunks with failover chains and a refine-called-number group each, \
            routing groups, transitions with re-analysis, hunting groups, speed dials, and an \
            international / national / short-code / extension prefix structure. --rows sets the \
            number of analyze-called-number (anacldnbr) rows; the other tables grow with it.

              routesim generate --rows 100000 --seed 7 --output /tmp/plan-100k.json
              routesim generate --rows 10000 --defects loops,dangling > plan-with-defects.json

            With --cdr it writes call detail records instead: traffic drawn from --plan, \
            simulated under the --assume values, in the CSV layout `routesim replay` reads by \
            default (docs/replay.md), with noise — unanswered calls, failover attempts, calls \
            the plan cannot explain, malformed lines — for trying replay and calibration:

              routesim generate --cdr --plan plan.json --calls 100000 --output cdr.csv
              routesim generate --cdr --plan plan.json --calls 1000 --assume stripOutGroupPrefix=none \
                --malformed 0 --output flipped.csv.gz

            --services puts about one user in nine in a ring group (3 to 8 neighbours, one of \
            them suppressing the group for calls to itself) and gives one in thirty follow-me to \
            a colleague and a national number and one in ten voice mail; the other tables stay \
            as without it.

            The same rows, seed, defects and --services give a byte-identical file on every \
            machine. A clean \
            plan has no dangling reference, loop or duplicate key; --defects appends records \
            that plant them (loops: a re-analysis loop, a failover cycle, a forwarding loop; \
            dangling: a missing trunk, routing group, transition and hunting group; shadowed: a \
            duplicate key and a dial plan nothing uses), listed on stderr.

            --edit-percent P writes the same plan with P % of its anacldnbr rows edited (the \
            same rows and edits for the same seed): a trunk row moves to another trunk, any \
            other row gains or loses a 600 s maximum duration. It is the changed plan `routesim \
            diff` is measured on (docs/benchmarks.md):

              routesim generate --rows 100000 --seed 7 --edit-percent 1 --output /tmp/plan-100k-e1.json

            Exit status: 0 when the plan was written; 1 when the file cannot be written; 2 for \
            bad arguments.
            """)

    @Option(
        help: ArgumentHelp(
            "Analyze-called-number rows of the clean plan (\(PlanGenerator.minimumRows) to \(Self.maximumRows)).", valueName: "N"))
    var rows: Int?

    @OptionGroup(title: "Call detail records (--cdr)") var cdr: CDROptions

    /// The most rows `generate` writes: a 10M-row plan is about 2.4 GB of JSON.
    static let maximumRows = 10_000_000

    @Option(help: ArgumentHelp("The seed: the same seed gives the same plan.", valueName: "S"))
    var seed: UInt64 = 1

    @Option(
        help: ArgumentHelp(
            "Defects to plant, comma-separated: \(PlanGenerator.DefectKind.allCases.map(\.rawValue).joined(separator: ", ")).",
            valueName: "KINDS"))
    var defects: String?

    @Flag(help: "Put some users in ring groups and give some follow-me and voice mail.")
    var services = false

    @Option(
        name: .customLong("edit-percent"),
        help: ArgumentHelp("Edit P % of the plan's anacldnbr rows (0 to 100), drawn from --seed.", valueName: "P"))
    var editPercent: Double?

    @Option(help: ArgumentHelp("Write to FILE (atomically; .gz: compressed) instead of stdout.", valueName: "FILE"))
    var output: String?

    /// Checks the arguments; a bad one is unusable input (exit status 2, docs/formats.md).
    func checkedOptions() throws(CLIError) -> PlanGenerator.Options {
        guard let rows else { throw .usage("give --rows N (a plan) or --cdr --plan FILE (call detail records)") }
        try OptionBounds.check(rows, "--rows", PlanGenerator.minimumRows...Self.maximumRows)
        if let editPercent { try OptionBounds.check(editPercent, "--edit-percent", 0...100) }
        var kinds: Set<PlanGenerator.DefectKind> = []
        for name in (defects ?? "").split(separator: ",") {
            let name = name.trimmingCharacters(in: .whitespaces)
            guard let kind = PlanGenerator.DefectKind(rawValue: name) else {
                let known = PlanGenerator.DefectKind.allCases.map(\.rawValue)
                throw .usage(
                    "--defects: '\(name)' is not a defect kind\(DidYouMean.aside(for: name, among: known)); the kinds are \(known.joined(separator: ", "))"
                )
            }
            kinds.insert(kind)
        }
        return PlanGenerator.Options(rows: rows, seed: seed, defects: kinds, services: services)
    }

    func run() throws {
        if cdr.cdr {
            if editPercent != nil { Self.exit(with: .usage("--edit-percent edits a generated plan; it does not go with --cdr")) }
            do { try generateRecords() } catch { Self.exit(with: error) }
            return
        }
        if cdr.isUsed { Self.exit(with: .usage("--plan, --calls and the other CDR options need --cdr")) }
        var plan: PlanGenerator.GeneratedPlan
        var edited = 0
        do {
            let options = try checkedOptions()
            if let output { try OutputFile.check(output, option: "--output") }
            plan = PlanGenerator.generate(options)
            if let editPercent { edited = PlanGenerator.editRows(of: &plan.snapshot, percent: editPercent, seed: seed) }
            let text = plan.snapshot.jsonText
            if let output {
                try OutputFile.write(text, to: output)
            } else {
                StandardOutput.write(text)
                StandardOutput.flush()
            }
        } catch {
            Self.exit(with: error)
        }
        let s = plan.snapshot
        var summary =
            "generated \(s.calledAnalysis.count) anacldnbr rows, \(s.localUsers.count) local users, "
            + "\(s.sipTrunks.count) SIP trunks, \(s.externalLines.count) external lines, \(s.routingGroups.count) routing groups"
            + (output.map { " into \($0)" } ?? "")
            + (editPercent.map { ", \(edited) anacldnbr rows edited (\(OptionBounds.text($0)) %)" } ?? "") + "\n"
        for defect in plan.planted {
            summary += "  planted \(defect.kind.rawValue): \(defect.table.rawValue)[\(defect.index)] \(defect.summary)\n"
        }
        StandardError.writeLines(String(summary.dropLast()))
    }
}
