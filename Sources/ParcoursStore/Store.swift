import Foundation
import Logging
import ParcoursCore
import PostgresNIO
import Synchronization

/// Who acts in a transaction: the installation's administrator or a staff member named by e-mail
/// (the console login only), or the staff member of a bearer token (any login).
public enum Acting: Sendable, Hashable {
    case administrator
    case staff(email: String)
    case token(String)
    /// The maker of a dashboard share link (any login): read-only, the link's pages only.
    case share(String)

    /// The e-mail the console names, if it names one.
    public var claimedEmail: String? {
        switch self {
        case .administrator: Staff.administratorEmail
        case .staff(let email): email
        case .token, .share: nil
        }
    }
}

/// The PostgreSQL store: a running client and the business clock.
///
/// Every read and write happens in `transaction(as:)`, which switches to the application role
/// and establishes the acting staff member, so that row-level security decides what is visible.
public struct Store: Sendable {
    /// The program's own login (never the owner, never a superuser), its pool replaced after an outage.
    let supervisor: ClientSupervisor
    public var client: PostgresClient { supervisor.current }
    /// The schema owner's, when the location names it: migrations only.
    let ownerClient: PostgresClient?
    public let logger: Logger
    /// Which edge this store serves, for the audit log.
    public let channel: Channel
    private let clock: @Sendable () -> Date
    /// How long a transaction waits for a connection before the database is said unavailable.
    private let leaseDeadline: Duration
    /// The replica's pool, when reads have one (`reader` leases from it).
    private let replicaSupervisor: ClientSupervisor?
    /// Whether this is the store's `reader`: its transactions are READ ONLY.
    public let readsOnly: Bool
    /// Where reads leave their audit receipts until they are written (the service), if they do not
    /// write their entries themselves (SECURITY.md).
    public let readReceipts: ReadReceipts?

    /// The business date in Paris (journey dates are French calendar dates).
    public var today: LocalDate { LocalDate(clock(), in: .paris) }

    /// What to do about the schema on connecting.
    public enum SchemaPolicy: Sendable {
        /// Apply pending migrations (the default for the embedded cluster).
        case migrate
        /// Refuse a database with pending migrations (the default with DATABASE_URL).
        case requireCurrent
        /// Connect whatever the schema (for `db migrate` and `db status`).
        case unchecked
    }

    /// How long a request waits for a connection before it is told the database is unavailable
    /// (the service answers 503 within two seconds of an outage).
    public static let defaultLeaseDeadline: Duration = .seconds(1)

    /// Connects (starting the embedded cluster when that is the location), checks that the
    /// database answers and that the login has no more power than its job, applies `schema`,
    /// runs `body`, then closes the clients.
    public static func withStore<T: Sendable>(
        at location: DatabaseLocation,
        logger: Logger,
        schema: SchemaPolicy? = nil,
        channel: Channel = .cli,
        clock: @escaping @Sendable () -> Date = { Date() },
        connectTimeout: Duration = .seconds(10),
        leaseDeadline: Duration = Store.defaultLeaseDeadline,
        readReceipts: ReadReceipts? = nil,
        _ body: (Store) async throws -> T
    ) async throws -> T {
        if let cluster = location.embedded {
            try cluster.ensureRunning()
            do {
                try await bootstrapEmbedded(cluster, logger: logger)
            } catch let error as StoreError {
                throw error
            } catch {
                logger.debug("embedded cluster unreachable", metadata: ["error": "\(String(reflecting: error))"])
                throw StoreError.unavailable(Refusal(
                    FileManager.default.fileExists(atPath: cluster.socketPath) ? .clusterNotAnswering : .clusterSocketMissing,
                    ["home": cluster.home.path, "socket": cluster.socketPath]))
            }
        }
        let actsAsApplication = location.login != .owner
        // A connection being made is given the time the caller grants (a loaded machine forks slowly).
        func patient(_ configuration: PostgresClient.Configuration) -> PostgresClient.Configuration {
            var configuration = configuration
            configuration.options.connectTimeout = max(configuration.options.connectTimeout, connectTimeout)
            return configuration
        }
        let supervisor = ClientSupervisor(configuration: patient(location.configuration), actsAsApplication: actsAsApplication, logger: logger)
        let replicaSupervisor = location.replica.map {
            ClientSupervisor(configuration: patient($0.configuration), actsAsApplication: actsAsApplication, logger: logger)
        }
        let ownerClient = location.owner.map { PostgresClient(configuration: $0, backgroundLogger: logger.forDriver) }
        // NB: the pools run in tasks of their own, not children of this call: PostgresNIO's
        // `run()` was seen never to return once cancelled (an idle connection left open, the test
        // process waiting for ever after the store's last query). Closing waits for them a while,
        // then goes on without them (`PoolRunners.stop`).
        var runners = [Task { await supervisor.run() }]
        if let replicaSupervisor { runners.append(Task { await replicaSupervisor.run() }) }
        if let ownerClient { runners.append(Task { await ownerClient.run() }) }
        let pools = PoolRunners(tasks: runners, supervisors: [supervisor] + (replicaSupervisor.map { [$0] } ?? []), logger: logger)
        do {
            let result = try await withOpenStore(
                supervisor: supervisor, replicaSupervisor: replicaSupervisor, ownerClient: ownerClient, location: location, logger: logger,
                channel: channel, clock: clock, connectTimeout: connectTimeout, leaseDeadline: leaseDeadline, readReceipts: readReceipts,
                schema: schema, body)
            await pools.stop()
            return result
        } catch {
            await pools.stop()
            throw error
        }
    }

