import Logging
import PostgresNIO
import Synchronization

/// The service's reads leave the database a sealed receipt instead of writing their audit entry
/// (`parcours_audit_read`): a read then writes nothing and commits without flushing the log. The
/// receipts wait here until they are written together (`parcours_record_reads`) — every tenth
/// of a second by the service's audit writer, at once by the request that fills the buffer, and
/// when the service stops. What a crash can lose is therefore bounded by both (SECURITY.md).
public final class ReadReceipts: Sendable {
    /// The most receipts of answered reads held at once.
    public let limit: Int
    private let waiting = Mutex<[String]>([])

    public init(limit: Int = 1_000) {
        precondition(limit > 0)
        self.limit = limit
    }

    public var count: Int { waiting.withLock { $0.count } }

    /// Adds a committed transaction's receipts; when that fills the buffer, takes them all for the
    /// caller to write before it answers.
    func add(_ receipts: [String]) -> [String]? {
        guard !receipts.isEmpty else { return nil }
        return waiting.withLock { waiting in
            waiting.append(contentsOf: receipts)
            guard waiting.count >= limit else { return nil }
            defer { waiting.removeAll(keepingCapacity: true) }
            return waiting
        }
    }

    func takeAll() -> [String] {
        waiting.withLock { waiting in
            defer { waiting.removeAll(keepingCapacity: true) }
            return waiting
        }
    }

    /// Receipts a write could not record go back in front, in their order.
    func putBack(_ receipts: [String]) {
        waiting.withLock { $0.insert(contentsOf: receipts, at: 0) }
    }

    /// Writes `receipts` as audit entries, in one statement; put back if the database is away.
    func write(_ receipts: [String], on connection: PostgresConnection, logger: Logger) async throws {
        do {
            let refused = try await connection.queryUnlessClosed(
                "SELECT parcours_record_reads(\(receipts)::text[])", logger: logger
            ).collect().first?.decode(Int.self) ?? 0
            if refused > 0 {
                // Only the database seals a receipt: one that does not verify was not made by it.
                logger.error("read receipts refused by the database", metadata: ["count": "\(refused)"])
            }
        } catch {
            putBack(receipts)
            throw error
        }
    }
}

extension Store {
    /// Writes every read receipt waiting (the service's audit writer, and before it stops).
    public func writeReadReceipts() async throws {
        guard let readReceipts else { return }
        let receipts = readReceipts.takeAll()
        guard !receipts.isEmpty else { return }
        let tried = Mutex(false)
        do {
            try await withLoginConnection { connection in
                tried.withLock { $0 = true }
                try await readReceipts.write(receipts, on: connection, logger: logger)
            }
        } catch {
            // No connection to write them on: they wait for the next pass (a failed write put them back).
            if !tried.withLock({ $0 }) { readReceipts.putBack(receipts) }
            throw error
        }
    }
}
