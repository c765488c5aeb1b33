import ArgumentParser
import DialPlan
import Foundation
import RouteSim
import RouteSimReplay

/// `routesim replay`: the server's call detail records replayed against the plan.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay the server's call detail records (CDRs) against a plan and report agreement.",
        discussion: """
            miniSIPServer writes one CSV file a day into the cdr folder of its data directory \
            (switch the records on under Data / System / Call detail record: cdrcallerusr, \
            cdrcalledusr, cdrcallerextline, cdrcalledextline, cdrfailcall for failed calls, \
            cdroutput to write the files). \
            replay simulates every recorded call and compares routesim's answer with the record:

              routesim replay --plan dialplan.json cdr/
              routesim replay --plan dialplan.json --calibrate cdr/2024-05-*.csv
              routesim replay --plan dialplan.json --against candidate.json --format markdown cdr/
              routesim replay --plan dialplan.json --columns caller=2,dialed=3,dest=7 export.csv

            Columns come from --columns (FIELD=COLUMN from 1, or FIELD=HEADER NAME) or \
            --columns-file, else each file's header row, else the default layout, which is an \
            assumption: the vendor does not publish its column order. The fields are type, \
            start, duration, caller, dialed, called, originType, origin, destType, dest, result, \
            cause, fci, callID; caller and dialed are required. docs/replay.md has the layout, \
            the pairing of caller-side and callee-side records and how to read every table.

            Files may be gzip-compressed; a folder stands for its files; - reads standard input. \
            A malformed record is reported with its file and line and skipped (--malformed \
            fatal stops instead). --calibrate tries every value of every assumption and prints \
            the --assume flags that agree best; --coverage traces the calls and lists the \
            records real calls used and those none used; --against compares a candidate plan \
            call by call.

            Exit status: 0 when replayed; 1 when agreement is below --min-agreement; 2 when the \
            input cannot be used (bad plan, bad arguments, a file that cannot be read or mapped, \
            a malformed record under --malformed fatal, no records).
            """)

    @OptionGroup var plan: PlanOption

    @Argument(help: ArgumentHelp("CDR files, folders of them, or - for standard input.", valueName: "CDR"))
    var inputs: [String] = []

    @Option(help: ArgumentHelp("A candidate plan to compare with the plan, call by call.", valueName: "FILE"))
    var against: String?

    @Flag(help: "Try every value of every assumption; print the values that agree best.")
    var calibrate = false

    @Flag(help: "Trace the calls: the records real calls used, those none used, agreement by stage.")
    var coverage = false

    @Option(name: .customLong("assume"), help: ArgumentHelp("Change an assumption (repeatable).", valueName: "NAME=VALUE"))
    var assumptions: [String] = []

    @Option(help: ArgumentHelp("Which column holds which field, e.g. caller=4,dialed=5 (from 1).", valueName: "SPEC"))
    var columns: String?

    @Option(name: .customLong("columns-file"), help: ArgumentHelp("A mapping file: one FIELD=COLUMN a line.", valueName: "FILE"))
    var columnsFile: String?

    @Option(help: "Whether files start with a header row: auto, yes or no.")
    var header: HeaderChoice = .auto

    @Option(help: "What to do with a malformed record: skip (report and go on) or fatal (stop, exit 2).")
    var malformed: MalformedChoice = .skip

    @Option(
        name: .customLong("min-agreement"),
        help: ArgumentHelp("Exit 1 when fewer than PERCENT of the explainable calls agree.", valueName: "PERCENT"))
    var minAgreement: Double?

    @Option(help: ArgumentHelp("Example records shown per group (0-100).", valueName: "N"))
    var examples = 3

    @Option(help: ArgumentHelp("Worker threads (default: the cores available).", valueName: "N"))
    var jobs: Int?

    @Option(help: "Report format: text, json or markdown.")
    var format: ReplayFormat = .text

    @Option(help: ArgumentHelp("Write the --format report to FILE (atomically); stdout gets the text report.", valueName: "FILE"))
    var output: String?

    enum ReplayFormat: String, ExpressibleByArgument, CaseIterable { case text, json, markdown }
    enum HeaderChoice: String, ExpressibleByArgument, CaseIterable { case auto, yes, no }
    enum MalformedChoice: String, ExpressibleByArgument, CaseIterable { case skip, fatal }

    /// Malformed records printed on stderr before the rest are only counted.
    static let malformedShown = 20

    func run() throws {
        do throws(CLIError) {
            let report = try replay()
            let rendered = render(format, report)
            if let output {
                try OutputFile.write(rendered, to: output)
                StandardOutput.write(render(.text, report))
            } else {
                StandardOutput.write(rendered)
            }
            StandardOutput.flush()
            guard let minAgreement else { return }
            // A gate with nothing to measure fails: a file of malformed records, or of calls the
            // plan cannot explain, has no agreement to pass it with.
            guard let agreement = report.agreement else {
                StandardError.writeMessage(
                    "routesim: no call could be compared (\(report.calls) calls, none the plan can explain; "
                        + "\(report.malformedCount) malformed records): --min-agreement cannot be met")
                Self.exit(withError: ExitStatus.failure.exitCode)
            }
            if agreement * 100 < minAgreement {
                StandardError.write(
                    "routesim: \(report.agreeing) of \(report.explainable) explainable calls agree, "
                        + "below --min-agreement \(minAgreement)%\n")
                Self.exit(withError: ExitStatus.failure.exitCode)
            }
        } catch {
            Self.exit(with: error)
        }
    }

    func render(_ format: ReplayFormat, _ report: ReplayReport) -> String {
        switch format {
        case .text: return report.text
        case .json: return report.jsonValue.prettyText + "\n"
        case .markdown: return report.markdown
        }
    }

    func options() throws(CLIError) -> ReplayOptions {
        if inputs.isEmpty { throw .usage("replay: give the CDR files (or folders of them, or - for standard input)") }
        guard (0...100).contains(examples) else { throw .usage("--examples must be between 0 and 100, found \(examples)") }
        if let minAgreement, !(0...100).contains(minAgreement) {
            throw .usage("--min-agreement is a percentage between 0 and 100, found \(minAgreement)")
        }
        if let jobs, !(1...64).contains(jobs) { throw .usage("--jobs must be between 1 and 64, found \(jobs)") }
        if columns != nil && columnsFile != nil { throw .usage("give --columns or --columns-file, not both") }
        var options = ReplayOptions()
        for assignment in assumptions {
            do { try options.assumptions.set(assignment) } catch { throw .assume(error) }
        }
        let mappingFile = try columnsFile.map { (path) throws(CLIError) in
            (path, String(decoding: try PlanFile.readBytes(path, what: "column mapping"), as: UTF8.self))
        }
        do throws(ColumnSpecificationError) {
            if let columns {
                options.read.columns = try ColumnSpecification.parse(columns)
            } else if let (path, text) = mappingFile {
                options.read.columns = try ColumnSpecification.parse(file: text, path: path)
            }
        } catch {
            throw .usage(error.description)
        }
        options.read.header = HeaderMode(rawValue: header.rawValue)!
        options.calibrate = calibrate
        options.coverage = coverage
        options.examplesPerGroup = examples
        options.stopOnMalformed = malformed == .fatal
        options.jobs = jobs ?? max(1, ProcessInfo.processInfo.activeProcessorCount)
        return options
    }

    func replay() throws(CLIError) -> ReplayReport {
        var options = try options()
        var paths: [String]
        do { paths = try CDRPaths.expand(inputs) } catch { throw .usage(error.description) }
        let snapshot = try plan.load()
        let candidate = try against.map { (path) throws(CLIError) in
            let snapshot = try PlanFile.load(path)
            try plan.strictness.report(snapshot.warnings)
            return (snapshot: snapshot, name: path)
        }
        // Calibration may read the records twice: standard input is kept in a file meanwhile.
        var spool: StandardInputSpool?
        if calibrate, let i = paths.firstIndex(of: "-") {
            spool = try StandardInputSpool()
            paths[i] = spool!.path
            options.read.displayNames[spool!.path] = "-"
        }
        defer { spool?.remove() }
        let replay: Replay
        do {
            replay = try Replay(plan: snapshot, planName: plan.resolvedPath, candidate: candidate, options: options)
        } catch {
            throw .usage(error.description)
        }
        var shown = 0
        var calls = 0
        let terminal = StandardError.isTerminal
        do {
            let report = try replay.run(paths: paths) { malformed in
                // Under --malformed fatal the error itself names the record.
                if options.stopOnMalformed { return }
                shown += 1
                if shown <= Self.malformedShown {
                    StandardError.writeMessage("routesim: \(malformed) (skipped)")
                } else if shown == Self.malformedShown + 1 {
                    StandardError.write("routesim: further malformed records are counted in the report, not printed\n")
                }
            } onCall: { _, _ in
                calls += 1
                if terminal && calls % 100_000 == 0 { StandardError.write("\u{1B}[2K\rreplayed \(calls) calls…") }
            }
            if terminal && calls >= 100_000 { StandardError.write("\u{1B}[2K\r") }
            return report
        } catch {
            if terminal && calls >= 100_000 { StandardError.write("\u{1B}[2K\r") }
            throw .usage(error.description)
        }
    }
}

