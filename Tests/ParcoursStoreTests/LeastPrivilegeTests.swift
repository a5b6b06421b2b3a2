import Foundation
import ParcoursCore
import ParcoursStore
import ParcoursTestSupport
import PostgresNIO
import Testing

/// Attacks on the database itself, with raw SQL on the program's own connections: nothing typed
/// there widens what a transaction sees, and the catalog keeps the promises of SECURITY.md.
@Suite("Least privilege in PostgreSQL")
struct LeastPrivilegeTests {
    /// Runs `statements` in one transaction on a raw connection of `login`; returns the last
    /// statement's first integer, or the server's message if PostgreSQL refused.
    static func attack(_ store: Store, _ statements: [PostgresQuery]) async throws -> Result<Int?, Refused> {
        try await store.withLoginConnection { connection in
            try await connection.query("BEGIN", logger: store.logger)
            var last: Int?
            do {
                for statement in statements {
                    let rows = try await connection.query(statement, logger: store.logger).collect()
                    last = rows.first.flatMap { row in try? row.decode(Int.self) }
                }
            } catch let error as PSQLError {
                _ = try? await connection.query("ROLLBACK", logger: store.logger)
                return .failure(Refused(message: error.serverInfo?[.message] ?? "\(error.code)"))
            }
            _ = try? await connection.query("ROLLBACK", logger: store.logger)
            return .success(last)
        }
    }

    struct Refused: Error, Equatable { var message: String }

    /// Zero rows or an error: never a widened view.
    static func seesNothing(_ result: Result<Int?, Refused>) -> Bool {
        switch result {
        case .success(let count): count == 0
        case .failure: true
        }
    }

    /// A store on `login` and one on the console (the administrator's tool) of the same database,
    /// which holds a small network with a carrier at each operator.
    static func withNetwork(login: Login, _ body: (Store, Store, SmallNetwork) async throws -> Void) async throws {
        let location = try await TestDatabase.fresh(login: login)
        try await Store.withStore(at: location, logger: TestDatabase.logger, connectTimeout: .seconds(60)) { store in
            let console = try TestDatabase.location(location, as: .console)
            try await Store.withStore(at: console, logger: TestDatabase.logger, connectTimeout: .seconds(60)) { admin in
                let network = try await SmallNetwork.seed(admin)
                _ = try await network.addCarrier(admin, to: network.apess, name: "Ana")
                _ = try await network.addCarrier(admin, to: network.ronalpia, name: "Bob")
                try await body(store, admin, network)
            }
        }
    }

    @Test("the service's login: no identity, RESET ROLE, SET ROLE or a parcours.* setting typed by hand never shows a carrier",
          arguments: [Login.service, Login.console])
    func forgedIdentity(login: Login) async throws {
        try await Self.withNetwork(login: login) { store, _, _ in
            let attacks: [[PostgresQuery]] = [
                ["SELECT count(*)::int FROM carrier"],
                ["RESET ROLE", "SELECT count(*)::int FROM carrier"],
                ["SET ROLE parcours_app", "SELECT count(*)::int FROM carrier"],
                ["SELECT set_config('parcours.identity', '1|admin|||', false)", "SET ROLE parcours_app", "SELECT count(*)::int FROM carrier"],
                ["SET LOCAL ROLE parcours_app", "SELECT set_config('parcours.identity', '1|admin|||', true)",
                 "SELECT set_config('parcours.identity_seal', repeat('0', 64), true)", "SELECT count(*)::int FROM carrier"],
                ["SET ROLE parcours_app", "SET parcours.staff_id = '1'", "SELECT count(*)::int FROM staff"],
            ]
            for statements in attacks {
                let result = try await Self.attack(store, statements)
                #expect(Self.seesNothing(result), "\(statements.map(\.sql)) → \(result)")
            }
        }
    }

    @Test("an identity's seal replayed in another transaction, or a seal for staff 2 used as staff 1, verifies nothing")
    func replayedSeal() async throws {
        try await Self.withNetwork(login: .console) { store, _, _ in
            // A legitimate transaction as the administrator: read its seal.
            let seal = try await store.transaction(as: .administrator) { tx in
                try await tx.connection.query("SELECT current_setting('parcours.identity_seal')", logger: tx.logger)
                    .collect().first!.decode(String.self)
            }
            let replay = try await Self.attack(store, [
                "SET LOCAL ROLE parcours_app", "SELECT set_config('parcours.identity', '1|admin|||', true)",
                "SELECT set_config('parcours.identity_seal', \(seal), true)", "SELECT count(*)::int FROM carrier",
            ])
            #expect(replay == .success(0))
            // Within a transaction established as a counsellor, claiming the administrator's id and role.
            let widened = try await store.transaction(as: SmallNetwork.apessCounsellor) { tx in
                try await tx.connection.query(
                    "SELECT set_config('parcours.identity', '1|admin|||', true), set_config('parcours.staff_id', '1', true)", logger: tx.logger)
                return try await tx.count("SELECT count(*)::int FROM carrier")
            }
            #expect(widened == 0)
        }
    }

