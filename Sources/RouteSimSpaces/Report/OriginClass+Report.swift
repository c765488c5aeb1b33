import DialPlan
import RouteSim

extension OriginClass {
    /// `C3`: how reports name the class.
    public var label: String { "C\(id + 1)" }

    /// Who the class is, for people: `local users 100, 101`, `SIP trunks 1, 2 with callers
    /// 00…`, `external line pstn-gw with any caller`, `unknown callers 5…`.
    public var membersText: String {
        switch members {
        case .users(let names):
            return (names.count == 1 ? "local user " : "local users ") + Self.list(names)
        case .callers(let parts):
            return parts.map { part -> String in
                let callers: String
                if let except = part.except {
                    callers = except.isEmpty ? "any caller" : "any caller but " + Self.patterns(except)
                } else {
                    callers =
                        part.callers.count == 1 && part.callers[0].isWholeSpace ? "any caller" : "callers " + Self.patterns(part.callers)
                }
                switch kind {
                case .sipTrunk:
                    return "\(part.trunks.count == 1 ? "SIP trunk" : "SIP trunks") \(Self.list(part.trunks, \.description)), \(callers)"
                case .externalLine:
                    return "\(part.lines.count == 1 ? "external line" : "external lines") \(Self.list(part.lines)), \(callers)"
                default:
                    return "unknown \(callers)"
                }
            }.joined(separator: "; ")
        }
    }

    /// The `routesim route` options that replay the representative.
    public var routeArguments: String {
        switch representative {
        case .localUser(let name): return "--from-user \(shellWord(name))"
        case .sipTrunk(let id, let caller): return "--from-trunk \(id) --caller \(shellWord(caller))"
        case .externalLine(let name, let caller): return "--from-line \(shellWord(name)) --caller \(shellWord(caller))"
        case .caller(let caller): return "--caller \(shellWord(caller))"
        }
    }

    static func list(_ items: [String], limit: Int = 6) -> String { list(items, limit: limit) { $0 } }

    /// `list` of the texts of the items it shows (the others are only counted).
    static func list<Item>(_ items: [Item], limit: Int = 6, _ text: (Item) -> String) -> String {
        if items.count <= limit { return items.map(text).joined(separator: ", ") }
        return items.prefix(limit).map(text).joined(separator: ", ") + " and \(items.count - limit) more"
    }

    static func patterns(_ regions: [NumberRegion], limit: Int = 4) -> String {
        let shown = regions.prefix(limit).map { $0.pattern }
        return shown.joined(separator: ", ") + (regions.count > limit ? " and \(regions.count - limit) more patterns" : "")
    }
}

extension NumberRegion {
    /// Every number of 1 to `maxLength` characters.
    var isWholeSpace: Bool { minLength == 1 && masks[0] == .all }
}

/// `word` as a shell reads it: quoted when it holds anything but letters, digits and `+._-`.
public func shellWord(_ word: String) -> String {
    let plain = word.unicodeScalars.allSatisfy { c in
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || "+._-:/".unicodeScalars.contains(c)
    }
    if plain && !word.isEmpty { return word }
    return "'" + word.replacingQuotes() + "'"
}

extension String {
    fileprivate func replacingQuotes() -> String {
        var out = ""
        for c in self { out += c == "'" ? "'\\''" : String(c) }
        return out
    }
}

extension OriginCatalog {
    /// What the class reads from its origins in plan `plan`, for people: `dial plan hq, calllevel
    /// 1, max 3600 s`.
    public func attributesText(of c: OriginClass, plan: Int = 0) -> String {
        let a = c.attributes[plan]
        let model = models[plan]
        var parts = ["dial plan \(model.dialPlanNames[Int(a.plan)])"]
        switch a.early {
        case .autoAttendant?: parts.append("answered by the auto attendant")
        case .noDestination?: parts.append("no destination")
        case nil: break
        }
        if let destination = a.lineDestination { parts.append("destination \(destination)") }
        if let level = a.callLevel { parts.append("calllevel \(level)") }
        if a.limit > 0 { parts.append("max \(a.limit) s") }
        if !a.analyzed.isIdentity { parts.append("caller analysis: \(a.analyzed.text(input: "caller", symbol: "c"))") }
        if a.ownSpeedDials >= 0 { parts.append("own speed dials") }
        return parts.joined(separator: ", ")
    }

    /// The class as JSON (docs/formats.md, `map`).
    public func jsonValue(of c: OriginClass) -> JSONValue {
        var members: [(String, JSONValue)] = [("id", .string(c.label)), ("kind", .string(c.kind.rawValue))]
        switch c.members {
        case .users(let names): members.append(("users", .array(names.map { .string($0) })))
        case .callers(let parts):
            members.append(
                (
                    "parts",
                    .array(
                        parts.map { part in
                            var fields: [(String, JSONValue)] = []
                            if c.kind == .sipTrunk { fields.append(("trunks", .array(part.trunks.map { .int($0.rawValue) }))) }
                            if c.kind == .externalLine { fields.append(("lines", .array(part.lines.map { .string($0) }))) }
                            fields.append(("callers", .array(part.callers.map(\.jsonValue))))
                            return .object(fields)
                        })
                ))
        }
        members.append(("size", .number(c.size.jsonNumber)))
        members.append(("representative", c.representative.jsonValue))
        members.append(("dialPlans", .array(c.attributes.indices.map { .string(models[$0].dialPlanNames[Int(c.attributes[$0].plan)]) })))
        members.append(("describes", .string(attributesText(of: c))))
        return .object(members)
    }
}

extension NumberRegion {
    /// `{"pattern": "0044…", "minLength": 4, "maxLength": 24, "count": …, "countAtMinLength": …}`.
    public var jsonValue: JSONValue {
        .object([
            ("pattern", .string(pattern)), ("minLength", .int(minLength)), ("maxLength", .int(maxLength)),
            ("count", .number(count.jsonNumber)), ("countAtMinLength", .number(countAtMinLength.jsonNumber)),
        ])
    }
}

extension NumberCount {
    /// The count as JSON number text (saturated counts as the largest count held).
    var jsonNumber: String { String(value) }
}
