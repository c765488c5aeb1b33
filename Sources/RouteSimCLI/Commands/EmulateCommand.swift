import ArgumentParser
import DialPlan
import Foundation
import MiniSIPEmulator

/// `routesim emulate`: serve a snapshot as a miniSIPServer OpenAPI, for trying clients.
struct EmulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulate",
        abstract: "Serve a snapshot through the miniSIPServer OpenAPI (for testing clients).",
        discussion: """
            Answers every object and operation of the vendor's OpenAPI reference from the plan: \
            list (pages of 20, summary fields for localuser, extline, peerserver, hginfo), query, \
            set, add, delete, sysinfo/update, version, session/release. Changes stay in memory \
            unless --write-back is given. Every request must carry the syskey: from \
            --syskey-file, else ROUTESIM_SYSKEY, else the plan's sysinfo.admpwd.

            Faults for testing clients: --latency-ms, --fail-rate and --malformed-rate (with \
            --seed), and --fault KIND[:OBJECT[/OPERATION][@PAGE]][%EVERY][*TIMES] where KIND is \
            error (HTTP 500), malformed (not JSON), truncate (answer cut short), stall (never \
            answers), shape (JSON of the wrong shape), busy (HTTP 503 with Retry-After: \
            --retry-after), ignore-page (list answers page 0 whatever pageIndex says), endless \
            (list pages that never end) or echo (HTTP 500 echoing the request, syskey included, \
            in several encodings). Examples: --fault error:anacldnbr/list@1, --fault \
            busy%3 (every third request).

            Prints the address it listens on to stderr; SIGINT or SIGTERM stops it.
            """)

    @OptionGroup var planOption: PlanOption

    /// The snapshot to serve.
    var plan: String { planOption.resolvedPath }

    @Option(help: "The address to listen on (loopback unless told otherwise).")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0: any free port, printed at start).")
    var port = 8080

    @Option(help: ArgumentHelp("Read the syskey from this file (first line).", valueName: "file"))
    var syskeyFile: String?

    @Flag(help: "Save changes (set, add, delete, update) to the plan file, atomically.")
    var writeBack = false

    @Option(help: ArgumentHelp("Milliseconds added before every answer.", valueName: "ms"))
    var latencyMs = 0

    @Option(help: ArgumentHelp("Fraction of requests answered with HTTP 500 (0 to 1).", valueName: "fraction"))
    var failRate = 0.0

    @Option(help: ArgumentHelp("Fraction of requests answered with a body that is not JSON.", valueName: "fraction"))
    var malformedRate = 0.0

    @Option(help: "Seed of --fail-rate and --malformed-rate (same seed, same faults).")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("The Retry-After of a busy answer (--fault busy).", valueName: "seconds"))
    var retryAfter = 1

    @Option(help: ArgumentHelp("A fault rule; repeat for more (see above).", valueName: "rule"))
    var fault: [String] = []

    @Option(help: ArgumentHelp("Write the server's URL to this file once listening.", valueName: "file"))
    var readyFile: String?

    func run() throws {
        // Block the stop signals before any thread starts; the main thread waits for them.
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        sigaddset(&stopSignals, SIGINT)
        sigaddset(&stopSignals, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &stopSignals, nil)

        let server: EmulatorServer
        let url: String
        do throws(CLIError) {
            let faults = try faultOptions()
            let snapshot = try planOption.load()
            let syskey = try readSyskey(snapshot)
            let onChange = writeBack ? Self.writeBack(to: plan) : nil
            let service = OpenAPIService(snapshot: snapshot, syskey: syskey.value, onChange: onChange)
            do {
                server = try EmulatorServer(service: service, faults: faults, host: host, port: port)
            } catch {
                throw CLIError(message: "cannot listen on \(host):\(port): \(error)", status: .failure)
            }
            let hostText = host.contains(":") ? "[\(host)]" : host
            url = "http://\(hostText):\(server.port)"
            let records = Table.allCases.reduce(0) { $0 + snapshot.count(of: $1) }
            var banner = "routesim emulate: serving \(plan) (\(records) records) on \(url)/openapi"
            banner += "; syskey from \(syskey.origin)"
            if !faults.rules.isEmpty { banner += "; faults: " + faults.rules.map(\.description).joined(separator: ", ") }
            if faults.latencyMilliseconds > 0 { banner += "; latency \(faults.latencyMilliseconds) ms" }
            StandardError.writeLines(banner)
            if let readyFile { try OutputFile.write(url + "\n", to: readyFile) }
        } catch {
            Self.exit(with: error)
        }

        var received: Int32 = 0
        sigwait(&stopSignals, &received)
        StandardError.write("routesim emulate: stopping (\(received == SIGINT ? "SIGINT" : "SIGTERM"))\n")
        server.stop()
    }

    /// Saves the emulated configuration after each change; a failure is reported, not fatal.
    private static func writeBack(to path: String) -> @Sendable (Snapshot) -> Void {
        { snapshot in
            do {
                try OutputFile.write(snapshot.jsonText, to: path)
            } catch {
                StandardError.writeMessage("routesim emulate: write-back failed: \(error)")
            }
        }
    }

    private func faultOptions() throws(CLIError) -> FaultOptions {
        var options = FaultOptions()
        try OptionBounds.check(port, "--port", 0...65_535)
        try OptionBounds.check(failRate, "--fail-rate", 0...1, unit: "(a fraction)")
        try OptionBounds.check(malformedRate, "--malformed-rate", 0...1, unit: "(a fraction)")
        try OptionBounds.check(latencyMs, "--latency-ms", 0...FaultOptions.maxLatencyMilliseconds)
        try OptionBounds.check(retryAfter, "--retry-after", 0...3600, unit: "seconds")
        options.retryAfterSeconds = retryAfter
        options.errorRate = failRate
        options.malformedRate = malformedRate
        options.seed = seed
        options.latencyMilliseconds = latencyMs
        for text in fault {
            switch FaultRule.parse(text) {
            case .success(let rule): options.rules.append(rule)
            case .failure(let error): throw .usage(error.message(naming: "--fault"))
            }
        }
        return options
    }

    /// The syskey and where it came from (for the banner; the key itself is never printed).
    private func readSyskey(_ snapshot: Snapshot) throws(CLIError) -> (value: String, origin: String) {
        if let syskeyFile { return (try SyskeyFile.read(syskeyFile), syskeyFile) }
        if let key = ProcessInfo.processInfo.environment["ROUTESIM_SYSKEY"], !key.isEmpty {
            return (key, "ROUTESIM_SYSKEY")
        }
        if let admin = snapshot.systemInfo?.value(of: "admpwd"), case .string(let key) = admin, !key.isEmpty,
            key != "<redacted>"
        {
            return (key, "the plan's sysinfo.admpwd")
        }
        throw .usage(
            "no syskey: pass --syskey-file FILE or set ROUTESIM_SYSKEY "
                + "(the plan's sysinfo.admpwd is empty or redacted)")
    }
}
