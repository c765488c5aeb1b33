import RouteSim

// The README's "As a library" example, exactly as it stands there: this file imports RouteSim
// alone, so it also proves that `import RouteSim` is enough. ReadmeExampleTests runs it and
// checks that README.md shows these lines.
func readmeLibraryExample() throws -> RouteResult {
    // README example begins
    let plan = try Snapshot(contentsOfFile: "corpus/plans/demo-office.json")
    let simulator = try Simulator(snapshot: plan)
    let result = try simulator.route(Call(origin: .localUser("100"), called: "92002"))
    print(result.traceText)
    // README example ends
    return result
}
