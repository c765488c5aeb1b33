import DialPlan
import RouteSim
import RouteSimRandom

/// Writes realistic call detail records for a plan: traffic drawn from the plan, simulated
/// under chosen assumptions, written in the default layout (docs/replay.md), with noise —
/// unanswered calls, failover attempts, calls the plan cannot explain, malformed lines.
///
/// The same plan, options and seed give the same bytes on every machine.
public enum CDRTrafficGenerator {
    public struct Options: Sendable {
        /// Calls to draw (each written as one or two records).
        public var calls: Int
        public var seed: UInt64 = 1
        /// The assumptions the "server" routes under.
        public var assumptions = Assumptions()
        /// Write the callee-side record (T-CDR) too, for calls that reached a destination.
        public var bothHalves = true
        /// Start with the header row of the default layout.
        public var header = false
        /// Percent of calls to a user, line or trunk that are not answered (busy, no answer).
        public var unansweredPercent = 10
        /// Percent of calls to a routing group or chained trunk that leave on a failover attempt.
        public var failoverPercent = 8
        /// Calls per thousand the plan cannot explain (an unknown user calls, an unknown trunk answers).
        public var unexplainablePerMille = 5
        /// Malformed lines per thousand records, added between the records.
        public var malformedPerMille = 5

        public init(calls: Int, seed: UInt64 = 1) {
            self.calls = calls
            self.seed = seed
        }
    }

    /// What was written, for the user and for tests to check a replay against.
    public struct Summary: Sendable, Equatable {
        public var calls = 0
        /// Records of calls (not counting malformed lines or the header).
        public var records = 0
        public var lines = 0
        public var unanswered = 0
        public var failover = 0
        public var unexplainable = 0
        public var malformed: [MalformedKind: Int] = [:]
        /// The lines (1-based) of the malformed records, in order.
        public var malformedLines: [Int] = []
        public var outcomes: [String: Int] = [:]
    }

    /// The kinds of malformed line the generator plants, in rotation.
    static let plantedKinds: [MalformedKind] = [
        .missingColumns, .emptyNumber, .invalidNumber, .strayQuote, .invalidValue, .invalidInteger, .textAfterQuote, .notUTF8,
        .unclosedQuote,
    ]

    /// Draws the traffic and hands each line (its bytes, without the line end) to `write`.
    public static func generate(
        plan: Snapshot, options: Options, write: ([UInt8]) -> Void
    ) throws(SnapshotError) -> Summary {
        let simulator = try Simulator(snapshot: plan, assumptions: options.assumptions)
        var traffic = TrafficModel(plan: plan, seed: options.seed)
        var noise = SeededGenerator(seed: options.seed &+ 0x5EED)
        var summary = Summary()
        var delayed: [(due: Int, line: String)] = []
        var clock = 8 * 3600
        var nextMalformedKind = 0

        func emit(_ line: [UInt8]) {
            summary.lines += 1
            write(line)
        }
        func emit(_ line: String) { emit(Array(line.utf8)) }
        if options.header { emit(ColumnMapping.defaultHeader.joined(separator: ",")) }

        func maybeMalformed() {
            guard options.malformedPerMille > 0, noise.below(1000) < options.malformedPerMille else { return }
            let kind = plantedKinds[nextMalformedKind % plantedKinds.count]
            nextMalformedKind += 1
            summary.malformed[kind, default: 0] += 1
            summary.malformedLines.append(summary.lines + 1)
            emit(malformedLine(kind, &noise))
        }

        for _ in 0..<options.calls {
            clock += 1 + noise.below(20)
            let drawn = traffic.drawCall()
            var record = Row(start: Self.timestamp(clock), call: drawn)
            let unexplainable = options.unexplainablePerMille > 0 && noise.below(1000) < options.unexplainablePerMille
            if unexplainable {
                summary.unexplainable += 1
                if noise.chance(50) {
                    record.originType = "user"
                    record.origin = "ghost\(noise.below(100))"
                    record.caller = record.origin
                    record.destType = "user"
                    record.dest = traffic.anyUser(&noise) ?? "100"
                } else {
                    record.destType = "trunk"
                    record.dest = String(traffic.unknownTrunk)
                    record.called = record.dialed
                }
                record.answered = true
                record.duration = 10 + noise.below(600)
            } else {
                guard let result = try? simulator.routeFast(drawn) else { continue }
                summary.outcomes[result.outcome.rawValue, default: 0] += 1
                describe(result, into: &record, options: options, noise: &noise, summary: &summary)
            }
            summary.calls += 1
            summary.records += 1
            maybeMalformed()
            emit(record.line(half: "O"))
            if options.bothHalves && !record.destType.isEmpty {
                summary.records += 1
                delayed.append((summary.lines + noise.below(12), record.line(half: "T")))
            }
            while let first = delayed.first, first.due <= summary.lines {
                delayed.removeFirst()
                emit(first.line)
            }
        }
        for entry in delayed { emit(entry.line) }
        return summary
    }

