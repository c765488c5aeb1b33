// The typed records of every table that affects routing. Property names are the domain's words;
// the OpenAPI's field names appear only in each type's `fields` (the JSON boundary).

/// System settings (`sysinfo`): one object, not a list.
public struct SystemInfo: DialPlanRecord {
    public static let table = Table.systemInfo
    public static let keyFields: [String] = []
    public static var snapshotRecords: WritableKeyPath<Snapshot, RecordList<Self>> { \.systemInfoRecords }
    /// The out-group call prefix (`ogpfx`): a called number starting with it leaves through an
    /// external line when no analysis record matches.
    public var outGroupPrefix = ""
    public var extras = ExtraFields()
    public init() {}

    public static let fields: [FieldSpec<SystemInfo>] = [
        .other("admpwd", .string), .string("ogpfx", \.outGroupPrefix), .other("rtpport", .integer),
        .other("httpport", .integer), .other("evtChannelPort", .integer), .other("srfannlang", .integer),
        .other("sipaddr", .string), .other("sipaddr6", .string), .other("publicaddr", .string),
        .other("sipport", .integer), .other("tcpport", .integer), .other("tlsport", .integer),
        .other("realm", .string), .other("dbaddr", .string), .other("dbport", .integer),
        .other("dbname", .string), .other("dbusr", .string), .other("dbpwd", .string),
        .other("smtpserv", .string), .other("smtpusr", .string), .other("smtppwd", .string),
        .other("smtptls", .boolean), .other("cdrcallerusr", .boolean), .other("cdrcalledusr", .boolean),
        .other("cdrcallerextline", .boolean), .other("cdrcalledextline", .boolean),
        .other("cdrfailcall", .boolean), .other("cdrshow", .boolean), .other("cdroutput", .boolean),
        .other("stunaddr1", .string), .other("stunport1", .integer), .other("stunaddr2", .string),
        .other("stunport2", .integer),
    ]
}

/// A local user (`localuser`), keyed by `usrname`.
public struct LocalUser: DialPlanRecord {
    public static let table = Table.localUsers
    public static let keyFields: [String] = ["usrname"]
    public static var snapshotRecords: WritableKeyPath<Snapshot, RecordList<Self>> { \.localUsers }
    public var name = ""
    public var description = ""
    public var displayName = ""
    /// The dial plan the user's calls start in; empty means `default`.
    public var dialPlan = ""
    /// The external line for this user's out-group calls (`specextline`).
    public var specificExternalLine = ""
    /// Maximum call duration in seconds (`maxdura`); 0 means none.
    public var maxDuration = 0
    /// Call-level bits (`calllevel`) that analysis records with a `callLevel` check.
    public var callLevel = 0
    public var forwardUnconditional = false
    public var forwardUnconditionalNumber = ""
    public var forwardUnreachable = false
    public var forwardUnreachableNumber = ""
    public var forwardBusy = false
    public var forwardBusyNumber = ""
    public var forwardNoAnswer = false
    public var forwardNoAnswerNumber = ""
    /// Time condition (`tcID`): outside its hours the user counts as unreachable (live state).
    public var timeCondition = 0
    /// The ring-group right (`right_rg`): with a non-zero `ringgrpid`, the user is in that ring group.
    public var ringGroupRight = false
    /// Calls to this user directly ring only this user (`right_sup_rg`).
    public var suppressesRingGroup = false
    /// The ring group (`ringgrpid`); 0 means none.
    public var ringGroup = 0
    /// Follow-me strategy (`fmtype`); 0 means off.
    public var followMeType = 0
    /// Seconds between follow-me destinations (`fminterval`).
    public var followMeInterval = 0
    /// Follow-me destinations A, B and C (`fmdesta`, `fmdestb`, `fmdestc`).
    public var followMeA = ""
    public var followMeB = ""
    public var followMeC = ""
    /// The voice-mail right (`right_vms`).
    public var voicemail = false
    public var extras = ExtraFields()
    public init() {}

