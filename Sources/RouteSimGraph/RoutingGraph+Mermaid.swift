extension RoutingGraph {
    /// The graph as a Mermaid flowchart (for Markdown pages that render Mermaid): nodes `n0`,
    /// `n1`, … labelled with the same text as in DOT, the highlighted path in red.
    public func mermaidText() -> String {
        var out = "flowchart LR\n"
        for note in notes { out += "  %% \(note)\n" }
        var ids: [String: String] = [:]
        for (i, node) in nodes.enumerated() {
            let id = "n\(i)"
            ids[node.id] = id
            let text = Self.mermaidString(node.label)
            switch node.kind {
            case .dialPlan: out += "  \(id)[[\(text)]]\n"
            case .outGroup: out += "  \(id){\(text)}\n"
            case .user, .localUsers, .intercept, .origin: out += "  \(id)([\(text)])\n"
            case .huntingGroup: out += "  \(id)[/\(text)/]\n"
            default: out += "  \(id)[\(text)]\n"
            }
        }
        for edge in edges {
            guard let from = ids[edge.from], let to = ids[edge.to] else { continue }
            let dashed = [.failover, .reanalysis, .incoming, .switchesPlan].contains(edge.kind)
            let arrow = dashed ? "-.->" : "-->"
            let label = edge.label.map { "|\(Self.mermaidString($0))|" } ?? ""
            out += "  \(from) \(arrow)\(label) \(to)\n"
        }
        let kinds: [(NodeKind, String)] = [
            (.dialPlan, "fill:#dbe9f6"), (.routingGroup, "fill:#fde9c9"), (.sipTrunk, "fill:#d8f0d8"),
            (.externalLine, "fill:#d8f0d8"), (.huntingGroup, "fill:#eadcf5"), (.missing, "stroke:#c62828,stroke-dasharray:4"),
            (.origin, "fill:#ffe680"),
        ]
        for (kind, style) in kinds {
            let members = nodes.enumerated().filter { $0.element.kind == kind }.map { "n\($0.offset)" }
            guard !members.isEmpty else { continue }
            out += "  classDef \(kind.rawValue) \(style)\n"
            out += "  class \(members.joined(separator: ",")) \(kind.rawValue)\n"
        }
        let path = nodes.enumerated().filter { highlightedNodes.contains($0.element.id) }.map { "n\($0.offset)" }
        if !path.isEmpty {
            out += "  classDef path fill:#ffe3e0,stroke:#c62828,stroke-width:3px\n"
            out += "  class \(path.joined(separator: ",")) path\n"
        }
        let drawn = edges.enumerated().filter { ids[$0.element.from] != nil && ids[$0.element.to] != nil }.map(\.offset)
        let highlighted = drawn.enumerated().filter { highlightedEdges.contains($0.element) }.map { String($0.offset) }
        if !highlighted.isEmpty { out += "  linkStyle \(highlighted.joined(separator: ",")) stroke:#c62828,stroke-width:3px\n" }
        return out
    }

    /// A quoted Mermaid label: quotes and angle brackets as entities, line breaks as `<br/>`.
    static func mermaidString(_ text: String) -> String {
        var out = "\""
        for character in text {
            switch character {
            case "\"": out += "#quot;"
            case "<": out += "#lt;"
            case ">": out += "#gt;"
            case "|": out += "#124;"
            case "#": out += "#35;"
            case "\n": out += "<br/>"
            default: out.append(character)
            }
        }
        return out + "\""
    }
}
