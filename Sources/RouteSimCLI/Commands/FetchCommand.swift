import ArgumentParser
import DialPlan
import Foundation
import MiniSIP

/// `routesim fetch`: read a live server's dial plan into a snapshot (docs/fetch.md).
struct FetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Read a live miniSIPServer's dial plan into a snapshot file.",
        discussion: """
            Lists every table through the server's OpenAPI (page by page), queries the details \
            of local users, external lines, SIP trunks and hunting groups, and writes one \
            snapshot. The syskey (the server's administrator password) comes from the \
            environment variable ROUTESIM_SYSKEY or from --syskey-file, never from a flag; it is \
            never printed. Passwords in the answers are written as "<redacted>" unless \
            --include-secrets is given.

            The file is written only when every request succeeded (a temporary file, then a \
            rename); an existing file is left untouched otherwise, and keeps its permissions when \
            replaced (a new file fetched with --include-secrets is created readable by its owner \
            only).

            A busy server (HTTP 503 or 429) is waited for, as long as its Retry-After says, with \
            fewer requests at once; the summary says how many retries it took. The whole fetch \
            is bounded (--max-records, --max-pages, --deadline, --retry-budget): a server that \
            ignores pageIndex or pages forever ends it with an error, never a hang.

            Exit status: 0 fetched; 1 the server failed or answered badly; 2 unusable input \
            (bad URL, no syskey, bad option).
            """)

    @Option(help: ArgumentHelp("The server's web address, e.g. http://192.168.1.10:8080.", valueName: "url"))
    var url: String

    @Option(name: [.short, .long], help: ArgumentHelp("Write the snapshot here (default: stdout).", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("Read the syskey from this file (first line).", valueName: "file"))
    var syskeyFile: String?

    /// Refused: a syskey on the command line shows in `ps` and shell history.
    @Option(name: .customLong("syskey"), help: .hidden)
    var plainSyskey: String?

    @Flag(help: "Keep passwords (admpwd, dbpwd, smtppwd, usrpwd, password) instead of \"<redacted>\".")
    var includeSecrets = false

    @Option(help: ArgumentHelp("Fetch only these tables (comma-separated OpenAPI names).", valueName: "names"))
    var tables: String?

    @Option(help: ArgumentHelp("Requests in flight at once (1 = one at a time).", valueName: "n"))
    var maxInFlight = 8

    @Option(help: ArgumentHelp("Seconds to wait for a connection.", valueName: "seconds"))
    var connectTimeout = 5.0

    @Option(help: ArgumentHelp("Seconds one request may take, answer included.", valueName: "seconds"))
    var timeout = 30.0

    @Option(help: ArgumentHelp("Retries after a transient failure (refused or reset connection, timeout, HTTP 5xx).", valueName: "n"))
    var retries = 2

    @Option(
        help: ArgumentHelp(
            "Retries of the whole fetch beyond one per two good answers (a busy server's included).", valueName: "n"))
    var retryBudget = 100

    @Option(help: ArgumentHelp("Stop with an error past this many records (every table together).", valueName: "n"))
    var maxRecords = 2_000_000

    @Option(help: ArgumentHelp("Stop with an error past this many list pages (every table together).", valueName: "n"))
    var maxPages = 200_000

    @Option(help: ArgumentHelp("Stop with an error when the fetch takes longer than this.", valueName: "seconds"))
    var deadline = 3600.0

    @Flag(help: "HTTPS: do not verify the server's certificate.")
    var insecure = false

    @Option(help: ArgumentHelp("HTTPS: verify the server's certificate with this CA bundle (PEM).", valueName: "file"))
    var cacert: String?

    @Flag(name: [.short, .long], help: "Print no progress line and no summary.")
    var quiet = false

    func run() throws {
        do throws(CLIError) {
            let configuration = try makeConfiguration()
            if let output { try OutputFile.check(output, option: "--output") }
            let report = try fetch(configuration)
            let text = report.snapshot.jsonText
            if let output {
                try OutputFile.write(text, to: output, holdsSecrets: includeSecrets)
            } else {
                StandardOutput.write(text)
                StandardOutput.flush()
            }
            // Fields a newer server version adds: kept in the file, ignored by routing, warned
            // about whenever the file is loaded (and accepted per field in a lint configuration).
            for warning in report.snapshot.warnings {
                let records = warning.records == 1 ? "1 record" : "\(warning.records) records"
                StandardError.writeMessage(
                    "routesim: warning: the server's \(warning.table) records give \"\(warning.field)\" (\(records)), a field routesim does not know: it is kept in the snapshot, and routing ignores it"
                )
            }
            if !quiet { StandardError.writeLines(String(summary(report, server: configuration.server).dropLast())) }
        } catch {
            Self.exit(with: error)
        }
    }

    private func makeConfiguration() throws(CLIError) -> FetchConfiguration {
        if plainSyskey != nil {
            throw .usage(
                "fetch takes no --syskey: a syskey on the command line shows in ps and shell history; "
                    + "set ROUTESIM_SYSKEY or pass --syskey-file FILE")
        }
        let server: ServerAddress
        do {
            server = try ServerAddress(parsing: url)
        } catch {
            var message = error.message(naming: "--url")
            if error == .queryOrFragment { message += "; the syskey comes from ROUTESIM_SYSKEY or --syskey-file" }
            throw .usage(message)
        }
        var configuration = FetchConfiguration(server: server, syskey: try readSyskey())
        configuration.includeSecrets = includeSecrets
        if let tables { configuration.tables = try Self.parseTables(tables) }
        try OptionBounds.check(maxInFlight, "--max-in-flight", 1...64)
        try OptionBounds.check(connectTimeout, "--connect-timeout", 0.001...3600, unit: "seconds")
        try OptionBounds.check(timeout, "--timeout", 0.001...86_400, unit: "seconds")
        try OptionBounds.check(retries, "--retries", 0...10)
        try OptionBounds.check(retryBudget, "--retry-budget", 0...1_000_000)
        try OptionBounds.check(maxRecords, "--max-records", 1...100_000_000)
        try OptionBounds.check(maxPages, "--max-pages", 1...10_000_000)
        try OptionBounds.check(deadline, "--deadline", 1...604_800, unit: "seconds")
        if let cacert {
            guard FileManager.default.isReadableFile(atPath: cacert) else {
                throw .usage("--cacert \(cacert): no such readable file")
            }
        }
        configuration.transport.maxInFlight = maxInFlight
        configuration.transport.connectTimeout = connectTimeout
        configuration.transport.requestTimeout = timeout
        configuration.transport.retry.maxRetries = retries
        configuration.transport.retry.budget = retryBudget
        configuration.limits.maxRecords = maxRecords
        configuration.limits.maxListPages = maxPages
        configuration.limits.deadline = deadline
        configuration.transport.insecure = insecure
        configuration.transport.caCertificatePath = cacert
        return configuration
    }

    /// The syskey from `--syskey-file` (first line) or `ROUTESIM_SYSKEY`; never echoed.
    private func readSyskey() throws(CLIError) -> String {
        if let syskeyFile { return try SyskeyFile.read(syskeyFile) }
        if let key = ProcessInfo.processInfo.environment["ROUTESIM_SYSKEY"], !key.isEmpty { return key }
        throw .usage(
            "no syskey: set ROUTESIM_SYSKEY or pass --syskey-file FILE "
                + "(the syskey is the server's administrator password)")
    }

    static func parseTables(_ text: String) throws(CLIError) -> [Table] {
        var tables: [Table] = []
        for name in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            guard let table = Table(rawValue: name) else {
                let names = Table.allCases.map(\.rawValue)
                throw .usage(
                    "--tables: \(name) is not a table\(DidYouMean.aside(for: name, among: names)); the tables are \(names.joined(separator: ", "))"
                )
            }
            if !tables.contains(table) { tables.append(table) }
        }
        guard !tables.isEmpty else { throw .usage("--tables names no table") }
        return tables
    }

    private func fetch(_ configuration: FetchConfiguration) throws(CLIError) -> FetchReport {
        let fetcher = SnapshotFetcher(configuration: configuration)
        let showProgress = !quiet && StandardError.isTerminal
        var lastShown = 0.0
        let started = Date()
        defer { if showProgress { StandardError.write("\r\u{1B}[K") } }
        do {
            return try fetcher.fetch { progress in
                guard showProgress else { return }
                let now = Date().timeIntervalSince(started)
                guard now - lastShown >= 0.1 else { return }
                lastShown = now
                var line = "\rfetching \(configuration.server): \(progress.requestsDone) requests, "
                line += "\(progress.tablesDone)/\(progress.tablesTotal) tables"
                if progress.retries > 0 { line += ", \(progress.retries) retried" }
                if progress.busyAnswers > 0 { line += ", server busy: \(progress.concurrency) at once" }
                StandardError.write(line + "\u{1B}[K")
            }
        } catch {
            throw CLIError(message: error.description(advice: Self.advice), status: .failure)
        }
    }

    /// A remedy in the command line's words: the flags that apply it.
    static func advice(_ remedy: FetchError.Remedy) -> String {
        switch remedy {
        case .trustServerCertificate: return "give the server's CA with --cacert, or --insecure to skip verification"
        case .raiseRecordLimit: return "raise --max-records if the server really holds that many"
        case .raisePageLimit: return "raise --max-pages if the server really holds that many"
        case .raiseDeadline: return "raise --deadline for a slow or large server"
        }
    }

    private func summary(_ report: FetchReport, server: ServerAddress) -> String {
        let records = report.recordCounts.reduce(0) { $0 + $1.count }
        let seconds = String(format: "%.2f", report.seconds)
        var text = "fetched \(records) records from \(server)"
        if !report.verInfo.isEmpty { text += " (\(report.verInfo))" }
        text += " in \(seconds) s: \(report.requests) requests over \(report.connections) connections"
        if report.retries > 0 { text += ", \(report.retries) retried" }
        if report.busyAnswers > 0 {
            text += " (the server was busy \(report.busyAnswers) times; requests at once lowered to \(report.lowestConcurrency))"
        }
        text += "\n"
        text += "  " + report.recordCounts.map { "\($0.table) \($0.count)" }.joined(separator: ", ") + "\n"
        text += includeSecrets ? "  secrets included" : "  secrets redacted (--include-secrets keeps them)"
        text += output.map { "; wrote \($0)\n" } ?? "\n"
        return text
    }
}
