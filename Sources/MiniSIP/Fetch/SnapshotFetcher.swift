import DialPlan
import Foundation

/// What to fetch, from where, and how.
public struct FetchConfiguration: Sendable {
    public var server: ServerAddress
    /// The administrator password the OpenAPI takes as `syskey`. Goes into URLs given to
    /// libcurl and nowhere else.
    public var syskey: String
    /// The tables to fetch, in any order (`version` is always asked for).
    public var tables: [Table] = Table.allCases
    /// Keep passwords instead of `"<redacted>"`.
    public var includeSecrets = false
    public var transport = TransportOptions()
    /// List pages asked for ahead of the last full one, once a table has filled two pages.
    public var pageLookahead = 4

    public init(server: ServerAddress, syskey: String) {
        self.server = server
        self.syskey = syskey
    }
}

/// How far a fetch has got, for a progress line.
public struct FetchProgress: Sendable {
    public var requestsDone: Int
    public var requestsQueued: Int
    public var tablesDone: Int
    public var tablesTotal: Int
    public var retries: Int
}

/// What a fetch produced: the snapshot, and figures for the summary.
public struct FetchReport: Sendable {
    /// Validated by the snapshot loader, secrets redacted unless asked otherwise, with metadata.
    public var snapshot: Snapshot
    public var verInfo: String
    /// Every attempt counts, retries included.
    public var requests: Int
    public var retries: Int
    /// New connections opened (requests share keep-alive connections).
    public var connections: Int
    public var seconds: Double
    /// Records per fetched table, in `Table.allCases` order.
    public var recordCounts: [(table: Table, count: Int)]
}

/// Reads a whole dial plan from a miniSIPServer through its OpenAPI (docs/fetch.md).
///
/// Runs on the calling thread: one libcurl multi loop, requests concurrent up to
/// `transport.maxInFlight`. Fails on the first request that cannot be completed (after its
/// retries), naming the object, operation and page; never returns a partial snapshot.
public final class SnapshotFetcher {
    public let configuration: FetchConfiguration

    public init(configuration: FetchConfiguration) {
        self.configuration = configuration
    }

    /// Fetches every configured table and assembles the snapshot.
    ///
    /// - Parameter progress: called after each answer (on the calling thread).
    public func fetch(progress: ((FetchProgress) -> Void)? = nil) throws(FetchError) -> FetchReport {
        let started = monotonicSeconds()
        let fetchedAt = Date()
        let configuration = self.configuration
        let server = configuration.server
        let scrubber = SecretScrubber(syskey: configuration.syskey)
        let loop = try CurlMultiLoop(
            options: configuration.transport, username: server.username, password: server.password,
            scrub: scrubber.scrub)
        var planner = FetchPlanner(tables: configuration.tables, lookahead: configuration.pageLookahead)

        var nextID = 0
        var purposeOf: [Int: FetchPurpose] = [:]
        var jobOf: [FetchPurpose: Int] = [:]
        var attempts: [FetchPurpose: Int] = [:]
        var retries = 0
        var failure: FetchError?

        func submit(_ purpose: FetchPurpose, delay: Double = 0) {
            nextID += 1
            purposeOf[nextID] = purpose
            jobOf[purpose] = nextID
            let url = planner.request(for: purpose).url(on: server, syskey: configuration.syskey)
            let priority: CurlMultiLoop.Priority
            if case .query = purpose { priority = .normal } else { priority = .high }
            loop.submit(TransferJob(id: nextID, url: url), priority: priority, delay: delay)
        }

        for purpose in planner.start() { submit(purpose) }
        loop.run { job, result in
            guard failure == nil, let purpose = purposeOf.removeValue(forKey: job.id) else { return }
            jobOf.removeValue(forKey: purpose)
            let request = planner.request(for: purpose)
            let tries = attempts[purpose, default: 0] + 1
            attempts[purpose] = tries
            var transferFailure: TransferFailure?
            switch result {
            case .response(200, let body):
                do throws(FetchError) {
                    let step = try planner.accept(purpose, body: body)
                    for cancelled in step.cancel {
                        if let id = jobOf.removeValue(forKey: cancelled) {
                            purposeOf.removeValue(forKey: id)
                            loop.cancel(id)
                        }
                    }
                    for next in step.issue { submit(next) }
                } catch {
                    failure = error
                }
            case .response(let status, let body):
                transferFailure = .status(status, scrubber.excerpt(body))
            case .failure(let reason):
                transferFailure = reason
            }
            if let transferFailure {
                if configuration.transport.retry.shouldRetry(transferFailure, attempts: tries) {
                    retries += 1
                    let delay = configuration.transport.retry.backoff(
                        afterAttempts: tries, jitter: Double.random(in: 0...1))
                    submit(purpose, delay: delay)
                } else {
                    failure = Self.error(transferFailure, request: request, server: server, attempts: tries)
                }
            }
            if failure != nil {
                loop.cancelAll()
                return
            }
            progress?(
                FetchProgress(
                    requestsDone: loop.transfersCompleted, requestsQueued: purposeOf.count,
                    tablesDone: planner.completedTables, tablesTotal: planner.tables.count, retries: retries))
        }
        if let failure { throw failure }
        guard planner.isComplete else {
            throw FetchError("the fetch ended with answers missing (an internal error); fetch again")
        }

        var tables: [Table: [JSONValue]] = [:]
        var counts: [(table: Table, count: Int)] = []
        for table in Table.allCases where configuration.tables.contains(table) {
            let records = planner.records(of: table)
            tables[table] = configuration.includeSecrets ? records : records.map { Redaction.redact($0, in: table) }
            counts.append((table, records.count))
        }
        let verInfo = planner.verInfo ?? ""
        let metadata = Self.metadata(
            configuration: configuration, fetchedAt: fetchedAt, verInfo: verInfo)
        let snapshot: Snapshot
        do {
            snapshot = try Snapshot(tables: tables, metadata: metadata, source: "answers from \(server)")
        } catch {
            throw FetchError("the server's records do not form a valid snapshot: \(scrubber.scrub(error.description))")
        }
        return FetchReport(
            snapshot: snapshot, verInfo: verInfo, requests: loop.transfersCompleted, retries: retries,
            connections: loop.connectionsOpened, seconds: monotonicSeconds() - started, recordCounts: counts)
    }

