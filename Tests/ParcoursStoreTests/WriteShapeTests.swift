import ParcoursCore
import ParcoursStore
import ParcoursTestSupport
import PostgresNIO
import Testing

/// The shape of a write, counted rather than timed: what it costs the database does not depend on
/// the machine the tests run on.
@Suite("Writes that never queue: their shape, counted")
struct WriteShapeTests {
    /// Calls of `function` in this transaction so far (the test cluster tracks PL/pgSQL functions).
    static func calls(of function: String, _ tx: Transaction) async throws -> Int {
        try await tx.count("SELECT coalesce(sum(calls), 0)::integer FROM pg_stat_xact_user_functions WHERE funcname = \(function)")
    }

    @Test("an event verifies the identity once, where its triggers verified it again in every policy of each of their statements (24 times)",
          arguments: [Acting.administrator, SmallNetwork.apessCounsellor])
    func identityVerifiedOncePerEvent(acting: Acting) async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            let programme = try await store.transaction(as: .administrator) { tx in
                try await tx.addProgramme(name: "Forme", operatorID: network.apess, phases: ["idea", "workshops", "modules"])
            }
            let journeys = 20
            let verifications = try await store.transaction(as: acting) { tx -> (Int, Int) in
                for n in 1...journeys {
                    let carrier = try await tx.addCarrier(NewCarrier(operatorID: network.apess, firstName: "Personne", lastName: "N\(n)"))!
                    _ = try await tx.openJourney(carrier: carrier, programme: programme, cohort: nil, on: tx.today.adding(days: -3))
                }
                let before = try await Self.calls(of: "parcours_verified_identity", tx)
                try await tx.connection.query(
                    """
                    INSERT INTO journey_event (operator_id, journey_id, seq, kind, to_state, effective_on, staff_id)
                    SELECT 0, j.id, j.version + 1, 'advance', 'workshops', \(tx.today.iso)::date, 0
                    FROM journey AS j WHERE j.programme_id = \(programme.id.rawValue) ORDER BY j.id
                    """, logger: tx.logger)
                let verifications = try await Self.calls(of: "parcours_verified_identity", tx) - before
                let moved = try await tx.count(
                    "SELECT count(*)::integer FROM journey WHERE programme_id = \(programme.id.rawValue) AND phase = 'workshops' AND version = 2")
                #expect(moved == journeys)
                // As a bulk import writes them, naming who records each event and the state it leaves:
                // no event is stamped, the statement's check verifies the identity once.
                let beforeNamed = try await Self.calls(of: "parcours_verified_identity", tx)
                let stamped = try await Self.calls(of: "journey_event_stamp", tx)
                try await tx.connection.query(
                    """
                    INSERT INTO journey_event (operator_id, journey_id, seq, kind, from_state, to_state, effective_on, staff_id)
                    SELECT j.operator_id, j.id, j.version + 1, 'advance', j.phase, 'modules', \(tx.today.iso)::date, \(tx.acting.id.rawValue)
                    FROM journey AS j WHERE j.programme_id = \(programme.id.rawValue) ORDER BY j.id
                    """, logger: tx.logger)
                let named = try await Self.calls(of: "parcours_verified_identity", tx) - beforeNamed
                #expect(try await Self.calls(of: "journey_event_stamp", tx) == stamped, "the named events are not stamped")
                return (verifications, named)
            }
            // Once in each event's stamp; a few times for the statement (its check, its policies'
            // initplans). A counsellor's caseload is a policy of each row, read and written: twice more an event.
            let caseload = acting == .administrator ? 0 : 2
            #expect(verifications.0 <= (1 + caseload) * journeys + 8, "\(verifications.0) verifications for \(journeys) events")
            #expect(verifications.1 <= caseload * journeys + 8, "\(verifications.1) verifications for \(journeys) named events")
        }
    }

    @Test("events a statement names as a bulk import does are checked whole, as a single change is: one refused event refuses them all, another operator or state is refused, another recorder or time stamped over")
    func namedEventsCheckedWhole() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            let people = [try await network.addCarrier(store, to: network.apess, name: "Léa"), try await network.addCarrier(store, to: network.apess, name: "Noé")]
            let theirs = try await network.addCarrier(store, to: network.ronalpia, name: "Inès")
            let elsewhere = try await store.transaction(as: .administrator) { tx in
                try await tx.openJourney(carrier: theirs, programme: network.outille, cohort: nil, on: tx.today.adding(days: -3)).id.rawValue
            }
            typealias Event = (journey: Int64, operator: OperatorID, from: String, to: String, staff: Int64?, at: String)
            /// A statement advancing each journey from its first event, naming everything an import names.
            func advance(_ events: [Event], _ tx: Transaction) async throws -> String? {
                try await tx.refusal(
                    """
                    INSERT INTO journey_event (operator_id, journey_id, seq, kind, from_state, to_state, effective_on, staff_id, recorded_at)
                    SELECT o, j, 2, 'advance', f, t, \(tx.today.iso)::date, coalesce(nullif(s, 0), \(tx.acting.id.rawValue)),
                           CASE a WHEN 'now' THEN now() ELSE a::timestamptz END
                    FROM unnest(\(events.map(\.operator.rawValue)), \(events.map(\.journey)), \(events.map(\.from)), \(events.map(\.to)),
                                \(events.map { $0.staff ?? 0 }), \(events.map(\.at))) AS r(o, j, f, t, s, a)
                    """)
            }
            let apess = network.apess
            let (journeys, refusals, written, stamped) = try await store.transaction(as: SmallNetwork.apessCounsellor) { tx in
                var journeys: [Int64] = []
                for person in people {
                    journeys.append(try await tx.openJourney(carrier: person, programme: network.mayIdESS, cohort: nil, on: tx.today.adding(days: -3)).id.rawValue)
                }
                let refusals = [
                    // May'IdESS has no workshops: the second event refuses the first with it.
                    try await advance([(journeys[0], apess, "idea", "modules", nil, "now"), (journeys[1], apess, "idea", "workshops", nil, "now")], tx),
                    try await advance([(journeys[0], apess, "pitch", "orientation", nil, "now")], tx),
                    try await advance([(journeys[0], apess, "idea", "modules", nil, "now"), (elsewhere, apess, "idea", "workshops", nil, "now")], tx),
                ]
                let written = try await tx.count("SELECT count(*)::integer FROM journey_event WHERE journey_id = ANY(\(journeys)) AND seq = 2")
                // Another recorder or time named: stamped over with the acting one's, as a single change is.
                try await tx.connection.query("SAVEPOINT forged", logger: tx.logger)
                _ = try await advance([(journeys[0], apess, "idea", "modules", tx.acting.id.rawValue + 1_000, "now"),
                                       (journeys[1], apess, "idea", "modules", nil, "2020-01-01")], tx)
                let stamped = try await tx.count(
                    """
                    SELECT count(*)::integer FROM journey_event
                    WHERE journey_id = ANY(\(journeys)) AND seq = 2 AND staff_id = \(tx.acting.id.rawValue) AND recorded_at = now()
                    """)
                try await tx.connection.query("ROLLBACK TO SAVEPOINT forged", logger: tx.logger)
                return (journeys, refusals, written, stamped)
            }
            #expect(refusals[0] == "journey \(journeys[1]) follows programme 'May'IdESS', which does not use phase 'workshops' (its phases: idea, modules, pitch, orientation)")
            #expect(refusals[1] == "journey \(journeys[0]): the event leaves 'pitch', but the journey is in 'idea'")
            #expect(refusals[2]?.contains("row-level security") == true, "a counsellor names another operator's journey: \(refusals[2] ?? "accepted")")
            #expect(written == 0, "nothing of the refused statements was written")
            #expect(stamped == 2)

            // The administrator writes every operator's events, but an event belongs to its journey's operator.
            let (misnamed, moved) = try await store.transaction(as: .administrator) { tx in
                let misnamed = try await advance([(elsewhere, apess, "idea", "workshops", nil, "now")], tx)
                _ = try await advance([(journeys[0], apess, "idea", "modules", nil, "now"), (journeys[1], apess, "idea", "modules", nil, "now"),
                                       (elsewhere, network.ronalpia, "idea", "workshops", nil, "now")], tx)
                let moved = try await tx.count(
                    "SELECT count(*)::integer FROM journey WHERE id = ANY(\(journeys + [elsewhere])) AND phase IN ('modules', 'workshops') AND version = 2")
                return (misnamed, moved)
            }
            #expect(misnamed?.contains("journey_event_operator_id_journey_id_fkey") == true, "\(misnamed ?? "accepted")")
            #expect(moved == 3)
        }
    }

    /// What the planner believes a table holds.
    static func estimatedRows(_ table: String, _ store: Store) async throws -> Double {
        try await store.withLoginConnection { connection in
            try await connection.query("SELECT reltuples::float8 FROM pg_class WHERE oid = \(table)::regclass", logger: store.logger)
                .collect().first!.decode(Double.self)
        }
    }

    @Test("right after a bulk import the tables it filled have statistics, so what runs next (a site, a read) is planned on them, not on the tables as they were")
    func statisticsFollowBulkImports() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            let people = 400
            let file = "ref;prénom;nom\n" + (1...people).map { "lot-\($0);Prénom\($0);Nom\($0)\n" }.joined()
            let rows = try CarrierImport.rows(from: CSVTable(parsing: file), today: LocalDate(year: 2026, month: 12, day: 1)!, knownCommunes: [])
            _ = try await store.transaction(as: .administrator) { try await $0.importCarriers(rows, operatorID: network.apess) }
            #expect(try await Self.estimatedRows("carrier", store) >= Double(people))

            let history = "ref;programme;evenement;vers;date\n" + (1...people).map { n in
                "lot-\(n);May'IdESS;open;idea;02/03/2026\nlot-\(n);May'IdESS;advance;modules;0\(1 + n % 9)/04/2026\n"
            }.joined()
            let journeys = try HistoryImport.journeys(
                from: CSVTable(parsing: history), today: LocalDate(year: 2026, month: 12, day: 1)!, programmes: [network.mayIdESS])
            _ = try await store.transaction(as: .administrator) {
                try await $0.importHistory(journeys, operatorID: network.apess, referralReason: "orientation")
            }
            #expect(try await Self.estimatedRows("journey", store) >= Double(people))
            #expect(try await Self.estimatedRows("journey_event", store) >= Double(2 * people))
            // A refused import leaves them as they were (it wrote nothing).
            let before = try await Self.estimatedRows("journey_event", store)
            await #expect(throws: (any Error).self) {
                _ = try await store.transaction(as: .administrator) { tx in
                    _ = try await tx.importHistory(journeys, operatorID: network.apess, referralReason: "orientation")
                }
            }
            #expect(try await Self.estimatedRows("journey_event", store) == before)
        }
    }
}

