/// Why bytes could not be read: the file, the byte offset where reading failed, and what was
/// wrong there. Readers of each file format wrap it in their own error type.
public struct ByteReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file (or a name such as `<memory>`) the bytes came from.
    public var path: String
    /// The byte offset, from the start of the file, where the read failed.
    public var offset: Int
    /// What was wrong.
    public var reason: String

    /// Creates an error at `offset` of `path`.
    public init(path: String, offset: Int, reason: String) {
        self.path = path
        self.offset = offset
        self.reason = reason
    }

    /// `path: at byte N: reason`.
    public var description: String { "\(path): at byte \(offset): \(reason)" }
}
