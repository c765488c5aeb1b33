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
    /// How far the whole fetch may go before it stops with an error.
    public var limits = FetchLimits()

    public init(server: ServerAddress, syskey: String) {
        self.server = server
        self.syskey = syskey
    }
}

/// Bounds on a whole fetch, so that no server (one that pages forever, or answers slowly
/// forever) keeps it running: past any of them the fetch fails, naming the bound.
public struct FetchLimits: Sendable, Equatable {
    /// Records of every table together.
    public var maxRecords = 2_000_000
    /// `list` pages of every table together.
    public var maxListPages = 200_000
    /// Seconds from the first request to the last answer.
    public var deadline = 3_600.0

    public init() {}
}

/// How far a fetch has got, for a progress line.
public struct FetchProgress: Sendable {
    public var requestsDone: Int
    public var requestsQueued: Int
    public var tablesDone: Int
    public var tablesTotal: Int
    public var retries: Int
    /// Answers in which the server said it was busy (HTTP 503 or 429).
    public var busyAnswers: Int
    /// Requests in flight at once now (lowered while the server is busy).
    public var concurrency: Int
}

/// What a fetch produced: the snapshot, and figures for the summary.
public struct FetchReport: Sendable {
    /// Validated by the snapshot loader, secrets redacted unless asked otherwise, with metadata.
    public var snapshot: Snapshot
    public var verInfo: String
    /// Every attempt counts, retries included.
    public var requests: Int
    public var retries: Int
    /// Answers in which the server said it was busy (HTTP 503 or 429); each was retried.
    public var busyAnswers: Int
    /// The fewest requests in flight at once during the fetch (lowered while the server was busy).
    public var lowestConcurrency: Int
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
        let retry = configuration.transport.retry
        let scrubber = SecretScrubber(syskey: configuration.syskey)
        let loop = try CurlMultiLoop(
            options: configuration.transport, username: server.username, password: server.password,
            scrub: scrubber.scrub)
        var planner = FetchPlanner(
            tables: configuration.tables, lookahead: configuration.pageLookahead, limits: configuration.limits)
        let maxConcurrency = loop.concurrency

        var nextID = 0
        var purposeOf: [Int: FetchPurpose] = [:]
        var jobOf: [FetchPurpose: Int] = [:]
        var attempts: [FetchPurpose: Int] = [:]
        var busy: [FetchPurpose: Int] = [:]
        var retries = 0
        var busyAnswers = 0
        var successes = 0
        var successesSinceChange = 0
        var lowestConcurrency = maxConcurrency
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
        let finished = loop.run(until: started + configuration.limits.deadline) { job, result in
            guard failure == nil, let purpose = purposeOf.removeValue(forKey: job.id) else { return }
            jobOf.removeValue(forKey: purpose)
            let request = planner.request(for: purpose)
            let tries = attempts[purpose, default: 0] + 1
            attempts[purpose] = tries
            var transferFailure: TransferFailure?
            var retryAfter: Double?
            switch result {
            case .response(200, let body, _):
                successes += 1
                // A server that keeps up gets its concurrency back, one request at a time.
                successesSinceChange += 1
                if loop.concurrency < maxConcurrency && successesSinceChange >= 4 * loop.concurrency {
                    loop.concurrency += 1
                    successesSinceChange = 0
                }
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
            case .response(let status, let body, let after):
                transferFailure = .status(status, scrubber.excerpt(body))
                retryAfter = after
            case .failure(let reason):
                transferFailure = reason
            }
            if let transferFailure {
                if transferFailure.isBusy {
                    busyAnswers += 1
                    busy[purpose, default: 0] += 1
                    // A busy server gets fewer requests at once until it keeps up again.
                    loop.concurrency = max(1, loop.concurrency / 2)
                    lowestConcurrency = min(lowestConcurrency, loop.concurrency)
                    successesSinceChange = 0
                }
                let busyCount = busy[purpose, default: 0]
                if !retry.shouldRetry(transferFailure, attempts: tries, busyAnswers: busyCount) {
                    failure = Self.error(transferFailure, request: request, server: server, attempts: tries)
                } else if !retry.withinBudget(retries: retries + 1, successes: successes) {
                    var error = Self.error(transferFailure, request: request, server: server, attempts: tries)
                    error.message += "; the fetch used up its retries (\(retries) in all, after \(successes) good answers)"
                    failure = error
                } else {
                    retries += 1
                    let delay = retry.backoff(
                        afterAttempts: tries, jitter: Double.random(in: 0...1),
                        retryAfter: transferFailure.isBusy ? retryAfter : nil)
                    submit(purpose, delay: delay)
                }
            }
            if failure != nil {
                loop.cancelAll()
                return
            }
            progress?(
                FetchProgress(
                    requestsDone: loop.transfersCompleted, requestsQueued: purposeOf.count,
                    tablesDone: planner.completedTables, tablesTotal: planner.tables.count, retries: retries,
                    busyAnswers: busyAnswers, concurrency: loop.concurrency))
        }
        if var failure {
            // Text from the server can reach a message (a member name in a JSON error): the
            // syskey never does, in any encoding.
            failure.message = scrubber.scrub(failure.message)
            throw failure
        }
        if !finished {
            throw FetchError(
                "the fetch did not finish within \(Self.seconds(configuration.limits.deadline)) "
                    + "(\(loop.transfersCompleted) requests, \(planner.recordsAccepted) records so far)",
                remedy: .raiseDeadline)
        }
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
            busyAnswers: busyAnswers, lowestConcurrency: lowestConcurrency,
            connections: loop.connectionsOpened, seconds: monotonicSeconds() - started, recordCounts: counts)
    }

    /// `90 s`, `1.5 s`: a duration in a message.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() && value < 1e15 ? "\(Int(value)) s" : "\(value) s"
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
            if failure.isBusy { text += ": the server stayed busy" }
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
/// text routesim does not write, such as a server's error page that echoes the request. Every
/// usual encoding of the key is replaced by `<syskey>`: as is, JSON-escaped (with or without
/// `\/`, and with `\uXXXX` for any character), percent-encoded in upper or lower case, with `+`
/// for a space, and HTML entities. Text that still holds the key once decoded in any of those
/// ways (a mix the replacement cannot see) is withheld whole.
struct SecretScrubber: Sendable {
    private let syskey: String
    private let forms: [String]

