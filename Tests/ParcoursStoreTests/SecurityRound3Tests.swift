import Foundation
import ParcoursCore
import ParcoursStore
import ParcoursTestSupport
import PostgresNIO
import Testing

/// The attacks of the third security round (issue 24), replayed on the program's own logins: a
/// temporary table standing in for one of the schema's, a share link's read-only state undone by a
/// savepoint, an erasure that a stored answer or a retry undoes, and the role edges found.
@Suite("Security round 3")
struct SecurityRound3Tests {
    typealias Attack = LeastPrivilegeTests

    /// The forgery of the issue, word for word: a temporary `parcours_secret` with a key of "a"s,
    /// and the seal that key gives for the administrator (staff 1).
    static let forgedAdministrator: [PostgresQuery] = [
        "SET LOCAL ROLE parcours_app",
        "CREATE TEMP TABLE parcours_secret (singleton boolean, identity_key text)",
        "INSERT INTO parcours_secret VALUES (true, repeat('a', 64))",
        "GRANT SELECT ON parcours_secret TO PUBLIC",
        """
        SELECT set_config('parcours.staff_id', '1', true), set_config('parcours.identity_seal',
          encode(sha256(convert_to(repeat('a', 64) || '|1|' || pg_backend_pid()::text || '|' ||
          extract(epoch FROM transaction_timestamp())::text || '|' || repeat('a', 64), 'UTF8')), 'hex'), true)
        """,
        "SELECT count(*)::int FROM carrier",
    ]

    @Test("no login makes a temporary table: the issue's forgery, and a stand-in for every table of the schema, on both logins",
          arguments: [Login.service, Login.console])
    func noTemporaryTables(login: Login) async throws {
        try await Attack.withNetwork(login: login) { store, _, _ in
            let forged = try await Attack.attack(store, Self.forgedAdministrator)
            #expect(forged == .failure(.init(message: "permission denied to create temporary tables in database \"\(try await Self.database(store))\"")))

            let tables = try await store.withOwnerConnection { connection in
                try await connection.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1", logger: store.logger)
                    .collect().map { try $0.decode(String.self) }
            }
            #expect(tables.contains("parcours_secret") && tables.contains("journey_event") && tables.count > 30)
            for table in tables {
                for prefix in [[], ["SET LOCAL ROLE parcours_app"]] as [[PostgresQuery]] {
                    let result = try await Attack.attack(store, prefix + [PostgresQuery(unsafeSQL: "CREATE TEMP TABLE \(table) (id bigint)")])
                    guard case .failure(let refused) = result else {
                        Issue.record("\(login) made a temporary \(table)")
                        continue
                    }
                    #expect(refused.message.hasPrefix("permission denied to create temporary tables"), "\(table): \(refused.message)")
                }
            }
        }
    }

    static func database(_ store: Store) async throws -> String {
        try await store.withLoginConnection { connection in
            try await connection.query("SELECT current_database()", logger: store.logger).collect().first!.decode(String.self)
        }
    }

    @Test("every function whose body is text pins search_path with pg_temp last, or is inlined SQL that names every relation with its schema")
    func everyFunctionPinsTemporaryLast() async throws {
        try await TestDatabase.withStore { store in
            let functions = try await store.withOwnerConnection { connection in
                try await connection.query(
                    """
                    SELECT p.oid::regprocedure::text, l.lanname, p.prosecdef, p.prosrc,
                           coalesce('search_path=pg_catalog, public, pg_temp' = ANY (p.proconfig), false)
                    FROM pg_proc AS p JOIN pg_language AS l ON l.oid = p.prolang
                    WHERE p.pronamespace = 'public'::regnamespace AND p.prokind IN ('f', 'p') AND p.prosqlbody IS NULL
                    """, logger: store.logger
                ).collect().map { try $0.decode((String, String, Bool, String, Bool).self) }
            }
            #expect(functions.count > 50)
            let unpinned = functions.filter { !$0.4 }
            // Only plain SQL may go unpinned: a definer function or PL/pgSQL resolves its names itself.
            #expect(unpinned.filter { $0.1 != "sql" || $0.2 }.map(\.0) == [])
            for (name, _, _, body, _) in unpinned {
                let bare = Self.unqualifiedRelations(in: body)
                #expect(bare.isEmpty, "\(name) reads \(bare) without its schema and without a pinned search_path")
            }
            #expect(unpinned.count >= 5, "the inlined report scopes are expected unpinned (a SET clause stops inlining)")
        }
    }

