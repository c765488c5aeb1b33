// `import RouteSim` is enough to embed the simulator: the dial-plan model it reads (Snapshot,
// the typed records, Table, JSONValue) comes with it.
@_exported import DialPlan