    init(syskey: String) {
        self.syskey = syskey
        var forms: Set<String> = []
        if !syskey.isEmpty {
            var json = ""
            JSONValue.writeString(syskey, into: &json)
            let jsonForm = String(json.dropFirst().dropLast())
            let percent = PercentEncoding.encode(syskey)
            forms = [
                syskey, jsonForm, jsonForm.replacingOccurrences(of: "/", with: "\\/"),
                Self.jsonUnicodeEscaped(syskey), Self.jsonUnicodeEscaped(syskey, uppercase: true),
                percent, Self.lowercasingPercentEscapes(percent),
                percent.replacingOccurrences(of: "%20", with: "+"),
                Self.lowercasingPercentEscapes(percent).replacingOccurrences(of: "%20", with: "+"),
                Self.htmlEscaped(syskey), Self.htmlEscaped(syskey, numeric: true),
            ]
        }
        // Longest first, so a form that contains another is removed whole.
        self.forms = forms.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
    }

    /// What replaces text that holds the key in a form `scrub` cannot cut out.
    static let withheld = "<withheld: the text held the syskey>"

    func scrub(_ text: String) -> String {
        guard !syskey.isEmpty else { return text }
        var text = text
        for form in forms where text.contains(form) {
            text = text.replacingOccurrences(of: form, with: "<syskey>")
        }
        if Self.decodings(of: text).contains(where: { $0.contains(syskey) }) { return Self.withheld }
        return text
    }