    /// The store over running pools: checked (reachable, migrated, least privilege), then `body`,
    /// then the audit entries a command wrote are sealed.
    private static func withOpenStore<T: Sendable>(
        supervisor: ClientSupervisor, replicaSupervisor: ClientSupervisor?, ownerClient: PostgresClient?, location: DatabaseLocation,
        logger: Logger, channel: Channel, clock: @escaping @Sendable () -> Date, connectTimeout: Duration, leaseDeadline: Duration,
        readReceipts: ReadReceipts?, schema: SchemaPolicy?, _ body: (Store) async throws -> T
    ) async throws -> T {
        let store = Store(
            supervisor: supervisor, replicaSupervisor: replicaSupervisor, ownerClient: ownerClient, logger: logger, channel: channel,
            clock: clock, leaseDeadline: leaseDeadline, readReceipts: readReceipts)
        try await store.checkReachable(displayURL: location.displayURL, timeout: connectTimeout)
        // Migrations first: an installation made before 0024 learns there that its logins no
        // longer make temporary tables, which the privilege check then requires.
        switch schema ?? (location.embedded != nil ? .migrate : .requireCurrent) {
        case .migrate where ownerClient != nil: try await store.migrate()
        case .migrate, .requireCurrent: try await store.checkMigrated()
        case .unchecked: break
        }
        try await store.checkLeastPrivilege(as: location.login)
        if let replica = location.replica {
            // The replica's login answers to the same rules, and its schema must be this program's.
            let reader = store.reader
            try await reader.checkReachable(displayURL: replica.displayURL, timeout: connectTimeout)
            try await reader.checkLeastPrivilege(as: location.login)
            if schema != .unchecked { try await reader.checkMigrated() }
        }
        let result = try await body(store)
        // What a command wrote to the audit log is chained before it ends (the service seals every second).
        if channel == .cli, schema != .unchecked {
            do { try await store.sealAudit() } catch {
                // Not the user's business: the next command, the service or `audit verify` seals them.
                logger.info("audit entries left unsealed", metadata: ["error": "\(String(reflecting: error))"])
            }
        }
        return result
    }

    init(
        supervisor: ClientSupervisor, replicaSupervisor: ClientSupervisor? = nil, readsOnly: Bool = false, ownerClient: PostgresClient?,
        logger: Logger, channel: Channel, clock: @escaping @Sendable () -> Date, leaseDeadline: Duration, readReceipts: ReadReceipts? = nil
    ) {
        self.readReceipts = readReceipts
        self.supervisor = supervisor
        self.replicaSupervisor = replicaSupervisor
        self.readsOnly = readsOnly
        self.leaseDeadline = leaseDeadline
        self.channel = channel
        self.ownerClient = ownerClient
        self.logger = logger
        self.clock = clock
    }

