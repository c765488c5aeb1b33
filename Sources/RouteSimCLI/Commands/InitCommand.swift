import ArgumentParser
import Foundation
import RouteSimGenerator

/// `routesim init`: a small valid plan to start from, with a record in every table.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a small, valid starting plan with a record in every table.",
        discussion: """
            The plan is a small office: two users, a SIP carrier and a PSTN line; national calls \
            go out through a routing group (the carrier, then the line — a SIP trunk's failover \
            chain names trunks only, so a trunk-to-line failover needs a routing group), \
            international calls need call level 1, premium numbers are blocked, 112 goes straight \
            to the carrier, incoming DIDs reach extensions, and 200 (or *1) rings a hunting group. \
            Each record's description says what it is for; docs/snapshot.md explains every field.

              routesim init                       # writes dialplan.json
              routesim route --from-user 101 02079460123
              routesim lint

            An existing file is never overwritten unless --force is given.

            Exit status: 0 when the plan was written; 1 when the file cannot be written; 2 when \
            it exists (without --force).
            """)

    @Argument(help: ArgumentHelp("Where to write the plan (default: dialplan.json; - for stdout).", valueName: "FILE"))
    var file = "dialplan.json"

    @Flag(help: "Overwrite FILE if it exists.")
    var force = false

    func run() throws {
        if file == "-" {
            StandardOutput.write(StarterPlan.text)
            StandardOutput.flush()
            return
        }
        if !force && FileManager.default.fileExists(atPath: file) {
            Self.exit(with: .usage("\(file) exists; give another FILE, or --force to overwrite it"))
        }
        do { try OutputFile.write(StarterPlan.text, to: file) } catch { Self.exit(with: error) }
        StandardError.write(
            "wrote \(file): a starting plan with a record in every table; try `routesim route --plan \(file) --from-user 101 02079460123`\n"
        )
    }
}
