import ParcoursCore
import Foundation
import PostgresNIO

#if canImport(Glibc)
import Glibc
#endif

/// The private PostgreSQL cluster Parcours runs for itself when no `DATABASE_URL` is given:
/// `initdb` once under `PARCOURS_HOME`, started on demand, unix socket only (0700), no TCP.
///
/// PostgreSQL refuses to run as root; under root the server runs as the unprivileged `postgres`
/// system user, which then owns `PARCOURS_HOME`.
public struct EmbeddedCluster: Sendable {
    public let home: URL
    /// fsync off and no sync at initdb: for throwaway test clusters only.
    public var durable: Bool

    /// The cluster's bootstrap superuser: creates the logins and the database, nothing else.
    public static let superuser = "postgres"
    public static let database = "parcours"
    public var roles = ClusterRoles.embedded
    /// The unprivileged system user the server runs as when Parcours runs as root.
    public static let systemUser = "postgres"

    public init(home: URL, durable: Bool = true) {
        self.home = home
        self.durable = durable
    }

    /// `PARCOURS_HOME`, else `/var/lib/parcours` as root, else the user's data directory.
    public static func defaultHome(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let home = environment["PARCOURS_HOME"], !home.isEmpty {
            return URL(fileURLWithPath: home, isDirectory: true)
        }
        if geteuid() == 0 { return URL(fileURLWithPath: "/var/lib/parcours", isDirectory: true) }
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty {
            return URL(fileURLWithPath: data, isDirectory: true).appending(path: "parcours")
        }
        let userHome = environment["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: userHome, isDirectory: true).appending(path: ".local/share/parcours")
    }

    public var dataDirectory: URL { home.appending(path: "pgdata") }
    public var socketDirectory: URL { home.appending(path: "run") }
    public var logFile: URL { home.appending(path: "postgres.log") }
    public var socketPath: String { socketDirectory.appending(path: ".s.PGSQL.5432").path }

    /// A URL that psql (and `DATABASE_URL`) accept, for one of the installation's logins.
    public func url(for login: Login) -> String {
        "postgresql://\(roles.name(of: login))@/\(Self.database)?host=\(socketDirectory.path)"
    }

    public func configuration(for login: Login) -> PostgresClient.Configuration {
        .init(unixSocketPath: socketPath, username: roles.name(of: login), password: nil, database: Self.database)
    }

    public enum Status: Equatable, Sendable {
        case notInitialised
        case stopped
        case running(pid: Int)
    }

    public func status() throws -> Status {
        guard FileManager.default.fileExists(atPath: dataDirectory.appending(path: "PG_VERSION").path) else {
            return .notInitialised
        }
        // What `pg_ctl status` checks — the lock file's process is alive — without starting it
        // through a shell and `runuser` (0.1 s of every command, a third of a quick one).
        let pidLine = (try? String(contentsOf: dataDirectory.appending(path: "postmaster.pid"), encoding: .utf8))?
            .split(separator: "\n").first
        guard let pid = pidLine.flatMap({ Int($0.trimmed) }), pid > 0, Self.isAlive(pid) else { return .stopped }
        // NB: a postmaster killed (kill -9, OOM) under a parent that does not reap it stays a zombie,
        // which pg_ctl takes for a running server.
        if Self.isZombie(pid) { return .stopped }
        return .running(pid: pid)
    }

    /// The process exists (a postmaster of another user answers EPERM, as pg_ctl counts it).
    static func isAlive(_ pid: Int) -> Bool {
        kill(pid_t(pid), 0) == 0 || errno == EPERM
    }

    static func isZombie(_ pid: Int) -> Bool {
        guard pid > 0, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        // "pid (comm) S …": the state follows the command's closing parenthesis.
        guard let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].trimmed.hasPrefix("Z")
    }

    /// Initialises the cluster if needed and starts it if it is not running; safe to call concurrently.
    public func ensureRunning() throws {
        try prepareHome()
        try withLock {
            switch try status() {
            case .running: return
            case .notInitialised:
                Setup.announce(.initialisingCluster)
                try initialise()
                try start()
            case .stopped:
                try start()
            }
        }
    }

