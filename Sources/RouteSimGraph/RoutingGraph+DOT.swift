extension RoutingGraph {
    /// The graph in Graphviz's DOT language: left to right, a shape and colour per kind of node,
    /// the highlighted path in red. With `linkPrefix`, nodes that stand for a record link to
    /// `linkPrefix` + `TABLE/INDEX` (the server's record pages).
    public func dotText(linkPrefix: String? = nil) -> String {
        var out = "digraph routing {\n"
        for note in notes { out += "  // \(note)\n" }
        out += "  graph [rankdir=LR, fontname=\"Helvetica\", nodesep=0.25, ranksep=0.6];\n"
        out +=
            "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", color=\"#5f6b7a\", fontname=\"Helvetica\", fontsize=10];\n"
        out += "  edge [color=\"#8a94a3\", fontname=\"Helvetica\", fontsize=9];\n"
        let highlight = [("color", "\"#c62828\""), ("penwidth", "2.5")]
        for node in nodes {
            var attributes = DOTAttributes([("label", Self.dotString(node.label))] + Self.dotStyle(node.kind))
            if let record = node.record, let linkPrefix {
                attributes.set("URL", Self.dotString("\(linkPrefix)\(record.table.rawValue)/\(record.index)"))
                attributes.set("tooltip", Self.dotString("\(record.table.rawValue)[\(record.index)]"))
            }
            if highlightedNodes.contains(node.id) { attributes.set(highlight + [("fillcolor", "\"#ffe3e0\"")]) }
            out += "  \(Self.dotString(node.id)) \(attributes.text);\n"
        }
        for (i, edge) in edges.enumerated() {
            var attributes = DOTAttributes(edge.label.map { [("label", Self.dotString($0))] } ?? [])
            switch edge.kind {
            case .failover, .switchesPlan: attributes.set("style", "dashed")
            case .reanalysis: attributes.set([("style", "dashed"), ("color", "\"#1f5fa8\""), ("fontcolor", "\"#1f5fa8\"")])
            case .incoming: attributes.set([("style", "dotted"), ("arrowhead", "empty")])
            case .starts: attributes.set("style", "bold")
            case .contains, .routes, .member, .operator: break
            }
            if highlightedEdges.contains(i) { attributes.set(highlight + [("fontcolor", "\"#c62828\"")]) }
            let tail = attributes.isEmpty ? "" : " " + attributes.text
            out += "  \(Self.dotString(edge.from)) -> \(Self.dotString(edge.to))\(tail);\n"
        }
        out += "}\n"
        return out
    }

    static func dotStyle(_ kind: NodeKind) -> [(String, String)] {
        switch kind {
        case .dialPlan: return [("shape", "folder"), ("style", "filled"), ("fillcolor", "\"#dbe9f6\"")]
        case .calledAnalysis, .callerAnalysis, .huntingDetection: return []
        case .collapsed: return [("style", "\"rounded,filled,dashed\""), ("fillcolor", "\"#f4f6f8\"")]
        case .outGroup: return [("shape", "diamond"), ("style", "filled"), ("fillcolor", "\"#fff4cc\"")]
        case .routingGroup: return [("shape", "box3d"), ("style", "filled"), ("fillcolor", "\"#fde9c9\"")]
        case .sipTrunk, .externalLine: return [("shape", "cds"), ("style", "filled"), ("fillcolor", "\"#d8f0d8\"")]
        case .huntingGroup: return [("shape", "house"), ("style", "filled"), ("fillcolor", "\"#eadcf5\"")]
        case .user: return [("shape", "ellipse"), ("style", "filled"), ("fillcolor", "\"#f2f2f2\"")]
        case .localUsers, .intercept: return [("shape", "ellipse"), ("style", "\"filled,dashed\""), ("fillcolor", "\"#f2f2f2\"")]
        case .missing: return [("style", "\"rounded,dashed\""), ("color", "\"#c62828\""), ("fontcolor", "\"#c62828\"")]
        case .origin: return [("shape", "oval"), ("style", "filled"), ("fillcolor", "\"#ffe680\"")]
        }
    }

    /// A DOT string literal: quotes and backslashes escaped, line breaks as `\n`.
    static func dotString(_ text: String) -> String {
        var out = "\""
        for character in text {
            switch character {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r", "\t": out += " "
            default: out.append(character)
            }
        }
        return out + "\""
    }
}

/// A DOT attribute list in which a later setting replaces an earlier one of the same name.
struct DOTAttributes {
    private var pairs: [(String, String)]

    init(_ pairs: [(String, String)]) {
        self.pairs = []
        set(pairs)
    }

    var isEmpty: Bool { pairs.isEmpty }

    mutating func set(_ name: String, _ value: String) {
        if let i = pairs.firstIndex(where: { $0.0 == name }) { pairs[i].1 = value } else { pairs.append((name, value)) }
    }

    mutating func set(_ settings: [(String, String)]) { for (name, value) in settings { set(name, value) } }

    /// `[name=value, …]`.
    var text: String { "[" + pairs.map { "\($0.0)=\($0.1)" }.joined(separator: ", ") + "]" }
}
