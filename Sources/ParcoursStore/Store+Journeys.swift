import Foundation
import ParcoursCore
import PostgresNIO

/// A journey with the names a person reads, as listed.
public struct JourneyListing: Sendable, Hashable {
    public var journey: Journey
    public var carrierName: String
    public var operatorName: String
    public var cohortName: String?
    public var closedOn: LocalDate?
}

/// One entry of a journey's history.
public struct JourneyEvent: Sendable, Hashable {
    public var seq: Int
    public var kind: EventKind
    public var fromState: String?
    public var toState: String
    public var effectiveOn: LocalDate
    public var recordedAt: Date
    public var staffEmail: String
    public var reason: String?
}

/// Which journeys to list; every field narrows the list.
public struct JourneyFilter: Sendable, Hashable {
    public var id: JourneyID?
    /// A state name: a phase, an outcome or `paused`.
    public var state: String?
    public var carrier: CarrierID?
    public var operatorID: OperatorID?
    public var programme: ProgrammeID?
    public var cohort: CohortID?
    public var limit: Int?
    /// Keyset pagination: only journeys with a greater id.
    public var after: JourneyID?

    public init(
        id: JourneyID? = nil, state: String? = nil, carrier: CarrierID? = nil, operatorID: OperatorID? = nil,
        programme: ProgrammeID? = nil, cohort: CohortID? = nil, limit: Int? = nil, after: JourneyID? = nil
    ) {
        self.after = after
        self.cohort = cohort
        self.id = id
        self.state = state
        self.carrier = carrier
        self.operatorID = operatorID
        self.programme = programme
        self.limit = limit
    }
}

extension Transaction {
    /// Opens a journey for a carrier in a programme of the carrier's operator, in the programme's first phase.
    public func openJourney(
        carrier carrierID: CarrierID, programme: Programme, cohort: CohortID?, on date: LocalDate?, reason: String? = nil
    ) async throws -> Journey {
        try requireJourneyWriter()
        let carrier = try await self.carrier(carrierID).carrier
        guard carrier.operatorID == programme.operatorID else {
            throw StoreError.invalid(Refusal(.programmeOfOtherOperator, field: "programme", ["programme": programme.name, "carrier": carrierID.description]))
        }
        let openedOn = date ?? today
        if let refusal = FieldLimit.refusal(with: openedOn, notAfter: today, field: "on") { throw StoreError.invalid(refusal) }
        let open = try await rows(
            """
            SELECT id FROM journey
            WHERE carrier_id = \(carrierID.rawValue) AND programme_id = \(programme.id.rawValue) AND closed_on IS NULL
            """
        ).first.map { try $0.decode(Int64.self) }
        if let open {
            throw StoreError.refused(Refusal(.alreadyInProgramme, ["carrier": carrierID.description, "programme": programme.name, "journey": "\(open)"]))
        }
        let id = try await rows(
            """
            INSERT INTO journey (operator_id, carrier_id, programme_id, cohort_id, phase, opened_on, last_change_on)
            VALUES (\(programme.operatorID.rawValue), \(carrierID.rawValue), \(programme.id.rawValue), \(cohort?.rawValue),
                    \(programme.phases[0].rawValue), \(openedOn.iso)::date, \(openedOn.iso)::date)
            RETURNING id
            """
        ).first!.decode(Int64.self)
        try await insertEvent(
            journey: JourneyID(id), carrier: carrierID, seq: 1, kind: .open, toState: programme.phases[0].rawValue, on: openedOn, reason: reason)
        return Journey(
            id: JourneyID(id), operatorID: programme.operatorID, carrierID: carrierID, programme: programme, cohortID: cohort,
            state: .active(programme.phases[0]), version: 1, openedOn: openedOn, lastChangeOn: openedOn)
    }

    /// Decides `change` in the core and records it; the database checks the same rules again.
    ///
    /// The journey row is locked first, so two staff changing it at once are serialised: with the
    /// same `expectedVersion`, the second gets a conflict, never a lost update.
    public func change(
        journey id: JourneyID, _ change: JourneyChange, on date: LocalDate?, reason: String?, expectedVersion: Int?
    ) async throws -> Journey {
        try await changeListed(journey: id, change, on: date, reason: reason, expectedVersion: expectedVersion).journey
    }

