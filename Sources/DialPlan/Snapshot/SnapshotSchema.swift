extension Snapshot {
    /// A JSON Schema (draft 2020-12) of the snapshot file, for editors that complete and check
    /// field names while a plan is written (`routesim schema`, `docs/snapshot.schema.json`).
    ///
    /// It is built from the same field lists the loader reads, and accepts what the loader
    /// accepts with one difference: a field a table does not have is refused, as `--strict`
    /// refuses it (the loader only warns). What JSON Schema cannot express is listed in
    /// docs/snapshot.md ("The JSON Schema"): numbers written with a fraction or exponent
    /// (`1.0`, `1e2`) in integer and boolean fields, integers beyond 64 bits, a member or table
    /// given twice, and duplicate record keys.
    public static var jsonSchema: JSONValue {
        var properties: [(String, JSONValue)] = [
            (
                "routesim",
                .object([("description", .string("What `routesim fetch` fetched, from where and when; kept as it is."))])
            )
        ]
        var definitions: [(String, JSONValue)] = SchemaPart.valueDefinitions
        for table in Table.allCases {
            let reference: JSONValue = .object([("$ref", .string("#/$defs/\(table.rawValue)"))])
            properties.append(
                (
                    table.rawValue,
                    table.isSingleObject
                        ? reference
                        : .object([
                            ("description", .string("\(table.title) (`\(table.rawValue)`): a list of records, in the server's order")),
                            ("type", .string("array")), ("items", reference),
                        ])
                ))
            definitions.append((table.rawValue, SchemaPart.record(table)))
        }
        return .object([
            ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            ("title", .string("routesim snapshot: a miniSIPServer dial plan at rest")),
            (
                "description",
                .string(
                    "One JSON object whose keys are miniSIPServer's OpenAPI objects (tables), each a list of records with the OpenAPI's field names; every table is optional. Fields and keys: docs/snapshot.md."
                )
            ),
            ("type", .string("object")),
            ("properties", .object(properties)),
            ("additionalProperties", .bool(false)),
            ("$defs", .object(definitions)),
        ])
    }
}

/// The pieces of the snapshot's JSON Schema.
private enum SchemaPart {
    /// What the loader accepts for each field type (`null`, the same as leaving a field out, is
    /// added for fields that are not part of the key).
    static let valueDefinitions: [(String, JSONValue)] = [
        (
            "integer",
            .object([
                (
                    "description",
                    .string("An integer: a JSON number without fraction or exponent, or a string of digits with an optional leading -.")
                ),
                (
                    "anyOf",
                    .array([
                        .object([("type", .string("integer"))]),
                        .object([("type", .string("string")), ("pattern", .string("^-?[0-9]+$"))]),
                    ])
                ),
            ])
        ),
        (
            "string",
            .object([
                (
                    "description",
                    .string("A string; a JSON number is read as the text it is written as (100 reads as \"100\"): quote numbers.")
                ),
                ("type", .array([.string("string"), .string("number")])),
            ])
        ),
        (
            "boolean",
            .object([
                ("description", .string("true or false (or 0 or 1).")),
                ("anyOf", .array([.object([("type", .string("boolean"))]), .object([("enum", .array([.int(0), .int(1)]))])])),
            ])
        ),
    ]

    /// One record of `table`: its fields, its key fields required, no other field.
    static func record(_ table: Table) -> JSONValue {
        let keys = table.keyFields
        // Fields every record gives, never null: the key (a route's member field only by its type).
        let required = table == .routes ? ["groupID", "routeType"] : keys
        let fields: [(String, JSONValue)] = table.documentedFields.map { field in
            let type: String
            switch field.kind {
            case .integer: type = "integer"
            case .string: type = "string"
            case .boolean: type = "boolean"
            }
            let value: JSONValue = .object([("$ref", .string("#/$defs/\(type)"))])
            return (
                field.name,
                required.contains(field.name) ? value : .object([("anyOf", .array([value, .object([("type", .string("null"))])]))])
            )
        }
        var members: [(String, JSONValue)] = [
            ("title", .string("\(table.rawValue): \(table.title)")),
            ("description", .string(keys.isEmpty ? "One object, not a list." : "Keyed by \(keys.joined(separator: ", ")).")),
            ("type", .string("object")),
            ("properties", .object(fields)),
        ]
        if table == .routes {
            // A route's member field is required by its type (RoutingGroupRoute.requiredKeyFields).
            members.append(("required", .array(required.map { .string($0) })))
            members.append(
                (
                    "allOf",
                    .array([
                        requires("sipTrunkID", whenRouteTypeIs: 2),
                        requires("extLine", whenRouteTypeIs: 1),
                    ])
                ))
        } else if !keys.isEmpty {
            members.append(("required", .array(keys.map { .string($0) })))
        }
        members.append(("additionalProperties", .bool(false)))
        return .object(members)
    }

    /// `if` the record's `routeType` is `type` (a number or a string of digits) `then` it needs
    /// `field`, and not as null.
    static func requires(_ field: String, whenRouteTypeIs type: Int) -> JSONValue {
        let isType: JSONValue = .object([
            (
                "anyOf",
                .array([
                    .object([("const", .int(type))]),
                    .object([("type", .string("string")), ("pattern", .string("^0*\(type)$"))]),
                ])
            )
        ])
        return .object([
            ("if", .object([("properties", .object([("routeType", isType)])), ("required", .array([.string("routeType")]))])),
            (
                "then",
                .object([
                    ("required", .array([.string(field)])),
                    ("properties", .object([(field, .object([("not", .object([("type", .string("null"))]))]))])),
                ])
            ),
        ])
    }
}