    /// The `routesim` key of a fetched snapshot (docs/formats.md, "fetch").
    static func metadata(configuration: FetchConfiguration, fetchedAt: Date, verInfo: String) -> JSONValue {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        var members: [(String, JSONValue)] = [
            ("format", .int(1)),
            ("server", .string(configuration.server.base)),
            ("fetchedAt", .string(formatter.string(from: fetchedAt))),
            ("verInfo", .string(verInfo)),
            ("secrets", .string(configuration.includeSecrets ? "included" : "redacted")),
        ]
        if Set(configuration.tables) != Set(Table.allCases) {
            let names = Table.allCases.filter(configuration.tables.contains).map { JSONValue.string($0.rawValue) }
            members.append(("tables", .array(names)))
        }
        return .object(members)
    }

    static func error(
        _ failure: TransferFailure, request: OpenAPIRequest, server: ServerAddress, attempts: Int
    ) -> FetchError {
        let url = request.displayURL(on: server)
        let tried = attempts > 1 ? " (tried \(attempts) times)" : ""
        let message: String
        var remedy: FetchError.Remedy?
        switch failure {
        case .status(let code, let excerpt):
            var text = "HTTP \(code) from \(url)\(tried)"
            if !excerpt.isEmpty { text += ": \(excerpt)" }
            if code == 401 || code == 403 { text += "; check the syskey (the server's administrator password)" }
            message = text
        case .connectionRefused(let m):
            message = "cannot connect to \(server)\(tried): \(m); is the server running and its web service on?"
        case .timedOut(let m): message = "no answer in time from \(url)\(tried): \(m)"
        case .truncated(let m): message = "the answer from \(url) was cut short\(tried): \(m)"
        case .connectionLost(let m): message = "the connection to \(server) failed\(tried): \(m)"
        case .tls(let m):
            message = "TLS failure with \(server): \(m)"
            remedy = .trustServerCertificate
        case .nameResolution(let m): message = "cannot resolve the server's name: \(m)"
        case .tooLarge: message = "\(failure) from \(url)"
        case .other(let m): message = "request to \(url) failed\(tried): \(m)"
        }
        return FetchError(place: request.place, message, remedy: remedy)
    }
}

/// Removes the syskey from text that comes from outside routesim (libcurl, the server).
///
/// The syskey never enters routesim's own messages; this is the second line of defence for
/// text routesim does not write. Every form the key travels in is removed: as is, JSON-escaped,
/// and percent-encoded.
struct SecretScrubber: Sendable {
    private let forms: [String]

    init(syskey: String) {
        var forms: Set<String> = []
        if !syskey.isEmpty {
            var json = ""
            JSONValue.writeString(syskey, into: &json)
            forms = [syskey, String(json.dropFirst().dropLast()), PercentEncoding.encode(syskey)]
        }
        // Longest first, so a form that contains another is removed whole.
        self.forms = forms.sorted { $0.count > $1.count }
    }

    func scrub(_ text: String) -> String {
        var text = text
        for form in forms where text.contains(form) {
            text = text.replacingOccurrences(of: form, with: "<syskey>")
        }
        return text
    }

    /// The start of an error answer, printable and scrubbed, for a message.
    func excerpt(_ body: [UInt8], limit: Int = 160) -> String {
        var text = String(decoding: body.prefix(limit * 4), as: UTF8.self)
        text = String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
        text = text.trimmingCharacters(in: .whitespaces)
        text = scrub(text)
        if text.count > limit { text = String(text.prefix(limit)) + "…" }
        return text
    }
}
