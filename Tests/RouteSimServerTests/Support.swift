import DialPlan
import Foundation
import RouteSimServer
import RouteSimTestSupport
import Testing

/// A service over a plan, answering in-process (no socket): what the HTTP host would answer.
struct Served {
    let service: RouteSimService
    let store: PlanStore

    init(plan name: String, token: String? = nil) throws {
        try self.init(path: Corpus.plan(name).path, sourceName: "corpus/plans/\(name).json", token: token)
    }

    init(path: String, sourceName: String? = nil, token: String? = nil) throws {
        var loaded = try PlanSource.file(path).read()
        loaded.snapshot.locations.source = sourceName ?? path
        let plan = try ServedPlan(loaded, sourceName: sourceName ?? path, generation: 1)
        store = PlanStore(plan)
        service = RouteSimService(
            store: store, access: AccessPolicy(token: token, loopbackHostsOnly: token == nil), toolVersion: "0.1.0")
    }

    init(json: String, token: String? = nil) throws {
        let snapshot = try Snapshot(json: json, source: "plan.json")
        let plan = try ServedPlan(LoadedPlan(snapshot: snapshot, fingerprint: "f"), sourceName: "plan.json", generation: 1)
        store = PlanStore(plan)
        service = RouteSimService(
            store: store, access: AccessPolicy(token: token, loopbackHostsOnly: token == nil), toolVersion: "0.1.0")
    }

    /// `GET target` (path and query) from a browser on the same machine.
    func get(_ target: String, headers: [String: String] = [:]) -> ServerResponse {
        service.respond(to: ServerRequest(method: "GET", target: target, headers: ["Host": "127.0.0.1:8080"].merging(headers) { $1 }))
    }

    func post(_ target: String, body: String, headers: [String: String] = [:]) -> ServerResponse {
        service.respond(
            to: ServerRequest(
                method: "POST", target: target, headers: ["Host": "127.0.0.1:8080"].merging(headers) { $1 }, body: Array(body.utf8)))
    }
}

extension ServerResponse {
    /// The `error` member of a JSON error answer.
    var errorMessage: String? {
        guard case .string(let message)? = (try? JSONValue(parsing: body))?["error"] else { return nil }
        return message
    }
}

/// `text` with the five HTML escapes undone (what a browser shows).
func unescapeHTML(_ text: String) -> String {
    text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
        .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
        .replacingOccurrences(of: "&amp;", with: "&")
}

/// The text between `start` and the next `end` after it.
func slice(_ text: String, from start: String, to end: String) -> String? {
    guard let a = text.range(of: start), let b = text.range(of: end, range: a.upperBound..<text.endIndex) else { return nil }
    return String(text[a.upperBound..<b.lowerBound])
}
