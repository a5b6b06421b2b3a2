import Foundation
import ParcoursCore
import ParcoursStore
import ParcoursTestSupport
import PostgresNIO
import Testing

/// The allowed transitions are written once in the core and mirrored in SQL: walk every
/// (state, change) pair for several programme shapes and check that both say the same, on both of
/// the database's paths for an event.
@Suite("Core and PostgreSQL agree on the pathway")
struct PathwayAgreementTests {
    /// How an event reaches journey_event.
    enum Path: String, CaseIterable, CustomTestStringConvertible {
        /// As a single change writes it: the row trigger stamps who records it and the state it leaves.
        case stamped
        /// As a bulk import writes it: the statement names them, and only the statement's check runs.
        case named

        var testDescription: String { rawValue }
    }

    static let shapes: [[String]] = [
        ["idea", "modules", "pitch", "orientation"],  // May'IdESS
        ["idea", "workshops", "orientation"],  // Outille ton projet
        ["idea", "workshops", "incubation", "orientation"],  // De l'envie au projet
        Phase.allCases.map(\.rawValue),
        ["workshops", "pitch"],
    ]

    static var changes: [JourneyChange] {
        Phase.allCases.map { .advance(to: $0) } + Phase.allCases.map { .rework(to: $0) }
            + [.pause, .resume] + Outcome.allCases.map { .exit($0) }
    }