    /// Where reports, exports and dashboards read: the replica when there is one, else this
    /// database — in READ ONLY transactions either way, so that what works here works on a standby.
    public var reader: Store {
        Store(
            supervisor: replicaSupervisor ?? supervisor, readsOnly: true, ownerClient: nil, logger: logger, channel: channel, clock: clock,
            leaseDeadline: leaseDeadline, readReceipts: readReceipts)
    }

    /// Runs `body` where reports read (`reader`), in a READ ONLY transaction as `acting`. With a
    /// replica, a token is checked on the primary first: a token revoked there is refused at once,
    /// not only once the standby has replayed the revocation.
    public func readTransaction<T: Sendable>(as acting: Acting, _ body: (Transaction) async throws -> T) async throws -> T {
        if replicaSupervisor != nil, case .token = acting {
            try await transaction(as: acting) { _ in }
        }
        return try await reader.transaction(as: acting, body)
    }

    /// Runs `body` in one transaction as `acting`: all of it commits, or none of it.
    public func transaction<T: Sendable>(
        as acting: Acting, _ body: (Transaction) async throws -> T
    ) async throws -> T {
        let (logger, now, channel, readsOnly, readReceipts) = (self.logger, clock(), self.channel, self.readsOnly, self.readReceipts)
        return try await mappingDatabaseErrors {
            try await Lease.withConnection(supervisor, deadline: leaseDeadline, logger: logger) { connection in
                // The session already acts as the application role (`Lease`): the transaction's
                // first statement establishes who acts.
                let written = WrittenRows()
                let audited = AuditedCarriers(keepsReceipts: readReceipts != nil)
                let result = try await connection.inTransaction(readOnly: readsOnly, logger: logger) {
                    let acting = try await Self.establish(acting, on: connection, logger: logger)
                    return try await body(Transaction(
                        connection: connection, logger: logger, now: now, acting: acting, channel: channel, audited: audited,
                        written: written, computedReports: readsOnly ? ComputedReports() : nil))
                }
                // Committed: its reads are kept for the audit log, written before answering when
                // the buffer is full (the bound SECURITY.md states).
                if let readReceipts, let full = readReceipts.add(audited.receipts) {
                    try await readReceipts.write(full, on: connection, logger: logger)
                }
                await Self.refreshStatistics(written, on: connection, logger: logger)
                return result
            }
        }
    }

