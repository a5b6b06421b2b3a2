import Foundation
import PostgresNIO

/// Where the database is: a `DATABASE_URL`, or the embedded cluster under `PARCOURS_HOME`.
public struct DatabaseLocation: Sendable {
    public var configuration: PostgresClient.Configuration
    /// For messages: the URL without its password.
    public var displayURL: String
    /// Set when Parcours runs (and may start) the server itself.
    public var embedded: EmbeddedCluster?

    /// `DATABASE_URL` when set (never starts a server), else the embedded cluster.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DatabaseLocation {
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            return try DatabaseLocation(url: url)
        }
        return DatabaseLocation(embedded: EmbeddedCluster(home: EmbeddedCluster.defaultHome(environment: environment)))
    }

    public init(embedded cluster: EmbeddedCluster) {
        configuration = .init(
            unixSocketPath: cluster.socketPath, username: EmbeddedCluster.superuser, password: nil,
            database: EmbeddedCluster.database)
        displayURL = cluster.url
        embedded = cluster
    }

    /// Parses `postgres[ql]://user[:password]@host[:port]/database[?host=/socket/dir&sslmode=…]`.
    public init(url text: String) throws {
        guard let components = URLComponents(string: text),
            ["postgres", "postgresql"].contains(components.scheme ?? "")
        else {
            throw StoreError.invalid("DATABASE_URL: expected postgresql://user@host:port/database, got '\(Self.redacted(text))'")
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
        embedded = nil
    }

    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }
}
