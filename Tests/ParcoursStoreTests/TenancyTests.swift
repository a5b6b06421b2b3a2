import Foundation
import ParcoursCore
import ParcoursStore
import ParcoursTestSupport
import PostgresNIO
import Testing

/// Row-level security: PostgreSQL, not the application, has the last word on what a staff member sees.
@Suite("Tenancy by row-level security")
struct TenancyTests {
    @Test("staff of A see nothing of B, through the store and through raw SQL as the application role")
    func operatorIsolation() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            let ours = try await network.addCarrier(store, to: network.apess, name: "Ana")
            let theirs = try await network.addCarrier(store, to: network.ronalpia, name: "Bob")
            let (carriers, rawCount, programmes, operators) = try await store.transaction(as: SmallNetwork.apessCounsellor) { tx in
                (try await tx.carriers().map(\.carrier.id),
                 try await tx.count("SELECT count(*) FROM carrier WHERE operator_id = \(network.ronalpia.rawValue)"),
                 try await tx.count("SELECT count(*) FROM programme"),
                 try await tx.operators().map(\.op.name))
            }
            #expect(carriers == [ours])
            #expect(rawCount == 0)
            #expect(programmes == 1)
            #expect(operators == ["APESS 53"])
            await #expect(throws: StoreError.notFound("carrier", theirs)) {
                try await store.transaction(as: SmallNetwork.apessCounsellor) { try await $0.carrier(theirs) }
            }
        }
    }

    @Test("staff of A cannot write into B, even with B's ids")
    func noWritesAcrossOperators() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            await #expect(throws: StoreError.forbidden(Refusal(.forbiddenChange, ["record": "carrier"]))) {
                try await store.transaction(as: SmallNetwork.apessCounsellor) { tx in
                    try await tx.addCarrier(NewCarrier(operatorID: network.ronalpia, firstName: "Eve", lastName: "Intrus"))
                }
            }
            let theirs = try await network.addCarrier(store, to: network.ronalpia, name: "Bob")
            let updated = try await store.transaction(as: SmallNetwork.apessCounsellor) { tx in
                try await tx.connection.query("UPDATE carrier SET last_name = 'Changed' WHERE id = \(theirs.rawValue)", logger: tx.logger).collect().count
            }
            #expect(updated == 0)
            let name = try await store.transaction(as: .administrator) { try await $0.carrier(theirs).carrier.lastName }
            #expect(name == "Martin")
        }
    }

    @Test("the triggers that run as the schema's owner give nothing of B away: an event or an attendance line with B's ids is refused before they read B")
    func ownerTriggersGiveNothingAway() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            let bob = try await network.addCarrier(store, to: network.ronalpia, name: "Bob")
            let (journey, session) = try await store.transaction(as: .administrator) { tx in
                let journey = try await tx.openJourney(carrier: bob, programme: network.outille, cohort: nil, on: tx.today.adding(days: -5))
                let session = try await tx.addSession(
                    programme: network.outille, cohort: nil, kind: .workshop, title: "Atelier secret de Ronalpia",
                    startsAt: Date().addingTimeInterval(-86_400), durationMinutes: 60, facilitator: nil)
                return (journey.id.rawValue, session)
            }
            let (event, attendance, version) = try await store.transaction(as: SmallNetwork.apessCounsellor) { tx in
                let event = try await tx.refusal(
                    "INSERT INTO journey_event (operator_id, journey_id, seq, kind, to_state, effective_on, staff_id) VALUES (0, \(journey), 9, 'advance', 'workshops', \(tx.today.iso)::date, 0)")
                // Minutes beyond the session's length: the trigger would name the session if it read it.
                let attendance = try await tx.refusal(
                    "INSERT INTO attendance (operator_id, session_id, journey_id, status, minutes, staff_id) VALUES (\(network.ronalpia.rawValue), \(session), \(journey), 'present', 999, 0)")
                let version = try await tx.count("SELECT count(*)::integer FROM journey WHERE id = \(journey)")
                return (event, attendance, version)
            }
            #expect(event == "journey \(journey) does not exist", "not its version, not its phase")
            #expect(attendance == "new row violates row-level security policy for table \"attendance\"")
            #expect(version == 0)
            let untouched = try await store.transaction(as: .administrator) { tx in
                try await tx.count("SELECT version FROM journey WHERE id = \(journey)")
            }
            #expect(untouched == 1)
        }
    }

    @Test("a network role reads across operators and writes nothing")
    func networkReadsOnly() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            _ = try await network.addCarrier(store, to: network.apess)
            _ = try await network.addCarrier(store, to: network.ronalpia)
            let seen = try await store.transaction(as: SmallNetwork.network) { try await $0.carriers().count }
            #expect(seen == 2)
            await #expect(throws: StoreError.forbidden(Refusal(.forbiddenChange, ["record": "carrier"]))) {
                try await store.transaction(as: SmallNetwork.network) { tx in
                    try await tx.addCarrier(NewCarrier(operatorID: network.apess, firstName: "Eve", lastName: "X"))
                }
            }
        }
    }

    @Test("a transaction with no staff set sees nothing: it fails closed")
    func failsClosed() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            _ = try await network.addCarrier(store, to: network.apess)
            let counts = try await store.withLoginConnection { connection in
                try await connection.query("BEGIN", logger: store.logger)
                try await connection.query("SET LOCAL ROLE parcours_app", logger: store.logger)
                var counts: [Int] = []
                for table in ["carrier", "journey", "programme", "operator", "staff", "territory"] {
                    counts.append(try await connection.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)"), logger: store.logger)
                        .collect().first!.decode(Int.self))
                }
                try await connection.query("ROLLBACK", logger: store.logger)
                return counts
            }
            #expect(counts == [0, 0, 0, 0, 0, 0])
        }
    }

    @Test("the application role is neither superuser, nor BYPASSRLS, nor owner of any table")
    func applicationRole() async throws {
        try await TestDatabase.withStore { store in
            let (superuser, bypass, owned) = try await store.withOwnerConnection { connection in
                try await connection.query(
                    """
                    SELECT r.rolsuper, r.rolbypassrls,
                           (SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = 'parcours_app')
                    FROM pg_roles AS r WHERE r.rolname = 'parcours_app'
                    """, logger: store.logger
                ).collect().first!.decode((Bool, Bool, Int).self)
            }
            #expect(!superuser)
            #expect(!bypass)
            #expect(owned == 0)
            let forced = try await store.withOwnerConnection { connection in
                try await connection.query(
                    "SELECT count(*) FROM pg_class WHERE relname = ANY(\(["operator", "staff", "programme", "cohort", "carrier", "journey", "journey_event"])) AND relrowsecurity AND relforcerowsecurity",
                    logger: store.logger
                ).collect().first!.decode(Int.self)
            }
            #expect(forced == 7)
        }
    }

    @Test("an unknown staff member cannot act at all")
    func unknownStaff() async throws {
        try await TestDatabase.withStore { store in
            await #expect(throws: StoreError.unauthenticated(Refusal(.unauthenticated, ["detail": "no active staff member has the e-mail 'nobody@x.fr'"]))) {
                try await store.transaction(as: .staff(email: "nobody@x.fr")) { _ in }
            }
        }
    }

    @Test("a coordinator adds counsellors to their operator, never an admin nor to another operator")
    func coordinatorManagesOwnStaff() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            _ = try await store.transaction(as: SmallNetwork.ronalpiaCoordinator) { tx in
                try await tx.addStaff(email: "lea@ronalpia.fr", displayName: "Léa", role: .counsellor, operatorID: network.ronalpia)
            }
            for (role, operatorID) in [(StaffRole.admin, Optional<OperatorID>.none), (.counsellor, network.apess)] {
                await #expect(throws: StoreError.forbidden(Refusal(.forbiddenChange, ["record": "staff"]))) {
                    try await store.transaction(as: SmallNetwork.ronalpiaCoordinator) { tx in
                        try await tx.addStaff(email: "x\(role)@ronalpia.fr", displayName: "", role: role, operatorID: operatorID)
                    }
                }
            }
        }
    }
}

