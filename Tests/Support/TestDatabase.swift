import ParcoursCore
import Foundation
import Logging
import ParcoursStore
import PostgresNIO

#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL cluster for the whole test process (initdb costs about a second), and
/// a fresh database per test, copied from a migrated template (`CREATE DATABASE … TEMPLATE`).
///
/// The cluster lives under the system's temporary directory, listens on a unix socket only, runs
/// with fsync off, and is stopped and removed when the process exits. It is never a remote server:
/// nothing here can touch a database it did not create.
public enum TestDatabase {
    public static let logger: Logger = {
        var logger = Logger(label: "parcours-tests")
        logger.logLevel = .warning
        return logger
    }()

    /// The test cluster's logins: deliberately not the embedded default's names, and an owner that
    /// is no superuser, so that nothing in Parcours may assume either.
    public static let roles = ClusterRoles(owner: "acme_schema", service: "acme_http", console: "acme_desk")

    /// A new, migrated, empty database of the test cluster, reached as the console login (the
    /// CLI's), with the owner's connection for the tests' own checks.
    public static func fresh(login: Login = .console) async throws -> DatabaseLocation {
        let cluster = try await shared.cluster()
        let name = "t_\(UUID().uuidString.prefix(8).lowercased())"
        try await withAdminClient(cluster, database: "postgres") { client in
            // NB: CREATE DATABASE cannot take bind parameters; `name` is generated above, never input.
            try await retryingWhileTemplateBusy {
                try await client.query(
                    PostgresQuery(unsafeSQL: "CREATE DATABASE \(name) TEMPLATE parcours_template OWNER \(roles.owner)"), logger: logger)
            }
            // A copy keeps neither its template's ACL nor its settings: the logins lose TEMPORARY here
            // too (sql/0024), and no session compiles queries (Migrator).
            try await client.query(PostgresQuery(unsafeSQL: "REVOKE TEMPORARY ON DATABASE \(name) FROM PUBLIC"), logger: logger)
            try await client.query(PostgresQuery(unsafeSQL: "ALTER DATABASE \(name) SET jit = off"), logger: logger)
        }
        return try location(cluster: cluster, database: name, login: login)
    }

    /// The same database as another login.
    public static func location(_ location: DatabaseLocation, as login: Login) throws -> DatabaseLocation {
        guard let cluster = location.testCluster, let database = location.configuration.database else { return location }
        let owner = location.owner?.username ?? roles.owner
        return try self.location(cluster: cluster, database: database, login: login, owner: owner)
    }

    /// A psql-style URL of a test database for one login (DATABASE_URL, PARCOURS_OWNER_URL of a child process).
    public static func url(of location: DatabaseLocation, as login: Login) -> String {
        (try? self.location(location, as: login).displayURL) ?? location.displayURL
    }

    private static func location(
        cluster: EmbeddedCluster, database: String, login: Login, owner: String = roles.owner
    ) throws -> DatabaseLocation {
        func url(_ login: Login) -> String {
            let user = login == .owner ? owner : roles.name(of: login)
            return "postgresql://\(user)@/\(database)?host=\(cluster.socketDirectory.path)"
        }
        var location = try limited(DatabaseLocation(url: url(login)))
        location.login = login
        location.owner = try limited(DatabaseLocation(url: url(.owner))).configuration
        location.testCluster = cluster
        return location
    }

    /// Tests run side by side, each with its own client: a small pool each keeps the cluster's
    /// connections (and a loaded CI machine) from running out.
    static func limited(_ location: DatabaseLocation) -> DatabaseLocation {
        var location = location
        location.configuration.options.maximumConnections = 4
        return location
    }

    /// A new database with nothing in it (not even the schema), owned by `owner` (a login created
    /// if needed, with no other power): where a restore goes. Reached as that owner.
    public static func empty(ownedBy owner: String = roles.owner) async throws -> DatabaseLocation {
        let cluster = try await shared.cluster()
        let name = "e_\(UUID().uuidString.prefix(8).lowercased())"
        let restoreRoles = ClusterRoles(owner: owner, service: roles.service, console: roles.console)
        try await withAdminClient(cluster, database: "postgres") { client in
            try await restoreRoles.bootstrap(client, database: name, logger: logger)
        }
        return try location(cluster: cluster, database: name, login: .owner, owner: owner)
    }

    /// Runs `body` with a store on a fresh database.
    ///
    /// NB: the suites run in parallel on one machine, where opening a connection can take longer
    /// than the service's one-second lease deadline; these tests are not about outages (the
    /// resilience tests, through the binary, keep the real deadline). Two minutes: with the whole
    /// suite running on two loaded cores, 16 writers queued on one row waited more than 30 s for a
    /// connection (PersonalDataTests, seen twice); what they check is the audit chain, not latency.
    public static func withStore<T: Sendable>(
        clock: @escaping @Sendable () -> Date = { Date() }, _ body: (Store) async throws -> T
    ) async throws -> T {
        try await Store.withStore(
            at: try await fresh(), logger: logger, clock: clock, connectTimeout: .seconds(60), leaseDeadline: .seconds(120), body)
    }


    /// A hot standby of the test cluster (`pg_basebackup -R`), started once per test process and
    /// stopped with it: every test database is replicated there.
    public static func standby() async throws -> EmbeddedCluster {
        try await shared.standby()
    }