    /// After a bulk write has committed: statistics for the tables it grew by much, in a statement
    /// of its own (`parcours_refresh_statistics`), so that what runs next is planned on them. Not
    /// the user's business if it fails: autovacuum analyses them in a minute or two.
    private static func refreshStatistics(_ written: WrittenRows, on connection: PostgresConnection, logger: Logger) async {
        let tables = written.tables
        guard !tables.isEmpty else { return }
        do {
            _ = try await connection.queryUnlessClosed(
                "SELECT parcours_refresh_statistics(t.relation, t.rows_written) FROM unnest(\(tables.map(\.key))::text[], \(tables.map(\.value))::bigint[]) AS t (relation, rows_written)",
                logger: logger
            ).collect()
        } catch {
            logger.info("statistics left to autovacuum", metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    /// Establishes who acts, through the only functions that can (the identity is sealed to this transaction).
    private static func establish(_ acting: Acting, on connection: PostgresConnection, logger: Logger) async throws -> ActingStaff {
        let row: (Int64, Int64?, String, String)?
        var share: DashboardShareGrant?
        switch acting {
        case .administrator, .staff:
            let email = acting.claimedEmail ?? ""
            row = try await connection.queryUnlessClosed(
                "SELECT acting_staff_id, acting_operator_id, acting_role, \(email) FROM parcours_act_as(\(email))", logger: logger
            ).collect().first?.decode((Int64, Int64?, String, String).self)
        case .token(let token):
            row = try await connection.executeUnlessClosed(TokenCheck(digest: Data(BearerToken.digest(token))), logger: logger).first
        case .share(let token):
            // The database turns the transaction read-only as it establishes the link's maker.
            let found = try await connection.queryUnlessClosed(
                """
                SELECT acting_staff_id, acting_operator_id, acting_role, acting_email, share_id, share_scope_kind, share_scope_id, share_public
                FROM parcours_act_with_share(\(Data(BearerToken.digest(token)))::bytea)
                """, logger: logger
            ).collect().first?.decode((Int64, Int64?, String, String, Int64, String, Int64?, Bool).self)
            if let found, let scope = DashboardScope(kind: found.5, id: found.6) {
                row = (found.0, found.1, found.2, found.3)
                share = DashboardShareGrant(id: found.4, scope: scope, isPublic: found.7)
            } else {
                row = nil
            }
        }
        guard let (id, operatorID, role, email) = row, let staffRole = StaffRole(rawValue: role) else {
            throw StoreError.unauthenticated(Refusal(.unauthenticated))
        }
        LogContext.current?.setStaff(StaffID(id))
        return ActingStaff(id: StaffID(id), email: email, operatorID: operatorID.map(OperatorID.init), role: staffRole, share: share)
    }

    /// Runs owner-level work (migrations, the owner's checks) on one connection of the owner's login.
    public func withOwnerConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        guard let ownerClient else {
            throw StoreError.unavailable(Refusal(.ownerConnectionNeeded))
        }
        return try await mappingDatabaseErrors { try await ownerClient.withConnection { try await body($0) } }
    }

    /// One connection of the program's own login, outside any transaction or identity (tests attack through it).
    public func withLoginConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await mappingDatabaseErrors { try await Lease.withConnection(supervisor, deadline: leaseDeadline, logger: logger) { try await body($0) } }
    }

    public func migrate() async throws {
        _ = try await withOwnerConnection { try await Migrator.migrate($0, logger: logger) }
    }

    /// Migrations of this build not applied to the database yet.
    public func pendingMigrations() async throws -> [Migration] {
        let applied = try await withLoginConnection { try await Migrator.appliedVersions($0, logger: logger) } ?? []
        return Migration.all.filter { !applied.contains($0.version) }
    }

    /// Refuses to work on a database whose schema is behind this program.
    public func checkMigrated() async throws {
        let missing = try await pendingMigrations()
        if !missing.isEmpty {
            throw StoreError.unavailable(Refusal(.notMigrated, ["count": "\(missing.count)", "file": missing[0].file]))
        }
    }

    /// A first query with a deadline: PostgresNIO waits forever on an unreachable server.
    func checkReachable(displayURL: String, timeout: Duration = .seconds(10)) async throws {
        let client = self.client
        let logger = self.logger
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await client.query("SELECT 1", logger: logger)
                return true
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return false
            }
            do {
                let answered = try await group.next() ?? false
                group.cancelAll()
                if !answered {
                    throw StoreError.unavailable(Refusal(.databaseTimeout, ["url": displayURL, "timeout": "\(timeout.components.seconds) s"]))
                }
            } catch let error as PSQLError {
                group.cancelAll()
                logger.debug("connection failed", metadata: ["error": "\(String(reflecting: error))"])
                throw StoreError.unavailable(Refusal(.cannotConnect, ["url": displayURL, "detail": error.code.description]))
            } catch let error as StoreError {
                throw error
            } catch {
                // E.g. the pool's circuit breaker when the socket is gone: say where, not the driver's type.
                group.cancelAll()
                logger.debug("connection failed", metadata: ["error": "\(String(reflecting: error))"])
                throw StoreError.unavailable(Refusal(.cannotConnect, ["url": displayURL, "detail": "-"]))
            }
        }
    }

    private func mappingDatabaseErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PSQLError {
            throw StoreError.from(error, logger: logger)
        }
    }

    /// The embedded cluster starts with only the `postgres` database and its superuser: create the
    /// installation's logins and its database once.
    private static func bootstrapEmbedded(_ cluster: EmbeddedCluster, logger: Logger) async throws {
        let configuration = PostgresClient.Configuration(
            unixSocketPath: cluster.socketPath, username: EmbeddedCluster.superuser, password: nil, database: "postgres")
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger.forDriver)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            do {
                // NB: a socket with no server behind it makes the driver retry for a minute: a deadline.
                let roles = cluster.roles
                guard try await Lease.within(.seconds(10), {
                    try await roles.bootstrap(client, database: EmbeddedCluster.database, logger: logger)
                }) != nil else {
                    throw StoreError.unavailable(Refusal(.clusterNotAnswering, ["home": cluster.home.path, "socket": cluster.socketPath]))
                }
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "28000" {
                throw StoreError.unavailable(Refusal(.olderCluster, ["home": cluster.home.path, "superuser": EmbeddedCluster.superuser]))
            }
        }
    }
}

