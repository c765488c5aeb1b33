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
            rename); an existing file is left untouched otherwise.

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

    @Flag(help: "HTTPS: do not verify the server's certificate.")
    var insecure = false

    @Option(help: ArgumentHelp("HTTPS: verify the server's certificate with this CA bundle (PEM).", valueName: "file"))
    var cacert: String?

    @Flag(name: [.short, .long], help: "Print no progress line and no summary.")
    var quiet = false

    func run() throws {
        do throws(CLIError) {
            let configuration = try makeConfiguration()
            if let output { try checkOutputDirectory(output) }
            let report = try fetch(configuration)
            let text = report.snapshot.jsonText
            if let output {
                try PlanFile.writeAtomically(text, to: output)
            } else {
                StandardOutput.write(text)
                StandardOutput.flush()
            }
            // Fields a newer server version adds: kept in the file, ignored by routing, warned
            // about whenever the file is loaded (and accepted per field in a lint configuration).
            for warning in report.snapshot.warnings {
                let records = warning.records == 1 ? "1 record" : "\(warning.records) records"
                StandardError.write(
                    "routesim: warning: the server's \(warning.table) records give \"\(warning.field)\" (\(records)), a field routesim does not know: it is kept in the snapshot, and routing ignores it\n"
                )
            }
            if !quiet { StandardError.write(summary(report, server: configuration.server)) }
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
        guard (1...64).contains(maxInFlight) else { throw .usage("--max-in-flight must be from 1 to 64") }
        guard connectTimeout > 0, timeout > 0 else { throw .usage("--connect-timeout and --timeout must be above 0") }
        guard (0...10).contains(retries) else { throw .usage("--retries must be from 0 to 10") }
        if let cacert {
            guard FileManager.default.isReadableFile(atPath: cacert) else {
                throw .usage("--cacert \(cacert): no such readable file")
            }
        }
        configuration.transport.maxInFlight = maxInFlight
        configuration.transport.connectTimeout = connectTimeout
        configuration.transport.requestTimeout = timeout
        configuration.transport.retry.maxRetries = retries
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

    private func checkOutputDirectory(_ path: String) throws(CLIError) {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .usage("--output \(path): the directory \(directory) does not exist")
        }
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
        }
    }

    private func summary(_ report: FetchReport, server: ServerAddress) -> String {
        let records = report.recordCounts.reduce(0) { $0 + $1.count }
        let seconds = String(format: "%.2f", report.seconds)
        var text = "fetched \(records) records from \(server)"
        if !report.verInfo.isEmpty { text += " (\(report.verInfo))" }
        text += " in \(seconds) s: \(report.requests) requests over \(report.connections) connections"
        text += report.retries > 0 ? ", \(report.retries) retried\n" : "\n"
        text += "  " + report.recordCounts.map { "\($0.table) \($0.count)" }.joined(separator: ", ") + "\n"
        text += includeSecrets ? "  secrets included" : "  secrets redacted (--include-secrets keeps them)"
        text += output.map { "; wrote \($0)\n" } ?? "\n"
        return text
    }
}