    @Test("the service's login acts only with a token: naming a staff member by e-mail is refused")
    func serviceCannotActByEmail() async throws {
        try await Self.withNetwork(login: .service) { store, _, _ in
            await #expect(throws: StoreError.forbidden(Refusal(.permissionDenied, ["detail": "this connection acts only with a bearer token"]))) {
                try await store.transaction(as: .administrator) { _ in }
            }
            let raw = try await Self.attack(store, ["SET LOCAL ROLE parcours_app", "SELECT count(*)::int FROM parcours_act_as('admin@localhost')"])
            #expect(raw == .failure(Refused(message: "this connection acts only with a bearer token")))
            await #expect(throws: StoreError.unauthenticated(Refusal(.unauthenticated, ["detail": "this token is unknown, revoked or expired"]))) {
                try await store.transaction(as: .token("pcs_forged")) { _ in }
            }
        }
    }

    @Test("a valid token establishes its staff member on the service's login, and only that one")
    func tokenIdentity() async throws {
        try await Self.withNetwork(login: .service) { store, admin, _ in
            let token = try await admin.transaction(as: .administrator) {
                try await $0.createToken(staffEmail: "marc@ronalpia.fr", expiresAt: nil, label: nil).token
            }
            let (email, seen) = try await store.transaction(as: .token(token)) { tx in
                (tx.acting.email, try await tx.count("SELECT count(*)::int FROM carrier"))
            }
            #expect(email == "marc@ronalpia.fr")
            #expect(seen == 1)
        }
    }

    @Test("the logins own nothing and are neither superuser nor BYPASSRLS; the owner is no superuser and not called parcours")
    func loginsOwnNothing() async throws {
        try await TestDatabase.withStore { store in
            let rows = try await store.withOwnerConnection { connection in
                try await connection.query(
                    """
                    SELECT r.rolname, r.rolsuper, r.rolbypassrls, r.rolinherit,
                           (SELECT count(*)::int FROM pg_class AS c WHERE c.relowner = r.oid)
                             + (SELECT count(*)::int FROM pg_proc AS p WHERE p.proowner = r.oid)
                             + (SELECT count(*)::int FROM pg_namespace AS n WHERE n.nspowner = r.oid),
                           pg_has_role(r.oid, 'parcours_console', 'MEMBER'), pg_has_role(r.oid, 'parcours_app', 'MEMBER')
                    FROM pg_roles AS r WHERE r.rolname = ANY(\([TestDatabase.roles.service, TestDatabase.roles.console, TestDatabase.roles.owner]))
                    ORDER BY r.rolname
                    """, logger: store.logger
                ).collect().map { try $0.decode((String, Bool, Bool, Bool, Int, Bool, Bool).self) }
            }
            let byName = Dictionary(uniqueKeysWithValues: rows.map { ($0.0, $0) })
            for login in [TestDatabase.roles.service, TestDatabase.roles.console] {
                let row = try #require(byName[login])
                #expect(!row.1 && !row.2, "\(login) is superuser or BYPASSRLS")
                #expect(!row.3, "\(login) inherits privileges: RESET ROLE would keep them")
                #expect(row.4 == 0, "\(login) owns \(row.4) objects")
                #expect(row.6, "\(login) is not a member of parcours_app")
            }
            #expect(byName[TestDatabase.roles.service]?.5 == false, "the service's login may act by e-mail")
            #expect(byName[TestDatabase.roles.console]?.5 == true)
            let owner = try #require(byName[TestDatabase.roles.owner])
            #expect(!owner.1 && !owner.0.contains("parcours"))
        }
    }

    @Test("every policy that writes has a WITH CHECK")
    func writePoliciesCheck() async throws {
        try await TestDatabase.withStore { store in
            let unchecked = try await store.withOwnerConnection { connection in
                try await connection.query(
                    "SELECT tablename || '.' || policyname FROM pg_policies WHERE schemaname = 'public' AND cmd IN ('ALL', 'INSERT', 'UPDATE') AND with_check IS NULL ORDER BY 1",
                    logger: store.logger
                ).collect().map { try $0.decode(String.self) }
            }
            #expect(unchecked == [])
        }
    }

    @Test("every SECURITY DEFINER function pins its search_path, pg_temp last, and is not executable by PUBLIC")
    func definerFunctions() async throws {
        try await TestDatabase.withStore { store in
            let (count, unpinned, executableByPublic) = try await store.withOwnerConnection { connection in
                let functions = try await connection.query(
                    """
                    SELECT p.proname,
                           coalesce('search_path=pg_catalog, public, pg_temp' = ANY (p.proconfig), false),
                           EXISTS (SELECT FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) AS a
                                   WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE')
                    FROM pg_proc AS p WHERE p.pronamespace = 'public'::regnamespace AND p.prosecdef
                    """, logger: store.logger
                ).collect().map { try $0.decode((String, Bool, Bool).self) }
                return (functions.count, functions.filter { !$0.1 }.map(\.0), functions.filter { $0.2 }.map(\.0))
            }
            #expect(count >= 15)
            #expect(unpinned == [])
            #expect(executableByPublic == [])
        }
    }

    @Test("oracle functions answer nothing about another operator")
    func oracles() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            let bob = try await network.addCarrier(store, to: network.ronalpia, name: "Bob")
            let marc = try await store.transaction(as: .administrator) { tx in
                try await tx.count("SELECT id::int FROM staff WHERE email = 'marc@ronalpia.fr'")
            }
            let (email, follows) = try await store.transaction(as: SmallNetwork.apessCounsellor) { tx in
                let row = try await tx.connection.query(
                    "SELECT parcours_staff_email(\(Int64(marc))), parcours_follows_carrier(\(bob.rawValue))", logger: tx.logger
                ).collect().first!
                return try row.decode((String?, Bool).self)
            }
            #expect(email == nil)
            #expect(!follows)
        }
    }

    @Test("the receiving operator of a referral changes only its answer: never the journey, the operator, the consent or the partner")
    func referralAnswerOnly() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            let ana = try await network.addCarrier(store, to: network.apess, name: "Ana")
            let other = try await network.addCarrier(store, to: network.apess, name: "Zoé")
            // APESS refers Ana, without consent, to a partner that is Ronalpia on Parcours.
            let (referral, otherJourney) = try await store.transaction(as: .administrator) { tx in
                let partnerID = try await tx.addPartner(
                    name: "Ronalpia (partenaire)", kind: .incubator, contact: nil, operatorID: network.ronalpia, territories: [])
                let journey = try await tx.openJourney(carrier: ana, programme: network.mayIdESS, cohort: nil, on: nil)
                let referral = try await tx.addReferral(
                    journey: journey.id, partner: try await tx.partners(id: partnerID)[0], reason: "incubation", consentToShare: false, on: nil)
                let otherJourney = try await tx.openJourney(carrier: other, programme: network.mayIdESS, cohort: nil, on: nil)
                return (referral, otherJourney.id)
            }
            let attacks: [PostgresQuery] = [
                "UPDATE referral SET journey_id = \(otherJourney.rawValue), consent_to_share = true WHERE id = \(referral)",
                "UPDATE referral SET consent_to_share = true WHERE id = \(referral)",
                "UPDATE referral SET operator_id = \(network.ronalpia.rawValue) WHERE id = \(referral)",
                "UPDATE referral SET partner_id = partner_id + 0, carrier_last_name = 'X' WHERE id = \(referral)",
                "UPDATE referral SET reason = 'autre' WHERE id = \(referral)",
            ]
            let (refusals, answered, file) = try await store.transaction(as: SmallNetwork.ronalpiaCoordinator) { tx in
                var refusals: [String?] = []
                for attack in attacks { refusals.append(try await tx.refusal(attack)) }
                // Its answer is its own to give.
                let answered = try await tx.refusal(
                    "UPDATE referral SET status = 'accepted', answered_on = proposed_on, note = 'bienvenue' WHERE id = \(referral)")
                let file = try await tx.connection.query(
                    "SELECT first_name, birth_date::text FROM parcours_referred_carrier(\(referral))", logger: tx.logger
                ).collect().first?.decode((String?, String?).self)
                return (refusals, answered, file)
            }
            #expect(refusals.allSatisfy { $0 != nil }, "\(refusals)")
            #expect(refusals.compactMap { $0 }.allSatisfy { $0.contains("referral \(referral)") }, "\(refusals)")
            #expect(answered == nil)
            // Without consent, the name crosses, not the file (no birth date).
            #expect(file?.0 == "Ana")
            #expect(file?.1 == nil)
            // The referring operator gives consent.
            let consent = try await store.transaction(as: SmallNetwork.apessCounsellor) { tx in
                try await tx.refusal("UPDATE referral SET consent_to_share = true WHERE id = \(referral)")
            }
            #expect(consent == nil)
        }
    }

    @Test("a dashboard share link acts read-only for good, only within its scope, stops when withdrawn or when its maker leaves, and its making and withdrawal are audited")
    func shareLinks() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            _ = try await network.addCarrier(store, to: network.apess, name: "Ana")
            let inAMonth = Date().addingTimeInterval(30 * 86_400)
            // A counsellor shares their own operator's pages, never another's.
            let (id, secret) = try await store.transaction(as: SmallNetwork.apessCounsellor) { tx in
                try await tx.shareDashboard(scope: .operator(network.apess), isPublic: true, expiresAt: inAMonth, label: "comité")
            }
            await #expect(throws: StoreError.self) {
                try await store.transaction(as: SmallNetwork.apessCounsellor) { tx in
                    try await tx.shareDashboard(scope: .operator(network.ronalpia), isPublic: false, expiresAt: inAMonth, label: nil)
                }
            }
            await #expect(throws: StoreError.self) {
                try await store.transaction(as: SmallNetwork.apessCounsellor) { tx in
                    try await tx.shareDashboard(scope: .network, isPublic: false, expiresAt: Date().addingTimeInterval(400 * 86_400), label: nil)
                }
            }

            // The link establishes its maker, with the link's grant, and reads.
            let (grant, email, carriers) = try await store.transaction(as: .share(secret)) { tx in
                (tx.acting.share, tx.acting.email, try await tx.count("SELECT count(*)::int FROM carrier"))
            }
            #expect(email == "claire@apess53.fr" && carriers == 1)
            #expect(grant == DashboardShareGrant(id: id, scope: .operator(network.apess), isPublic: true))

            // Nothing written through it, even on a raw connection; and read-only cannot be undone.
            let digest = PostgresQuery(unsafeSQL: "SELECT 1 FROM parcours_act_with_share(decode('\(Data(BearerToken.digest(secret)).map { String(format: "%02x", $0) }.joined())', 'hex'))")
            for write in [
                "INSERT INTO partner (name) VALUES ('Intrus')",
                "UPDATE carrier SET first_name = 'X'",
                "SET transaction_read_only = off",
                "SELECT parcours_unshare_dashboard(\(id), 'cli')",
            ] {
                let result = try await Self.attack(store, ["SET LOCAL ROLE parcours_app", digest, PostgresQuery(unsafeSQL: write)])
                guard case .failure(let refused) = result else {
                    Issue.record("\(write) went through a share link")
                    continue
                }
                // "cannot execute … in a read-only transaction", or "read-write mode must be set before any query".
                #expect(refused.message.contains("read-only") || refused.message.contains("read-write"), "\(write): \(refused.message)")
            }
            // The table itself is written by its functions only.
            #expect(Self.seesNothing(try await Self.attack(store, [
                "SET LOCAL ROLE parcours_app", "SELECT parcours_act_as('admin@localhost')",
                "UPDATE dashboard_share SET revoked_at = NULL RETURNING 1",
            ])))

            // Another operator's coordinator cannot withdraw it; its maker can, and it stops at once.
            await #expect(throws: StoreError.self) {
                try await store.transaction(as: SmallNetwork.ronalpiaCoordinator) { try await $0.unshareDashboard(id) }
            }
            try await store.transaction(as: SmallNetwork.apessCounsellor) { try await $0.unshareDashboard(id) }
            do {
                _ = try await store.transaction(as: .share(secret)) { _ in 1 }
                Issue.record("a withdrawn link still acts")
            } catch StoreError.unauthenticated(let refusal) {
                #expect(refusal.code == .shareWithdrawn)
            }
            do {
                _ = try await store.transaction(as: .share("psh_unknown")) { _ in 1 }
                Issue.record("an unknown link acts")
            } catch StoreError.unauthenticated(let refusal) {
                #expect(refusal.code == .shareUnknown)
            }

            // The audit log has both, about no one person, and its chain still verifies.
            let (entries, verified) = try await store.transaction(as: .administrator) { tx in
                (try await tx.auditEntries(carrier: nil, staffEmail: "claire@apess53.fr", since: nil), try await tx.verifyAudit())
            }
            let shares = entries.filter { ["share", "unshare"].contains($0.action) }
            #expect(shares.map(\.action) == ["share", "unshare"])
            #expect(shares.allSatisfy { $0.carrierID == nil })
            #expect(shares[0].detail.contains("dashboard share \(id): operator:\(network.apess.rawValue), public"))
            #expect(verified.firstBroken == nil && verified.checked >= 2)

            // A link stops when its maker leaves the team.
            let (_, another) = try await store.transaction(as: SmallNetwork.apessCounsellor) { tx in
                try await tx.shareDashboard(scope: .network, isPublic: false, expiresAt: inAMonth, label: nil)
            }
            try await store.withOwnerConnection { connection in
                try await connection.query("UPDATE staff SET active = false WHERE email = 'claire@apess53.fr'", logger: store.logger)
            }
            do {
                _ = try await store.transaction(as: .share(another)) { _ in 1 }
                Issue.record("a departed maker's link still acts")
            } catch StoreError.unauthenticated(let refusal) {
                #expect(refusal.code == .shareWithdrawn)
            }
        }
    }
}