/// The rows a transaction's bulk paths wrote, per table.
final class WrittenRows: Sendable {
    private let rows = Mutex<[String: Int64]>([:])

    func add(_ count: Int, into table: String) {
        rows.withLock { $0[table, default: 0] += Int64(count) }
    }

    var tables: [(key: String, value: Int64)] { rows.withLock { $0.sorted { $0.key < $1.key } } }
}

/// Long set-up work a person would otherwise wait through in silence (a new installation: the
/// cluster made, the schema migrated, France's territories loaded). The CLI gives `Setup` an
/// announcer that prints a line for each; nothing is announced otherwise.
public enum SetupStep: Sendable, Equatable {
    case initialisingCluster
    case migrating(count: Int)
    case loadingFrance
}

/// The process's announcer of set-up steps (one per process: the CLI's, or none).
public enum Setup {
    private static let announcer = Mutex<(@Sendable (SetupStep) -> Void)?>(nil)

    public static func announce(with announcer: (@Sendable (SetupStep) -> Void)?) {
        self.announcer.withLock { $0 = announcer }
    }

    static func announce(_ step: SetupStep) {
        announcer.withLock { $0 }?(step)
    }
}

/// How many statements the tasks of a scope sent (a task-local counter): a test holds a request
/// to its round trips with it.
public final class StatementCount: Sendable {
    @TaskLocal public static var current: StatementCount?
    private let count = Mutex(0)

    public init() {}

    func add() { count.withLock { $0 += 1 } }

    public var value: Int { count.withLock { $0 } }
}

extension Logger {
    /// The driver's own background log: errors only, unless we debug. NB: PostgresNIO warns when a
    /// connection is leased a moment before `run()` started in the sibling task — harmless here.
    var forDriver: Logger {
        var logger = self
        if logger.logLevel > .debug { logger.logLevel = .error }
        return logger
    }
}

extension PostgresConnection {
    /// BEGIN … COMMIT around `body`, ROLLBACK if it throws. Errors pass through unwrapped (PostgresNIO's
    /// own `withTransaction` wraps them, which would hide the SQLSTATE the store maps to domain errors).
    func inTransaction<T>(
        readOnly: Bool = false, logger: Logger, isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> sending T
    ) async throws -> sending T {
        try await queryUnlessClosed(readOnly ? "BEGIN READ ONLY" : "BEGIN", logger: logger)
        do {
            let value = try await body()
            try await queryUnlessClosed("COMMIT", logger: logger)
            return value
        } catch {
            // NB: the connection goes back to the pool; it must not stay inside a failed transaction.
            // A closed one has no transaction left (and a query sent on it would never be answered).
            if !isClosed { _ = try? await query("ROLLBACK", logger: logger) }
            throw error
        }
    }

    /// A named prepared statement, refused at once when the connection is closed (as
    /// `queryUnlessClosed`), its rows read to the end: parsed and planned once a connection.
    func executeUnlessClosed<Statement: PostgresPreparedStatement>(_ statement: Statement, logger: Logger) async throws -> [Statement.Row] {
        guard !isClosed else { throw StoreError.unavailable(Refusal(.databaseUnavailable)) }
        StatementCount.current?.add()
        var rows: [Statement.Row] = []
        for try await row in try await execute(statement, logger: logger) { rows.append(row) }
        return rows
    }

