import Logging
import PostgresNIO
import Synchronization

/// The service's reads leave the database a sealed receipt instead of writing their audit entry
/// (`parcours_audit_read`): a read then writes nothing and commits without flushing the log. The
/// receipts wait here until they are written together (`parcours_record_reads`) — every tenth
/// of a second by the service's audit writer, at once by the request that fills the buffer, and
/// when the service stops. What a crash can lose is therefore bounded by both (SECURITY.md).
public final class ReadReceipts: Sendable {
    /// The most receipts of answered reads held at once, waiting or being written.
    public let limit: Int
    private struct Held {
        var waiting: [String] = []
        /// Taken for a write that has not ended yet: still unwritten, so still counted.
        var writing = 0
    }
    private let held = Mutex(Held())

    public init(limit: Int = 1_000) {
        precondition(limit > 0)
        self.limit = limit
    }

    /// Receipts of answered reads not written yet.
    public var count: Int { held.withLock { $0.waiting.count + $0.writing } }

    /// Adds a committed transaction's receipts; when that fills the buffer, takes those waiting
    /// for the caller to write before it answers.
    func add(_ receipts: [String]) -> [String]? {
        guard !receipts.isEmpty else { return nil }
        return held.withLock { held in
            held.waiting.append(contentsOf: receipts)
            guard held.waiting.count + held.writing >= limit else { return nil }
            return Self.take(&held)
        }
    }

    func takeAll() -> [String] {
        held.withLock { Self.take(&$0) }
    }

    private static func take(_ held: inout Held) -> [String] {
        defer {
            held.writing += held.waiting.count
            held.waiting.removeAll(keepingCapacity: true)
        }
        return held.waiting
    }

    /// A write of `receipts` ended: recorded, or (failed) back in front, in their order.
    func ended(_ receipts: [String], recorded: Bool) {
        held.withLock { held in
            held.writing -= receipts.count
            if !recorded { held.waiting.insert(contentsOf: receipts, at: 0) }
        }
    }

    /// Writes `receipts` (taken by `add` or `takeAll`) as audit entries, in one statement.
    func write(_ receipts: [String], on connection: PostgresConnection, logger: Logger) async throws {
        do {
            let refused = try await connection.queryUnlessClosed(
                "SELECT parcours_record_reads(\(receipts)::text[])", logger: logger
            ).collect().first?.decode(Int.self) ?? 0
            ended(receipts, recorded: true)
            if refused > 0 {
                // Only the database seals a receipt: one that does not verify was not made by it.
                logger.error("read receipts refused by the database", metadata: ["count": "\(refused)"])
            }
        } catch {
            ended(receipts, recorded: false)
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
            if !tried.withLock({ $0 }) { readReceipts.ended(receipts, recorded: false) }
            throw error
        }
    }
}