@Suite("Territories")
struct TerritoryStoreTests {
    /// An operator's groupings over France's tree (loaded with every database).
    static let tree = """
        code;nom;type;code_parent;rural
        PAYS-HM;Pays de Haute-Mayenne;pays;53;
        ZONE-MA;Mont des Avaloirs;pays;53;oui
        53147;Mayenne;commune;PAYS-HM;non
        53185;Pré-en-Pail-Saint-Samson;commune;ZONE-MA;oui
        """

    @Test("an import adds an operator's groupings; a grouping holds its communes, which keep their official parents")
    func importAndSubtree() async throws {
        try await TestDatabase.withStore { store in
            let rows = try TerritoryImport.rows(from: try CSVTable(parsing: Self.tree), existingKinds: ["53": .department])
            let (created, updated, subtree, parent) = try await store.transaction(as: .administrator) { tx in
                let (created, updated) = try await tx.importTerritories(rows)
                let zone = try await tx.resolveTerritory("ZONE-MA")
                let commune = try await tx.territory(try await tx.resolveTerritory("53185"))
                return (created, updated, try await tx.territories(under: zone).map(\.territory.code), try await tx.territory(commune.parentID!).name)
            }
            #expect((created, updated) == (2, 2))
            #expect(subtree == ["ZONE-MA", "53185"])
            #expect(parent == "CC du Mont des Avaloirs")
            // A report scoped to the Pays counts its communes (by membership, not by parent).
            let scoped = try await store.transaction(as: .administrator) { tx in
                try await tx.count("SELECT count(*)::int FROM parcours_territory_subtree((SELECT id FROM territory WHERE code = 'PAYS-HM'))")
            }
            #expect(scoped == 2)
            let again = try await store.transaction(as: .administrator) { try await $0.importTerritories(rows) }
            #expect(again == (0, 4))
        }
    }

