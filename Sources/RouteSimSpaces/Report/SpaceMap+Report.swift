import DialPlan
import RouteSim

extension SpaceMap {
    /// The dial plan of a section (its classes' plan after caller analysis).
    func planName(of section: Section) -> String {
        let c = catalog.classes[section.classes[0]]
        return catalog.models[0].dialPlanNames[Int(c.attributes[0].plan)]
    }

    /// `C1, C3–C7`.
    func classList(_ classes: [Int]) -> String { Self.ranges(classes.map { $0 + 1 }, prefix: "C") }

    static func ranges(_ numbers: [Int], prefix: String) -> String {
        var parts: [String] = []
        var i = 0
        while i < numbers.count {
            var j = i
            while j + 1 < numbers.count && numbers[j + 1] == numbers[j] + 1 { j += 1 }
            parts.append(
                j > i + 1
                    ? "\(prefix)\(numbers[i])–\(prefix)\(numbers[j])" : (i...j).map { "\(prefix)\(numbers[$0])" }.joined(separator: ", "))
            i = j + 1
        }
        return parts.joined(separator: ", ")
    }

    /// The partition for people: the classes, then each group's rows.
    public func text(planPath: String) -> String {
        var out = "routesim map: \(planPath): called numbers of 1–\(options.maxLength) characters (0-9 * # +)\n\n"
        out += "origin classes\n"
        for c in catalog.classes {
            out += "  \(c.label)  \(c.membersText) — \(catalog.attributesText(of: c))\n"
            out += "      \(c.size.shortText) origin\(c.size == .one ? "" : "s"); replay with routesim route \(c.routeArguments)\n"
        }
        for section in sections {
            let plan = planName(of: section)
            out += "\n\(classList(section.classes)) · dial plan \(plan)\n"
            // Each row's texts once (counting a region's numbers is not cheap), then the widths.
            let cells = section.rows.map { row in
                let texts = [row.region.pattern, row.region.lengthText, row.region.countText]
                return (texts: texts, widths: texts.map(\.count))
            }
            var widths = [7, 7, 7]
            for cell in cells { for k in 0..<3 { widths[k] = max(widths[k], cell.widths[k]) } }
            let spaces = String(repeating: " ", count: widths.max()!)
            func pad(_ text: String, _ width: Int, _ k: Int) {
                out += text
                if width < widths[k] { out += spaces.prefix(widths[k] - width) }
            }
            let view = self.view(of: section.classes)
            var summaries: [RouteSignature: String] = [:]
            out += "  "
            for (k, title) in ["pattern", "lengths", "numbers"].enumerated() {
                pad(title, title.count, k)
                out += "  "
            }
            out += "what they do\n"
            for (row, cell) in zip(section.rows, cells) {
                let summary = summaries[row.signature] ?? row.signature.summary(startPlan: plan, view: view)
                summaries[row.signature] = summary
                out += "  "
                for k in 0..<3 {
                    pad(cell.texts[k], cell.widths[k], k)
                    out += "  "
                }
                out += summary
                out += "\n"
            }
        }
        return out
    }

    /// The partition as one JSON object (docs/formats.md, `map`).
    public func json(planPath: String) -> JSONValue {
        .object([
            ("plan", .string(planPath)), ("maxLength", .int(options.maxLength)), ("alphabet", .string("0-9*#+")),
            ("classes", .array(catalog.classes.map { catalog.jsonValue(of: $0) })),
            (
                "sections",
                .array(
                    sections.map { section in
                        let view = self.view(of: section.classes)
                        return .object([
                            ("classes", .array(section.classes.map { .string(catalog.classes[$0].label) })),
                            ("dialPlan", .string(planName(of: section))),
                            (
                                "rows",
                                .array(
                                    section.rows.map { row in
                                        .object([
                                            ("numbers", row.region.jsonValue), ("witness", .string(row.region.witness)),
                                            ("signature", row.signature.jsonValue(view)),
                                        ])
                                    })
                            ),
                        ])
                    })
            ),
        ])
    }

    /// One line per row, with a header (RFC 4180 quoting).
    public var csv: String {
        var out = "classes,pattern,min_length,max_length,count_at_min_length,count,witness,outcome,target,summary\n"
        for section in sections {
            let plan = planName(of: section)
            let view = self.view(of: section.classes)
            for row in section.rows {
                let fields = [
                    row.classes.map { catalog.classes[$0].label }.joined(separator: " "), row.region.pattern, String(row.region.minLength),
                    String(row.region.maxLength), row.region.countAtMinLength.description, row.region.count.description, row.region.witness,
                    row.signature.outcome.rawValue, row.signature.target?.spec ?? "", row.signature.summary(startPlan: plan, view: view),
                ]
                out += fields.map(csvField).joined(separator: ",") + "\n"
            }
        }
        return out
    }

    /// Markdown: a table of classes, then a table per group.
    public func markdown(planPath: String) -> String {
        var out = "### routesim map: `\(planPath)`\n\nCalled numbers of 1–\(options.maxLength) characters over `0-9 * # +`.\n\n"
        out += "| class | origins | what they share | replay |\n|---|---|---|---|\n"
        for c in catalog.classes {
            out +=
                "| \(c.label) | \(markdownCell(c.membersText)) | \(markdownCell(catalog.attributesText(of: c))) | `routesim route \(c.routeArguments)` |\n"
        }
        for section in sections {
            let plan = planName(of: section)
            let view = self.view(of: section.classes)
            out +=
                "\n#### \(classList(section.classes)) · dial plan \(plan)\n\n| numbers | lengths | count | what they do |\n|---|---|---|---|\n"
            for row in section.rows {
                out +=
                    "| `\(row.region.pattern)` | \(row.region.lengthText) | \(row.region.countText) | \(markdownCell(row.signature.summary(startPlan: plan, view: view))) |\n"
            }
        }
        return out
    }
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

/// A Markdown table cell: pipes escaped, line breaks as spaces.
func markdownCell(_ text: String) -> String {
    var out = ""
    for c in text {
        switch c {
        case "|": out += "\\|"
        case "\n": out += " "
        default: out.append(c)
        }
    }
    return out
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