    /// The start of an error answer, printable and scrubbed, for a message.
    func excerpt(_ body: [UInt8], limit: Int = 120) -> String {
        // Scrubbed before it is cut, so that no part of a key is left at the cut.
        var text = String(decoding: body.prefix(limit * 4 + 4096), as: UTF8.self)
        text = String(text.unicodeScalars.map { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) ? " " : Character($0) })
        text = scrub(text.trimmingCharacters(in: .whitespaces))
        if text.count > limit { text = String(text.prefix(limit)) + "…" }
        return text
    }

    // MARK: Encodings

    /// Every way the text reads once decoded, once or twice, as JSON string escapes, percent
    /// encoding (with and without `+` for a space) or HTML entities.
    static func decodings(of text: String) -> [String] {
        let decoders: [(String) -> String] = [
            jsonUnescaped, { percentDecoded($0, plusIsSpace: false) }, { percentDecoded($0, plusIsSpace: true) }, htmlUnescaped,
        ]
        var views: [String] = []
        for first in decoders {
            let once = first(text)
            if once != text { views.append(once) }
            for second in decoders {
                let twice = second(once)
                if twice != once { views.append(twice) }
            }
        }
        return views
    }

    static func jsonUnicodeEscaped(_ text: String, uppercase: Bool = false) -> String {
        var out = ""
        for unit in text.utf16 {
            let hex = String(unit, radix: 16, uppercase: uppercase)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }
        return out
    }

    static func lowercasingPercentEscapes(_ text: String) -> String {
        var out = ""
        var pending = 0
        for c in text {
            if c == "%" {
                pending = 2
                out.append(c)
            } else if pending > 0 {
                pending -= 1
                out += c.lowercased()
            } else {
                out.append(c)
            }
        }
        return out
    }

    static func htmlEscaped(_ text: String, numeric: Bool = false) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += numeric ? "&#38;" : "&amp;"
            case "<": out += numeric ? "&#60;" : "&lt;"
            case ">": out += numeric ? "&#62;" : "&gt;"
            case "\"": out += numeric ? "&#34;" : "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// JSON string escapes decoded where they are well formed (`\n`, `\/`, `\u00e9`, pairs).
    static func jsonUnescaped(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        let units = Array(text.utf16)
        var out: [UInt16] = []
        var i = 0
        while i < units.count {
            guard units[i] == 0x5C, i + 1 < units.count else {
                out.append(units[i])
                i += 1
                continue
            }
            let next = units[i + 1]
            switch next {
            case 0x22, 0x5C, 0x2F: out.append(next); i += 2
            case 0x62: out.append(0x08); i += 2
            case 0x66: out.append(0x0C); i += 2
            case 0x6E: out.append(0x0A); i += 2
            case 0x72: out.append(0x0D); i += 2
            case 0x74: out.append(0x09); i += 2
            case 0x75 where i + 6 <= units.count:
                let hex = String(decoding: units[(i + 2)..<(i + 6)], as: UTF16.self)
                if let value = UInt16(hex, radix: 16) {
                    out.append(value)
                    i += 6
                } else {
                    out.append(units[i])
                    i += 1
                }
            default:
                out.append(units[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF16.self)
    }

    /// `%XX` (either case) decoded as UTF-8 bytes; `+` as a space when asked.
    static func percentDecoded(_ text: String, plusIsSpace: Bool) -> String {
        guard text.contains("%") || (plusIsSpace && text.contains("+")) else { return text }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var i = 0
        func digit(_ b: UInt8) -> UInt8? {
            switch b {
            case 0x30...0x39: return b - 0x30
            case 0x41...0x46: return b - 0x41 + 10
            case 0x61...0x66: return b - 0x61 + 10
            default: return nil
            }
        }
        while i < bytes.count {
            if bytes[i] == 0x25, i + 2 < bytes.count, let high = digit(bytes[i + 1]), let low = digit(bytes[i + 2]) {
                out.append(high << 4 | low)
                i += 3
            } else {
                out.append(plusIsSpace && bytes[i] == 0x2B ? 0x20 : bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// HTML character references decoded: `&amp;` and the other four named ones, `&#38;`, `&#x26;`.
    static func htmlUnescaped(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            guard let semicolon = after.prefix(10).firstIndex(of: ";") else {
                out += "&"
                rest = after
                continue
            }
            let name = after[..<semicolon]
            var decoded: String?
            switch name {
            case "amp": decoded = "&"
            case "lt": decoded = "<"
            case "gt": decoded = ">"
            case "quot": decoded = "\""
            case "apos": decoded = "'"
            default:
                if name.hasPrefix("#x") || name.hasPrefix("#X"), let v = UInt32(name.dropFirst(2), radix: 16) {
                    decoded = Unicode.Scalar(v).map { String(Character($0)) }
                } else if name.hasPrefix("#"), let v = UInt32(name.dropFirst()) {
                    decoded = Unicode.Scalar(v).map { String(Character($0)) }
                }
            }
            if let decoded {
                out += decoded
                rest = after[after.index(after: semicolon)...]
            } else {
                out += "&"
                rest = after
            }
        }
        return out + rest
    }
}
