import DialPlan
import Foundation
import RouteSimServer
import RouteSimTestSupport
import Testing

@Suite("Reload: all or nothing, swapped atomically, failures visible")
struct ReloadTests {
    static let before =
        #"{"sysinfo": {"ogpfx": "9"}, "localuser": [{"usrname": "100"}], "extline": [{"extLine": "A", "localUser": "100", "shareInd": 1}]}"#
    static let after =
        #"{"sysinfo": {"ogpfx": "9"}, "localuser": [{"usrname": "100"}], "extline": [{"extLine": "B", "localUser": "100", "shareInd": 1}]}"#

    /// A served plan file in a scratch folder, with its reloader.
    struct Fixture {
        let scratch: ScratchDirectory
        let path: String
        let served: Served
        let reloader: PlanReloader

        init() throws {
            scratch = try ScratchDirectory()
            path = try scratch.write(ReloadTests.before, to: "plan.json")
            served = try Served(path: path)
            reloader = PlanReloader(source: .file(path), store: served.store)
        }

        /// Replaces the file as editors do (a new file renamed over the old one).
        func write(_ text: String) throws {
            try text.write(toFile: path + ".new", atomically: false, encoding: .utf8)
            #expect(rename(path + ".new", path) == 0)
        }

        var line: String? {
            guard case .object(let via)? = (try? JSONValue(parsing: served.get("/api/route?fromUser=100&called=95").body))?["target"] else {
                return nil
            }
            return via.first?.1.plainText
        }
    }

    @Test("a good new plan is swapped in; an unchanged file swaps nothing")
    func swap() throws {
        let fixture = try Fixture()
        #expect(fixture.line == "A")
        #expect(fixture.reloader.reloadIfChanged() == .unchanged)
        try fixture.write(Self.after)
        #expect(fixture.reloader.reloadIfChanged() == .swapped(2))
        #expect(fixture.line == "B")
        #expect(fixture.served.get("/api/status").text.contains(#""generation": 2"#))
        #expect(fixture.served.get("/api/route?fromUser=100&called=95").header("X-RouteSim-Plan")?.hasPrefix("2 ") == true)
        #expect(fixture.reloader.reload() == .unchanged, "the same content is not indexed again")
    }

    @Test("a broken plan keeps the old one serving, with the error in a banner, in a header and in /api/status; a fixed one clears it")
    func brokenPlan() throws {
        let fixture = try Fixture()
        try fixture.write(#"{"localuser": [{"usrname": "100", "maxdura": true}]}"#)
        guard case .failed(let message) = fixture.reloader.reloadIfChanged() else {
            Issue.record("the broken plan was not refused"); return
        }
        #expect(
            message
                == #"\#(fixture.path):1: localuser[0] (usrname "100"), field "maxdura": expected an integer (a number or a string of digits), found true"#
        )
        #expect(fixture.line == "A", "the old plan keeps serving")
        let page = fixture.served.get("/")
        #expect(page.text.contains(#"<div class="banner" id="reload-banner" role="alert"><strong>Reload failed at "#))
        #expect(page.text.contains(HTMLish.escape(message)))
        #expect(fixture.served.get("/api/route?fromUser=100&called=95").header("X-RouteSim-Reload-Error") == message)
        let status = try JSONValue(parsing: fixture.served.get("/api/status").body)
        #expect(status["reloadError"]?["message"] == .string(message))
        #expect(status["generation"] == .number("1"))
        try fixture.write(Self.after)
        #expect(fixture.reloader.reloadIfChanged() == .swapped(2))
        #expect(!fixture.served.get("/").text.contains("reload-banner"))
        #expect(fixture.served.get("/api/status").header("X-RouteSim-Reload-Error") == nil)
    }

    @Test("duplicate keys and a missing file are refused like route refuses them")
    func refusedPlans() throws {
        let fixture = try Fixture()
        try fixture.write(#"{"localuser": [{"usrname": "100"}, {"usrname": "100"}]}"#)
        guard case .failed(let duplicate) = fixture.reloader.reloadIfChanged() else { Issue.record("duplicates were served"); return }
        #expect(duplicate.contains("localuser") && duplicate.contains("100"), "\(duplicate)")
        #expect(unlink(fixture.path) == 0)
        #expect(fixture.reloader.reloadIfChanged() == .failed("\(fixture.path): no such plan file"))
        #expect(fixture.line == "A")
    }

    @Test("requests running while plans are swapped all succeed, each answered by the old plan or the new one")
    func concurrentSwap() throws {
        let fixture = try Fixture()
        let old = fixture.served.get("/api/route?fromUser=100&called=95").text
        let new = try Served(json: Self.after).get("/api/route?fromUser=100&called=95").text
        #expect(new != old)
        let service = fixture.served.service
        let tally = Tally(old: old, new: new)
        let finished = DispatchGroup()
        // Three clients, each on a thread of its own (the dispatch pool would let busy clients
        // starve the reloads), send requests one after the other until the reloads are over.
        for _ in 0..<3 {
            finished.enter()
            Thread {
                while !tally.stopped {
                    let answer = service.respond(
                        to: ServerRequest(target: "/api/route?fromUser=100&called=95", headers: ["Host": "127.0.0.1"]))
                    tally.add(answer.status == 200 ? answer.text : "HTTP \(answer.status) \(answer.text)")
                }
                finished.leave()
            }.start()
        }
        // Meanwhile the plan changes back and forth, twenty times.
        let started = ContinuousClock.now
        while tally.counts.old < 20 && ContinuousClock.now - started < .seconds(30) { usleep(1_000) }
        var outcomes: [PlanReloader.Outcome] = []
        for i in 0..<20 {
            try (i % 2 == 0 ? Self.after : Self.before).write(toFile: fixture.path, atomically: true, encoding: .utf8)
            outcomes.append(fixture.reloader.reload())
            usleep(20_000)
        }
        tally.stop()
        finished.wait()
        #expect(outcomes == (2...21).map { .swapped($0) })
        let counts = tally.counts
        #expect(counts.others == [], "answers that are neither plan's, or failed")
        #expect(counts.old > 20 && counts.new > 0, "the swaps happened while requests ran: \(counts.old) old, \(counts.new) new")
    }
}

/// What the clients of a concurrent test received: how many answers of the old plan and of
/// the new one, and any other answer (there should be none); and when they stop.
final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private let old: String
    private let new: String
    private var oldCount = 0
    private var newCount = 0
    private var otherAnswers: [String] = []
    private var done = false

    init(old: String, new: String) {
        self.old = old
        self.new = new
    }

    func add(_ answer: String) {
        lock.withLock {
            if answer == old {
                oldCount += 1
            } else if answer == new {
                newCount += 1
            } else if otherAnswers.count < 10 {
                otherAnswers.append(answer)
            }
        }
    }
    func stop() { lock.withLock { done = true } }
    var stopped: Bool { lock.withLock { done } }
    var counts: (old: Int, new: Int, others: [String]) { lock.withLock { (oldCount, newCount, otherAnswers) } }
}

/// The page's escaping, for comparing with what a page shows.
enum HTMLish {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
            of: ">", with: "&gt;"
        )
        .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }
}
