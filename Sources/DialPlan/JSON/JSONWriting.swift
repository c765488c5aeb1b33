/// Where JSON goes as a value describes itself member by member: into a `JSONValue` tree
/// (`JSONTreeWriter`) or straight into one line of compact text (`JSONLineWriter`). A type
/// that writes itself through this protocol has its JSON shape in one place, whichever the
/// output; the line is what `route --batch` prints for every call, without a tree made and
/// destroyed for each.
///
/// Calls must nest as JSON does: inside an object, `key` before each value.
public protocol JSONWriting {
    mutating func openObject()
    mutating func closeObject()
    mutating func openArray()
    mutating func closeArray()
    /// The name of the next member of the open object: a literal that needs no escaping
    /// (written as it is).
    mutating func key(_ name: StaticString)
    /// The name of the next member of the open object, any text.
    mutating func key(text name: String)
    mutating func string(_ value: String)
    mutating func int(_ value: Int)
    mutating func bool(_ value: Bool)
    /// A value already made.
    mutating func value(_ value: JSONValue)
}

/// Builds the `JSONValue` the calls describe (`value`, once every container is closed).
public struct JSONTreeWriter: JSONWriting {
    /// An open object or array, with what it holds so far.
    private struct Open {
        var isObject: Bool
        var members: [(String, JSONValue)] = []
        var items: [JSONValue] = []
        var key = ""
    }

    private var open: [Open] = []
    /// The value written (`.null` until one is).
    public private(set) var value: JSONValue = .null

    public init() {}

    private mutating func add(_ item: JSONValue) {
        guard !open.isEmpty else { return value = item }
        let top = open.count - 1
        if open[top].isObject {
            open[top].members.append((open[top].key, item))
        } else {
            open[top].items.append(item)
        }
    }

    public mutating func openObject() {
        var object = Open(isObject: true)
        object.members.reserveCapacity(16)
        open.append(object)
    }

    public mutating func closeObject() {
        guard let object = open.popLast() else { return }
        add(.object(object.members))
    }

    public mutating func openArray() { open.append(Open(isObject: false)) }

    public mutating func closeArray() {
        guard let array = open.popLast() else { return }
        add(.array(array.items))
    }

    public mutating func key(_ name: StaticString) { key(text: name.description) }

    public mutating func key(text name: String) {
        if !open.isEmpty { open[open.count - 1].key = name }
    }

    public mutating func string(_ value: String) { add(.string(value)) }
    public mutating func int(_ value: Int) { add(.int(value)) }
    public mutating func bool(_ value: Bool) { add(.bool(value)) }
    public mutating func value(_ value: JSONValue) { add(value) }
}

/// Writes the value the calls describe as one line of compact JSON, the same text as
/// `JSONValue.compactText` of the tree `JSONTreeWriter` makes from the same calls.
public struct JSONLineWriter: JSONWriting {
    private var text: JSONText
    /// No value was written yet in the innermost open container (no comma before the next).
    private var first = true
    /// A member's name was written: its value follows without a comma.
    private var afterKey = false

    /// `capacity`: the bytes to make room for at once.
    public init(capacity: Int = 512) { text = JSONText(indent: nil, capacity: capacity) }

    /// Writes after the text `builder` holds, into the same bytes (many lines in one buffer,
    /// each line's bytes written once).
    public init(appendingTo builder: TextBuilder) { text = JSONText(appendingTo: builder.out) }

    /// The line written so far.
    public var line: String { text.text }

    /// The comma before a value or a member, unless it is the first of its container.
    private mutating func separate() {
        if afterKey {
            afterKey = false
        } else if !first {
            text.append(UInt8(ascii: ","))
        }
        first = false
    }

    public mutating func openObject() {
        separate()
        text.append(UInt8(ascii: "{"))
        first = true
    }

    public mutating func closeObject() {
        text.append(UInt8(ascii: "}"))
        first = false
    }

    public mutating func openArray() {
        separate()
        text.append(UInt8(ascii: "["))
        first = true
    }

    public mutating func closeArray() {
        text.append(UInt8(ascii: "]"))
        first = false
    }

    public mutating func key(_ name: StaticString) {
        separate()
        text.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { text.append($0) }
        text.append(UInt8(ascii: "\""))
        text.append(UInt8(ascii: ":"))
        afterKey = true
    }

    public mutating func key(text name: String) {
        separate()
        text.writeString(name)
        text.append(UInt8(ascii: ":"))
        afterKey = true
    }

    public mutating func string(_ value: String) {
        separate()
        text.writeString(value)
    }

    public mutating func int(_ value: Int) {
        separate()
        text.append(decimal: value)
    }

    public mutating func bool(_ value: Bool) {
        separate()
        text.append(value ? "true" : "false")
    }

    public mutating func value(_ value: JSONValue) {
        separate()
        text.write(value, level: 0)
    }
}