    /// `change`, answered with the journey as listed — from the row it locked and the core's
    /// decision, never a second read: a change is the lock and the event (with its audit entry).
    public func changeListed(
        journey id: JourneyID, _ change: JourneyChange, on date: LocalDate?, reason: String?, expectedVersion: Int?
    ) async throws -> JourneyListing {
        try requireJourneyWriter()
        let effectiveOn = date ?? today
        let locked = try await connection.executeUnlessClosed(JourneyLock(id: id.rawValue, on: effectiveOn.iso), logger: logger)
        guard let row = locked.first?.makeRandomAccess() else { throw StoreError.notFound("journey", id) }
        let current = try Journey(row: row)
        let evidence = JourneyEvidence(
            capeCoversDate: try row[13].decode(Bool.self), juryDecidedSincePitch: try row[14].decode(Bool.self),
            hasReferral: try row[15].decode(Bool.self), hasActivity: try row[16].decode(Bool.self))
        let next: Journey
        do {
            next = try current.applying(
                change, on: effectiveOn, today: today, reason: reason, evidence: evidence, expectedVersion: expectedVersion)
        } catch {
            throw StoreError(error)
        }
        // The trigger checks the same rules again and moves the journey row to `next`.
        try await insertEvent(
            journey: id, carrier: current.carrierID, seq: next.version, kind: change.kind, toState: next.state.name, on: next.lastChangeOn,
            reason: reason)
        return JourneyListing(
            journey: next, carrierName: try row[17].decode(String.self), operatorName: try row[18].decode(String.self),
            cohortName: try row[19].decode(String?.self), closedOn: change.kind == .exit ? next.lastChangeOn : nil)
    }

    /// Inserts a journey's event and its audit entry, in one statement.
    private func insertEvent(
        journey: JourneyID, carrier: CarrierID, seq: Int, kind: EventKind, toState: String, on date: LocalDate, reason: String?
    ) async throws {
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try await connection.executeUnlessClosed(
            JourneyEventInsert(
                journey: journey.rawValue, seq: seq, kind: kind.rawValue, toState: toState, on: date.iso,
                reason: reason?.isEmpty == false ? reason : nil, carrier: carrier.rawValue, channel: channel.rawValue,
                detail: "journey \(journey) \(kind.rawValue)"),
            logger: logger)
        audited("change", carriers: [carrier])
    }

    public func journey(_ id: JourneyID) async throws -> JourneyListing {
        try requirePersonReader()
        let read = JourneyByID(id: id.rawValue, alreadyAudited: audited.audited("read"), channel: channel.rawValue, asReceipt: readsByReceipt)
        guard let row = try await connection.executeUnlessClosed(read, logger: logger).first else {
            throw StoreError.notFound("journey", id)
        }
        let found = try JourneyListing(row: row)
        audited("read", carriers: [found.journey.carrierID])
        keep(receipt: try row.makeRandomAccess()[17].decode(String?.self))
        return found
    }

