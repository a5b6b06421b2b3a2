import ParcoursCore
import Logging
import PostgresNIO

/// A connection leased with a deadline: PostgresNIO's pool waits for a connection as long as it
/// takes (retrying with a growing backoff while the server is down), so a request would hang
/// instead of saying that the database is unavailable. Fail fast; the caller answers 503.
enum Lease {
    struct DeadlinePassed: Error {}

    /// Leases a connection from `client` for the lifetime of `body`, or throws
    /// `StoreError.unavailable` when none comes within `deadline` (`Store.defaultLeaseDeadline` unless told).
    ///
    /// NB: the lease is held by a task of its own (so that the wait can be abandoned) while `body`
    /// runs in the caller's task; it gives the connection back once `body` is done. It is not a
    /// child of the caller: a pool that never answers a lease (one retired meanwhile) would keep a
    /// child waiting, and the caller with it, past the deadline that was meant to free it.
    static func withConnection<T: Sendable>(
        _ supervisor: ClientSupervisor, deadline: Duration, logger: Logger,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        let client = supervisor.current
        let (leased, leasedContinuation) = AsyncThrowingStream<PostgresConnection, any Error>.makeStream()
        let (released, releasedContinuation) = AsyncStream<Void>.makeStream()
        let holder = Task {
            do {
                try await client.withConnection { connection in
                    leasedContinuation.yield(connection)
                    for await _ in released {}
                }
            } catch {
                leasedContinuation.finish(throwing: error)
            }
        }
        return try await withThrowingTaskGroup(of: Void.self, returning: T.self) { group in
            group.addTask {
                try await Task.sleep(for: deadline)
                leasedContinuation.finish(throwing: DeadlinePassed())
            }
            var holding = false
            defer {
                releasedContinuation.finish()
                // A connection held is given back by the holder; a wait still pending is abandoned.
                if holding { supervisor.returned(to: client) } else { holder.cancel() }
                group.cancelAll()
            }
            let connection: PostgresConnection
            do {
                var iterator = leased.makeAsyncIterator()
                guard let first = try await iterator.next() else { throw DeadlinePassed() }
                connection = first
                holding = true
                supervisor.leased(from: client)
            } catch is DeadlinePassed {
                supervisor.replace(client)
                logger.warning("no database connection within the deadline", metadata: ["deadline": "\(deadline)"])
                throw StoreError.unavailable(Refusal(.databaseUnavailable))
            } catch let error as PSQLError where error.serverInfo == nil {
                supervisor.replace(client)
                logger.warning("database connection failed", metadata: ["error": "\(String(reflecting: error))"])
                throw StoreError.unavailable(Refusal(.databaseUnavailable))
            } catch let error as PSQLError {
                throw error
            } catch {
                // The pool's own errors (shut down, circuit breaker…): not the caller's fault either.
                logger.warning("database connection failed", metadata: ["error": "\(String(reflecting: error))"])
                throw StoreError.unavailable(Refusal(.databaseUnavailable))
            }
            // The application role (no BYPASSRLS: the policies apply), once for the connection's
            // session, outside any transaction (a rollback would undo it): a `SET LOCAL ROLE` in
            // every transaction was a round trip of every request. The logins are NOINHERIT: a
            // `RESET ROLE` returns to a role that reads nothing.
            // (Once a connection, so not a request's: `StatementCount` leaves it out.)
            if supervisor.needsApplicationRole(connection, of: client) {
                guard !connection.isClosed else { throw StoreError.unavailable(Refusal(.databaseUnavailable)) }
                try await connection.query("SET ROLE parcours_app", logger: logger)
                supervisor.tookApplicationRole(connection, of: client)
            }
            return try await body(connection)
        }
    }

    /// `body`'s result, or nil when it has not finished within `limit` (it is then cancelled).
    static func within<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T? {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
    }
}
