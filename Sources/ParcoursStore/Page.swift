/// A page of a list ordered by (key, id): at most `limit` rows after a position.
public struct Page<Key: Sendable>: Sendable {
    public var limit: Int
    public var after: (key: Key, id: Int64)?

    public init(limit: Int, after: (key: Key, id: Int64)? = nil) {
        self.limit = limit
        self.after = after
    }
}
