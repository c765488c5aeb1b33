import RouteSim

extension CalledAnalysis {
    /// Where the record sends calls out of the PBX, as findings name it (`external line intl`,
    /// `SIP trunk 3`); nil for route types that keep the call inside.
    var outgoingTarget: String? {
        switch routeType {
        case .externalLine: return externalLine.isEmpty ? "the caller's default external line" : "external line \(externalLine)"
        case .sipTrunk: return "SIP trunk \(trunk)"
        case .routingGroup: return "routing group \(routingGroup)"
        default: return nil
        }
    }
}
