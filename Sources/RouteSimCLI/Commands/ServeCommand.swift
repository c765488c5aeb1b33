import ArgumentParser
import DialPlan
import Foundation
import MiniSIP
import RouteSimServer

/// `routesim serve`: the route page, the plan pages and the HTTP API for one plan, kept warm
/// and reloaded without downtime (README, "routesim serve"; docs/formats.md).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the route page, the plan pages and an HTTP API for one plan.",
        discussion: """
            One process keeps the plan indexed and answers in the browser (http://127.0.0.1:8080/) \
            and to scripts (/api/route, /api/route/batch, /api/lint, /api/tables, described by \
            /api/openapi.json) with the same answers as `route` and `lint`:

              routesim serve --plan plan.json
              routesim serve --plan plan.json --port 9000 --watch-interval 5
              ROUTESIM_SYSKEY=… routesim serve --fetch-from http://pbx:8080 --every 5m

            Reload without downtime: when the plan file changes (checked every --watch-interval \
            seconds), on SIGHUP, or every --every with --fetch-from, the new plan is loaded and \
            indexed beside the old one and swapped in at once; a plan that fails to load keeps \
            the old one serving, and the pages show the error in a banner.

            Safe by default: read-only; listens on 127.0.0.1; answers only requests addressed to \
            a loopback name. Listening on any other address needs a token (--token-file FILE or \
            ROUTESIM_SERVE_TOKEN; never a flag, which ps would show) that every request must \
            carry as `Authorization: Bearer TOKEN` (a browser opens /?token=TOKEN once), or put \
            a reverse proxy that authenticates in front of a loopback server. No password from \
            the plan appears in any page or answer.

            Exit status: 0 after SIGINT or SIGTERM; 1 the port cannot be opened; 2 unusable \
            input (bad plan or options, no token for a non-loopback address).
            """)

    @OptionGroup var plan: PlanOption

    @Option(help: "The address to listen on. Anything but loopback needs a token.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0: any free port, printed at start).")
    var port = 8080

    @Option(help: ArgumentHelp("Read the token every request must carry from this file (first line).", valueName: "file"))
    var tokenFile: String?

    @Option(
        help: ArgumentHelp(
            "Seconds between checks of the plan file for changes (0: no watching; SIGHUP still reloads).", valueName: "seconds"))
    var watchInterval = 1.0

    @Option(
        help: ArgumentHelp(
            "Serve the plan fetched from this miniSIPServer (as `fetch --url`; syskey from ROUTESIM_SYSKEY or --syskey-file).",
            valueName: "url"))
    var fetchFrom: String?

    @Option(help: ArgumentHelp("With --fetch-from: fetch again this often (30s, 5m, 1h).", valueName: "interval"))
    var every: String?

    @Option(help: ArgumentHelp("With --fetch-from: read the syskey from this file (first line).", valueName: "file"))
    var syskeyFile: String?

    @Option(help: ArgumentHelp("The lint configuration (default: PLAN.lint.json beside the plan, when it exists).", valueName: "FILE"))
    var config: String?

    @Option(help: ArgumentHelp("Write the server's URL to this file once listening.", valueName: "file"))
    var readyFile: String?

    func validate() throws {
        if fetchFrom == nil && (every != nil || syskeyFile != nil) {
            throw ValidationError("--every and --syskey-file go with --fetch-from URL")
        }
        if fetchFrom != nil && plan.path != nil { throw ValidationError("give --plan FILE or --fetch-from URL, not both") }
        if watchInterval < 0 { throw ValidationError("--watch-interval must be 0 or more seconds") }
        if !(0...65535).contains(port) { throw ValidationError("--port must be from 0 to 65535") }
    }

    func run() throws {
        let started: (ServerHost, PlanReloader, String)
        do throws(CLIError) {
            started = try prepare()
        } catch {
            Self.exit(with: error)
        }
        let (server, reloader, description) = started
        let reloads = DispatchQueue(label: "routesim.serve.reload")
        var sources: [any DispatchSourceProtocol] = []
        // SIGHUP: reload now.
        signal(SIGHUP, SIG_IGN)
        let hangUp = DispatchSource.makeSignalSource(signal: SIGHUP, queue: reloads)
        hangUp.setEventHandler { Self.report(reloader.reload(), reason: "SIGHUP") }
        hangUp.resume()
        sources.append(hangUp)
        if fetchFrom == nil, watchInterval > 0 {
            let timer = DispatchSource.makeTimerSource(queue: reloads)
            timer.schedule(deadline: .now() + watchInterval, repeating: watchInterval)
            timer.setEventHandler { Self.report(reloader.reloadIfChanged(), reason: "the file changed") }
            timer.resume()
            sources.append(timer)
        }
        if fetchFrom != nil, let every, let seconds = Self.seconds(every) {
            let timer = DispatchSource.makeTimerSource(queue: reloads)
            timer.schedule(deadline: .now() + seconds, repeating: seconds)
            timer.setEventHandler { Self.report(reloader.reload(), reason: "--every \(every)") }
            timer.resume()
            sources.append(timer)
        }

        let hostText = host.contains(":") ? "[\(host)]" : host
        let readyFile = self.readyFile
        let finished = DispatchSemaphore(value: 0)
        let failure = LockedFailure()
        Task {
            do {
                try await server.run { port in
                    let url = "http://\(hostText):\(port)"
                    StandardError.write("routesim serve: \(description) on \(url)/\n")
                    if let readyFile {
                        do { try OutputFile.write(url + "\n", to: readyFile) } catch {
                            StandardError.writeMessage("routesim serve: \((error as? CLIError)?.message ?? "\(error)")")
                        }
                    }
                }
            } catch {
                failure.set("cannot serve on \(host):\(port): \(error)")
            }
            finished.signal()
        }
        finished.wait()
        withExtendedLifetime(sources) {}
        if let message = failure.message { Self.exit(with: CLIError(message: message, status: .failure)) }
        StandardError.write("routesim serve: stopped\n")
    }

    /// Reads the plan, checks the access options, and builds the server (nothing listens yet).
    func prepare() throws(CLIError) -> (ServerHost, PlanReloader, String) {
        let token = try readToken()
        let isLoopback = Self.isLoopback(host)
        if !isLoopback && token == nil {
            throw .usage(
                "--host \(host) is not a loopback address: give a token (--token-file FILE or ROUTESIM_SERVE_TOKEN) that every request must carry, or keep the default 127.0.0.1 behind a reverse proxy that authenticates"
            )
        }
        let source = try planSource()
        let loaded: LoadedPlan
        do { loaded = try source.read() } catch {
            throw CLIError(message: error.message, status: fetchFrom == nil ? .unusableInput : .failure)
        }
        let served: ServedPlan
        do { served = try ServedPlan(loaded, sourceName: source.name, generation: 1) } catch { throw .usage(error.message) }
        let store = PlanStore(served)
        let service = RouteSimService(
            store: store, access: AccessPolicy(token: token, loopbackHostsOnly: isLoopback && token == nil),
            toolVersion: RouteSimCommand.configuration.version)
        var description = "serving \(source.name) (\(served.recordCount) records)"
        if fetchFrom != nil {
            description += every.map { "; fetching again every \($0)" } ?? ""
        } else {
            description += watchInterval > 0 ? "; reloads when the file changes and on SIGHUP" : "; reloads on SIGHUP"
        }
        if token != nil { description += "; every request needs the token" }
        return (ServerHost(service: service, host: host, port: port), PlanReloader(source: source, store: store), description)
    }

    func planSource() throws(CLIError) -> PlanSource {
        guard let fetchFrom else { return PlanSource.file(plan.resolvedPath, lintConfiguration: config) }
        if let every, Self.seconds(every) == nil {
            throw .usage("--every \(every): write a duration such as 30s, 5m or 1h (at least 1 s)")
        }
        let server: ServerAddress
        do { server = try ServerAddress(parsing: fetchFrom) } catch { throw .usage(error.message(naming: "--fetch-from")) }
        let syskey: String
        if let syskeyFile {
            syskey = try SyskeyFile.read(syskeyFile)
        } else if let key = ProcessInfo.processInfo.environment["ROUTESIM_SYSKEY"], !key.isEmpty {
            syskey = key
        } else {
            throw .usage("--fetch-from needs the syskey: set ROUTESIM_SYSKEY or pass --syskey-file FILE")
        }
        let lintConfiguration = config
        let configuration = FetchConfiguration(server: server, syskey: syskey)
        return PlanSource(
            name: server.description,
            read: { () throws(PlanLoadError) -> LoadedPlan in
                let report: FetchReport
                do { report = try SnapshotFetcher(configuration: configuration).fetch() } catch {
                    let reason = (error as? FetchError)?.description(advice: FetchCommand.advice) ?? "\(error)"
                    throw PlanLoadError("fetch from \(server): \(reason)")
                }
                var loaded = LoadedPlan(snapshot: report.snapshot, fingerprint: Fingerprint.of(report.snapshot.jsonText.utf8))
                if let lintConfiguration {
                    loaded.lintConfiguration = try PlanSource.readLintConfiguration(lintConfiguration)
                }
                return loaded
            })
    }

    /// The token from `--token-file` or `ROUTESIM_SERVE_TOKEN` (nil: none); never echoed.
    func readToken() throws(CLIError) -> String? {
        if let tokenFile {
            let token = try SyskeyFile.read(tokenFile)
            guard token.count >= 16 else { throw .usage("\(tokenFile): the token has \(token.count) characters; use at least 16") }
            return token
        }
        if let token = ProcessInfo.processInfo.environment["ROUTESIM_SERVE_TOKEN"], !token.isEmpty {
            guard token.count >= 16 else { throw .usage("ROUTESIM_SERVE_TOKEN has \(token.count) characters; use at least 16") }
            return token
        }
        return nil
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.split(separator: ".").first == "127" && host.split(separator: ".").count == 4
    }

    /// `30s`, `5m`, `1h` or plain seconds, at least 1.
    static func seconds(_ text: String) -> Double? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600]
        let (number, unit) = units[text.last ?? " "].map { (text.dropLast(), $0) } ?? (Substring(text), 1)
        guard let value = Double(number), value * unit >= 1 else { return nil }
        return value * unit
    }

    /// One line on stderr per reload that did something.
    static func report(_ outcome: PlanReloader.Outcome, reason: String) {
        switch outcome {
        case .swapped(let generation): StandardError.write("routesim serve: \(reason): now serving generation \(generation)\n")
        case .unchanged: break
        case .failed(let message):
            StandardError.writeMessage("routesim serve: \(reason): reload failed, the old plan keeps serving: \(message)")
        }
    }
}

/// The message of a server that could not start, set by its task and read after it ended.
private final class LockedFailure: @unchecked Sendable {
    private let lock = NSLock()
    private var text: String?
    func set(_ message: String) { lock.withLock { text = message } }
    var message: String? { lock.withLock { text } }
}