    public func journeys(_ filter: JourneyFilter) async throws -> [JourneyListing] {
        try requirePersonReader()
        // The read and its audit entry (or receipt) in one statement (people already audited by this transaction left out).
        let detail = filter.id == nil ? "journey list" : "journey"
        let rows = try await rows(
            """
            WITH listed AS (
                SELECT j.id, j.operator_id, j.carrier_id, j.cohort_id, j.phase, j.paused_from, j.version,
                       to_char(j.opened_on, 'YYYY-MM-DD') AS opened_on, to_char(j.last_change_on, 'YYYY-MM-DD') AS last_change_on,
                       p.id AS programme_id, p.operator_id AS programme_operator_id, p.name AS programme_name, p.phases,
                       to_char(j.closed_on, 'YYYY-MM-DD') AS closed_on, c.first_name || ' ' || c.last_name AS carrier_name,
                       o.name AS operator_name, co.name AS cohort_name
                FROM journey AS j
                JOIN programme AS p ON p.id = j.programme_id
                JOIN carrier AS c ON c.id = j.carrier_id
                JOIN operator AS o ON o.id = j.operator_id
                LEFT JOIN cohort AS co ON co.id = j.cohort_id
                WHERE (\(filter.id?.rawValue)::bigint IS NULL OR j.id = \(filter.id?.rawValue))
                  AND (\(filter.state)::text IS NULL OR j.phase = \(filter.state)
                       OR (\(filter.state) = 'exited' AND j.closed_on IS NOT NULL) OR (\(filter.state) = 'running' AND j.closed_on IS NULL))
                  AND (\(filter.carrier?.rawValue)::bigint IS NULL OR j.carrier_id = \(filter.carrier?.rawValue))
                  AND (\(filter.operatorID?.rawValue)::bigint IS NULL OR j.operator_id = \(filter.operatorID?.rawValue))
                  AND (\(filter.programme?.rawValue)::bigint IS NULL OR j.programme_id = \(filter.programme?.rawValue))
                  AND (\(filter.cohort?.rawValue)::bigint IS NULL OR j.cohort_id = \(filter.cohort?.rawValue))
                  AND (\(filter.after?.rawValue)::bigint IS NULL OR j.id > \(filter.after?.rawValue))
                ORDER BY j.id
                LIMIT \(filter.limit)
            ), audited AS (
                SELECT parcours_audit_read(array_agg(DISTINCT l.carrier_id) FILTER (WHERE l.carrier_id <> ALL (\(audited.audited("read"))::bigint[])),
                                           \(channel.rawValue), \(detail), \(readsByReceipt)) AS receipt
                FROM listed AS l
            )
            SELECT l.id, l.operator_id, l.carrier_id, l.cohort_id, l.phase, l.paused_from, l.version, l.opened_on, l.last_change_on,
                   l.programme_id, l.programme_operator_id, l.programme_name, l.phases, l.closed_on, l.carrier_name, l.operator_name, l.cohort_name,
                   audited.receipt
            FROM listed AS l CROSS JOIN audited
            ORDER BY l.id
            """
        )
        let listings = try rows.map(JourneyListing.init(row:))
        audited("read", carriers: listings.map(\.journey.carrierID))
        keep(receipt: try rows.first?.makeRandomAccess()[17].decode(String?.self) ?? nil)
        return listings
    }

