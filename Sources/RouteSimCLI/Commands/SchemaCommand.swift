import ArgumentParser
import DialPlan

/// `routesim schema`: the JSON Schema of the snapshot file, for editors.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of the snapshot file (for editors that complete and check fields).",
        discussion: """
            A JSON Schema (draft 2020-12) of the plan file: every table and field with its type, \
            the key fields each record needs, and no other field. Point your editor at it (the \
            same file is docs/snapshot.schema.json in the repository), e.g. for VS Code:

              routesim schema > snapshot.schema.json
              "json.schemas": [{"fileMatch": ["dialplan*.json"], "url": "./snapshot.schema.json"}]

            It refuses what `routesim --strict` refuses, except what JSON Schema cannot say \
            (listed in docs/snapshot.md): numbers such as 1.0 or 1e2 in integer fields, a member \
            given twice, duplicate keys.

            Exit status: 0.
            """)

    func run() throws {
        StandardOutput.write(Snapshot.jsonSchema.prettyText + "\n")
        StandardOutput.flush()
    }
}
