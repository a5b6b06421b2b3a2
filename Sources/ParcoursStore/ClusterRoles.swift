import ParcoursCore
import Logging
import PostgresNIO

/// Which of the database's logins a program connects as (DESIGN.md §9).
public enum Login: String, Sendable, CaseIterable {
    /// Owns the schema and runs migrations; never used by the service or the CLI's data commands.
    case owner
    /// The HTTP service's: acts only as the staff member of a bearer token.
    case service
    /// The installation administrator's console (the CLI): may name any staff member (`--as`).
    case console
}

/// The names of the three logins of one installation. The group roles `parcours_app` (carries the
/// policies) and `parcours_console` (marks a login that may act by e-mail) have fixed names.
public struct ClusterRoles: Sendable, Hashable {
    public var owner: String
    public var service: String
    public var console: String

    public init(owner: String, service: String, console: String) {
        self.owner = owner
        self.service = service
        self.console = console
    }

    /// The embedded cluster's.
    public static let embedded = ClusterRoles(owner: "parcours_owner", service: "parcours_service", console: "parcours_cli")

    public func name(of login: Login) -> String {
        switch login {
        case .owner: owner
        case .service: service
        case .console: console
        }
    }

    /// Creates the group roles, the three logins and `database` owned by the owner, as a superuser
    /// (the embedded cluster's bootstrap, the test cluster's; a DBA runs `deploy/roles.sql`).
    /// Idempotent: what exists is left as it is.
    public func bootstrap(_ client: PostgresClient, database: String, logger: Logger) async throws {
        for name in [owner, service, console, database] {
            // NB: role and database names cannot be bind parameters; these come from the program, never from input.
            guard name.range(of: "^[a-z_][a-z0-9_]{0,62}$", options: .regularExpression) != nil else {
                throw StoreError.invalid(Refusal(.notACode, ["value": name]))
            }
        }
        let statements: [(role: String, create: String)] = [
            ("parcours_app", "CREATE ROLE parcours_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE"),
            ("parcours_console", "CREATE ROLE parcours_console NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE"),
            (owner, "CREATE ROLE \(owner) LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE"),
            (service, "CREATE ROLE \(service) LOGIN NOINHERIT NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE IN ROLE parcours_app"),
            (console, "CREATE ROLE \(console) LOGIN NOINHERIT NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE IN ROLE parcours_app, parcours_console"),
        ]
        for (role, create) in statements {
            let exists = try await client.query("SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = \(role))", logger: logger)
                .collect().first?.decode(Bool.self) ?? false
            if exists { continue }
            do {
                try await client.query(PostgresQuery(unsafeSQL: create), logger: logger)
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "42710" {
                // Created by a concurrent process meanwhile.
            }
        }
        let exists = try await client.query("SELECT EXISTS (SELECT FROM pg_database WHERE datname = \(database))", logger: logger)
            .collect().first?.decode(Bool.self) ?? false
        if !exists {
            do {
                try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(database) OWNER \(owner)"), logger: logger)
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "42P04" {
                // Created by a concurrent process meanwhile.
            }
        }
        // Only the owner makes temporary tables (sql/0024): PUBLIC has TEMPORARY by default.
        try await client.query(PostgresQuery(unsafeSQL: "REVOKE TEMPORARY ON DATABASE \(database) FROM PUBLIC"), logger: logger)
    }
}

extension Store {
    /// Refuses to work as a login with more power than its job: a superuser, a BYPASSRLS role or
    /// the schema's owner for anything; a console login (which may act by e-mail) for the service.
    func checkLeastPrivilege(as login: Login) async throws {
        guard login != .owner else { return }
        let row = try await client.query(
            """
            SELECT r.rolsuper, r.rolbypassrls,
                   EXISTS (SELECT FROM pg_class AS c WHERE c.relowner = r.oid AND c.relnamespace = 'public'::regnamespace)
                       OR pg_has_role(r.oid, 'pg_database_owner', 'MEMBER'),
                   EXISTS (SELECT FROM pg_roles AS g WHERE g.rolname = 'parcours_console')
                       AND pg_has_role(r.oid, 'parcours_console', 'MEMBER'),
                   has_database_privilege(r.oid, current_database(), 'TEMPORARY')
                       OR (EXISTS (SELECT FROM pg_roles AS g WHERE g.rolname = 'parcours_app')
                           AND has_database_privilege('parcours_app', current_database(), 'TEMPORARY'))
            FROM pg_roles AS r WHERE r.rolname = session_user
            """, logger: logger
        ).collect().first
        guard let (superuser, bypassRLS, owner, console, temporary) = try row?.decode((Bool, Bool, Bool, Bool, Bool).self) else { return }
        if superuser || bypassRLS || owner {
            throw StoreError.unavailable(Refusal(.privilegedLogin, [
                "privilege": superuser ? "superuser" : bypassRLS ? "BYPASSRLS" : "owner", "login": login.rawValue,
            ]))
        }
        if temporary {
            // A temporary table could stand in for a table of the schema (sql/0024).
            throw StoreError.unavailable(Refusal(.loginMakesTemporaryTables, ["login": login.rawValue]))
        }
        if login == .service, console {
            throw StoreError.unavailable(Refusal(.consoleLoginServing))
        }
    }
}
