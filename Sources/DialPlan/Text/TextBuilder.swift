/// Text made piece by piece as UTF-8 bytes in one buffer, made a `String` once: appending each
/// piece to a `String` cost some 380 instructions a piece, and interpolating and joining the
/// pieces more (half of a `route --batch` text line's instructions went there).
///
/// The buffer is shared by copies (and by a `JSONLineWriter` made to append to it): one
/// builder is meant to be held in one place.
public struct TextBuilder {
    private(set) var out: JSONText

    /// `capacity`: the bytes to make room for at once.
    public init(capacity: Int = 256) { out = JSONText(indent: nil, capacity: capacity) }

    public mutating func append(_ text: String) { out.append(text) }

    public mutating func append(_ number: Int) { out.append(decimal: number) }

    /// `text` as a JSON string literal, quoted and escaped: how routesim shows a name beside an ID.
    public mutating func appendQuoted(_ text: String) { out.writeString(text) }

    /// The text made so far.
    public var text: String { out.text }

    /// How many bytes of UTF-8 were written (an offset for `escapeControlCharacters(from:)`).
    public var byteCount: Int { out.count }

    /// The text written from byte offset `start` on with its control characters written out
    /// (`String.escapingControlCharacters`); checked in place, and written again only when it
    /// holds one.
    public mutating func escapeControlCharacters(from start: Int) {
        guard start < out.count else { return }
        let escaped: String? = out.withBytes { written in
            let region = UnsafeBufferPointer(rebasing: written[start...])
            return hasNoControlCharacters(region) ? nil : String(decoding: region, as: UTF8.self).escapingControlCharacters
        }
        guard let escaped else { return }
        out.truncate(to: start)
        out.append(escaped)
    }

    /// The text made so far as UTF-8 bytes, valid only inside `body` (to write it out without
    /// making a `String` of it).
    public func withUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R { try out.withBytes(body) }
}
