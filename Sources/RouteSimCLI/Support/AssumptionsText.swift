import RouteSim

/// `route --list-assumptions`: every assumption with its value, the default where it differs,
/// what it decides and the values it takes.
enum AssumptionsText {
    static func render(_ current: Assumptions) -> String {
        let defaults = Assumptions()
        var out = "Assumptions (change with --assume NAME=VALUE):\n\n"
        for info in Assumptions.catalog {
            let value = info.value(in: current)
            let mark = value == info.value(in: defaults) ? "" : "   (default \(info.value(in: defaults)))"
            out += "  \(info.name)=\(value)\(mark)\n      \(info.summary)\n      values: \(info.values)\n"
            out += "      --sensitivity tries: \(info.sensitivityValues)\n"
        }
        return out
    }
}
