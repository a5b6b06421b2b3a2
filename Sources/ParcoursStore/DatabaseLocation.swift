import ParcoursCore
import Foundation
import PostgresNIO

/// Where the database is — a `DATABASE_URL`, or the embedded cluster under `PARCOURS_HOME` — and
/// as which login to connect: the program's own (`login`), and the owner's for migrations.
public struct DatabaseLocation: Sendable {
    public var configuration: PostgresClient.Configuration
    /// For messages: the URL without its password.
    public var displayURL: String
    /// The login `configuration` connects as.
    public var login: Login
    /// The schema owner's connection, when known: migrations run there and nowhere else.
    public var owner: PostgresClient.Configuration?
    /// Set when Parcours runs (and may start) the server itself.
    public var embedded: EmbeddedCluster?
    /// The test suite's throwaway cluster this database lives in (never started from here).
    public var testCluster: EmbeddedCluster?
    /// A streaming replica (`PARCOURS_READ_URL` or `--read-url`): reports, exports and dashboards
    /// read there, everything else stays on the primary.
    public var replica: Replica?

    /// A hot standby of the database, reached with its own URL (its login is checked like the primary's).
    public struct Replica: Sendable {
        public var configuration: PostgresClient.Configuration
        public var displayURL: String

        public init(url: String) throws {
            let location = try DatabaseLocation(url: url, field: "PARCOURS_READ_URL")
            configuration = location.configuration
            displayURL = location.displayURL
        }
    }

    /// With `DATABASE_URL` (never starts a server): the service connects with it, the console with
    /// `PARCOURS_CONSOLE_URL` when set (else `DATABASE_URL` too: its login then decides whether
    /// `--as` may name staff), and migrations run with `PARCOURS_OWNER_URL`. Else the embedded
    /// cluster, whose three logins Parcours creates. Either way, reads go to `readURL` (else
    /// `PARCOURS_READ_URL`) when one is given.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment, login: Login = .console, readURL: String? = nil
    ) throws -> DatabaseLocation {
        func variable(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        var location = try primary(environment, login: login, variable)
        location.replica = try (readURL.flatMap { $0.isEmpty ? nil : $0 } ?? variable("PARCOURS_READ_URL")).map(Replica.init(url:))
        return location
    }

    private static func primary(
        _ environment: [String: String], login: Login, _ variable: (String) -> String?
    ) throws -> DatabaseLocation {
        if let url = variable("DATABASE_URL") {
            let ownerURL = variable("PARCOURS_OWNER_URL")
            let chosen: String = switch login {
            case .service: url
            case .console: variable("PARCOURS_CONSOLE_URL") ?? url
            case .owner: ownerURL ?? url
            }
            var location = try DatabaseLocation(url: chosen)
            location.login = login
            location.owner = try (login == .owner ? chosen : ownerURL).map { try DatabaseLocation(url: $0).configuration }
            return location
        }
        return DatabaseLocation(embedded: EmbeddedCluster(home: EmbeddedCluster.defaultHome(environment: environment)), login: login)
    }

    public init(embedded cluster: EmbeddedCluster, login: Login = .console) {
        configuration = cluster.configuration(for: login)
        displayURL = cluster.url(for: login)
        self.login = login
        owner = cluster.configuration(for: .owner)
        embedded = cluster
    }

    /// Parses `postgres[ql]://user[:password]@host[:port]/database[?host=/socket/dir&sslmode=…]`.
    public init(url text: String, field: String = "DATABASE_URL") throws {
        guard let components = URLComponents(string: text),
            ["postgres", "postgresql"].contains(components.scheme ?? "")
        else {
            throw StoreError.invalid(Refusal(.databaseURL, field: field, ["value": Self.redacted(text)]))
        }
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        let user = components.user.flatMap { $0.removingPercentEncoding } ?? query["user"] ?? "postgres"
        let password = components.password.flatMap { $0.removingPercentEncoding } ?? query["password"]
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let database = path.isEmpty ? (query["dbname"] ?? user) : (path.removingPercentEncoding ?? path)
        let port = components.port ?? query["port"].flatMap(Int.init) ?? 5432
        let host = query["host"] ?? components.host.flatMap { $0.removingPercentEncoding } ?? ""
        if host.isEmpty || host.hasPrefix("/") {
            let directory = host.isEmpty ? "/var/run/postgresql" : host
            configuration = .init(
                unixSocketPath: "\(directory)/.s.PGSQL.\(port)", username: user, password: password, database: database)
        } else {
            let tls: PostgresClient.Configuration.TLS
            switch query["sslmode"] ?? "prefer" {
            case "disable", "allow": tls = .disable
            case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
            default: tls = .prefer(.makeClientConfiguration())
            }
            configuration = .init(host: host, port: port, username: user, password: password, database: database, tls: tls)
        }
        displayURL = Self.redacted(text)
        login = .console
        owner = nil
        embedded = nil
    }

    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }
}