    /// The follow-me destinations that are set, in order A, B, C.
    public var followMeDestinations: [String] { [followMeA, followMeB, followMeC].filter { !$0.isEmpty } }

    public static let fields: [FieldSpec<LocalUser>] = [
        .string("usrname", \.name), .other("usrpwd", .string), .string("description", \.description),
        .other("right_ipauth", .integer), .other("addr", .string), .other("port", .integer),
        .other("state", .integer), .other("right_aa", .integer), .integer("right_rg", \.ringGroupRight),
        .integer("right_sup_rg", \.suppressesRingGroup), .integer("ringgrpid", \.ringGroup), .other("right_pickup", .integer),
        .other("pickupgrpid", .integer), .other("right_park", .integer), .other("right_retrieve", .integer),
        .other("right_cw", .integer), .integer("fmtype", \.followMeType), .integer("fminterval", \.followMeInterval),
        .string("fmdesta", \.followMeA), .string("fmdestb", \.followMeB), .string("fmdestc", \.followMeC),
        .other("enddate", .integer), .string("dialPlan", \.dialPlan), .string("dispname", \.displayName),
        .string("specextline", \.specificExternalLine), .integer("maxdura", \.maxDuration),
        .other("maxcall", .integer), .other("momaxcall", .integer), .integer("calllevel", \.callLevel),
        .integer("right_cfu", \.forwardUnconditional), .string("cfunbr", \.forwardUnconditionalNumber),
        .integer("right_cfnc", \.forwardUnreachable), .string("cfncnbr", \.forwardUnreachableNumber),
        .integer("right_cfb", \.forwardBusy), .string("cfbnbr", \.forwardBusyNumber),
        .integer("right_cfna", \.forwardNoAnswer), .string("cfnanbr", \.forwardNoAnswerNumber),
        .other("cfnatmr", .integer), .integer("right_vms", \.voicemail), .other("vmannid", .integer),
        .other("email", .string), .other("right_prepaid", .integer), .other("right_subpre", .integer),
        .other("presgrpid", .integer), .other("right_clrid", .integer), .other("right_moh", .integer),
        .other("right_relay", .integer), .other("right_oli", .integer), .other("right_tli", .integer),
        .integer("tcID", \.timeCondition),
    ]
}

/// An external line (`extline`), keyed by `extLine`.
public struct ExternalLine: DialPlanRecord {
    public static let table = Table.externalLines
    public static let keyFields: [String] = ["extLine"]
    public static var snapshotRecords: WritableKeyPath<Snapshot, RecordList<Self>> { \.externalLines }
    public var name = ""
    public var description = ""
    public var host = ""
    /// Where incoming calls on the line go (`localUser`).
    public var incomingDestination = ""
    /// Maximum call duration in seconds (`maxDur`); 0 means none.
    public var maxDuration = 0
    /// The line to try when this one fails (`chain`); empty means none.
    public var chain = ""
    /// The refine-called-number group for outgoing calls (`ogGroupID`).
    public var outgoingGroup: CalledRefineGroupID = 0
    /// Time condition for outgoing calls (`otcID`): live state.
    public var outgoingTimeCondition = 0
    /// Incoming calls go to the auto attendant (`aaInd`).
    public var autoAttendant = false
    /// Other users may use the line for out-group calls (`shareInd`).
    public var shared = false
    /// Present the original caller number instead of the line's own (`origCallerNbr`).
    public var presentsOriginalCaller = false
    public var extras = ExtraFields()
    public init() {}

