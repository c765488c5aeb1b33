extension Table {
    /// The fields of the table that hold a secret, by OpenAPI name: passwords, and `admpwd`,
    /// which is the server's syskey. `fetch` redacts them unless told otherwise; `serve` never
    /// shows them.
    public var secretFields: [String] {
        switch self {
        case .systemInfo: return ["admpwd", "dbpwd", "smtppwd"]
        case .localUsers: return ["usrpwd"]
        case .externalLines: return ["password"]
        default: return []
        }
    }

    /// Whether a field of this table holds a secret: a documented one, or any field whose name
    /// says so (`pwd`, `passw`, `secret`, `token`, `syskey`), for fields the reference does not list.
    public func isSecret(field name: String) -> Bool {
        if secretFields.contains(name) { return true }
        let lower = name.lowercased()
        return ["pwd", "passw", "secret", "token", "syskey"].contains { lower.contains($0) }
    }
}