    /// Corrects or cancels a journey's last step (`journey correct`): the core decides the step that
    /// replaces it from the one recorded; the database keeps the recorded step whole with the
    /// correction's reason and puts the journey back where the step before left it; the replacement
    /// is then recorded as any new step, by the same rules in Swift and in PostgreSQL.
    public func correctLastStep(
        journey id: JourneyID, _ correction: StepCorrection, expectedVersion: Int?
    ) async throws -> JourneyListing {
        try requireJourneyWriter()
        let (version, step) = try await lastStep(of: id)
        if let expectedVersion, expectedVersion != version {
            throw StoreError(JourneyRefusal(journeyID: id, reason: .versionConflict(expected: expectedVersion, actual: version)))
        }
        let replacement: StepCorrection.Replacement?
        do { replacement = try correction.replacement(of: step) } catch { throw StoreError.invalid(error) }
        if let on = replacement?.on, let refusal = FieldLimit.refusal(with: on, notAfter: today, field: "on") {
            throw StoreError.invalid(refusal)
        }
        if let activity = replacement?.activity {
            if let refusal = FieldLimit.refusal(with: activity.createdOn, notAfter: today, field: "activity_date") { throw StoreError.invalid(refusal) }
            guard activity.jobsFTE >= 0, activity.jobsFTE < 10_000 else {
                throw StoreError.invalid(Refusal(.outOfRange, field: "jobs", ["value": "\(activity.jobsFTE)", "minimum": "0", "maximum": "10000"]))
            }
        }
        let reason = correction.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw StoreError.invalid(Refusal(.required, field: "reason")) }
        try await query(
            """
            SELECT seq FROM parcours_withdraw_last_step(
                \(id.rawValue), \(version)::integer, \(replacement == nil), \(reason), \(channel.rawValue))
            """)
        guard let replacement else { return try await journey(id) }
        if let activity = replacement.activity {
            try await query(
                """
                INSERT INTO activity (journey_id, operator_id, legal_form, created_on, jobs_fte, name)
                SELECT id, operator_id, \(activity.legalForm.rawValue), \(activity.createdOn.iso)::date, \(activity.jobsFTE)::numeric,
                       \(activity.name)
                FROM journey WHERE id = \(id.rawValue)
                """)
        }
        return try await changeListed(journey: id, replacement.change, on: replacement.on, reason: replacement.reason, expectedVersion: nil)
    }

    /// A journey's version and its last recorded step, with the activity and first follow-up of an exit.
    private func lastStep(of id: JourneyID) async throws -> (version: Int, step: RecordedStep) {
        let found = try await rows(
            """
            SELECT j.version, e.seq, e.kind, e.to_state, to_char(e.effective_on, 'YYYY-MM-DD'), e.reason,
                   a.legal_form, to_char(a.created_on, 'YYYY-MM-DD'), a.jobs_fte::float8, a.name,
                   (SELECT to_char(min(f.recorded_on), 'YYYY-MM-DD') FROM follow_up AS f WHERE f.journey_id = j.id)
            FROM journey AS j
            JOIN journey_event AS e ON e.journey_id = j.id AND e.seq = j.version
            LEFT JOIN activity AS a ON a.journey_id = j.id AND e.kind = 'exit'
            WHERE j.id = \(id.rawValue)
            """
        ).first
        guard let row = found?.makeRandomAccess() else { throw StoreError.notFound("journey", id) }
        let activity: CreatedActivity?
        if let legalForm = try row[6].decode(String?.self).flatMap(LegalForm.init(rawValue:)), let createdOn = try row[7].decode(String?.self) {
            activity = CreatedActivity(
                legalForm: legalForm, createdOn: try LocalDate.decoded(createdOn), jobsFTE: try row[8].decode(Double?.self) ?? 0,
                name: try row[9].decode(String?.self))
        } else {
            activity = nil
        }
        let kind = try row[2].decode(String.self)
        guard let eventKind = EventKind(rawValue: kind) else { throw StoreError.unexpected("journey \(id) has an event of kind '\(kind)'") }
        let step = RecordedStep(
            journey: id, seq: try row[1].decode(Int.self), kind: eventKind, toState: try row[3].decode(String.self),
            effectiveOn: try LocalDate.decoded(try row[4].decode(String.self)), reason: try row[5].decode(String?.self), activity: activity,
            firstFollowUpOn: try row[10].decode(String?.self).map { try LocalDate.decoded($0) })
        return (try row[0].decode(Int.self), step)
    }

    public func history(of id: JourneyID) async throws -> [JourneyEvent] {
        try requirePersonReader()
        _ = try await journey(id)
        return try await rows(
            """
            SELECT e.seq, e.kind, e.from_state, e.to_state, to_char(e.effective_on, 'YYYY-MM-DD'), e.recorded_at,
                   parcours_staff_email(e.staff_id), e.reason
            FROM journey_event AS e
            WHERE e.journey_id = \(id.rawValue)
            ORDER BY e.seq
            """
        ).map { row in
            let (seq, kind, from, to, effectiveOn, recordedAt, email, reason) =
                try row.decode((Int, String, String?, String, String, Date, String, String?).self)
            return JourneyEvent(
                seq: seq, kind: EventKind(rawValue: kind) ?? .advance, fromState: from, toState: to,
                effectiveOn: try LocalDate.decoded(effectiveOn), recordedAt: recordedAt, staffEmail: email, reason: reason)
        }
    }
}