    @Test("every (state, change) pair of every shape, on both paths", arguments: shapes, Path.allCases)
    func everyPair(shape: [String], path: Path) async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            let (pairs, disagreements) = try await store.transaction(as: .administrator) { tx in
                let programme = try await tx.addProgramme(name: "Shape \(shape.joined(separator: "-"))", operatorID: network.apess, phases: shape)
                let phases = programme.phases
                let states: [JourneyState] = phases.map { .active($0) } + phases.map { .paused(resumeTo: $0) } + Outcome.allCases.map { .exited($0) }
                let partner = try await tx.addPartner(name: "CAE \(programme.id)", kind: .cae, contact: nil, operatorID: nil, territories: [])
                var pairs = 0
                var disagreements: [String] = []
                // Each state twice: with only the records needed to reach it, and with every record.
                for (state, equipped) in states.flatMap({ [($0, false), ($0, true)] }) {
                    let journey = try await journey(in: state, programme: programme, network: network, partner: partner, equipped: equipped, tx: tx)
                    let evidence = try await Self.evidence(of: journey.id, tx: tx)
                    for change in Self.changes {
                        pairs += 1
                        let reason = "le jury demande de retravailler le modèle économique"
                        let core: Result<JourneyState, JourneyRefusal>
                        do throws(JourneyRefusal) {
                            core = .success(try journey.applying(change, on: tx.today, today: tx.today, reason: reason, evidence: evidence).state)
                        } catch {
                            core = .failure(error)
                        }
                        let toState = Self.toState(of: change, from: state)
                        let refusal = switch path {
                        case .stamped:
                            try await tx.refusal(
                                """
                                INSERT INTO journey_event (operator_id, journey_id, seq, kind, to_state, effective_on, staff_id, reason)
                                VALUES (0, \(journey.id.rawValue), \(journey.version + 1), \(change.kind.rawValue), \(toState), \(tx.today.iso)::date, 0, \(reason))
                                """)
                        case .named:
                            try await tx.refusal(
                                """
                                INSERT INTO journey_event (operator_id, journey_id, seq, kind, from_state, to_state, effective_on, staff_id, reason)
                                SELECT j.operator_id, j.id, j.version + 1, \(change.kind.rawValue), j.phase, \(toState), \(tx.today.iso)::date,
                                       \(tx.acting.id.rawValue), \(reason)
                                FROM journey AS j WHERE j.id = \(journey.id.rawValue)
                                """)
                        }
                        var databaseState: String?
                        if refusal == nil {
                            databaseState = try await tx.connection.query(
                                "SELECT phase FROM journey WHERE id = \(journey.id.rawValue)", logger: tx.logger
                            ).collect().first!.decode(String.self)
                            // Undo the probe: the journey must stay in `state` for the next change.
                            try await tx.connection.query("ROLLBACK TO SAVEPOINT state", logger: tx.logger)
                        }
                        switch (core, refusal) {
                        case (.success(let next), nil) where next.name == databaseState: break
                        case (.failure(let error), let message?) where message == error.description: break
                        default:
                            disagreements.append("\(state.name)\(equipped ? " (equipped)" : "") + \(change): core \(core), database \(refusal ?? databaseState ?? "?")")
                        }
                    }
                    try await tx.connection.query("RELEASE SAVEPOINT state", logger: tx.logger)
                }
                return (pairs, disagreements)
            }
            #expect(pairs >= 6 * Self.changes.count)
            #expect(disagreements == [])
        }
    }

    /// The `to_state` a client would write for `change`.
    static func toState(of change: JourneyChange, from state: JourneyState) -> String {
        switch change {
        case .advance(let phase), .rework(let phase): phase.rawValue
        case .pause: "paused"
        case .resume: if case .paused(let phase) = state { phase.rawValue } else { "idea" }
        case .exit(let outcome): outcome.rawValue
        }
    }

    /// The store's own reading of the records, as the core receives it.
    static func evidence(of id: JourneyID, tx: Transaction) async throws -> JourneyEvidence {
        let (cape, jury, referral, activity) = try await tx.connection.query(
            """
            SELECT cape_covers_date, jury_decided_since_pitch, has_referral, has_activity
            FROM parcours_journey_evidence(\(id.rawValue), \(tx.today.iso)::date)
            """, logger: tx.logger
        ).collect().first!.decode((Bool, Bool, Bool, Bool).self)
        return JourneyEvidence(capeCoversDate: cape, juryDecidedSincePitch: jury, hasReferral: referral, hasActivity: activity)
    }

    /// A journey brought into `state` by legal changes (with the records its guards need), then a
    /// savepoint to return to it. `equipped`: every record the guards look at, whatever the state.
    func journey(
        in state: JourneyState, programme: Programme, network: SmallNetwork, partner: Int64, equipped: Bool, tx: Transaction
    ) async throws -> Journey {
        let carrier = try await tx.addCarrier(NewCarrier(operatorID: network.apess, firstName: "Probe", lastName: state.name))!
        var journey = try await tx.openJourney(carrier: carrier, programme: programme, cohort: nil, on: tx.today)
        let first = programme.phases[0]
        let path: [JourneyChange] = switch state {
        case .active(let phase): phase == first ? [] : [.advance(to: phase)]
        case .paused(let phase): (phase == first ? [] : [.advance(to: phase)]) + [.pause]
        case .exited(let outcome): [.exit(outcome)]
        }
        let target: JourneyState? = path.first.map { _ in
            if case .paused(let phase) = state { return .active(phase) }
            return state
        }
        if equipped || target == .active(.incubation) {
            _ = try await tx.addCape(journey: journey.id, from: tx.today, to: tx.today.adding(days: 30), couveuse: nil)
        }
        if equipped || target == .active(.orientation) || target == .exited(.handedOn) {
            _ = try await tx.addReferral(journey: journey.id, partner: try await tx.partners(id: partner)[0], reason: "test", consentToShare: false, on: nil)
        }
        if equipped || target == .exited(.activityCreated) {
            try await tx.connection.query(
                "INSERT INTO activity (journey_id, operator_id, legal_form, created_on) VALUES (\(journey.id.rawValue), \(network.apess.rawValue), 'scic', \(tx.today.iso)::date)",
                logger: tx.logger)
        }
        for change in path {
            journey = try await tx.change(journey: journey.id, change, on: nil, reason: nil, expectedVersion: nil)
        }
        if equipped, state == .active(.pitch) {
            _ = try await tx.decideJury(journey: journey.id, decision: .go, on: nil, note: nil)
        }
        #expect(journey.state == state)
        try await tx.connection.query("SAVEPOINT state", logger: tx.logger)
        return journey
    }
}