    /// The URL of `location`'s database, as `login`, on the standby.
    public static func url(of location: DatabaseLocation, as login: Login, on standby: EmbeddedCluster) -> String {
        let user = login == .owner ? (location.owner?.username ?? roles.owner) : roles.name(of: login)
        return "postgresql://\(user)@/\(location.configuration.database ?? "")?host=\(standby.socketDirectory.path)"
    }

    /// Waits until the standby has replayed everything the primary has written so far.
    public static func waitForReplay(_ standby: EmbeddedCluster) async throws {
        let cluster = try await shared.cluster()
        let target = try await withAdminClient(cluster, database: "postgres") { client in
            try await client.query("SELECT pg_current_wal_lsn()::text", logger: logger).collect().first!.decode(String.self)
        }
        try await withAdminClient(standby, database: "postgres") { client in
            for _ in 1...600 {
                let caughtUp = try await client.query(
                    "SELECT pg_last_wal_replay_lsn() >= \(target)::pg_lsn", logger: logger).collect().first?.decode(Bool?.self)
                if caughtUp == true { return }
                try await Task.sleep(for: .milliseconds(50))
            }
            throw StoreError.unavailable(Refusal(.databaseTimeout, ["url": standby.socketPath, "timeout": "30 s"]))
        }
    }

    /// Pauses (or resumes) the standby's replay: what the primary writes meanwhile is not there yet.
    public static func pauseReplay(_ standby: EmbeddedCluster, _ paused: Bool) async throws {
        try await withAdminClient(standby, database: "postgres") { client in
            try await client.query(paused ? "SELECT pg_wal_replay_pause()" : "SELECT pg_wal_replay_resume()", logger: logger)
        }
    }

    private static let shared = SharedCluster()

    private actor SharedCluster {
        // NB: a Task, not the cluster itself: the actor is reentrant at each `await`, and tests
        // running in parallel must all wait for the one cluster being started.
        private var starting: Task<EmbeddedCluster, any Error>?
        private var startingStandby: Task<EmbeddedCluster, any Error>?

        func cluster() async throws -> EmbeddedCluster {
            if starting == nil { starting = Task { try await SharedCluster.start() } }
            return try await starting!.value
        }

        func standby() async throws -> EmbeddedCluster {
            if startingStandby == nil {
                startingStandby = Task {
                    let primary = try await cluster()
                    // Inside the primary's home: removed with it (and its server stopped first, at exit).
                    let standby = try primary.startStandby(at: primary.home.appending(path: "standby"))
                    TestDatabase.standbyToStop = standby
                    return standby
                }
            }
            return try await startingStandby!.value
        }

        private static func start() async throws -> EmbeddedCluster {
            sweepClustersOfDeadProcesses()
            let home = FileManager.default.temporaryDirectory.appending(path: "parcours-tests-\(getpid())")
            try? FileManager.default.removeItem(at: home)
            let cluster = EmbeddedCluster(home: home, durable: false)
            try cluster.ensureRunning()
            TestDatabase.stopAtExit(cluster)
            _ = try await withAdminClient(cluster, database: "postgres") { client in
                try await roles.bootstrap(client, database: "parcours_template", logger: logger)
            }
            do {
                _ = try await withAdminClient(cluster, database: "parcours_template", user: roles.owner) { client in
                    try await client.withConnection { try await Migrator.migrate($0, logger: logger) }
                }
            } catch let error as PSQLError {
                // The driver's description hides the server's message; a broken migration must say what broke.
                throw StoreError.database(Refusal(.databaseUnexpected, ["detail": "migrating the test template failed: \(error.serverInfo?[.message] ?? String(reflecting: error))"]))
            }
            return cluster
        }
    }

    /// A test process that crashed never ran its `atexit`: stop and remove its cluster now.
    private static func sweepClustersOfDeadProcesses() {
        let temporary = FileManager.default.temporaryDirectory
        let names = (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []
        for name in names where name.hasPrefix("parcours-tests-") {
            guard let pid = Int32(name.dropFirst("parcours-tests-".count)), kill(pid, 0) != 0, errno == ESRCH else { continue }
            let cluster = EmbeddedCluster(home: temporary.appending(path: name), durable: false)
            try? EmbeddedCluster(home: cluster.home.appending(path: "standby"), durable: false).stop(immediately: true)
            try? cluster.stop(immediately: true)
            try? FileManager.default.removeItem(at: cluster.home)
        }
    }

    /// A client of the cluster's superuser (creating databases), or of another user.
    static func withAdminClient<T: Sendable>(
        _ cluster: EmbeddedCluster, database: String, user: String = EmbeddedCluster.superuser, _ body: (PostgresClient) async throws -> T
    ) async throws -> T {
        let configuration = PostgresClient.Configuration(
            unixSocketPath: cluster.socketPath, username: user, password: nil, database: database)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }

    /// The template's last connection may still be closing when the first copy is requested.
    private static func retryingWhileTemplateBusy(_ body: () async throws -> Void) async throws {
        for attempt in 1...50 {
            do {
                return try await body()
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "55006" && attempt < 50 {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    nonisolated(unsafe) private static var clusterToStop: EmbeddedCluster?
    nonisolated(unsafe) fileprivate static var standbyToStop: EmbeddedCluster?

    /// Stops and removes the cluster when the test process ends, however the tests went.
    private static func stopAtExit(_ cluster: EmbeddedCluster) {
        clusterToStop = cluster
        atexit {
            guard let cluster = TestDatabase.clusterToStop else { return }
            try? TestDatabase.standbyToStop?.stop(immediately: true)
            try? cluster.stop(immediately: true)
            try? FileManager.default.removeItem(at: cluster.home)
        }
    }
}