extension Journey {
    /// Row → Journey: the first 13 columns of the journey queries above, in order
    /// (journey id … last_change_on, then programme id, operator_id, name, phases).
    init(row: PostgresRandomAccessRow) throws {
        let id = try row[0].decode(Int64.self)
        let phase = try row[4].decode(String.self)
        let pausedFrom = try row[5].decode(String?.self)
        guard let state = JourneyState(name: phase, pausedFrom: pausedFrom.flatMap(Phase.init(rawValue:))) else {
            throw StoreError.unexpected("journey \(id) has an unknown phase '\(phase)'")
        }
        let programme = Programme(
            id: ProgrammeID(try row[9].decode(Int64.self)), operatorID: OperatorID(try row[10].decode(Int64.self)),
            name: try row[11].decode(String.self), phases: try row[12].decode([String].self).compactMap(Phase.init(rawValue:)))
        self.init(
            id: JourneyID(id), operatorID: OperatorID(try row[1].decode(Int64.self)), carrierID: CarrierID(try row[2].decode(Int64.self)),
            programme: programme, cohortID: try row[3].decode(Int64?.self).map(CohortID.init), state: state,
            version: try row[6].decode(Int.self), openedOn: try LocalDate.decoded(try row[7].decode(String.self)),
            lastChangeOn: try LocalDate.decoded(try row[8].decode(String.self)))
    }
}

extension JourneyListing {
    /// Row → JourneyListing: the journey's 13 columns, then closed_on, carrier, operator and cohort names.
    init(row: PostgresRow) throws {
        let columns = row.makeRandomAccess()
        journey = try Journey(row: columns)
        closedOn = try LocalDate.decoded(try columns[13].decode(String?.self))
        carrierName = try columns[14].decode(String.self)
        operatorName = try columns[15].decode(String.self)
        cohortName = try columns[16].decode(String?.self)
    }
}

extension Transaction {
    /// A read-only role asking to change a journey is told so (403), not that the journey does
    /// not exist: row-level security would hide the row from its update either way.
    func requireJourneyWriter() throws {
        guard acting.role.changesJourneys else {
            throw StoreError.forbidden(Refusal(.readOnlyRole, ["email": acting.email, "role": acting.role.rawValue]))
        }
    }

    /// A funder's staff read aggregates and pseudonymous ESF+ lines, never a person's record: through
    /// the store (CLI and HTTP alike) as through SQL, where they have no row access to people.
    public func requirePersonReader() throws {
        guard acting.role != .funder else {
            throw StoreError.forbidden(Refusal(.funderReadsAggregates, ["email": acting.email]))
        }
    }

    /// Names in an ESF+ file: for a funder's staff only where the agreement requires them.
    public func requireNames(in funding: Funding) throws {
        guard acting.role != .funder || funding.namesRequired else {
            throw StoreError.forbidden(Refusal(.namesNotRequired, field: "named", ["funding": funding.code]))
        }
    }

    /// The same for any record: a read-only role (network, funder) is refused before anything is done.
    public func requireWriter() throws {
        guard acting.role.changesJourneys else {
            throw StoreError.forbidden(Refusal(.readOnlyRole, ["email": acting.email, "role": acting.role.rawValue]))
        }
    }

    /// Runs an UPDATE … RETURNING that must change exactly the row it names: none changed means the
    /// row is not the acting staff member's to change (row-level security hides it from the update).
    func updateOne(_ query: PostgresQuery, notFound: @autoclosure () -> StoreError) async throws {
        guard try await rows(query).count == 1 else { throw notFound() }
    }
}

/// A journey with its programme, person, operator and cohort: what the prepared reads and locks
/// below join (static text, no value in it).
private let journeyWithItsNames = """
    FROM journey AS j
    JOIN programme AS p ON p.id = j.programme_id
    JOIN carrier AS c ON c.id = j.carrier_id
    JOIN operator AS o ON o.id = j.operator_id
    LEFT JOIN cohort AS co ON co.id = j.cohort_id
    """