/// Standard input copied to a temporary file, for a replay that reads its records twice.
///
/// The file is created as `mkstemp` does (a random name, `O_EXCL`, mode 0600) and unlinked at
/// once: nobody else can open, redirect or read it, and nothing is left behind whatever ends the
/// process. It is read again through `/proc/self/fd/N`, which opens the same file afresh.
struct StandardInputSpool {
    let path: String
    private let descriptor: Int32

    init() throws(CLIError) {
        var template = Array((NSTemporaryDirectory() + "/routesim-stdin-XXXXXX").utf8CString)
        let fd = mkstemp(&template)
        let name = String(cString: template)
        guard fd >= 0 else {
            throw .usage(
                "-: cannot keep standard input in a temporary file in \(NSTemporaryDirectory()): \(String(cString: strerror(errno)))")
        }
        unlink(name)
        descriptor = fd
        path = "/proc/self/fd/\(fd)"
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = read(0, &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            var offset = 0
            while offset < n {
                let written = buffer.withUnsafeBytes { write(fd, $0.baseAddress! + offset, n - offset) }
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else {
                    let reason = String(cString: strerror(errno))
                    close(fd)
                    throw .usage("-: cannot keep standard input in a temporary file: \(reason)")
                }
                offset += written
            }
        }
    }

    func remove() { close(descriptor) }
}
