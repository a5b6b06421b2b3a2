import Foundation
import ParcoursCore
import ParcoursStore
import ParcoursTestSupport
import PostgresNIO
import Testing

@Suite("Migrations")
struct MigrationTests {
    @Test("applied once, in order, recorded with their checksums")
    func appliedOnce() async throws {
        try await TestDatabase.withStore { store in
            let again = try await store.withOwnerConnection { try await Migrator.migrate($0, logger: store.logger) }
            #expect(again.isEmpty)
            let recorded = try await store.withOwnerConnection { connection in
                try await connection.query("SELECT version, checksum FROM schema_migrations ORDER BY version", logger: store.logger)
                    .collect().map { try $0.decode((Int, String).self) }
            }
            #expect(recorded.map(\.0) == Migration.all.map(\.version))
            #expect(recorded.map(\.1) == Migration.all.map(\.checksum))
        }
    }

    @Test("an applied migration that was edited afterwards is refused")
    func editedMigrationRefused() async throws {
        try await TestDatabase.withStore { store in
            var edited = Migration.all
            edited[0] = Migration(file: edited[0].file, sql: edited[0].sql + "\n-- edited")
            await #expect(throws: StoreError.invalid(Refusal(.migrationChanged, ["file": edited[0].file]))) {
                try await store.withOwnerConnection { try await Migrator.migrate($0, migrations: edited, logger: store.logger) }
            }
        }
    }

    @Test("the script splitter keeps function bodies, strings and comments whole")
    func splitter() {
        let script = """
            -- a comment; with a semicolon
            CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN 'a;b'; END $$;
            SELECT 'it''s; fine', "odd;name" FROM t; /* block; comment */
            SELECT $tag$ x; $tag$, $1
            """
        let statements = SQLScript.statements(in: script)
        #expect(statements.count == 3)
        #expect(statements[0].hasSuffix("END $$"))
        #expect(statements[1] == "SELECT 'it''s; fine', \"odd;name\" FROM t")
        #expect(statements[2].hasPrefix("/* block; comment */"))
    }
}

@Suite("PostgreSQL enforces the pathway on its own")
struct DatabaseRulesTests {
    /// A May'IdESS journey moved to `pitch` (version 2), with a jury's go and a referral, so
    /// that it may leave `pitch` in either direction.
    func journeyInPitch(_ store: Store) async throws -> (SmallNetwork, JourneyID) {
        let network = try await SmallNetwork.seed(store)
        let carrier = try await network.addCarrier(store, to: network.apess)
        let id = try await store.transaction(as: .administrator) { tx in
            try await SmallNetwork.journeyInPitch(carrier: carrier, programme: network.mayIdESS, tx: tx)
        }
        return (network, id)
    }

    @Test("a direct UPDATE of the phase that breaks a rule fails, even for the owner (psql)")
    func directUpdateRefused() async throws {
        try await TestDatabase.withStore { store in
            let (_, id) = try await journeyInPitch(store)
            let message = try await store.withOwnerConnection { connection in
                do {
                    try await connection.query("UPDATE journey SET phase = 'idea' WHERE id = \(id.rawValue)", logger: store.logger)
                    return "accepted"
                } catch let error as PSQLError { return error.serverInfo?[.message] ?? "" }
            }
            #expect(message == "journey \(id) is in phase 'pitch'; 'idea' is not reachable from it without rework")
        }
    }

    @Test("even a legal phase change goes through the history, never a bare UPDATE")
    func legalUpdateStillNeedsAnEvent() async throws {
        try await TestDatabase.withStore { store in
            let (_, id) = try await journeyInPitch(store)
            let message = try await store.transaction(as: .administrator) { tx in
                try await tx.refusal("UPDATE journey SET phase = 'orientation', version = version + 1 WHERE id = \(id.rawValue)")
            }
            #expect(message?.contains("is recorded as an event") == true)
        }
    }