    public static let fields: [FieldSpec<ExternalLine>] = [
        .string("extLine", \.name), .other("state", .integer), .string("host", \.host), .other("port", .integer),
        .string("localUser", \.incomingDestination), .other("type", .integer), .other("password", .string),
        .other("authID", .string), .integer("maxDur", \.maxDuration), .string("chain", \.chain),
        .other("transport", .integer), .integer("ogGroupID", \.outgoingGroup), .other("maxMOCalls", .integer),
        .integer("otcID", \.outgoingTimeCondition), .other("noAnsTimer", .integer),
        .string("description", \.description), .other("maxCalls", .integer), .integer("aaInd", \.autoAttendant),
        .other("outbandInd", .integer), .other("outbandServer", .string), .other("outbandPort", .integer),
        .integer("shareInd", \.shared), .integer("origCallerNbr", \.presentsOriginalCaller),
        .other("authidWithAddrInd", .integer), .other("reInviteInd", .integer), .other("donotRegInd", .integer),
        .other("incomingLI", .integer),
    ]
}

/// A SIP trunk (`peerserver`), keyed by `servID`.
public struct SIPTrunk: DialPlanRecord {
    public static let table = Table.sipTrunks
    public static let keyFields: [String] = ["servID"]
    public static var snapshotRecords: WritableKeyPath<Snapshot, RecordList<Self>> { \.sipTrunks }
    public var id: TrunkID = 0
    public var description = ""
    public var address = ""
    /// The caller ID presented on outgoing calls (`callerID`); empty presents the caller.
    public var callerID = ""
    /// The dial plan incoming calls start in; empty means `default`.
    public var dialPlan = ""
    /// The refine-called-number group for outgoing calls (`ogGroupID`).
    public var outgoingGroup: CalledRefineGroupID = 0
    /// Time condition for outgoing calls (`otcID`): live state.
    public var outgoingTimeCondition = 0
    /// The trunk to try when this one fails (`chainTrunkID`); 0 means none.
    public var chain: TrunkID = 0
    public var extras = ExtraFields()
    public init() {}

    public static let fields: [FieldSpec<SIPTrunk>] = [
        .integer("servID", \.id), .string("desc", \.description), .string("servAddr", \.address),
        .other("servPort", .integer), .string("callerID", \.callerID), .string("dialPlan", \.dialPlan),
        .other("transport", .integer), .integer("ogGroupID", \.outgoingGroup),
        .integer("otcID", \.outgoingTimeCondition), .other("oMaxCalls", .integer), .other("iMaxCalls", .integer),
        .other("orelayMediaInd", .integer), .integer("chainTrunkID", \.chain),
    ]
}

/// A routing group (`routegroup`), keyed by `groupID`; its members are `route` rows.
public struct RoutingGroup: DialPlanRecord {
    public static let table = Table.routingGroups
    public static let keyFields: [String] = ["groupID"]
    public static var snapshotRecords: WritableKeyPath<Snapshot, RecordList<Self>> { \.routingGroups }
    public var id: RoutingGroupID = 0
    public var description = ""
    public var extras = ExtraFields()
    public init() {}

    public static let fields: [FieldSpec<RoutingGroup>] = [
        .integer("groupID", \.id), .string("description", \.description),
    ]
}

/// A member of a routing group (`route`), keyed by all four fields. Snapshot order is try order.
public struct RoutingGroupRoute: DialPlanRecord {
    public static let table = Table.routes
    public static let keyFields: [String] = ["groupID", "routeType", "sipTrunkID", "extLine"]
    public static var snapshotRecords: WritableKeyPath<Snapshot, RecordList<Self>> { \.routes }
    public var group: RoutingGroupID = 0
    /// 1 external line or 2 SIP trunk.
    public var routeType = RouteType.externalLine
    public var trunk: TrunkID = 0
    public var externalLine = ""
    public var extras = ExtraFields()
    public init() {}

    public static let fields: [FieldSpec<RoutingGroupRoute>] = [
        .integer("groupID", \.group), .integer("routeType", \.routeType), .integer("sipTrunkID", \.trunk),
        .string("extLine", \.externalLine),
    ]

