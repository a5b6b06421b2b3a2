import Logging
import PostgresNIO
import Synchronization

/// The program's connection pool, replaced by a fresh one when it stops delivering connections.
///
/// NB: PostgresNIO's pool retries a failed server with a backoff that grows to a minute: after an
/// outage of a few minutes, the service would stay unavailable long after PostgreSQL is back. When
/// a lease misses its deadline and the pool has not delivered any connection for a few seconds
/// (an outage, not a busy moment), the supervisor starts a new pool (at most once a second), whose
/// first attempt is immediate, and retires the old one once what it still runs is done: a pool
/// silent because every connection waits on a lock (a busy machine) is replaced too, and killing
/// its connections would fail work that was only slow.
final class ClientSupervisor: Sendable {
    private struct State {
        var current: PostgresClient
        var retirements: [ObjectIdentifier: AsyncStream<Void>.Continuation] = [:]
        var replacedAt: ContinuousClock.Instant
        var lastLeaseAt: ContinuousClock.Instant
        /// The connections whose session already acts as `parcours_app`.
        var applicationSessions: Set<Session> = []
        /// How many connections each pool has leased and not yet been given back.
        var held: [ObjectIdentifier: Int] = [:]
    }

    /// One connection of one pool (a connection's id is unique in its pool only).
    struct Session: Hashable {
        var pool: ObjectIdentifier
        var connection: PostgresConnection.ID
    }

    /// A pool that delivered a connection this recently is busy, not broken.
    static let silence: Duration = .seconds(3)
    /// What a retired pool is left at least, for leases it may still deliver.
    static let grace: Duration = .seconds(10)
    /// The most a retired pool waits for its connections to come back (a dead server's fail at once).
    static let drainLimit: Duration = .seconds(300)

    private let configuration: PostgresClient.Configuration
    /// Whether the login's sessions take the application role (every login but the owner's).
    let actsAsApplication: Bool
    private let logger: Logger
    private let state: Mutex<State>
    private let started: AsyncStream<(PostgresClient, AsyncStream<Void>)>.Continuation
    private let starts: AsyncStream<(PostgresClient, AsyncStream<Void>)>

    init(configuration: PostgresClient.Configuration, actsAsApplication: Bool = true, logger: Logger) {
        self.configuration = configuration
        self.actsAsApplication = actsAsApplication
        self.logger = logger
        let first = PostgresClient(configuration: configuration, backgroundLogger: logger.forDriver)
        state = Mutex(State(current: first, replacedAt: .now, lastLeaseAt: .now))
        (starts, started) = AsyncStream.makeStream()
        let (retired, retire) = AsyncStream<Void>.makeStream()
        state.withLock { $0.retirements[ObjectIdentifier(first)] = retire }
        started.yield((first, retired))
    }

    /// The pool requests lease from now on.
    var current: PostgresClient { state.withLock { $0.current } }

    /// Runs every pool this supervisor starts, each until it is retired; returns when cancelled.
    func run() async {
        await withDiscardingTaskGroup { group in
            for await (client, retired) in starts {
                group.addTask {
                    await withDiscardingTaskGroup { pool in
                        pool.addTask { await client.run() }
                        for await _ in retired {}
                        try? await Task.sleep(for: Self.grace)
                        let limit = ContinuousClock.now + Self.drainLimit
                        while !Task.isCancelled, self.holds(client), ContinuousClock.now < limit {
                            try? await Task.sleep(for: .milliseconds(100))
                        }
                        pool.cancelAll()
                    }
                }
            }
        }
    }

    /// Whether `connection` of `client` still has to take the application role.
    func needsApplicationRole(_ connection: PostgresConnection, of client: PostgresClient) -> Bool {
        actsAsApplication && !state.withLock { $0.applicationSessions.contains(Session(pool: ObjectIdentifier(client), connection: connection.id)) }
    }

    /// `connection` of `client` took the application role for the rest of its session.
    func tookApplicationRole(_ connection: PostgresConnection, of client: PostgresClient) {
        _ = state.withLock { $0.applicationSessions.insert(Session(pool: ObjectIdentifier(client), connection: connection.id)) }
    }

    /// `client` delivered a connection.
    func leased(from client: PostgresClient) {
        state.withLock { state in
            if state.current === client { state.lastLeaseAt = .now }
            state.held[ObjectIdentifier(client), default: 0] += 1
        }
    }

    /// A connection `client` delivered was given back.
    func returned(to client: PostgresClient) {
        state.withLock { state in
            let key = ObjectIdentifier(client)
            let left = (state.held[key] ?? 1) - 1
            state.held[key] = left > 0 ? left : nil
        }
    }

    /// Whether `client` still has connections out.
    private func holds(_ client: PostgresClient) -> Bool {
        state.withLock { $0.held[ObjectIdentifier(client)] != nil }
    }

    /// `failed` missed a lease deadline: replace it if it has been silent for a while, unless it
    /// was replaced meanwhile or a moment ago.
    func replace(_ failed: PostgresClient) {
        let replacement: (PostgresClient, AsyncStream<Void>)? = state.withLock { state in
            let now = ContinuousClock.now
            guard state.current === failed, now - state.replacedAt > .seconds(1), now - state.lastLeaseAt > Self.silence else {
                return nil
            }
            let fresh = PostgresClient(configuration: configuration, backgroundLogger: logger.forDriver)
            let (retired, retire) = AsyncStream<Void>.makeStream()
            state.retirements.removeValue(forKey: ObjectIdentifier(failed))?.finish()
            // Its sessions are forgotten with it (another pool may one day have its identifier).
            state.applicationSessions = state.applicationSessions.filter { $0.pool != ObjectIdentifier(failed) }
            state.retirements[ObjectIdentifier(fresh)] = retire
            state.current = fresh
            state.replacedAt = now
            return (fresh, retired)
        }
        guard let replacement else { return }
        logger.info("database pool replaced after a missed deadline")
        started.yield(replacement)
    }

    /// Stops running pools (the store is closing).
    func finish() {
        started.finish()
        state.withLock { state in
            for retire in state.retirements.values { retire.finish() }
            state.retirements = [:]
        }
    }
}
