import DialPlan

/// Where each character of a number came from: a position of the input it started from, or a
/// byte the plan wrote.
///
/// The input is the dialled number for called numbers and the origin's caller number for
/// callers. A cell `>= 0` is a position of the input; a cell `< 0` is the literal byte
/// `-(cell + 1)` (a transition's prefix, a speed-dial destination, a forward number).
/// `extends` says whether a longer input would have its extra characters at the end of this
/// number: true for a number derived from the input by transitions, false once the plan
/// replaced it by a number of its own.
package struct NumberCells: Sendable, Hashable {
    package var cells: [Int32]
    package var extends: Bool

    package init(cells: [Int32], extends: Bool) {
        self.cells = cells
        self.extends = extends
    }

    /// The input itself: positions 0 to `count - 1`.
    package static func input(count: Int) -> NumberCells {
        NumberCells(cells: (0..<count).map { Int32($0) }, extends: true)
    }

    /// A number the plan wrote, with no character of the input in it.
    package static func literal(_ text: String) -> NumberCells {
        NumberCells(cells: text.utf8.map(literalCell), extends: false)
    }

    /// The cell of a literal byte.
    @inline(__always)
    package static func literalCell(_ byte: UInt8) -> Int32 { -1 - Int32(byte) }

    /// The byte of a literal cell, or nil for a position of the input.
    @inline(__always)
    package static func literalByte(_ cell: Int32) -> UInt8? { cell < 0 ? UInt8(-1 - cell) : nil }

    /// The number for one input: literal bytes as they are, positions read from `input`, and the
    /// characters of `input` past `extendedFrom` appended when the number extends.
    package func text(input: [UInt8], extendedFrom: Int) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(cells.count + max(0, input.count - extendedFrom))
        for cell in cells {
            if let byte = Self.literalByte(cell) {
                bytes.append(byte)
            } else {
                bytes.append(input[Int(cell)])
            }
        }
        if extends && input.count > extendedFrom { bytes.append(contentsOf: input[extendedFrom...]) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The number after `cut`: the cut characters give way to `insert`.
    package func cutting(_ cut: TransitionCut, inserting insert: String) -> NumberCells {
        var copy = self
        copy.cells.replaceSubrange(cut.at..<(cut.at + cut.removed), with: insert.utf8.map(Self.literalCell))
        return copy
    }
}

/// A place where the simulator looks the called number up in the trie.
package enum LookupSite: Sendable, Equatable {
    /// Speed dial among the entries that serve every caller.
    case speedDial
    case huntingDetection
    case calledAnalysis
    /// Refine called number, on one attempt's copy of the number.
    case calledRefinement
}

/// A place where the simulator looks the caller number up in the trie.
package enum CallerLookupSite: Sendable, Equatable {
    /// Analyze caller number (the caller as it arrived).
    case callerAnalysis
    /// Which speed-dial entries are the caller's own (the caller as it arrived, exactly).
    case speedDialCaller
}

/// One decision of the simulator that a symbolic analysis must see, in the order the call met it.
///
/// Decisions on the called number carry its cells; decisions on the origin (its call level,
/// default line, duration limit, caller number) carry what they depended on.
package enum Observation: Sendable {
    /// A trie lookup of the called number (or of an attempt's copy): `exact` or longest prefix.
    case lookup(LookupSite, root: Int32, exact: Bool, number: NumberCells, result: Int32)
    /// The speed-dial lookup among the caller's own entries (`root` nil: the caller has none).
    case ownSpeedDial(root: Int32?, exact: Bool, number: NumberCells, result: Int32)
    /// Whether the number starts with `prefix` (the out-group prefix).
    case prefixCheck(String, number: NumberCells, result: Bool)
    /// A transition (or a stripped prefix) cut the number `number` as `cut` says.
    case cut(CompiledTransition, bounds: Assumptions.TransitionBounds, number: NumberCells, applied: TransitionCut?)
    /// Whether two numbers are equal (re-analysis needs a changed number).
    case comparison(NumberCells, NumberCells, equal: Bool)
    /// The local user whose name is the number, if any.
    case userLookup(number: NumberCells, result: Int32?)
    /// A record requires call level `level`; the origin was admitted or not.
    case callLevel(Int, admitted: Bool)
    /// The origin's default external line was chosen.
    case defaultLine(Int?)
    /// The origin's own maximum duration (`limit`) was combined with the record's and the line's
    /// (`others`, the smaller non-zero of the two, 0 for none).
    case callerLimit(Int, others: Int)
    /// Refine caller number looked the caller up under this root (nil: the group has no rows).
    case refineCaller(root: Int32?, result: Int32)
    /// A forwarded call starts again from the caller as caller analysis left it.
    case callerReset
    /// The called user `calledUser` is in ring group `group` and the origin is the call's
    /// context: whether the caller is another member of the group decides who rings.
    case ringGroupCaller(group: Int, calledUser: Int32)
    /// A trie lookup of the caller number.
    case callerLookup(CallerLookupSite, root: Int32, exact: Bool, number: NumberCells, result: Int32)
    /// A transition cut the caller number.
    case callerCut(CompiledTransition, bounds: Assumptions.TransitionBounds, number: NumberCells, applied: TransitionCut?)
}

/// One outgoing attempt as the observer saw it: where its numbers came from.
package struct ObservedAttempt: Sendable {
    package var called: NumberCells
    /// The presented caller; nil when the line or trunk presents a number of its own.
    package var caller: NumberCells?
}

/// Watches one simulated call for `routesim map`, `reach` and `diff`: it follows where every
/// character of the called number and of the caller came from, and records each decision the
/// call depended on, with the cells it looked at.
///
/// The simulator holds it the way it holds a trace: nil on the fast path, so the hooks cost
/// one nil check. It also checks, at every decision, that the numbers it followed are the
/// numbers the simulator holds: a change of the called number that bypassed the observer is
/// reported as `inconsistency` rather than silently giving a wrong region.
package final class CallObserver {
    package private(set) var observations: [Observation] = []
    package private(set) var called = NumberCells(cells: [], extends: false)
    package private(set) var caller = NumberCells(cells: [], extends: false)
    package private(set) var attempts: [ObservedAttempt] = []
    /// One observer per follow-me destination the call rang, in order: each destination is a
    /// call of its own, with its own decisions (`followMeLeg(to:)`).
    package private(set) var legs: [CallObserver] = []
    /// The first place where the observed numbers and the simulator's disagreed.
    package private(set) var inconsistency: String?
    /// The first decision the call met that the observer does not follow (a number read
    /// differently from how it was given): the symbolic analysis refuses the call rather than
    /// give a region it cannot vouch for.
    package private(set) var unsupportedDecision: String?

    private var dialled: [UInt8] = []
    private var callerInput: [UInt8] = []
    /// The caller as analyze caller number left it, and the dial plan the call then started in.
    package private(set) var analyzedCaller = NumberCells(cells: [], extends: false)
    package private(set) var planAfterCallerAnalysis: Int32?

    package init() {
        observations.reserveCapacity(16)
    }

    // MARK: Numbers

    func startCalled(_ number: String) {
        dialled = Array(number.utf8)
        called = .input(count: dialled.count)
    }

    func startCaller(_ number: String) {
        callerInput = Array(number.utf8)
        caller = .input(count: callerInput.count)
    }

    func setCalled(_ literal: String) {
        called = .literal(literal)
    }

    /// The observer of a follow-me destination's call to `number`: the same caller, a called
    /// number of the plan's own.
    func followMeLeg(to number: String) -> CallObserver {
        let leg = CallObserver()
        leg.callerInput = callerInput
        leg.caller = caller
        leg.analyzedCaller = analyzedCaller
        leg.planAfterCallerAnalysis = planAfterCallerAnalysis
        leg.called = .literal(number)
        legs.append(leg)
        return leg
    }

    /// The caller after analyze caller number: what a forwarded call starts from.
    func callerAnalyzed(plan: Int32) {
        analyzedCaller = caller
        planAfterCallerAnalysis = plan
    }

    func callerLookup(_ site: CallerLookupSite, root: Int32, exact: Bool, _ number: String, result: Int32) {
        let cells = site == .speedDialCaller ? NumberCells.input(count: callerInput.count) : caller
        check(cells, number, input: callerInput, "caller")
        observations.append(.callerLookup(site, root: root, exact: exact, number: cells, result: result))
    }

    func resetCaller(_ now: String) {
        caller = analyzedCaller
        observations.append(.callerReset)
        check(caller, now, input: callerInput, "caller")
    }

    // MARK: Decisions on the called number

    func lookup(_ site: LookupSite, root: Int32, exact: Bool, _ number: String, result: Int32) {
        check(called, number, input: dialled, "called")
        observations.append(.lookup(site, root: root, exact: exact, number: called, result: result))
    }

    func ownSpeedDial(root: Int32?, exact: Bool, _ number: String, result: Int32) {
        check(called, number, input: dialled, "called")
        observations.append(.ownSpeedDial(root: root, exact: exact, number: called, result: result))
    }

    func prefixCheck(_ prefix: String, _ number: String, result: Bool) {
        check(called, number, input: dialled, "called")
        observations.append(.prefixCheck(prefix, number: called, result: result))
    }

    /// The called number was cut by `transition`; `after` is the simulator's number afterwards.
    func cutCalled(_ transition: CompiledTransition, bounds: Assumptions.TransitionBounds, before: String, after: String) {
        check(called, before, input: dialled, "called")
        let cut = transition.cut(count: called.cells.count, bounds: bounds)
        observations.append(.cut(transition, bounds: bounds, number: called, applied: cut))
        if let cut { called = called.cutting(cut, inserting: transition.prefix) }
        check(called, after, input: dialled, "called")
    }

    func comparison(_ before: NumberCells, equal: Bool) {
        observations.append(.comparison(before, called, equal: equal))
    }

    func userLookup(_ number: String, result: Int32?) {
        check(called, number, input: dialled, "called")
        observations.append(.userLookup(number: called, result: result))
    }

    // MARK: Attempts

    /// An attempt starts from the called number; `refine` is its refine-called lookup, if any.
    func beginAttempt() -> NumberCells { called }

    func attemptLookup(root: Int32, _ cells: NumberCells, _ number: String, result: Int32) {
        check(cells, number, input: dialled, "attempt")
        observations.append(.lookup(.calledRefinement, root: root, exact: false, number: cells, result: result))
    }

    func cutAttempt(
        _ cells: inout NumberCells, _ transition: CompiledTransition, bounds: Assumptions.TransitionBounds, before: String,
        after: String
    ) {
        check(cells, before, input: dialled, "attempt")
        let cut = transition.cut(count: cells.cells.count, bounds: bounds)
        observations.append(.cut(transition, bounds: bounds, number: cells, applied: cut))
        if let cut { cells = cells.cutting(cut, inserting: transition.prefix) }
        check(cells, after, input: dialled, "attempt")
    }

    func endAttempt(called cells: NumberCells, presentsCaller: Bool) {
        attempts.append(ObservedAttempt(called: cells, caller: presentsCaller ? caller : nil))
    }

    // MARK: Decisions on the origin

    func callLevel(_ level: Int, admitted: Bool) { observations.append(.callLevel(level, admitted: admitted)) }
    func defaultLine(_ line: Int?) { observations.append(.defaultLine(line)) }
    func callerLimit(_ limit: Int, others: Int) { observations.append(.callerLimit(limit, others: others)) }
    func ringGroupCaller(group: Int, calledUser: Int32) { observations.append(.ringGroupCaller(group: group, calledUser: calledUser)) }

    /// Refine caller number looked the caller up; `cut` is what the matched row's transition did.
    func refineCaller(root: Int32?, _ number: String, result: Int32) {
        check(caller, number, input: callerInput, "caller")
        observations.append(.refineCaller(root: root, result: result))
    }

    /// The caller was cut by a transition (caller analysis or refine caller number).
    func cutCaller(_ transition: CompiledTransition, bounds: Assumptions.TransitionBounds, before: String, after: String) {
        check(caller, before, input: callerInput, "caller")
        let cut = transition.cut(count: caller.cells.count, bounds: bounds)
        observations.append(.callerCut(transition, bounds: bounds, number: caller, applied: cut))
        if let cut { caller = caller.cutting(cut, inserting: transition.prefix) }
        check(caller, after, input: callerInput, "caller")
    }

    // MARK: Consistency

    /// Records a decision the observer does not follow (the first one is kept).
    func unsupported(_ what: String) {
        if unsupportedDecision == nil { unsupportedDecision = what }
    }

    /// Records the first disagreement between the followed number and the simulator's.
    private func check(_ cells: NumberCells, _ number: String, input: [UInt8], _ what: String) {
        guard inconsistency == nil else { return }
        var number = number
        let agrees = number.withUTF8 { bytes -> Bool in
            guard bytes.count == cells.cells.count else { return false }
            for (j, cell) in cells.cells.enumerated() {
                let expected = NumberCells.literalByte(cell) ?? (Int(cell) < input.count ? input[Int(cell)] : 0)
                if bytes[j] != expected { return false }
            }
            return true
        }
        if !agrees {
            let followed = cells.text(input: input, extendedFrom: input.count)
            inconsistency = "the \(what) number is \(number) but the observer followed \(followed)"
        }
    }
}