    /// Stops the server: `fast` (sessions are ended, nothing lost), or `immediate` for throwaway clusters.
    public func stop(immediately: Bool = false) throws {
        guard case .running = try status() else { return }
        let result = try run("pg_ctl", ["-D", dataDirectory.path, "-m", immediately ? "immediate" : "fast", "-w", "stop"])
        guard result.status == 0 else {
            throw StoreError.unavailable(Refusal(.postgresDidNotStop, ["detail": result.output.lastLines(3)]))
        }
    }

    /// A hot standby of this running cluster under `home` (`pg_basebackup -R`: a full copy that
    /// then streams this cluster's WAL), on its own socket, started: where reads can go.
    public func startStandby(at home: URL) throws -> EmbeddedCluster {
        let standby = EmbeddedCluster(home: home, durable: durable)
        try standby.prepareHome()
        try standby.withLock {
            if try standby.status() == .notInitialised {
                let result = try run("pg_basebackup", [
                    "-D", standby.dataDirectory.path, "-h", socketDirectory.path, "-U", Self.superuser,
                    "-R", "-X", "stream", "-c", "fast",
                ])
                guard result.status == 0 else {
                    throw StoreError.unavailable(Refusal(.baseBackupFailed, ["path": standby.dataDirectory.path, "detail": result.output.lastLines(5)]))
                }
                // The copied settings name the primary's socket directory: later lines win.
                let conf = standby.dataDirectory.appending(path: "postgresql.conf")
                let handle = try FileHandle(forWritingTo: conf)
                try handle.seekToEnd()
                try handle.write(contentsOf: Data("\n# Parcours: this standby's own socket.\nunix_socket_directories = '\(standby.socketDirectory.path)'\nhot_standby = on\n".utf8))
                try handle.close()
            }
            if case .running = try standby.status() { return }
            try standby.start()
        }
        return standby
    }

    // MARK: - Steps

