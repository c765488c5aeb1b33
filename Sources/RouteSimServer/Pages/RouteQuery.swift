import DialPlan
import RouteSim

/// What the route page was asked: who calls, what they typed, and the what-if assumptions —
/// all in the URL (`/?from=user:100&number=92002&assume=userState=busy`), so an answer can be
/// pasted into a ticket.
struct RoutePageQuery {
    /// `user:NAME`, `trunk:ID`, `line:NAME`, or empty (a bare caller).
    var from = ""
    var caller = ""
    /// The number as typed (`9 2002`).
    var typed = ""
    /// Assumptions as `NAME=VALUE`, in the order given.
    var assume: [String] = []

    init(_ query: QueryString) throws(RequestError) {
        let known = ["from", "caller", "number", "assume", "token"]
        if let unknown = query.names.first(where: { !known.contains($0) }) {
            throw .badRequest("the route page takes from, caller, number and assume; not '\(unknown)'")
        }
        from = (query["from"] ?? "").trimmingBlanks
        caller = TypedNumber.read(query["caller"] ?? "")
        typed = query["number"] ?? ""
        assume = query.all("assume").filter { !$0.isEmpty }
    }

    /// Whether the page should route a call (a number was given).
    var asksForCall: Bool { !typed.trimmingBlanks.isEmpty }

    /// The number as routed: the typed one without the spaces and punctuation people write.
    var number: String { TypedNumber.read(typed) }

    /// The assumptions, refused with the message `--assume` would give.
    func assumptions() throws(RequestError) -> Assumptions {
        var assumptions = Assumptions()
        for setting in assume {
            do { try assumptions.set(setting) } catch { throw .badRequest("assume \(error.message)") }
        }
        return assumptions
    }

    /// The origin the page names; `plan` decides what a bare name means (a user of that name).
    func origin(in plan: ServedPlan) throws(RequestError) -> Origin {
        if from.isEmpty {
            guard !caller.isEmpty else {
                throw .badRequest("say who calls: pick a user, trunk or line, or give a caller number")
            }
            return .caller(caller)
        }
        let parts = from.split(separator: ":", maxSplits: 1).map(String.init)
        switch (parts.count, parts.first) {
        case (2, "user"):
            return .localUser(parts[1])
        case (2, "trunk"):
            guard let id = Int(parts[1]) else { throw .badRequest("trunk:\(parts[1]): a trunk is named by its servID, a number") }
            guard !caller.isEmpty else { throw .badRequest("a call arriving on trunk \(id) needs the caller number") }
            return .sipTrunk(TrunkID(id), caller: caller)
        case (2, "line"):
            guard !caller.isEmpty else { throw .badRequest("a call arriving on line \(parts[1]) needs the caller number") }
            return .externalLine(parts[1], caller: caller)
        default:
            if plan.labels.user(from) != nil { return .localUser(from) }
            throw .badRequest(
                "'\(from)' is no origin: pick one from the list (user:NAME, trunk:ID, line:NAME) or leave it empty and give a caller")
        }
    }

    /// The query of this page with `assume` replaced.
    func url(assume settings: [String]) -> String {
        HTML.url("/", [("from", from), ("caller", caller), ("number", typed)] + settings.map { ("assume", $0) })
    }
}

/// Numbers as people type them: `+49 (89) 123-45 67` is `+498912345 67` without its blanks.
///
/// The page reads what was typed (spaces, dashes, dots, slashes and parentheses dropped) and says
/// so under the result; the API and the CLI take numbers exactly as given.
enum TypedNumber {
    static let separators: Set<Character> = [" ", "\u{A0}", "\t", "-", ".", "(", ")", "/"]

    static func read(_ typed: String) -> String { String(typed.filter { !separators.contains($0) }) }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    var trimmingBlanks: String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }) else { return "" }
        return String(self[first...lastIndex(where: { !isBlank($0) })!])
    }
}
