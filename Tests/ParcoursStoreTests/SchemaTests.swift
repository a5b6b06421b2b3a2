import Foundation
import ParcoursCore
import ParcoursStore
import ParcoursTestSupport
import PostgresNIO
import Testing

/// One readable schema (issue 25): tables by their migrations, every function, view, trigger and
/// policy by its one current definition in `sql/definitions/`, and `sql/schema.sql` the whole of
/// it as PostgreSQL prints it — checked here against what a migration really makes.
@Suite("One readable schema")
struct SchemaTests {
    static let sqlDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "../../sql").standardized

    /// `pg_dump --schema-only` of `location`'s database, without what changes from run to run
    /// (the dump's own version lines and session keys), the owner called by the embedded name.
    static func schema(of location: DatabaseLocation) throws -> String {
        let owner = location.owner?.username ?? TestDatabase.roles.owner
        let cluster = try #require(location.testCluster)
        let dump = try ChildProcess.run(
            try PostgresBinaries.path(of: "pg_dump"),
            ["--schema-only", "-h", cluster.socketDirectory.path, "-U", owner, "-d", location.configuration.database ?? ""],
            captureOutput: true, separateErrors: true)
        #expect(dump.status == 0, "\(dump.errorOutput)")
        return dump.output.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("-- Dumped ") && !$0.hasPrefix("\\restrict") && !$0.hasPrefix("\\unrestrict") }
            .joined(separator: "\n")
            .replacingOccurrences(of: "Owner: \(owner)", with: "Owner: parcours_owner")
            .replacingOccurrences(of: "OWNER TO \(owner);", with: "OWNER TO parcours_owner;")
            .replacingOccurrences(of: " TO \(owner);", with: " TO parcours_owner;")
    }

    @Test("sql/schema.sql is the schema a fresh migration makes (PARCOURS_UPDATE_SCHEMA=1 writes it anew)")
    func snapshot() async throws {
        let fresh = try Self.schema(of: try await TestDatabase.fresh())
        let file = Self.sqlDirectory.appending(path: "schema.sql")
        if ProcessInfo.processInfo.environment["PARCOURS_UPDATE_SCHEMA"] == "1" {
            try fresh.write(to: file, atomically: true, encoding: .utf8)
        }
        let checkedIn = try String(contentsOf: file, encoding: .utf8)
        let differing = zip(checkedIn.split(separator: "\n", omittingEmptySubsequences: false), fresh.split(separator: "\n", omittingEmptySubsequences: false))
            .enumerated().first { $0.element.0 != $0.element.1 }
        #expect(checkedIn == fresh, """
            sql/schema.sql differs from a fresh migration\(differing.map { " at line \($0.offset + 1): «\($0.element.0)» vs «\($0.element.1)»" } ?? " in length"); \
            if the change is meant, run PARCOURS_UPDATE_SCHEMA=1 swift test --filter SchemaTests and review the diff
            """)
    }

    @Test("a database migrated by the previous release (0001–0023, no definitions) ends with the same schema as a new one")
    func upgradeFromPreviousRelease() async throws {
        let upgraded = try await TestDatabase.empty()
        let owner = try #require(upgraded.owner)
        let client = PostgresClient(configuration: owner, backgroundLogger: TestDatabase.logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await client.withConnection { connection in
                try await Migrator.migrate(
                    connection, migrations: Migration.all.filter { $0.version <= 23 }, definitions: [], logger: TestDatabase.logger)
                try await Migrator.migrate(connection, logger: TestDatabase.logger)
            }
        }
        let fresh = try Self.schema(of: try await TestDatabase.fresh())
        #expect(try Self.schema(of: upgraded) == fresh)
    }

    @Test("every function, view, trigger and policy has exactly one definition, in the file its name says")
    func oneDefinitionEach() async throws {
        let definitions = SchemaDefinition.all
        let paths = Set(definitions.map(\.path))
        #expect(paths.count == definitions.count)
        func defining(_ pattern: Regex<Substring>) -> [String] {
            definitions.filter { $0.sql.contains(pattern) }.map(\.path)
        }
        try await TestDatabase.withStore { store in
            let catalogue = try await store.withOwnerConnection { connection in
                try await connection.query(
                    """
                    SELECT 'functions', p.proname::text, '' FROM pg_proc AS p WHERE p.pronamespace = 'public'::regnamespace
                    UNION ALL SELECT 'views', v.viewname::text, '' FROM pg_views AS v WHERE v.schemaname = 'public'
                    UNION ALL SELECT 'triggers', t.tgname::text, c.relname::text FROM pg_trigger AS t JOIN pg_class AS c ON c.oid = t.tgrelid
                              WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal
                    UNION ALL SELECT 'policies', p.policyname::text, p.tablename::text FROM pg_policies AS p WHERE p.schemaname = 'public'
                    """, logger: store.logger
                ).collect().map { try $0.decode((String, String, String).self) }
            }
            #expect(catalogue.count >= 240)
            for (kind, name, table) in catalogue {
                let escaped = NSRegularExpression.escapedPattern(for: name)
                switch kind {
                case "functions":
                    let files = defining(try Regex("CREATE OR REPLACE FUNCTION \(escaped)\\("))
                    #expect(files == ["functions/\(name).sql"], "function \(name): \(files)")
                case "views":
                    #expect(defining(try Regex("CREATE OR REPLACE VIEW \(escaped)\\b")) == ["views/\(name).sql"], "view \(name)")
                case "triggers":
                    // A constraint trigger cannot be replaced in place: its file drops it and makes it again.
                    #expect(defining(try Regex("CREATE (?:OR REPLACE |CONSTRAINT )TRIGGER \(escaped) ")) == ["triggers/\(table).sql"], "trigger \(name)")
                default:
                    #expect(defining(try Regex("CREATE POLICY \(escaped) ON \(table) ")) == ["policies/\(table).sql"], "policy \(name) on \(table)")
                }
            }
            // And nothing defined in a file is missing from the schema (a file left behind by a rename).
            let functions = Set(catalogue.filter { $0.0 == "functions" }.map(\.1))
            let stale = definitions.filter { $0.kind == "functions" }.map { String($0.path.dropFirst("functions/".count).dropLast(4)) }
                .filter { !functions.contains($0) }
            #expect(stale == [])
        }
    }

    /// Replicated to every node of a Citus cluster: small, read everywhere, not one operator's.
    static let referenceTables: Set<String> = [
        "operator", "staff", "funder", "funding", "partner", "partner_territory", "territory", "territory_ancestor", "territory_place", "territory_former_code",
        "territory_member", "territory_reference", "territory_zoning", "qpv", "api_token", "dashboard_share", "operator_territory",
        "parcours_secret", "schema_migrations", "schema_definitions",
    ]
    /// Kept on the coordinator: the one audit chain, and the service's stored answers.
    static let coordinatorTables: Set<String> = ["audit_event", "audit_head", "api_idempotency"]

    /// What keeps a schema from being distributed by operator, one line each: a tenant table
    /// without `operator_id`, a primary key or unique constraint without it, a foreign key between
    /// tenant tables that does not match it on both sides, a reference table pointing at a tenant one.
    static func distributionProblems(_ connection: PostgresConnection) async throws -> [String] {
        let shared = Array(referenceTables.union(coordinatorTables))
        return try await connection.query(
            """
            WITH tenant AS (
                SELECT c.oid, c.relname FROM pg_class AS c
                WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND c.relname <> ALL (\(shared)::text[])
            ), operator_column AS (
                SELECT t.oid, a.attnum, a.attnotnull FROM tenant AS t
                JOIN pg_attribute AS a ON a.attrelid = t.oid AND a.attname = 'operator_id' AND NOT a.attisdropped
            )
            SELECT t.relname || ': no operator_id column, or it may be null' FROM tenant AS t
            WHERE NOT EXISTS (SELECT FROM operator_column AS o WHERE o.oid = t.oid AND o.attnotnull)
            UNION ALL
            SELECT t.relname || ': ' || pg_get_constraintdef(k.oid) || ' lacks operator_id'
            FROM tenant AS t JOIN pg_constraint AS k ON k.conrelid = t.oid AND k.contype IN ('p', 'u')
            JOIN operator_column AS o ON o.oid = t.oid
            WHERE NOT o.attnum = ANY (k.conkey)
            UNION ALL
            SELECT t.relname || ': ' || k.conname || ' joins two tenant tables without operator_id on both sides'
            FROM tenant AS t JOIN pg_constraint AS k ON k.conrelid = t.oid AND k.contype = 'f'
            JOIN tenant AS r ON r.oid = k.confrelid
            WHERE NOT EXISTS (
                SELECT FROM generate_subscripts(k.conkey, 1) AS i
                JOIN pg_attribute AS a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[i] AND a.attname = 'operator_id'
                JOIN pg_attribute AS b ON b.attrelid = k.confrelid AND b.attnum = k.confkey[i] AND b.attname = 'operator_id')
            UNION ALL
            SELECT c.relname || ': ' || k.conname || ' points from a shared table at the tenant table ' || r.relname
            FROM pg_class AS c JOIN pg_constraint AS k ON k.conrelid = c.oid AND k.contype = 'f'
            JOIN tenant AS r ON r.oid = k.confrelid
            WHERE c.relnamespace = 'public'::regnamespace AND c.relname = ANY (\(shared)::text[])
            UNION ALL
            SELECT name || ': listed as shared, but no such table' FROM unnest(\(shared)::text[]) AS name
            WHERE NOT EXISTS (SELECT FROM pg_class AS c WHERE c.relnamespace = 'public'::regnamespace AND c.relname = name)
            ORDER BY 1
            """, logger: TestDatabase.logger
        ).collect().map { try $0.decode(String.self) }
    }

    @Test("no session of the database compiles a query (JIT): the policies' costs would have it compile the worklist's for seconds")
    func neverJIT() async throws {
        try await TestDatabase.withStore { store in
            // A database's settings are neither copied from its template nor restored with its data:
            // every migration run says it again.
            try await store.withOwnerConnection { connection in
                try await connection.query("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I RESET jit', current_database()); END $$", logger: store.logger)
            }
            try await store.migrate()
            let settings = try await store.withOwnerConnection { connection in
                try await connection.query(
                    """
                    SELECT coalesce(s.setconfig, '{}') FROM pg_database AS d
                    LEFT JOIN pg_db_role_setting AS s ON s.setdatabase = d.oid AND s.setrole = 0
                    WHERE d.datname = current_database()
                    """, logger: store.logger
                ).collect().first?.decode([String].self)
            }
            #expect(settings == ["jit=off"])
        }
    }

    @Test("the distribution plan holds: every tenant table's keys contain operator_id, its foreign keys to tenant tables match it, shared tables point at none (and the check finds a table that breaks it)")
    func distributionPlan() async throws {
        try await TestDatabase.withStore { store in
            let (problems, broken) = try await store.withOwnerConnection { connection in
                let problems = try await Self.distributionProblems(connection)
                // A new tenant table keyed by id alone, and a foreign key by id alone: both named.
                try await connection.query("BEGIN", logger: store.logger)
                try await connection.query(
                    "CREATE TABLE trial_note (id bigint PRIMARY KEY, operator_id bigint NOT NULL, journey_id bigint, FOREIGN KEY (journey_id, operator_id) REFERENCES journey (id, operator_id))",
                    logger: store.logger)
                try await connection.query("ALTER TABLE intake ADD CONSTRAINT trial_fkey FOREIGN KEY (carrier_id) REFERENCES trial_note (id)", logger: store.logger)
                let broken = try await Self.distributionProblems(connection)
                try await connection.query("ROLLBACK", logger: store.logger)
                return (problems, broken)
            }
            #expect(problems == [])
            #expect(broken == [
                "intake: trial_fkey joins two tenant tables without operator_id on both sides",
                "trial_note: PRIMARY KEY (id) lacks operator_id",
            ], "\(broken)")
        }
    }
}