    private func initialise() throws {
        var arguments = [
            "-D", dataDirectory.path, "-U", Self.superuser, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8",
        ]
        if !durable { arguments.append("--no-sync") }
        let result = try run("initdb", arguments)
        guard result.status == 0 else {
            throw StoreError.unavailable(Refusal(.initdbFailed, ["path": dataDirectory.path, "detail": result.output.lastLines(5)]))
        }
        // Unix socket in a private directory, no TCP at all.
        var settings = """

            # Parcours: private cluster, reachable only through its unix socket.
            listen_addresses = ''
            unix_socket_directories = '\(socketDirectory.path)'
            unix_socket_permissions = 0700
            # Its files are local and, for a network's data, in the page cache: an index lookup
            # costs little more than a sequential read. With the default (4) the planner hashed all
            # 200,000 carriers to join a programme's 1,800 journeys, and a dashboard site of one
            # operator took 17.5 s instead of 8.4 s (BENCHMARKS.md).
            random_page_cost = 1.1
            """
        // A throwaway cluster serves a whole test run at once: many databases, many clients (a full
        // run once reached 300 connections, each suite's pool, the CLI's and the servers').
        if !durable { settings += "\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 600\ntrack_functions = pl\n" }
        let conf = dataDirectory.appending(path: "postgresql.conf")
        let handle = try FileHandle(forWritingTo: conf)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((settings + "\n").utf8))
        try handle.close()
    }

    private func start() throws {
        // A lock file left by a dead postmaster (a zombie still holds its pid) would make the new
        // one refuse to start: it is stale once that process is verifiably dead.
        for lock in [dataDirectory.appending(path: "postmaster.pid"), URL(fileURLWithPath: socketPath + ".lock")] {
            if let pid = (try? String(contentsOf: lock, encoding: .utf8))?.split(separator: "\n").first.flatMap({ Int($0) }),
               Self.isZombie(pid) {
                try? FileManager.default.removeItem(at: lock)
            }
        }
        // -w waits for readiness; pg_ctl starts the postmaster with its output in the log file.
        // NB: our own descriptors go to /dev/null: a postmaster holding a pipe of ours would keep
        // a waiting parent hanging forever.
        let result = try run(
            "pg_ctl", ["-D", dataDirectory.path, "-l", logFile.path, "-w", "-t", "60", "start"], capture: false)
        guard result.status == 0 else {
            let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
            throw StoreError.unavailable(Refusal(.postgresDidNotStart, ["path": logFile.path, "detail": log.lastLines(5)]))
        }
    }

    /// Creates PARCOURS_HOME; as root, hands it to the system user after checking it can reach it.
    private func prepareHome() throws {
        let fm = FileManager.default
        for directory in [home, socketDirectory] where !fm.fileExists(atPath: directory.path) {
            try fm.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        guard geteuid() == 0 else { return }
        guard let user = getpwnam(Self.systemUser) else {
            throw StoreError.unavailable(Refusal(.systemUserMissing, ["user": Self.systemUser]))
        }
        let (uid, gid) = (user.pointee.pw_uid, user.pointee.pw_gid)
        // Every ancestor must be enterable by that user (a home under /root is not).
        var ancestor = home.deletingLastPathComponent()
        while ancestor.path != "/" {
            var info = stat()
            if stat(ancestor.path, &info) == 0 {
                let enterable = info.st_mode & S_IXOTH != 0 || (info.st_uid == uid && info.st_mode & S_IXUSR != 0)
                    || (info.st_gid == gid && info.st_mode & S_IXGRP != 0)
                guard enterable else {
                    throw StoreError.unavailable(Refusal(.homeUnreachable, ["user": Self.systemUser, "path": ancestor.path]))
                }
            }
            ancestor = ancestor.deletingLastPathComponent()
        }
        for path in [home.path, socketDirectory.path] {
            _ = chown(path, uid, gid)
            _ = chmod(path, 0o700)
        }
    }

    /// Serialises initdb/start between processes sharing this PARCOURS_HOME.
    private func withLock<T>(_ body: () throws -> T) throws -> T {
        let fd = open(home.appending(path: ".lock").path, O_CREAT | O_RDWR, 0o600)
        guard fd >= 0 else { throw StoreError.unavailable(Refusal(.lockFile, ["path": home.path])) }
        defer { close(fd) }
        flock(fd, LOCK_EX)
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    // MARK: - Running PostgreSQL's programs

    /// Runs a PostgreSQL program (as the system user when we are root), from `/` so that the
    /// working directory is always enterable by that user.
    private func run(_ program: String, _ arguments: [String], capture: Bool = true) throws -> ChildProcess.Result {
        let executable = try PostgresBinaries.path(of: program)
        var command = [executable] + arguments
        if geteuid() == 0 { command = ["/usr/sbin/runuser", "-u", Self.systemUser, "--"] + command }
        return try ChildProcess.run("/bin/sh", ["-c", "cd / && exec \"$0\" \"$@\""] + command, captureOutput: capture)
    }
}

/// Finds PostgreSQL's server programs: `PARCOURS_PG_BIN`, then `PATH`, then Debian's
/// `/usr/lib/postgresql/<newest>/bin`.
public enum PostgresBinaries {
    public static func path(of program: String) throws -> String {
        let fm = FileManager.default
        let environment = ProcessInfo.processInfo.environment
        var directories: [String] = []
        if let bin = environment["PARCOURS_PG_BIN"], !bin.isEmpty { directories.append(bin) }
        directories += (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        let debian = "/usr/lib/postgresql"
        let versions = ((try? fm.contentsOfDirectory(atPath: debian)) ?? []).compactMap(Int.init).sorted(by: >)
        directories += versions.map { "\(debian)/\($0)/bin" }
        for directory in directories {
            let candidate = "\(directory)/\(program)"
            if fm.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw StoreError.unavailable(Refusal(.postgresNotInstalled, ["program": program]))
    }
}

extension String {
    /// The last lines of a program's output, joined on one line for an error message.
    func lastLines(_ count: Int) -> String {
        split(separator: "\n").suffix(count).joined(separator: " / ")
    }
}