/// One journey by its id and the read's audit entry, in one statement: the service's most frequent
/// read, prepared once a connection (an unnamed statement is parsed and planned at every request,
/// ≈ 1 ms under its policies for a 0.3-ms read). The columns of `journeys(_:)`, in its order
/// (`JourneyListing.init(row:)`), then the read's receipt (`Transaction.keep(receipt:)`).
struct JourneyByID: PostgresPreparedStatement {
    static let sql = """
        WITH listed AS (
            SELECT j.id, j.operator_id, j.carrier_id, j.cohort_id, j.phase, j.paused_from, j.version,
                   to_char(j.opened_on, 'YYYY-MM-DD') AS opened_on, to_char(j.last_change_on, 'YYYY-MM-DD') AS last_change_on,
                   p.id AS programme_id, p.operator_id AS programme_operator_id, p.name AS programme_name, p.phases,
                   to_char(j.closed_on, 'YYYY-MM-DD') AS closed_on, c.first_name || ' ' || c.last_name AS carrier_name,
                   o.name AS operator_name, co.name AS cohort_name
            \(journeyWithItsNames)
            WHERE j.id = $1
        ), audited AS (
            SELECT parcours_audit_read(array_agg(DISTINCT l.carrier_id) FILTER (WHERE l.carrier_id <> ALL ($2::bigint[])),
                                       $3, 'journey', $4) AS receipt
            FROM listed AS l
        )
        SELECT l.id, l.operator_id, l.carrier_id, l.cohort_id, l.phase, l.paused_from, l.version, l.opened_on, l.last_change_on,
               l.programme_id, l.programme_operator_id, l.programme_name, l.phases, l.closed_on, l.carrier_name, l.operator_name, l.cohort_name,
               audited.receipt
        FROM listed AS l CROSS JOIN audited
        """
    typealias Row = PostgresRow

    var id: Int64
    var alreadyAudited: [Int64]
    var channel: String
    var asReceipt: Bool

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(id)
        bindings.append(alreadyAudited)
        bindings.append(channel)
        bindings.append(asReceipt)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

/// A journey locked for a change, with what the core needs to decide it (its programme, the
/// evidence of the date) and what the answer shows: every change of the service starts with it,
/// prepared once a connection.
struct JourneyLock: PostgresPreparedStatement {
    static let sql = """
        SELECT j.id, j.operator_id, j.carrier_id, j.cohort_id, j.phase, j.paused_from, j.version,
               to_char(j.opened_on, 'YYYY-MM-DD'), to_char(j.last_change_on, 'YYYY-MM-DD'),
               p.id, p.operator_id, p.name, p.phases,
               e.cape_covers_date, e.jury_decided_since_pitch, e.has_referral, e.has_activity,
               c.first_name || ' ' || c.last_name, o.name, co.name
        \(journeyWithItsNames)
        CROSS JOIN LATERAL parcours_journey_evidence(j.id, $2::date) AS e
        WHERE j.id = $1
        FOR UPDATE OF j
        """
    typealias Row = PostgresRow

    var id: Int64
    /// The change's effective date (ISO): the evidence is that of this day.
    var on: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(id)
        bindings.append(on)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

/// A journey's event and its audit entry, in one statement, prepared once a connection.
/// operator_id, staff_id, from_state and recorded_at are filled by the trigger: the client does
/// not choose them.
struct JourneyEventInsert: PostgresPreparedStatement {
    static let sql = """
        WITH recorded AS (
            INSERT INTO journey_event (operator_id, journey_id, seq, kind, to_state, effective_on, staff_id, reason)
            VALUES (0, $1, $2, $3, $4, $5::date, 0, $6)
            RETURNING journey_id
        )
        SELECT parcours_audit('change', ARRAY[$7::bigint], $8, $9) FROM recorded
        """
    typealias Row = Void

    var journey: Int64
    var seq: Int
    var kind: String
    var toState: String
    var on: String
    var reason: String?
    var carrier: Int64
    var channel: String
    var detail: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(journey)
        bindings.append(seq)
        bindings.append(kind)
        bindings.append(toState)
        bindings.append(on)
        bindings.append(reason)
        bindings.append(carrier)
        bindings.append(channel)
        bindings.append(detail)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws {}
}
