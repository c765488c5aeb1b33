/// Text made piece by piece as UTF-8 bytes in one buffer, made a `String` once: appending each
/// piece to a `String` cost some 380 instructions a piece, and interpolating and joining the
/// pieces more (half of a `route --batch` text line's instructions went there).
public struct TextBuilder {
    private var out: JSONText

    /// `capacity`: the bytes to make room for at once.
    public init(capacity: Int = 256) { out = JSONText(indent: nil, capacity: capacity) }

    public mutating func append(_ text: String) { out.append(text) }

    public mutating func append(_ number: Int) { out.append(String(number)) }

    /// `text` as a JSON string literal, quoted and escaped: how routesim shows a name beside an ID.
    public mutating func appendQuoted(_ text: String) { out.writeString(text) }

    /// The text made so far.
    public var text: String { out.text }
}