    /// The group, the route type, and the member field that type names (the other one is unused:
    /// a trunk route need not give `extLine`).
    public static func requiredKeyFields(of route: Self) -> [String] {
        switch route.routeType {
        case .sipTrunk: return ["groupID", "routeType", "sipTrunkID"]
        case .externalLine: return ["groupID", "routeType", "extLine"]
        default: return ["groupID", "routeType"]
        }
    }

    public static let keyRequirement =
        "every route record needs groupID and routeType, and the member its type names: sipTrunkID for a SIP trunk (2), extLine for an external line (1)"
}

/// A number transition (`natran`), keyed by `tranID`.
public struct Transition: DialPlanRecord {
    public static let table = Table.transitions
    public static let keyFields: [String] = ["tranID"]
    public static var snapshotRecords: WritableKeyPath<Snapshot, RecordList<Self>> { \.transitions }
    public var id: TransitionID = 0
    public var type = TransitionType.add
    /// 0-based character index where the change starts (`tranStart`).
    public var start = 0
    /// How many characters replace or delete removes (`tranLen`).
    public var length = 0
    /// What add or replace inserts (`prefix`).
    public var prefix = ""
    public var description = ""
    public var extras = ExtraFields()
    public init() {}

    public static let fields: [FieldSpec<Transition>] = [
        .integer("tranID", \.id), .integer("type", \.type), .integer("tranStart", \.start),
        .integer("tranLen", \.length), .string("prefix", \.prefix), .string("description", \.description),
    ]
}

/// A refine-caller-number row (`refineclrnbr`), keyed by `grpID` and `callerNbr`.
public struct CallerRefinement: DialPlanRecord {
    public static let table = Table.callerRefinements
    public static let keyFields: [String] = ["grpID", "callerNbr"]
    public static var snapshotRecords: WritableKeyPath<Snapshot, RecordList<Self>> { \.callerRefinements }
    public var group: CallerRefineGroupID = 0
    public var callerPrefix = ""
    public var transition: TransitionID = 0
    public var description = ""
    public var extras = ExtraFields()
    public init() {}

    public static let fields: [FieldSpec<CallerRefinement>] = [
        .integer("grpID", \.group), .string("callerNbr", \.callerPrefix), .integer("tranID", \.transition),
        .string("description", \.description),
    ]
}

/// A refine-called-number row (`refinecldnbr`), keyed by `groupID` and `calledPrefix`.
public struct CalledRefinement: DialPlanRecord {
    public static let table = Table.calledRefinements
    public static let keyFields: [String] = ["groupID", "calledPrefix"]
    public static var snapshotRecords: WritableKeyPath<Snapshot, RecordList<Self>> { \.calledRefinements }
    public var group: CalledRefineGroupID = 0
    public var calledPrefix = ""
    public var transition: TransitionID = 0
    public var description = ""
    public var extras = ExtraFields()
    public init() {}

    public static let fields: [FieldSpec<CalledRefinement>] = [
        .integer("groupID", \.group), .string("calledPrefix", \.calledPrefix), .integer("transID", \.transition),
        .string("description", \.description),
    ]
}

/// An analyze-caller-number row (`anaclrnbr`): one global table keyed by `callerNbr`.
public struct CallerAnalysis: DialPlanRecord {
    public static let table = Table.callerAnalysis
    public static let keyFields: [String] = ["callerNbr"]
    public static var snapshotRecords: WritableKeyPath<Snapshot, RecordList<Self>> { \.callerAnalysis }
    public var callerPrefix = ""
    public var description = ""
    public var transition: TransitionID = 0
    /// The dial plan the call switches to; empty keeps the current one.
    public var dialPlan = ""
    public var extras = ExtraFields()
    public init() {}

    public static let fields: [FieldSpec<CallerAnalysis>] = [
        .string("callerNbr", \.callerPrefix), .string("description", \.description),
        .integer("tranID", \.transition), .string("dialPlan", \.dialPlan),
    ]
}