    @Test("history is append-only: the application role may not update or delete events, nobody may")
    func appendOnly() async throws {
        try await TestDatabase.withStore { store in
            let (_, id) = try await journeyInPitch(store)
            let (update, delete) = try await store.transaction(as: .administrator) { tx in
                (try await tx.refusal("UPDATE journey_event SET reason = 'rewritten' WHERE journey_id = \(id.rawValue)"),
                 try await tx.refusal("DELETE FROM journey_event WHERE journey_id = \(id.rawValue)"))
            }
            #expect(update == "permission denied for table journey_event")
            #expect(delete == "permission denied for table journey_event")
            let ownerDelete = try await store.withOwnerConnection { connection in
                do {
                    try await connection.query("DELETE FROM journey_event WHERE journey_id = \(id.rawValue)", logger: store.logger)
                    return "accepted"
                } catch let error as PSQLError { return error.serverInfo?[.message] ?? "" }
            }
            #expect(ownerDelete == "journey_event is append-only: a recorded event is never changed or removed")
        }
    }

    @Test("dates: the database refuses a future date and a date before the previous event")
    func databaseDates() async throws {
        try await TestDatabase.withStore { store in
            let (_, id) = try await journeyInPitch(store)
            let (future, early) = try await store.transaction(as: .administrator) { tx in
                (try await tx.refusal(
                    "INSERT INTO journey_event (operator_id, journey_id, seq, kind, to_state, effective_on, staff_id) VALUES (0, \(id.rawValue), 3, 'advance', 'orientation', \(tx.today.adding(days: 1).iso)::date, 0)"),
                 try await tx.refusal(
                    "INSERT INTO journey_event (operator_id, journey_id, seq, kind, to_state, effective_on, staff_id) VALUES (0, \(id.rawValue), 3, 'advance', 'orientation', \(tx.today.adding(days: -11).iso)::date, 0)"))
            }
            let today = LocalDate(Date(), in: .paris)
            #expect(future == "journey \(id) cannot change on \(today.adding(days: 1)): the date is in the future (today is \(today))")
            #expect(early == "journey \(id) cannot change on \(today.adding(days: -11)), before its last recorded change (\(today.adding(days: -10)))")
        }
    }

    @Test("a statement records one event of a journey: a second one in the same statement is refused by name, the first one's journey follows")
    func oneEventPerJourneyPerStatement() async throws {
        try await TestDatabase.withStore { store in
            let (_, id) = try await journeyInPitch(store)
            let (twice, once, phase) = try await store.transaction(as: .administrator) { tx in
                let day = tx.today.iso
                let twice = try await tx.refusal(
                    """
                    INSERT INTO journey_event (operator_id, journey_id, seq, kind, to_state, effective_on, staff_id, reason)
                    VALUES (0, \(id.rawValue), 3, 'rework', 'modules', \(day)::date, 0, 'le jury demande de retravailler'),
                           (0, \(id.rawValue), 4, 'advance', 'pitch', \(day)::date, 0, NULL)
                    """)
                let once = try await tx.refusal(
                    "INSERT INTO journey_event (operator_id, journey_id, seq, kind, to_state, effective_on, staff_id, reason) VALUES (0, \(id.rawValue), 3, 'rework', 'modules', \(day)::date, 0, 'le jury demande de retravailler')")
                let phase = try await tx.connection.query("SELECT phase || ' ' || version FROM journey WHERE id = \(id.rawValue)", logger: tx.logger)
                    .collect().first!.decode(String.self)
                return (twice, once, phase)
            }
            #expect(twice == "journey \(id): one statement records one event of a journey (insert the next in a statement of its own)")
            #expect(once == nil)
            #expect(phase == "modules 3")
        }
    }

