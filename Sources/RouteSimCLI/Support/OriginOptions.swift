import ArgumentParser
import DialPlan
import RouteSim

/// Who places a call, as `route` takes it: `--from-user`, `--from-trunk`/`--from-line` with
/// `--caller`, or `--caller` alone. For commands that draw or check one call (`graph --call`).
struct OriginOptions: ParsableArguments {
    @Option(
        name: .customLong("from-user"), help: ArgumentHelp("The local user who calls (its name is the caller number).", valueName: "NAME"))
    var fromUser: String?

    @Option(
        name: .customLong("from-trunk"), help: ArgumentHelp("The SIP trunk (servID) the call arrives on; needs --caller.", valueName: "ID"))
    var fromTrunk: Int?

    @Option(name: .customLong("from-line"), help: ArgumentHelp("The external line the call arrives on; needs --caller.", valueName: "NAME"))
    var fromLine: String?

    @Option(help: ArgumentHelp("The caller number.", valueName: "NUMBER"))
    var caller: String?

    /// Whether any origin option was given.
    var isGiven: Bool { fromUser != nil || fromTrunk != nil || fromLine != nil || caller != nil }

    func validate() throws {
        let origins = [fromUser != nil, fromTrunk != nil, fromLine != nil].filter { $0 }.count
        if origins > 1 { throw ValidationError("give one origin: --from-user, --from-trunk or --from-line") }
        if (fromTrunk != nil || fromLine != nil) && caller == nil {
            throw ValidationError("--from-trunk and --from-line need --caller NUMBER (the number calling in)")
        }
        if fromUser != nil && caller != nil {
            throw ValidationError("--from-user sets the caller (the user's name); drop --caller")
        }
    }

    /// The origin the options name (nil when none was given).
    var origin: Origin? {
        if let fromUser { return .localUser(fromUser) }
        if let fromTrunk, let caller { return .sipTrunk(TrunkID(fromTrunk), caller: caller) }
        if let fromLine, let caller { return .externalLine(fromLine, caller: caller) }
        if let caller { return .caller(caller) }
        return nil
    }
}
