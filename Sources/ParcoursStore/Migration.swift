import ParcoursCore
import Crypto
import Foundation
import Logging
import PostgresNIO

/// One file of `sql/`, compiled into the binary by the EmbedMigrations plugin.
public struct Migration: Sendable, Hashable {
    /// The file name, `NNNN_name.sql`.
    public let file: String
    public let sql: String

    public init(file: String, sql: String) {
        self.file = file
        self.sql = sql
    }

    /// The number the file name starts with: migrations apply in this order.
    public var version: Int { Int(file.prefix { $0.isNumber }) ?? 0 }

    /// SHA-256 of the text: an applied migration that was edited afterwards is refused.
    public var checksum: String {
        SHA256.hash(data: Data(sql.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The migrations shipped with this build, in order.
    public static var all: [Migration] { embedded.sorted { $0.version < $1.version } }
}

/// One current definition of the schema's code (`sql/definitions/KIND/NAME.sql`): a function, a
/// view, a table's triggers or a table's row-level security. Written to be applied again and again
/// (`CREATE OR REPLACE`, `DROP POLICY IF EXISTS` + `CREATE POLICY`): changing a function is
/// editing its one file, which the migrator applies again whenever its text changes.
public struct SchemaDefinition: Sendable, Hashable {
    /// `functions/parcours_current_staff.sql`.
    public let path: String
    public let sql: String

    public init(path: String, sql: String) {
        self.path = path
        self.sql = sql
    }

    /// `functions`, `views`, `triggers` or `policies`.
    public var kind: String { String(path.prefix { $0 != "/" }) }

    public var checksum: String {
        SHA256.hash(data: Data(sql.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// What a view, a trigger or a policy names must exist first.
    static let kinds = ["functions", "views", "triggers", "policies"]

    /// The definitions shipped with this build, in the order they apply.
    public static var all: [SchemaDefinition] {
        embedded.sorted { (kinds.firstIndex(of: $0.kind) ?? kinds.count, $0.path) < (kinds.firstIndex(of: $1.kind) ?? kinds.count, $1.path) }
    }
}

/// Applies pending migrations in one transaction, recording each in `schema_migrations`.
public enum Migrator {
    /// Returns the migrations applied by this call (empty when the schema was up to date).
    @discardableResult
    public static func migrate(
        _ connection: PostgresConnection, migrations: [Migration] = Migration.all,
        definitions: [SchemaDefinition] = SchemaDefinition.all, logger: Logger
    ) async throws -> [Migration] {
        try await connection.inTransaction(logger: logger) {
            // Two processes migrating at once: the second waits, then finds nothing to do.
            try await connection.query("SELECT pg_advisory_xact_lock(7061727300)", logger: logger)
            // The policies that let definer functions, backups and restores see every row name the
            // database's owner: the schema's owner must be it.
            let ownsDatabase = try await connection.query(
                "SELECT pg_has_role(current_user, 'pg_database_owner', 'MEMBER')", logger: logger
            ).collect().first?.decode(Bool.self) ?? false
            guard ownsDatabase else {
                throw StoreError.invalid(Refusal(.migrationNeedsOwner))
            }
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version     integer PRIMARY KEY,
                    file        text NOT NULL,
                    checksum    text NOT NULL,
                    applied_at  timestamptz NOT NULL DEFAULT now()
                )
                """, logger: logger)
            var applied: [Int: (file: String, checksum: String)] = [:]
            for try await (version, file, checksum) in try await connection.query(
                "SELECT version, file, checksum FROM schema_migrations", logger: logger
            ).decode((Int, String, String).self) {
                applied[version] = (file, checksum)
            }
            let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
            for (version, record) in applied.sorted(by: { $0.key < $1.key }) {
                guard let migration = known[version] else {
                    throw StoreError.invalid(Refusal(.migrationUnknown, ["file": record.file]))
                }
                guard migration.checksum == record.checksum else {
                    throw StoreError.invalid(Refusal(.migrationChanged, ["file": migration.file]))
                }
            }
            var done: [Migration] = []
            let pending = migrations.filter { applied[$0.version] == nil }
            if !pending.isEmpty { Setup.announce(.migrating(count: pending.count)) }
            for migration in pending {
                logger.info("applying migration", metadata: ["file": "\(migration.file)"])
                for statement in SQLScript.statements(in: migration.sql) {
                    // NB: migration text is reviewed SQL shipped in the binary, never user input.
                    // Read to the end: an error raised while a statement runs arrives with its rows.
                    _ = try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger).collect()
                }
                try await connection.query(
                    "INSERT INTO schema_migrations (version, file, checksum) VALUES (\(migration.version), \(migration.file), \(migration.checksum))",
                    logger: logger)
                done.append(migration)
            }
            try await applyDefinitions(connection, definitions: definitions, logger: logger)
            // No login makes temporary tables (a temporary table would stand in for one of the schema's,
            // sql/0024). A database's ACL is not copied from its template nor restored with its data:
            // said again at every run, by the database's owner.
            _ = try await connection.query(
                "DO $$ BEGIN EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database()); END $$",
                logger: logger
            ).collect()
            // Never JIT, in any session of the database (nor restored with it: said again at every
            // run). Row-level security lifts the planner's costs past JIT's thresholds: the
            // worklist's one query spent 2.1 s of 2.4 s compiling for a coordinator of 4,000 people;
            // every report function already said `SET jit = off` for itself.
            _ = try await connection.query(
                "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET jit = off', current_database()); END $$",
                logger: logger
            ).collect()
            // Reference data the schema ships with (France's territories), once per version of it.
            let hasReference = try await connection.query(
                "SELECT to_regclass('territory_reference') IS NOT NULL", logger: logger
            ).collect().first?.decode(Bool.self) ?? false
            if hasReference { try await FranceReference.loadIfNew(connection, logger: logger) }
            return done
        }
    }

    /// Applies every definition whose text differs from the one recorded in `schema_definitions`
    /// (all of them on a new database), after the migrations. A function whose SQL body calls one
    /// applied later in the same run is retried once the others are in (a savepoint each).
    static func applyDefinitions(
        _ connection: PostgresConnection, definitions: [SchemaDefinition] = SchemaDefinition.all, logger: Logger
    ) async throws {
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS schema_definitions (
                path        text PRIMARY KEY,
                checksum    text NOT NULL,
                applied_at  timestamptz NOT NULL DEFAULT now()
            )
            """, logger: logger)
        var recorded: [String: String] = [:]
        for try await (path, checksum) in try await connection.query(
            "SELECT path, checksum FROM schema_definitions", logger: logger
        ).decode((String, String).self) {
            recorded[path] = checksum
        }
        var pending = definitions.filter { recorded[$0.path] != $0.checksum }
        while !pending.isEmpty {
            var failed: [(SchemaDefinition, PSQLError)] = []
            for definition in pending {
                _ = try await connection.query("SAVEPOINT definition", logger: logger).collect()
                do {
                    for statement in SQLScript.statements(in: definition.sql) {
                        // NB: definitions are reviewed SQL shipped in the binary, never user input.
                        _ = try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger).collect()
                    }
                    _ = try await connection.query(
                        """
                        INSERT INTO schema_definitions (path, checksum) VALUES (\(definition.path), \(definition.checksum))
                        ON CONFLICT (path) DO UPDATE SET checksum = EXCLUDED.checksum, applied_at = now()
                        """, logger: logger
                    ).collect()
                    _ = try await connection.query("RELEASE SAVEPOINT definition", logger: logger).collect()
                } catch let error as PSQLError {
                    _ = try await connection.query("ROLLBACK TO SAVEPOINT definition", logger: logger).collect()
                    failed.append((definition, error))
                }
            }
            if failed.count == pending.count, let (definition, error) = failed.first {
                throw StoreError.invalid(Refusal(.definitionFailed, [
                    "file": "sql/definitions/\(definition.path)", "detail": error.serverInfo?[.message] ?? String(reflecting: error),
                ]))
            }
            if !failed.isEmpty { logger.info("definitions retried", metadata: ["count": "\(failed.count)"]) }
            pending = failed.map(\.0)
        }
    }

    /// Versions recorded in the database, or `nil` when it was never migrated.
    public static func appliedVersions(_ connection: PostgresConnection, logger: Logger) async throws -> [Int]? {
        let exists = try await connection.query(
            "SELECT to_regclass('schema_migrations') IS NOT NULL", logger: logger
        ).collect().first?.decode(Bool.self) ?? false
        guard exists else { return nil }
        var versions: [Int] = []
        for try await version in try await connection.query(
            "SELECT version FROM schema_migrations ORDER BY version", logger: logger
        ).decode(Int.self) {
            versions.append(version)
        }
        return versions
    }
}

/// Splits a SQL script into statements at top-level semicolons, keeping quoted strings,
/// quoted identifiers, dollar-quoted bodies and comments intact. Function bodies are written
/// `AS $$ … $$` or `RETURN expr`: a `BEGIN ATOMIC … END` body would be split at its inner `;`.
///
/// NB: needed because PostgresNIO speaks the extended protocol, which runs one statement per query.
public enum SQLScript {
    public static func statements(in script: String) -> [String] {
        let chars = Array(script.unicodeScalars)
        var statements: [String] = []
        var current = String.UnicodeScalarView()
        var i = 0
        func flush() {
            let text = String(current).trimmingCharacters(in: .whitespacesAndNewlines)
            if !isOnlyComments(text) { statements.append(text) }
            current = String.UnicodeScalarView()
        }
        func append(upTo end: Int) {
            current.append(contentsOf: chars[i..<min(end, chars.count)])
            i = min(end, chars.count)
        }
        while i < chars.count {
            let c = chars[i]
            let next: Unicode.Scalar? = i + 1 < chars.count ? chars[i + 1] : nil
            switch c {
            case "'", "\"":
                var j = i + 1
                while j < chars.count {
                    if chars[j] == c {
                        if j + 1 < chars.count, chars[j + 1] == c { j += 2; continue }
                        break
                    }
                    j += 1
                }
                append(upTo: j + 1)
            case "-" where next == "-":
                var j = i
                while j < chars.count, chars[j] != "\n" { j += 1 }
                append(upTo: j)
            case "/" where next == "*":
                var j = i + 2
                var depth = 1
                while j < chars.count, depth > 0 {
                    if chars[j] == "/", j + 1 < chars.count, chars[j + 1] == "*" { depth += 1; j += 2 }
                    else if chars[j] == "*", j + 1 < chars.count, chars[j + 1] == "/" { depth -= 1; j += 2 }
                    else { j += 1 }
                }
                append(upTo: j)
            case "$":
                // A dollar-quote tag: $$ or $name$ (a name cannot start with a digit: $1 is a parameter).
                var j = i + 1
                while j < chars.count, chars[j] == "_" || chars[j].properties.isAlphabetic
                    || (j > i + 1 && ("0"..."9").contains(chars[j]))
                { j += 1 }
                if j < chars.count, chars[j] == "$" {
                    let tag = Array(chars[i...j])
                    var k = j + 1
                    while k < chars.count, !(chars[k] == "$" && Array(chars[k..<min(k + tag.count, chars.count)]) == tag) {
                        k += 1
                    }
                    append(upTo: k + tag.count)
                } else {
                    append(upTo: i + 1)
                }
            case ";":
                i += 1
                flush()
            default:
                append(upTo: i + 1)
            }
        }
        flush()
        return statements
    }

    private static func isOnlyComments(_ text: String) -> Bool {
        text.split(separator: "\n").allSatisfy {
            let line = $0.trimmed
            return line.isEmpty || line.hasPrefix("--")
        }
    }
}