    @Test("the core refuses first, with the same words, and nothing is written")
    func coreRefusalWritesNothing() async throws {
        try await TestDatabase.withStore { store in
            let (_, id) = try await journeyInPitch(store)
            await #expect(throws: StoreError.refused(PathwayError.notForward(from: .pitch, to: .modules).refusal(journey: id))) {
                try await store.transaction(as: .administrator) { tx in
                    try await tx.change(journey: id, .advance(to: .modules), on: nil, reason: nil, expectedVersion: nil)
                }
            }
            let events = try await store.transaction(as: .administrator) { try await $0.history(of: id) }
            #expect(events.map(\.kind) == [.open, .advance])
        }
    }

    @Test("history says who did what, when and why")
    func history() async throws {
        try await TestDatabase.withStore { store in
            let (_, id) = try await journeyInPitch(store)
            let reason = "le jury demande de retravailler le modèle économique"
            let events = try await store.transaction(as: SmallNetwork.apessCounsellor) { tx in
                _ = try await tx.change(journey: id, .rework(to: .modules), on: nil, reason: reason, expectedVersion: 2)
                return try await tx.history(of: id)
            }
            try #require(events.map(\.seq) == [1, 2, 3])
            #expect(events.map(\.staffEmail) == ["admin@localhost", "admin@localhost", "claire@apess53.fr"])
            #expect(events[2].kind == .rework)
            #expect(events[2].fromState == "pitch")
            #expect(events[2].toState == "modules")
            #expect(events[2].reason == reason)
            #expect(events[1].effectiveOn == LocalDate(Date(), in: .paris).adding(days: -10))
        }
    }

    @Test("two staff advancing the same version at once: exactly one wins, the other gets a conflict")
    func concurrentAdvance() async throws {
        try await TestDatabase.withStore { store in
            let (_, id) = try await journeyInPitch(store)
            let outcomes = await withTaskGroup(of: Result<Int, StoreError>.self) { group in
                for acting in [Acting.administrator, SmallNetwork.apessCounsellor] {
                    group.addTask {
                        do {
                            return .success(try await store.transaction(as: acting) { tx in
                                try await tx.change(journey: id, .advance(to: .orientation), on: nil, reason: nil, expectedVersion: 2).version
                            })
                        } catch let error as StoreError { return .failure(error) } catch { return .failure(.unavailable(detail: "\(error)")) }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let versions = outcomes.compactMap { try? $0.get() }
            let conflicts = outcomes.compactMap { if case .failure(.conflict) = $0 { true } else { nil } }
            #expect(versions == [3])
            #expect(conflicts.count == 1)
        }
    }

    @Test("a carrier follows a programme once at a time; a new journey opens after the exit")
    func oneOpenJourneyPerProgramme() async throws {
        try await TestDatabase.withStore { store in
            let (network, id) = try await journeyInPitch(store)
            let carrier = try await store.transaction(as: .administrator) { try await $0.journey(id).journey.carrierID }
            await #expect(throws: StoreError.refused(Refusal(.alreadyInProgramme, ["carrier": carrier.description, "programme": "May'IdESS", "journey": id.description]))) {
                try await store.transaction(as: .administrator) { tx in
                    try await tx.openJourney(carrier: carrier, programme: network.mayIdESS, cohort: nil, on: nil)
                }
            }
            let second = try await store.transaction(as: .administrator) { tx in
                _ = try await tx.change(journey: id, .exit(.withdrawn), on: nil, reason: "moved away", expectedVersion: nil)
                return try await tx.openJourney(carrier: carrier, programme: network.mayIdESS, cohort: nil, on: nil)
            }
            #expect(second.state == .active(.idea))
            #expect(second.version == 1)
        }
    }

    @Test("a journey cannot follow another operator's programme")
    func programmeOfAnotherOperator() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            let carrier = try await network.addCarrier(store, to: network.apess)
            await #expect(throws: StoreError.invalid(Refusal(.programmeOfOtherOperator, field: "programme", ["programme": "Outille ton projet", "carrier": carrier.description]))) {
                try await store.transaction(as: .administrator) { tx in
                    try await tx.openJourney(carrier: carrier, programme: network.outille, cohort: nil, on: nil)
                }
            }
        }
    }
}