    /// The names after FROM or JOIN that are neither schema-qualified, nor a function call, a
    /// subquery, LATERAL, nor a CTE of the same body.
    static func unqualifiedRelations(in body: String) -> [String] {
        let code = body.replacing(/--[^\n]*/, with: "").replacing(/'[^']*'/, with: "''")
        let ctes = Set(code.matches(of: /(?i)(?:WITH(?:\s+RECURSIVE)?|,)\s*([a-z_][a-z0-9_]*)(?:\s*\([a-z0-9_,\s]*\))?\s+AS\s+(?:(?:NOT\s+)?MATERIALIZED\s+)?\(/).map { String($0.output.1).lowercased() })
        return code.matches(of: /(?i)\b(?:FROM|JOIN)\s+([a-z_][a-z0-9_]*)(\.[a-z_]+)?(\s*\()?/).compactMap { match in
            let word = String(match.output.1).lowercased()
            guard match.output.2 == nil, match.output.3 == nil, !["lateral", "only"].contains(word), !ctes.contains(word) else { return nil }
            return word
        }
    }

    @Test("the check of unqualified relations finds one")
    func unqualifiedRelationsAreFound() {
        #expect(Self.unqualifiedRelations(in: "WITH up AS (SELECT id FROM public.territory) SELECT * FROM up JOIN carrier AS c ON true") == ["carrier"])
        #expect(Self.unqualifiedRelations(in: "SELECT x FROM parcours_scope_journey(1) AS j JOIN LATERAL (SELECT 1) AS l ON true") == [])
        // a CTE naming its columns is the body's own too
        #expect(Self.unqualifiedRelations(in: "WITH a AS (SELECT 1), found (page, id) AS (SELECT 1, 2) SELECT * FROM found JOIN page ON true") == ["page"])
    }

    @Test("a session that may make temporary tables (the owner's) still gets no identity from a stand-in parcours_secret")
    func pinnedEvenWithTemporaryTables() async throws {
        try await TestDatabase.withStore { store in
            _ = try await SmallNetwork.seed(store)
            let staff = try await store.withOwnerConnection { connection in
                _ = try await connection.query("BEGIN", logger: store.logger).collect()
                // The forgery without SET ROLE (the owner is no member of parcours_app) nor the final count.
                for statement in Self.forgedAdministrator.dropFirst().dropLast() {
                    _ = try await connection.query(statement, logger: store.logger).collect()
                }
                let staff = try await connection.query("SELECT parcours_current_staff()", logger: store.logger).collect().first!.decode(Int64?.self)
                _ = try await connection.query("ROLLBACK", logger: store.logger).collect()
                return staff
            }
            #expect(staff == nil)
        }
    }

    @Test("a share link's identity does not survive ROLLBACK TO SAVEPOINT: a seal put back by hand writes nothing and reads nothing")
    func shareLinkSavepoint() async throws {
        try await Attack.withNetwork(login: .service) { store, admin, network in
            let (_, secret) = try await admin.transaction(as: SmallNetwork.apessCounsellor) { tx in
                try await tx.shareDashboard(scope: .operator(network.apess), isPublic: false, expiresAt: Date().addingTimeInterval(86_400), label: nil)
            }
            let digest = Data(BearerToken.digest(secret))
            /// Acts with the link inside a savepoint, rolls back to it, puts the link's seal back by
            /// hand (with or without its mode), then runs `probe`: its first integer, or nil if refused.
            func replay(withMode: Bool, _ probe: PostgresQuery) async throws -> Int? {
                try await store.withLoginConnection { connection in
                    func run(_ query: PostgresQuery) async throws -> [PostgresRow] { try await connection.query(query, logger: store.logger).collect() }
                    _ = try await run("BEGIN")
                    _ = try await run("SET LOCAL ROLE parcours_app")
                    _ = try await run("SAVEPOINT before_link")
                    let acted = try await run("SELECT acting_staff_id FROM parcours_act_with_share(\(digest)::bytea)")
                    #expect(acted.count == 1)
                    let (claim, seal) = try await run("SELECT current_setting('parcours.identity'), current_setting('parcours.identity_seal')")
                        .first!.decode((String, String).self)
                    #expect(claim.hasSuffix("|share"))
                    _ = try await run("ROLLBACK TO SAVEPOINT before_link")
                    // The claim as it was sealed ("…|share"), or the same claim without its mode.
                    let putBack = withMode ? claim : String(claim.dropLast("share".count))
                    _ = try await run("SELECT set_config('parcours.identity', \(putBack), true), set_config('parcours.identity_seal', \(seal), true)")
                    let answer: Int?
                    do {
                        answer = try await run(probe).first.flatMap { try? $0.decode(Int.self) }
                    } catch is PSQLError {
                        answer = nil
                    }
                    _ = try await run("ROLLBACK")
                    return answer
                }
            }
            for withMode in [true, false] {
                #expect(try await replay(withMode: withMode, "SELECT count(*)::int FROM (SELECT parcours_current_staff() AS id) AS s WHERE s.id IS NOT NULL") == 0)
                #expect(try await replay(withMode: withMode, "SELECT count(*)::int FROM carrier") == 0)
                let written = try await replay(withMode: withMode, "WITH w AS (UPDATE carrier SET first_name = 'X' RETURNING 1) SELECT count(*)::int FROM w")
                #expect(written == nil || written == 0)
                #expect(try await replay(withMode: withMode, "INSERT INTO partner (name) VALUES ('Intrus') RETURNING 1") == nil)
            }
        }
    }

    @Test("who recorded a row and whose caseload a new person joins are the verified identity's: the triggers that skip rows already right read the claim's text only as a hint, and a text altered to match a row makes nobody act")
    func actingStaffHints() async throws {
        try await Attack.withNetwork(login: .console) { store, admin, network in
            let (marc, claire, administrator, bob) = try await admin.transaction(as: .administrator) { tx in
                (try await tx.count("SELECT id::int FROM staff WHERE email = 'marc@ronalpia.fr'"),
                 try await tx.count("SELECT id::int FROM staff WHERE email = 'claire@apess53.fr'"),
                 try await tx.count("SELECT id::int FROM staff WHERE email = 'admin@localhost'"),
                 try await tx.count("SELECT id::int FROM carrier WHERE first_name = 'Bob'"))
            }
            let ronalpia = Int(network.ronalpia.rawValue), apess = Int(network.apess.rawValue)
            func acting(_ email: String, _ then: [PostgresQuery]) async throws -> Result<Int?, Attack.Refused> {
                try await Attack.attack(store, ["SET LOCAL ROLE parcours_app", "SELECT count(*)::int FROM parcours_act_as(\(email))"] + then)
            }
            let profile: PostgresQuery = """
                INSERT INTO carrier_profile (operator_id, carrier_id, recorded_on, labour_status, staff_id)
                VALUES (\(ronalpia), \(bob), current_date, 'employed', \(administrator)) RETURNING staff_id::int
                """
            // A row naming someone else: the acting coordinator recorded it.
            #expect(try await acting("marc@ronalpia.fr", [profile]) == .success(marc))
            // The claim's text altered to name the administrator, as the row does: its seal no longer
            // verifies, nobody acts, nothing is written.
            let forgedAdministrator: PostgresQuery = "SELECT set_config('parcours.identity', \("\(administrator)|admin|||"), true)"
            guard case .failure = try await acting("marc@ronalpia.fr", [forgedAdministrator, profile]) else {
                Issue.record("a profile written under an altered claim")
                return
            }
            let person: (Int) -> PostgresQuery = { operatorID in
                "INSERT INTO carrier (operator_id, first_name, last_name) VALUES (\(operatorID), 'Nouveau', 'Porteur') RETURNING coalesce(counsellor_id, 0)::int"
            }
            // A counsellor's new person joins their caseload; a coordinator's joins nobody's.
            #expect(try await acting("claire@apess53.fr", [person(apess)]) == .success(claire))
            #expect(try await acting("marc@ronalpia.fr", [person(ronalpia)]) == .success(0))
            // The coordinator's claim text altered to say "counsellor": nobody acts, nothing is written.
            let forgedCounsellor: PostgresQuery = "SELECT set_config('parcours.identity', \("\(marc)|counsellor|\(ronalpia)||"), true)"
            guard case .failure = try await acting("marc@ronalpia.fr", [forgedCounsellor, person(ronalpia)]) else {
                Issue.record("a person written under an altered claim")
                return
            }
        }
    }

    @Test("a funder shares only an operator it funds; a counsellor reads first contacts of their own caseload or unassigned; a funder lists none")
    func roleEdges() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            try await store.transaction(as: .administrator) { tx in
                let region = try await tx.addFunder(name: "Région AURA", kind: .region)
                _ = try await tx.addFunding(FundingDraft(
                    operatorID: network.ronalpia, funderID: region.id, code: "AURA-1", title: "Outille",
                    startsOn: LocalDate(year: 2020, month: 1, day: 1)!, endsOn: LocalDate(year: 2030, month: 12, day: 31)!,
                    programmes: [network.outille.id]))
                _ = try await tx.addStaff(email: "aura@region.example", displayName: "AURA", role: .funder, operatorID: nil, funderID: region.id)
                _ = try await tx.addStaff(email: "paul@apess53.fr", displayName: "Paul", role: .counsellor, operatorID: network.apess)
            }
            let funder = Acting.staff(email: "aura@region.example")
            let inAMonth = Date().addingTimeInterval(30 * 86_400)
            await #expect(throws: StoreError.self, "a funder shared an operator it does not fund") {
                try await store.transaction(as: funder) { tx in
                    try await tx.shareDashboard(scope: .operator(network.apess), isPublic: false, expiresAt: inAMonth, label: nil)
                }
            }
            _ = try await store.transaction(as: funder) { tx in
                try await tx.shareDashboard(scope: .operator(network.ronalpia), isPublic: false, expiresAt: inAMonth, label: nil)
            }
            await #expect(throws: StoreError.forbidden(Refusal(.funderReadsAggregates, ["email": "aura@region.example"]))) {
                try await store.transaction(as: funder) { try await $0.intakes() }
            }