/// An analyze-called-number row (`anacldnbr`), keyed by `dialPlan` and `calledNbr`.
public struct CalledAnalysis: DialPlanRecord {
    public static let table = Table.calledAnalysis
    public static let keyFields: [String] = ["dialPlan", "calledNbr"]
    public static var snapshotRecords: WritableKeyPath<Snapshot, RecordList<Self>> { \.calledAnalysis }
    // A plan holds a million of these, so a row keeps its integers as 32-bit words: 104 bytes a
    // row (four strings, seven words, the two flags, one reference), where `Int` properties, the
    // route type's enum and the extra fields' array took 144. The properties are the same `Int`s,
    // IDs and route type as everywhere: a value a word cannot hold (outside the 32-bit range, or
    // `Int32.min` itself, the word's mark for it) is kept whole in `rare`, with the extra fields,
    // so nothing is refused or cut short. `rare` is nil on a row with neither (almost every row).
    public var dialPlan = ""
    public var calledPrefix = ""
    public var description = ""
    public var externalLine = ""
    @usableFromInline var trunkWord: Int32 = 0
    @usableFromInline var routingGroupWord: Int32 = 0
    @usableFromInline var transitionWord: Int32 = 0
    @usableFromInline var callerRefineGroupWord: Int32 = 0
    @usableFromInline var maxDurationWord: Int32 = 0
    @usableFromInline var callLevelWord: Int32 = 0
    @usableFromInline var routeTypeWord: Int32 = 0
    /// Apply `transition` to the called number (`changeInd`).
    public var changesNumber = false
    /// Analyze again when the number changed (`reAnaInd`).
    public var reanalyze = false
    @usableFromInline var rare: RareFields?
    public init() {}

    @inlinable public var trunk: TrunkID {
        get { TrunkID(wide(trunkWord, 0)) }
        set { trunkWord = word(newValue.rawValue, slot: 0) }
    }
    @inlinable public var routingGroup: RoutingGroupID {
        get { RoutingGroupID(wide(routingGroupWord, 1)) }
        set { routingGroupWord = word(newValue.rawValue, slot: 1) }
    }
    @inlinable public var transition: TransitionID {
        get { TransitionID(wide(transitionWord, 2)) }
        set { transitionWord = word(newValue.rawValue, slot: 2) }
    }
    /// The refine-caller-number group (`clrRefineID`); 0 means none.
    @inlinable public var callerRefineGroup: CallerRefineGroupID {
        get { CallerRefineGroupID(wide(callerRefineGroupWord, 3)) }
        set { callerRefineGroupWord = word(newValue.rawValue, slot: 3) }
    }
    /// Maximum call duration in seconds; 0 means none.
    @inlinable public var maxDuration: Int {
        get { wide(maxDurationWord, 4) }
        set { maxDurationWord = word(newValue, slot: 4) }
    }
    /// Required call level; 0 admits everyone.
    @inlinable public var callLevel: Int {
        get { wide(callLevelWord, 5) }
        set { callLevelWord = word(newValue, slot: 5) }
    }
    @inlinable public var routeType: RouteType {
        get {
            if _slowPath(routeTypeWord == Int32.min), let odd = rare?.routeType { return odd }
            return RouteType(rawValue: Int(routeTypeWord))
        }
        set {
            if _fastPath(rare == nil), let word = RouteType.word(newValue) {
                routeTypeWord = word
            } else {
                setRareRouteType(newValue)
            }
        }
    }

