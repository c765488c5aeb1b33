/// One lint rule: a stable code with its category, severity and the words the docs use.
public struct LintRule: Sendable, Equatable {
    /// The stable code, `RS` and three digits; the first digit is the category.
    public let code: String
    public let category: FindingCategory
    public let severity: Severity
    /// A short title (the heading of the rule in `docs/lint.md`).
    public let title: String
    /// Why the finding matters, in a sentence or two.
    public let explanation: String
    /// What to change in the plan.
    public let fix: String
}

/// Every rule the linter knows, in code order. `docs/lint.md` documents each one (a test checks).
public enum LintCatalog {
    public static let rules: [LintRule] = [
        // MARK: dangling
        LintRule(
            code: "RS101", category: .dangling, severity: .error,
            title: "analysis transition does not exist",
            explanation:
                "An anacldnbr record with changeInd = 1 names a tranID no natran record has: the number is not changed, re-analysis does not happen, and the call goes where the unchanged number leads.",
            fix: "Create the transition, or correct tranID, or clear changeInd."),
        LintRule(
            code: "RS102", category: .dangling, severity: .error,
            title: "caller-analysis transition does not exist",
            explanation: "An anaclrnbr record names a tranID no natran record has: matching callers keep their number.",
            fix: "Create the transition or set tranID to the one meant (0 for none)."),
        LintRule(
            code: "RS103", category: .dangling, severity: .error,
            title: "refine-caller transition does not exist",
            explanation: "A refineclrnbr row names a tranID no natran record has: the caller number is presented unchanged.",
            fix: "Create the transition or correct tranID."),
        LintRule(
            code: "RS104", category: .dangling, severity: .error,
            title: "refine-called transition does not exist",
            explanation: "A refinecldnbr row names a transID no natran record has: the number is sent to the carrier unchanged.",
            fix: "Create the transition or correct transID."),
        LintRule(
            code: "RS105", category: .dangling, severity: .error,
            title: "analysis routes to a SIP trunk that does not exist",
            explanation: "An anacldnbr record with route type 2 names a servID no peerserver record has: every call it routes is released.",
            fix: "Create the trunk or correct servID."),
        LintRule(
            code: "RS106", category: .dangling, severity: .error,
            title: "analysis routes to an external line that does not exist",
            explanation: "An anacldnbr record with route type 1 names an extLine no extline record has: every call it routes is released.",
            fix: "Create the line, correct extLine, or clear it to use the caller's default line."),
        LintRule(
            code: "RS107", category: .dangling, severity: .error,
            title: "analysis routes to a routing group that does not exist",
            explanation:
                "An anacldnbr record with route type 6 names an rtGroupID no routegroup record has: every call it routes is released.",
            fix: "Create the routing group (with its routes) or correct rtGroupID."),
        LintRule(
            code: "RS108", category: .dangling, severity: .error,
            title: "refine-caller group has no rows",
            explanation:
                "An anacldnbr record names a clrRefineID for which there is no refineclrnbr row: the caller number is never refined.",
            fix: "Add refineclrnbr rows with that grpID, or set clrRefineID to 0."),
        LintRule(
            code: "RS109", category: .dangling, severity: .error,
            title: "routing-group route names a missing trunk or line",
            explanation:
                "A route row names a sipTrunkID or extLine that does not exist: the member is skipped, and a group of only such members releases every call.",
            fix: "Create the trunk or line, or remove the route row."),
        LintRule(
            code: "RS110", category: .dangling, severity: .warning,
            title: "route row of a routing group that does not exist",
            explanation: "A route row's groupID names no routegroup record: no call ever uses the row.",
            fix: "Create the routing group or remove the row."),
        LintRule(
            code: "RS111", category: .dangling, severity: .error,
            title: "routing group has no routes",
            explanation: "A routing group has no route rows: a call routed to it has nowhere to go and is released.",
            fix: "Add route rows (a line or a trunk) to the group, or delete the group."),
        LintRule(
            code: "RS112", category: .dangling, severity: .error,
            title: "hunting-group detection names a missing hunting group",
            explanation: "An hgdect row names a grpID no hginfo record has: calls to that number are released.",
            fix: "Create the hunting group or correct grpID."),
        LintRule(
            code: "RS113", category: .dangling, severity: .warning,
            title: "operator of a hunting group that does not exist",
            explanation: "An hgoper row names a grpID no hginfo record has: the operator receives no calls through it.",
            fix: "Create the hunting group or move the operator to an existing one."),
        LintRule(
            code: "RS114", category: .dangling, severity: .warning,
            title: "hunting-group operator is no local user",
            explanation: "An hgoper row names an operator (oper) that is no local user: the group hunts a phone that does not exist.",
            fix: "Create the user or remove the operator."),
        LintRule(
            code: "RS115", category: .dangling, severity: .error,
            title: "failover chain names a missing line or trunk",
            explanation:
                "extline.chain or peerserver.chainTrunkID names a line or trunk that does not exist: when the first one fails there is no failover.",
            fix: "Correct the chain, or clear it (empty or 0) when no failover is meant."),
        LintRule(
            code: "RS116", category: .dangling, severity: .warning,
            title: "user's specific external line does not exist",
            explanation:
                "A local user's specextline names no extline record: out-group calls fall back to the user's own line or the first shared line.",
            fix: "Correct specextline or clear it."),
        LintRule(
            code: "RS117", category: .dangling, severity: .warning,
            title: "outgoing refine group has no rows",
            explanation: "A line or trunk names an ogGroupID for which there is no refinecldnbr row: numbers are sent unrefined.",
            fix: "Add refinecldnbr rows with that groupID, or set ogGroupID to 0."),
        LintRule(
            code: "RS118", category: .dangling, severity: .warning,
            title: "call forwarding goes nowhere",
            explanation:
                "A forwarding number (CFU, CFB, CFNA or CFNC) that is switched on leads, routed from the user's dial plan, to a release: forwarded calls are lost.",
            fix: "Correct the forwarding number, or switch the forwarding off."),
        LintRule(
            code: "RS119", category: .dangling, severity: .warning,
            title: "dial plan in use has no analysis rows",
            explanation:
                "Users, trunks or caller analysis start calls in a dial plan that has no anacldnbr row: the defaults apply (out-group prefix to a line, anything else to a local user), so a user whose dialPlan is misspelt cannot call 112. When a dial plan with rows has a name close to it, the finding says which.",
            fix:
                "Correct the dialPlan field if it is misspelt; add the dial plan's rows; or, if the defaults are meant, suppress the finding with the reason."
        ),

        // MARK: loop
        LintRule(
            code: "RS201", category: .loop, severity: .error,
            title: "re-analysis loop",
            explanation:
                "Records with changeInd = 1 and reAnaInd = 1 rewrite numbers into each other: the witness is re-analysed until the pass limit and released.",
            fix:
                "Break the cycle: make one of the records route the call (reAnaInd = 0), or make its transition produce a number that reaches a routing record."
        ),
        LintRule(
            code: "RS202", category: .loop, severity: .error,
            title: "re-analysis chain longer than the pass limit",
            explanation:
                "A chain of re-analysing records is longer than the server's pass limit: the witness is released before it reaches a route.",
            fix: "Shorten the chain: let one transition produce the final number directly."),
        LintRule(
            code: "RS203", category: .loop, severity: .info,
            title: "possible re-analysis cycle",
            explanation:
                "The records can feed numbers into each other, but no number the linter tried loops: the cycle depends on digits the records do not fix.",
            fix: "Check the records together; if no real number can cycle, suppress the finding with the reason."),
        LintRule(
            code: "RS204", category: .loop, severity: .warning,
            title: "failover chain cycle",
            explanation:
                "Lines (extline.chain) or trunks (chainTrunkID) fail over to each other in a circle: a call can try the same routes again and again until the server gives up.",
            fix: "End the chain: clear the chain field of its last member."),
        LintRule(
            code: "RS205", category: .loop, severity: .error,
            title: "unconditional forwarding cycle",
            explanation: "Users forward unconditionally (CFU) to each other: a call to any of them is released as a loop.",
            fix: "Switch one of the forwards off or point it at a user who does not forward."),
        LintRule(
            code: "RS206", category: .loop, severity: .warning,
            title: "speed dials feed each other",
            explanation:
                "A speed dial's destination is another speed dial's dialed number and the chain comes back: speed dial applies once per call, so the chain does not do what it looks like.",
            fix: "Give each speed dial its real destination number."),
        LintRule(
            code: "RS207", category: .loop, severity: .info,
            title: "re-analysis exploration incomplete",
            explanation:
                "The plan's re-analysing records produce more number classes than the exploration limit: loops beyond it may be missed.",
            fix: "Nothing to fix in the plan; report the plan so the limit can be reviewed."),

        // MARK: shadowed
        LintRule(
            code: "RS301", category: .shadowed, severity: .error,
            title: "duplicate key",
            explanation:
                "Two records of one table have the same key (for prefix tables: the same dial plan or group and the same prefix, `*` counting as empty): the server keeps one of them, and which is not documented.",
            fix: "Delete one of the two records, or change its key."),
        LintRule(
            code: "RS302", category: .shadowed, severity: .warning,
            title: "dial plan no call starts in",
            explanation:
                "No local user, trunk or caller-analysis record uses the dial plan, and it is not the plan unknown callers or external lines start in: its rows never take effect.",
            fix: "Point a user, trunk or caller-analysis record at the dial plan, or delete its rows (often a misspelt dialPlan)."),
        LintRule(
            code: "RS303", category: .shadowed, severity: .warning,
            title: "prefix covered by longer prefixes",
            explanation:
                "Every digit that can follow the prefix starts a longer prefix of the same table: only the bare number (and numbers going on with * # +) still reach the record.",
            fix: "Delete the record if the bare number does not matter, or delete the longer prefixes it was meant to cover."),
        LintRule(
            code: "RS304", category: .shadowed, severity: .warning,
            title: "refine group nothing uses",
            explanation:
                "No analysis record (clrRefineID) uses the refine-caller group, or no line or trunk (ogGroupID) uses the refine-called group: its rows never apply.",
            fix: "Set the group on the records, lines or trunks meant to use it, or delete its rows."),
        LintRule(
            code: "RS305", category: .shadowed, severity: .warning,
            title: "refine-caller row that caller analysis always rewrites away",
            explanation:
                "Every caller number with the row's prefix is first changed by analyze caller number into a number without that prefix: the row never matches.",
            fix: "Write the row for the number as caller analysis leaves it, or change the caller-analysis transition."),
        LintRule(
            code: "RS306", category: .shadowed, severity: .info,
            title: "unused transition",
            explanation: "No record uses the transition (anacldnbr with changeInd = 1, anaclrnbr, refineclrnbr, refinecldnbr).",
            fix: "Delete it, or use it where it was meant to apply."),
        LintRule(
            code: "RS307", category: .shadowed, severity: .info,
            title: "unused routing group",
            explanation: "No anacldnbr record routes to the routing group (route type 6).",
            fix: "Delete it with its routes, or route a record to it."),
        LintRule(
            code: "RS308", category: .shadowed, severity: .info,
            title: "unused hunting group",
            explanation: "No hgdect row leads to the hunting group: no call reaches it.",
            fix: "Add a detection row for the group's number, or delete the group."),

        // MARK: invalid
        LintRule(
            code: "RS401", category: .invalid, severity: .error,
            title: "character outside the dial alphabet",
            explanation:
                "A prefix or number holds a character other than 0-9 * # +: the server cannot match it (routesim leaves the record out of matching).",
            fix: "Remove the character (spaces, dashes and letters are common slips)."),
        LintRule(
            code: "RS402", category: .invalid, severity: .error,
            title: "unsupported route type",
            explanation: "The route type is 3, 5 or a value the server does not document: calls it routes are rejected.",
            fix: "Use 0 local user, 1 external line, 2 SIP trunk, 4 intercept or 6 routing group (routing-group routes: 1 or 2)."),
        LintRule(
            code: "RS403", category: .invalid, severity: .error,
            title: "route type without its target",
            explanation:
                "Route type 2 without servID, 6 without rtGroupID, or a route row without its trunk or line: calls it routes are released.",
            fix: "Fill in the target field, or change the route type."),
        LintRule(
            code: "RS404", category: .invalid, severity: .error,
            title: "unknown transition type",
            explanation: "The transition's type is not 1 add, 2 replace or 3 delete: it changes nothing.",
            fix: "Set type to 1, 2 or 3."),
        LintRule(
            code: "RS405", category: .invalid, severity: .warning,
            title: "negative transition start or length",
            explanation: "tranStart or tranLen is negative: routesim counts it as 0; the server's reading is not documented.",
            fix: "Use 0 or a positive value (tranStart is 0-based)."),
        LintRule(
            code: "RS406", category: .invalid, severity: .warning,
            title: "catch-all prefix sends every number out",
            explanation:
                "An empty or `*` prefix routes every number nothing longer matches to one line, trunk or routing group: a typo or an unexpected number becomes a paid outside call.",
            fix: "Route only the prefixes meant to leave the PBX; let the catch-all go to a local user or intercept (route type 4)."),
        LintRule(
            code: "RS407", category: .invalid, severity: .warning,
            title: "changeInd without a transition",
            explanation: "An anacldnbr record sets changeInd = 1 but tranID is 0: nothing changes.",
            fix: "Set tranID, or clear changeInd."),
        LintRule(
            code: "RS408", category: .invalid, severity: .warning,
            title: "reAnaInd without changeInd",
            explanation:
                "An anacldnbr record sets reAnaInd = 1 but not changeInd: the number never changes, so it is never analysed again.",
            fix: "Set changeInd and tranID, or clear reAnaInd."),
        LintRule(
            code: "RS409", category: .invalid, severity: .warning,
            title: "transition with ID 0",
            explanation: "A natran record has tranID 0, which every referencing field reads as \"no transition\": nothing can use it.",
            fix: "Give the transition a non-zero tranID."),
        LintRule(
            code: "RS410", category: .invalid, severity: .error,
            title: "field the table does not have",
            explanation:
                "A record gives a field its table does not have: a slip such as reanaInd for reAnaInd or chainTrunkId for chainTrunkID, or a field a newer server version adds. The plan loads and the field is kept, but routing never reads it, so the field that was meant keeps its default. Every command that loads the plan warns about it on stderr, and --strict refuses the plan.",
            fix:
                "Correct the field's name (the finding suggests the closest field of the table). For a field a newer server version adds, suppress the finding for the table and field (\"field\" in the suppression)."
        ),

        // MARK: exposure
        LintRule(
            code: "RS501", category: .exposure, severity: .warning,
            title: "costly prefix open to every caller",
            explanation:
                "Numbers starting with an international or premium prefix leave the PBX through this record, and no record on the way sets a call level: every caller of the dial plan may dial them. Each costly prefix a record exposes is a finding of its own, so that accepting one (\"prefix\" in the suppression) leaves the others in view.",
            fix: "Set callLevel on the record (and give the allowed users that level), or route the prefix to intercept."),

        // MARK: assumption
        LintRule(
            code: "RS601", category: .assumption, severity: .info,
            title: "routing depends on an assumption",
            explanation:
                "Where calls with this prefix go (how they end, their target, the lines and trunks they may leave through) changes with the value of an assumption: a rule the vendor does not document, such as whether `*` is a catch-all or whether hunting detection comes before the analysis records. routesim's default may not be the server's.",
            fix:
                "Check the answer against the server (a test call), then write it down as a case; or make the plan independent of the rule (a longer prefix instead of a catch-all, detection numbers no record matches)."
        ),
        LintRule(
            code: "RS602", category: .assumption, severity: .info,
            title: "no sysinfo: the default out-group prefix is assumed",
            explanation:
                "The plan has no sysinfo record, so the out-group prefix is not known: routesim takes the server's default, 9, and calls starting with 9 that no record matches leave on an external line.",
            fix: "Include sysinfo in the snapshot (routesim fetch writes it; --tables must name it), with ogpfx as the server has it."),

        // MARK: configuration
        LintRule(
            code: "RS901", category: .configuration, severity: .info,
            title: "suppression matches nothing",
            explanation:
                "A suppression of the lint configuration silenced no finding: the problem was fixed or the suppression's key is wrong.",
            fix: "Delete the suppression, or correct its code, table or key."),
    ]

    /// The rule with `code`, if any.
    public static func rule(_ code: String) -> LintRule? { byCode[code] }

    /// The code's section of docs/lint.md — what it means, an example, the fix — as
    /// `routesim lint --explain CODE` prints it (Markdown).
    public static func explanation(for code: String) -> String? { explanations[code] }

    private static let byCode: [String: LintRule] = Dictionary(uniqueKeysWithValues: rules.map { ($0.code, $0) })

    /// The rule with `code`; a check naming an unknown code is a programming error.
    static func require(_ code: String) -> LintRule {
        guard let rule = byCode[code] else { preconditionFailure("lint rule \(code) is not in the catalog") }
        return rule
    }
}