            // Two first contacts admitted, one into Paul's caseload, and one still pending.
            let (paulsIntake, pending) = try await store.transaction(as: .administrator) { tx in
                func add(_ name: String) async throws -> IntakeID {
                    try await tx.addIntake(NewIntake(
                        operatorID: network.apess, firstName: name, lastName: "Contact", email: nil, phone: nil, commune: nil,
                        prescriber: .franceTravail, contactedOn: tx.today.adding(days: -10), infoSessionOn: nil, diagnosticOn: nil, note: nil))
                }
                let paul = try await add("Pauline"), claire = try await add("Clara"), pending = try await add("Pierre")
                for intake in [paul, claire] {
                    _ = try await tx.admitIntake(intake, programme: network.mayIdESS, cohort: nil, carrier: nil, on: tx.today.adding(days: -5), allowDuplicate: false)
                }
                let carrier = try await tx.intakes(id: paul).first!.carrierID!
                try await tx.assignCarrier(carrier, to: "paul@apess53.fr")
                return (paul, pending)
            }
            let seenByClaire = try await store.transaction(as: SmallNetwork.apessCounsellor) { tx in Set(try await tx.intakes().map(\.id)) }
            #expect(!seenByClaire.contains(paulsIntake))
            #expect(seenByClaire.contains(pending) && seenByClaire.count == 2)
            let seenByPaul = try await store.transaction(as: .staff(email: "paul@apess53.fr")) { tx in Set(try await tx.intakes().map(\.id)) }
            #expect(seenByPaul.contains(paulsIntake) && seenByPaul.count == 3)
        }
    }

    @Test("an erasure turns every stored answer about the person into a tombstone, whatever names it quoted; nothing writes their data back; the audit log keeps no typed reason")
    func erasureNothingBringsBack() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            let coordinator = Acting.staff(email: "marc@ronalpia.fr")
            let ana = try await network.addCarrier(store, to: network.ronalpia, name: "Ana")
            // A correction answered through the API: its stored answer quotes the names of the time.
            try await store.transaction(as: coordinator) { tx in
                try await tx.updateCarrier(ana, CarrierCorrection(lastName: "Lefèvre-Dupont", email: "ana.ld@example.fr"), reason: "orthographe")
                try await tx.storeResponse(
                    key: "k-1", request: [1], status: 200, body: #"{"last_name": "Lefèvre-Dupont", "email": "ana.ld@example.fr"}"#)
            }
            // Then corrected again: the stored answer quotes names the record no longer has.
            try await store.transaction(as: coordinator) { tx in
                try await tx.updateCarrier(ana, CarrierCorrection(lastName: "Martin", email: "ana.m@example.fr"), reason: "mariage")
            }
            try await store.transaction(as: coordinator) { tx in
                try await tx.eraseCarrier(ana, reason: "demande d'Ana Lefèvre-Dupont du 02/12")
            }
            let (quoted, reasons) = try await store.withOwnerConnection { connection in
                let quoted = try await connection.query(
                    "SELECT count(*)::int FROM api_idempotency WHERE response LIKE '%Lefèvre%' OR response LIKE '%ana.%'", logger: store.logger
                ).collect().first!.decode(Int.self)
                let reasons = try await connection.query(
                    "SELECT count(*)::int FROM audit_event WHERE detail LIKE '%Lefèvre%' OR detail LIKE '%demande%'", logger: store.logger
                ).collect().first!.decode(Int.self)
                return (quoted, reasons)
            }
            #expect(quoted == 0)
            #expect(reasons == 0)
            // The retry of the correction is answered "erased": it does not act again.
            await #expect(throws: StoreError.refused(Refusal(.carrierErased))) {
                try await store.transaction(as: coordinator) { try await $0.storedResponse(key: "k-1", request: [1]) }
            }
            // And no correction writes a name, a contact or a reference back into the erased record.
            await #expect(throws: StoreError.self) {
                try await store.transaction(as: coordinator) { tx in
                    try await tx.updateCarrier(ana, CarrierCorrection(lastName: "Lefèvre-Dupont"), reason: "rejeu")
                }
            }
            let refusal = try await store.transaction(as: coordinator) { tx in
                try await tx.refusal("UPDATE carrier SET email = 'ana.ld@example.fr' WHERE id = \(ana.rawValue)")
            }
            #expect(refusal?.contains("was erased") == true)
            // The reason is in the person's history, which the next erasure reaches.
            let kept = try await store.transaction(as: coordinator) { tx in
                try await tx.count("SELECT count(*)::int FROM carrier_event WHERE kind = 'erase' AND reason LIKE 'demande%'")
            }
            #expect(kept == 1)
            try await store.transaction(as: coordinator) { try await $0.eraseCarrier(ana, reason: "second passage") }
            let after = try await store.transaction(as: coordinator) { tx in
                try await tx.count("SELECT count(*)::int FROM carrier_event WHERE reason LIKE '%Lefèvre%'")
            }
            #expect(after == 0)
        }
    }
}