    /// The route type's setter when `rare` is there or the type is kept whole (out of line).
    @usableFromInline @inline(never)
    mutating func setRareRouteType(_ type: RouteType) {
        if let word = RouteType.word(type) {
            routeTypeWord = word
            if rare?.routeType != nil { updateRare { $0.routeType = nil } }
        } else {
            routeTypeWord = Int32.min
            updateRare { $0.routeType = type }
        }
    }
    public var extras: ExtraFields {
        get { rare?.extras ?? ExtraFields() }
        // Changed in place (the decoder adds a plan's unknown members one by one: a copy per
        // member would take time quadratic in their number).
        _modify {
            if rare == nil {
                rare = RareFields(RareFields.Values())
            } else if !isKnownUniquelyReferenced(&rare) {
                rare = RareFields(rare!.values)
            }
            defer { if rare!.values.isEmpty { rare = nil } }
            yield &rare!.values.extras
        }
    }

    /// The value of integer `slot`: its word, or the whole value kept in `rare`.
    @inlinable @inline(__always)
    func wide(_ word: Int32, _ slot: Int) -> Int {
        if _slowPath(word == Int32.min), let value = rare?.integers[slot] { return value }
        return Int(word)
    }

    /// The word for `value` in integer `slot`: the value when it fits, else the mark, with the
    /// value kept whole in `rare`.
    @inlinable @inline(__always)
    mutating func word(_ value: Int, slot: Int) -> Int32 {
        let narrow = Int32(truncatingIfNeeded: value)
        if _fastPath(Int(narrow) == value && narrow != Int32.min && rare == nil) { return narrow }
        return rareWord(value, slot: slot)
    }

    /// `word(_:slot:)` when the value does not fit, or `rare` is there (out of line: rare rows).
    @usableFromInline @inline(never)
    mutating func rareWord(_ value: Int, slot: Int) -> Int32 {
        if let narrow = Int32(exactly: value), narrow != Int32.min {
            if rare?.integers[slot] != nil { updateRare { $0.integers[slot] = nil } }
            return narrow
        }
        updateRare { $0.integers[slot] = value }
        return Int32.min
    }

    /// Changes `rare` (in place when this row alone holds it, else a copy: rows share it when
    /// copied), nil again once it holds nothing.
    @usableFromInline mutating func updateRare(_ change: (inout RareFields.Values) -> Void) {
        guard rare != nil else {
            var values = RareFields.Values()
            change(&values)
            if !values.isEmpty { rare = RareFields(values) }
            return
        }
        if !isKnownUniquelyReferenced(&rare) { rare = RareFields(rare!.values) }
        change(&rare!.values)
        if rare!.values.isEmpty { rare = nil }
    }

    /// What few rows have: extra fields, integers a word cannot hold, a route type its number
    /// does not give back. Shared by copies of a row; changed in place only while one row holds
    /// it (copy on write, as an array's storage).
    @usableFromInline final class RareFields: @unchecked Sendable, Equatable {
        // @unchecked: `values` changes only through a row that holds the only reference.
        @usableFromInline struct Values: Equatable, Sendable {
            @usableFromInline var extras = ExtraFields()
            @usableFromInline var integers: [Int: Int] = [:]
            @usableFromInline var routeType: RouteType?
            var isEmpty: Bool { extras == ExtraFields() && integers.isEmpty && routeType == nil }
        }
        @usableFromInline var values: Values
        var extras: ExtraFields { values.extras }
        @usableFromInline var integers: [Int: Int] { values.integers }
        @usableFromInline var routeType: RouteType? { values.routeType }

        init(_ values: Values) { self.values = values }

        @usableFromInline static func == (lhs: RareFields, rhs: RareFields) -> Bool { lhs.values == rhs.values }
    }

    public static let fields: [FieldSpec<CalledAnalysis>] = [
        .string("dialPlan", \.dialPlan), .string("calledNbr", \.calledPrefix), .string("description", \.description),
        .integer("routeType", \.routeType), .integer("servID", \.trunk), .string("extLine", \.externalLine),
        .integer("rtGroupID", \.routingGroup), .integer("changeInd", \.changesNumber),
        .integer("tranID", \.transition), .integer("reAnaInd", \.reanalyze),
        .integer("clrRefineID", \.callerRefineGroup), .integer("maxDuration", \.maxDuration),
        .integer("callLevel", \.callLevel),
    ]
}