    /// Fills the record from the simulated result: where the call went, the number sent, the
    /// result, and the noise of real traffic (unanswered calls, failovers).
    static func describe(
        _ result: RouteResult, into record: inout Row, options: Options, noise: inout SeededGenerator, summary: inout Summary
    ) {
        switch result.outcome {
        case .released, .rejected:
            record.answered = false
            record.cause = cause(of: result.release?.reason)
            return
        case .localUser, .voicemail:
            // The user's voice mail answers as the user.
            if case .user(let name) = result.target {
                record.destType = "user"
                record.dest = name
                record.called = result.called
            }
        case .huntingGroup:
            if let operators = result.huntingGroup?.operators, !operators.isEmpty {
                record.destType = "user"
                record.dest = operators[noise.below(operators.count)]
            }
        case .autoAttendant:
            record.destType = "aa"
        case .intercept:
            record.destType = "intercept"
            record.answered = false
            return
        case .externalLine, .sipTrunk, .routingGroup:
            guard !result.attempts.isEmpty else { break }
            var k = 0
            if result.attempts.count > 1 && noise.below(100) < options.failoverPercent {
                k = 1 + noise.below(result.attempts.count - 1)
                summary.failover += 1
            }
            let attempt = result.attempts[k]
            switch attempt.via {
            case .externalLine(let name):
                record.destType = "line"
                record.dest = name
            case .sipTrunk(let id):
                record.destType = "trunk"
                record.dest = String(id.rawValue)
            }
            record.called = attempt.called
        }
        if ["user", "line", "trunk"].contains(record.destType) && noise.below(100) < options.unansweredPercent {
            record.answered = false
            record.cause = [486, 480, 487, 408][noise.below(4)]
            summary.unanswered += 1
            return
        }
        record.answered = true
        record.duration = 5 + noise.below(1800)
    }

    /// The SIP cause a server gives for a release (RFC 3261 codes).
    static func cause(of reason: ReleaseReason?) -> Int {
        switch reason {
        case .noSuchUser?, .noDestination?: return 404
        case .callLevel?: return 403
        case .loop?: return 482
        case .unsupportedRouteType?: return 501
        case .noExternalLine?, .emptyRoutingGroup?: return 503
        default: return 500
        }
    }

    /// `2024-05-01 08:00:17` for `seconds` after midnight of 1 May 2024.
    static func timestamp(_ seconds: Int) -> String {
        // Days from 1970-01-01 to 2024-05-01 is 19844; civil-from-days (H. Hinnant).
        let z = 19844 + seconds / 86400 + 719_468
        let era = z / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        let s = seconds % 86400
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day)) \(two(s / 3600)):\(two(s / 60 % 60)):\(two(s % 60))"
    }

    /// A malformed line of `kind`, shaped like a record so it is found by its fault alone.
    static func malformedLine(_ kind: MalformedKind, _ rng: inout SeededGenerator) -> [UInt8] {
        let line = Array(malformedText(kind, &rng).utf8)
        guard kind == .notUTF8, let marker = line.firstIndex(of: UInt8(ascii: "~")) else { return line }
        // A Latin-1 byte where UTF-8 is expected, as a file saved in the wrong encoding has.
        var bytes = line
        bytes[marker] = 0xE9
        return bytes
    }

    static func malformedText(_ kind: MalformedKind, _ rng: inout SeededGenerator) -> String {
        let caller = "10\(rng.below(10))", dialed = "9\(rng.below(1000))"
        switch kind {
        case .missingColumns: return "O,2024-05-01 09:00:00,12,\(caller),\(dialed)"
        case .emptyNumber: return "O,2024-05-01 09:00:00,12,\(caller),,,user,\(caller),,,answered,callTag=1"
        case .invalidNumber: return "O,2024-05-01 09:00:00,12,\(caller),9 \(dialed),,user,\(caller),,,answered,callTag=1"
        case .strayQuote: return "O,2024-05-01 09:00:00,12,\(caller),\(dialed)\",,user,\(caller),,,answered,callTag=1"
        case .invalidValue: return "X,2024-05-01 09:00:00,12,\(caller),\(dialed),,user,\(caller),,,answered,callTag=1"
        case .invalidInteger: return "O,2024-05-01 09:00:00,twelve,\(caller),\(dialed),,user,\(caller),,,answered,callTag=1"
        case .textAfterQuote: return "O,2024-05-01 09:00:00,12,\"\(caller)\"x,\(dialed),,user,\(caller),,,answered,callTag=1"
        case .notUTF8: return "O,2024-05-01 09:00:00,12,\(caller),\(dialed),,user,Ren~\(caller),,,answered,callTag=1"
        case .unclosedQuote: return "O,2024-05-01 09:00:00,12,\(caller),\"\(dialed),,user,\(caller),,,answered,callTag=1"
        case .tooLong, .unreadable: return "O,2024-05-01 09:00:00,12,\(caller),\(dialed)"
        }
    }

    /// One record in the default layout.
    struct Row {
        var start: String
        var duration = 0
        var caller: String
        var dialed: String
        var called = ""
        var originType = ""
        var origin = ""
        var destType = ""
        var dest = ""
        var answered = false
        var cause: Int?

        init(start: String, call: Call) {
            self.start = start
            dialed = call.called
            switch call.origin {
            case .localUser(let name):
                caller = name
                originType = "user"
                origin = name
            case .sipTrunk(let id, let number):
                caller = number
                originType = "trunk"
                origin = String(id.rawValue)
            case .externalLine(let name, let number):
                caller = number
                originType = "line"
                origin = name
            case .caller(let number):
                caller = number
            }
        }

        func line(half: String) -> String {
            var fci = "callTag=\(answered ? 1 : 2)"
            if let cause { fci += ";cause=\(cause)" }
            let fields = [
                half, start, String(duration), caller, dialed, called, originType, origin, destType, dest, answered ? "answered" : "failed",
                fci,
            ]
            return fields.map(Self.csvField).joined(separator: ",")
        }

        /// A field as CSV writes it: quoted when it holds a comma, quote or line break.
        static func csvField(_ text: String) -> String {
            guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
            var quoted = "\""
            for c in text { quoted += c == "\"" ? "\"\"" : String(c) }
            return quoted + "\""
        }
    }
}
