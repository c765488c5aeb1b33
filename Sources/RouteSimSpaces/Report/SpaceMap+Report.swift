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
            let widths = (
                pattern: max(7, section.rows.map { $0.region.pattern.count }.max() ?? 0),
                lengths: max(7, section.rows.map { $0.region.lengthText.count }.max() ?? 0),
                count: max(7, section.rows.map { $0.region.countText.count }.max() ?? 0)
            )
            let view = self.view(of: section.classes)
            var summaries: [RouteSignature: String] = [:]
            out +=
                "  " + "pattern".padded(widths.pattern) + "  " + "lengths".padded(widths.lengths) + "  "
                + "numbers".padded(widths.count) + "  what they do\n"
            for row in section.rows {
                let summary = summaries[row.signature] ?? row.signature.summary(startPlan: plan, view: view)
                summaries[row.signature] = summary
                out +=
                    "  " + row.region.pattern.padded(widths.pattern) + "  " + row.region.lengthText.padded(widths.lengths) + "  "
                    + row.region.countText.padded(widths.count) + "  " + summary + "\n"
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

extension String {
    func padded(_ width: Int) -> String {
        let n = count
        return n >= width ? self : self + String(repeating: " ", count: width - n)
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