/// A speed-dial row (`speeddial`), keyed by `callerNbr` and `dialedNbr`.
public struct SpeedDial: DialPlanRecord {
    public static let table = Table.speedDials
    public static let keyFields: [String] = ["callerNbr", "dialedNbr"]
    public static var snapshotRecords: WritableKeyPath<Snapshot, RecordList<Self>> { \.speedDials }
    /// The caller the entry serves; `*` or empty serves every caller.
    public var caller = ""
    public var dialed = ""
    public var description = ""
    public var destination = ""
    public var extras = ExtraFields()
    public init() {}

    /// Whether the row serves every caller (`callerNbr` is `*` or empty).
    public var servesEveryCaller: Bool { caller.isEmpty || caller == "*" }

    public static let fields: [FieldSpec<SpeedDial>] = [
        .string("callerNbr", \.caller), .string("dialedNbr", \.dialed), .string("desc", \.description),
        .string("destNbr", \.destination),
    ]
}

/// A hunting group (`hginfo`), keyed by `grpID`.
public struct HuntingGroup: DialPlanRecord {
    public static let table = Table.huntingGroups
    public static let keyFields: [String] = ["grpID"]
    public static var snapshotRecords: WritableKeyPath<Snapshot, RecordList<Self>> { \.huntingGroups }
    public var id: HuntingGroupID = 0
    public var description = ""
    public var strategy = HuntingStrategy.roundRobin
    /// Seconds an operator rings before the next is tried (`noAnsTmr`).
    public var noAnswerTimer = 0
    /// Calls wait in a queue when every operator is busy (`queueInd`).
    public var queues = false
    /// The most calls the queue holds (`maxCall`) and the longest wait in seconds (`maxDura`).
    public var queueMaxCalls = 0
    public var queueMaxWait = 0
    public var extras = ExtraFields()
    public init() {}

    public static let fields: [FieldSpec<HuntingGroup>] = [
        .integer("grpID", \.id), .string("desc", \.description), .integer("strategy", \.strategy),
        .integer("noAnsTmr", \.noAnswerTimer), .integer("queueInd", \.queues), .integer("maxCall", \.queueMaxCalls),
        .integer("maxDura", \.queueMaxWait),
    ]
}

/// A hunting-group operator (`hgoper`), keyed by `oper`. Snapshot order is hunt order.
public struct HuntingOperator: DialPlanRecord {
    public static let table = Table.huntingOperators
    public static let keyFields: [String] = ["oper"]
    public static var snapshotRecords: WritableKeyPath<Snapshot, RecordList<Self>> { \.huntingOperators }
    public var user = ""
    public var group: HuntingGroupID = 0
    /// The operator logs in to the group automatically when it logs in (`autoInd`).
    public var logsInAutomatically = false
    public var extras = ExtraFields()
    public init() {}

    public static let fields: [FieldSpec<HuntingOperator>] = [
        .string("oper", \.user), .integer("grpID", \.group), .integer("autoInd", \.logsInAutomatically),
    ]
}

/// A hunting-group detection row (`hgdect`), keyed by `dialPlan` and `calledNbr`.
public struct HuntingDetection: DialPlanRecord {
    public static let table = Table.huntingDetections
    public static let keyFields: [String] = ["dialPlan", "calledNbr"]
    public static var snapshotRecords: WritableKeyPath<Snapshot, RecordList<Self>> { \.huntingDetections }
    public var dialPlan = ""
    public var calledNumber = ""
    public var group: HuntingGroupID = 0
    public var extras = ExtraFields()
    public init() {}

    public static let fields: [FieldSpec<HuntingDetection>] = [
        .string("dialPlan", \.dialPlan), .string("calledNbr", \.calledNumber), .integer("grpID", \.group),
    ]
}