    @Test("a name shared by two territories is ambiguous; the code is not")
    func ambiguousName() async throws {
        try await TestDatabase.withStore { store in
            let refusal = StoreError.invalid(Refusal(.ambiguousPlace, [
                "record": "territory", "value": "Mayenne", "count": "2", "candidates": "Mayenne (Mayenne, 53), Mayenne (Mayenne, 53147)",
            ]))
            await #expect(throws: refusal) {
                try await store.transaction(as: .administrator) { try await $0.resolveTerritory("Mayenne") }
            }
            // A commune asked for: the commune; a name shared by communes of several départements lists them.
            let commune = try await store.transaction(as: .administrator) { try await $0.resolveTerritory("mayenne", kind: .commune) }
            let code = try await store.transaction(as: .administrator) { try await $0.territory(commune).code }
            #expect(code == "53147")
            await #expect(throws: StoreError.invalid(Refusal(.ambiguousPlace, field: "commune", [
                "record": "commune", "value": "Saint-Martin", "count": "4",
                "candidates": "Saint-Martin (Gers, 32389), Saint-Martin (Meurthe-et-Moselle, 54480), Saint-Martin (Hautes-Pyrénées, 65392), Saint-Martin (Bas-Rhin, 67426)",
            ]))) {
                try await store.transaction(as: .administrator) { try await $0.resolveTerritory("Saint-Martin", kind: .commune) }
            }
            // An old code resolves to today's commune (Azé, merged into Château-Gontier-sur-Mayenne in 2019).
            let merged = try await store.transaction(as: .administrator) { tx in try await tx.territory(try await tx.resolveTerritory("53014")).name }
            #expect(merged == "Château-Gontier-sur-Mayenne")
            let kind = try await store.transaction(as: .administrator) { tx in
                try await tx.territory(try await tx.resolveTerritory("53147")).kind
            }
            #expect(kind == .commune)
        }
    }

    @Test("a file's communes are looked up by index, each value once, under row-level security")
    func communesByIndex() async throws {
        try await TestDatabase.withStore { store in
            let (lookups, scanned) = try await store.transaction(as: .administrator) { tx in
                let lookups = try await tx.communeLookups(["53147", "ernee", "Saint-Martin", "53014", "53", "Nulle-Part"])
                // Under row-level security the planner may not use an index whose expression is not
                // leakproof: each name was compared with every territory (60 s for one file).
                let scanned = try await tx.count(
                    "SELECT coalesce(sum(seq_tup_read), 0)::integer FROM pg_stat_xact_user_tables WHERE relname IN ('territory', 'territory_former_code')")
                return (lookups, scanned)
            }
            #expect(lookups["53147"] == .code("53147"))
            #expect(lookups["ernee"] == .code("53096"))
            #expect(lookups["53014"] == .code("53062"))
            #expect(lookups["53"] == .unknown, "a département's code is no commune")
            #expect(lookups["Nulle-Part"] == .unknown)
            #expect(lookups["Saint-Martin"] == .ambiguous(
                candidates: "Saint-Martin (Gers, 32389), Saint-Martin (Meurthe-et-Moselle, 54480), Saint-Martin (Hautes-Pyrénées, 65392), Saint-Martin (Bas-Rhin, 67426)",
                count: 4))
            #expect(scanned == 0, "rows read by sequential scan")
        }
    }

    @Test("only the administrator edits the shared tree")
    func onlyAdminEditsTerritories() async throws {
        try await TestDatabase.withStore { store in
            _ = try await SmallNetwork.seed(store)
            await #expect(throws: StoreError.forbidden(Refusal(.forbiddenChange, ["record": "territory"]))) {
                try await store.transaction(as: SmallNetwork.ronalpiaCoordinator) { tx in
                    try await tx.addTerritory(code: "07", name: "Ardèche", kind: .department, parent: nil, rural: false)
                }
            }
        }
    }
}