    /// `query`, refused at once when the connection is closed. NB: PostgresNIO 1.33 writes a query
    /// to its channel without a promise: on a channel already closed (the server went away), its
    /// answer never comes and the caller waits forever — seen under 16 writers when the postmaster
    /// was killed (10 requests of 960 never answered, the service then deaf to SIGTERM).
    @discardableResult
    func queryUnlessClosed(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRowSequence {
        guard !isClosed else { throw StoreError.unavailable(Refusal(.databaseUnavailable)) }
        StatementCount.current?.add()
        return try await self.query(query, logger: logger)
    }
}

/// The staff member a transaction acts as, as resolved by the database.
public struct ActingStaff: Sendable, Hashable {
    public let id: StaffID
    public let email: String
    public let operatorID: OperatorID?
    public let role: StaffRole
    /// Set when a dashboard share link established who acts: what it may show.
    public var share: DashboardShareGrant? = nil
}

/// One open transaction, acting as a staff member. Repositories are its extensions, one file per noun.
public struct Transaction: Sendable {
    public let connection: PostgresConnection
    public let logger: Logger
    /// The instant the transaction's rules use (the store's clock, fixed by tests).
    public let now: Date
    /// The business date the transaction's rules use: `now` on the Paris wall clock.
    public var today: LocalDate { LocalDate(now, in: .paris) }
    public let acting: ActingStaff
    /// The edge the transaction serves, for the audit log.
    public let channel: Channel
    let audited: AuditedCarriers
    let written: WrittenRows
    /// Counts already computed by a READ ONLY transaction, which sees one snapshot of the data
    /// (nil in a transaction that may change it between two reports).
    let computedReports: ComputedReports?

    /// A bulk path wrote `count` rows into `table`: statistics follow once the transaction commits.
    func wrote(_ count: Int, into table: String) {
        written.add(count, into: table)
    }

    /// Runs a statement to its end. NB: PostgresNIO returns a row sequence as soon as the row
    /// description arrives, and an error raised while the statement runs (a function's RAISE)
    /// comes inside that sequence: unread, it would be lost and the transaction's COMMIT would
    /// quietly roll back. So the rows are always read.
    func query(_ query: PostgresQuery) async throws {
        _ = try await connection.queryUnlessClosed(query, logger: logger).collect()
    }

    /// Runs a query and collects its rows.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await connection.queryUnlessClosed(query, logger: logger).collect()
    }
}

extension LocalDate {
    /// Decodes the `to_char(date, 'YYYY-MM-DD')` the store selects for dates.
    static func decoded(_ text: String) throws -> LocalDate {
        guard let date = LocalDate(iso: text) else { throw StoreError.unexpected("date '\(text)'") }
        return date
    }

    static func decoded(_ text: String?) throws -> LocalDate? {
        try text.map { try decoded($0) }
    }
}

/// Who a bearer token acts as, through the function that checks it: every request of the service
/// starts with it, prepared once a connection.
struct TokenCheck: PostgresPreparedStatement {
    static let sql = "SELECT acting_staff_id, acting_operator_id, acting_role, acting_email FROM parcours_act_with_token($1::bytea)"
    typealias Row = (Int64, Int64?, String, String)

    var digest: Data

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings()
        try bindings.append(digest)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}

/// The tasks that run a store's pools, stopped when the store closes.
struct PoolRunners: Sendable {
    var tasks: [Task<Void, Never>]
    var supervisors: [ClientSupervisor]
    var logger: Logger
    /// How long closing waits for the pools to shut down before going on without them.
    static let patience: Duration = .seconds(10)

    func stop() async {
        for supervisor in supervisors { supervisor.finish() }
        for task in tasks { task.cancel() }
        let tasks = self.tasks
        // Whichever comes first: every pool shut down, or the patience spent.
        let (outcome, report) = AsyncStream<Bool>.makeStream()
        Task {
            for task in tasks { await task.value }
            report.yield(true)
        }
        let timer = Task {
            try? await Task.sleep(for: Self.patience)
            report.yield(false)
        }
        var first = outcome.makeAsyncIterator()
        let finished = await first.next() ?? false
        timer.cancel()
        report.finish()
        if !finished {
            logger.warning("database pools still closing; going on without them", metadata: ["waited": "\(Self.patience)"])
        }
    }
}
