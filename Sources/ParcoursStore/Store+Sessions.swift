import Foundation
import ParcoursCore
import PostgresNIO

public struct SessionListing: Sendable, Hashable {
    public var id: Int64
    public var programmeID: ProgrammeID
    public var programmeName: String
    public var cohortID: CohortID?
    public var cohortName: String?
    public var kind: SessionKind
    public var title: String
    public var startsAt: Date
    public var durationMinutes: Int
    public var facilitator: String?
    /// How many attendances are recorded, and how many of them present.
    public var recorded: Int
    public var present: Int
}

extension Transaction {
    public func addSession(
        programme: Programme, cohort: CohortID?, kind: SessionKind, title: String, startsAt: Date, durationMinutes: Int,
        facilitator: String?
    ) async throws -> Int64 {
        let title = try requireText(title, field: "--title")
        guard (1...1440).contains(durationMinutes) else { throw StoreError.invalid("--duration: between 1 and 1440 minutes") }
        return try await rows(
            """
            INSERT INTO session (operator_id, programme_id, cohort_id, kind, title, starts_at, duration_minutes, facilitator)
            VALUES (\(programme.operatorID.rawValue), \(programme.id.rawValue), \(cohort?.rawValue), \(kind.rawValue), \(title),
                    \(startsAt), \(durationMinutes), \(facilitator))
            RETURNING id
            """
        ).first!.decode(Int64.self)
    }

    /// In time order; `page` continues after a (start, id) position (keyset pagination).
    public func sessions(
        id: Int64? = nil, programme: ProgrammeID? = nil, cohort: CohortID? = nil, page: Page<Date>? = nil
    ) async throws -> [SessionListing] {
        try await rows(
            """
            SELECT s.id, s.programme_id, p.name, s.cohort_id, c.name, s.kind, s.title, s.starts_at, s.duration_minutes, s.facilitator,
                   count(a.journey_id)::integer, (count(a.journey_id) FILTER (WHERE a.status = 'present'))::integer
            FROM session AS s
            JOIN programme AS p ON p.id = s.programme_id
            LEFT JOIN cohort AS c ON c.id = s.cohort_id
            LEFT JOIN attendance AS a ON a.session_id = s.id
            WHERE (\(id)::bigint IS NULL OR s.id = \(id))
              AND (\(programme?.rawValue)::bigint IS NULL OR s.programme_id = \(programme?.rawValue))
              AND (\(cohort?.rawValue)::bigint IS NULL OR s.cohort_id = \(cohort?.rawValue))
              AND (\(page?.after?.id)::bigint IS NULL OR (s.starts_at, s.id) > (\(page?.after?.key)::timestamptz, \(page?.after?.id)::bigint))
            GROUP BY s.id, p.name, c.name
            ORDER BY s.starts_at, s.id
            LIMIT \(page?.limit)
            """
        ).map { row in
            let (id, programmeID, programmeName, cohortID, cohortName, kind, title, startsAt, duration, facilitator, recorded, present) =
                try row.decode((Int64, Int64, String, Int64?, String?, String, String, Date, Int, String?, Int, Int).self)
            return SessionListing(
                id: id, programmeID: ProgrammeID(programmeID), programmeName: programmeName, cohortID: cohortID.map(CohortID.init),
                cohortName: cohortName, kind: SessionKind(rawValue: kind) ?? .workshop, title: title, startsAt: startsAt,
                durationMinutes: duration, facilitator: facilitator, recorded: recorded, present: present)
        }
    }

    /// Records (or corrects) a whole session's attendance in one statement: all of it, or none.
    ///
    /// Entries name carriers; each is matched to their journey in the session's programme. A carrier
    /// without one, or outside the session's cohort, is refused with every such carrier named.
    public func attend(session id: Int64, _ entries: [AttendanceEntry]) async throws -> Int {
        guard let session = try await sessions(id: id).first else { throw StoreError.notFound("session \(id) not found") }
        guard !entries.isEmpty else { throw StoreError.invalid("no attendance given (--present, --excused, --absent or --file)") }
        let carriers = entries.map(\.carrierID.rawValue)
        var journeys: [Int64: (journey: Int64, cohort: Int64?)] = [:]
        for row in try await rows(
            """
            SELECT c.carrier_id, j.id, j.cohort_id
            FROM unnest(\(carriers)::bigint[]) AS c (carrier_id)
            JOIN LATERAL (
                SELECT id, cohort_id FROM journey
                WHERE carrier_id = c.carrier_id AND programme_id = \(session.programmeID.rawValue)
                ORDER BY cohort_id IS NOT DISTINCT FROM \(session.cohortID?.rawValue)::bigint DESC, closed_on IS NULL DESC, id DESC
                LIMIT 1
            ) AS j ON true
            """)
        {
            let (carrier, journey, cohort) = try row.decode((Int64, Int64, Int64?).self)
            journeys[carrier] = (journey, cohort)
        }
        var problems: [ImportProblems.Problem] = []
        var listed: Set<CarrierID> = []
        for entry in entries {
            let subject = "carrier \(entry.carrierID)"
            // NB: one row per carrier and session: a second line for the same carrier is ambiguous.
            if !listed.insert(entry.carrierID).inserted {
                problems.append(.init(line: entry.line ?? 0, message: "\(subject) is listed more than once"))
                continue
            }
            if let minutes = entry.minutes, minutes < 0 {
                problems.append(.init(line: entry.line ?? 0, message: "\(subject): minutes cannot be negative (\(minutes))"))
                continue
            }
            guard let match = journeys[entry.carrierID.rawValue] else {
                problems.append(.init(line: entry.line ?? 0, message: "\(subject) has no journey in programme '\(session.programmeName)' (or is not yours to see)"))
                continue
            }
            if let cohort = session.cohortID, match.cohort != cohort.rawValue {
                problems.append(.init(line: entry.line ?? 0, message: "\(subject) is not in the cohort of session \(id) ('\(session.title)', \(session.cohortName ?? ""))"))
            }
            if let minutes = entry.minutes, minutes > session.durationMinutes {
                problems.append(.init(line: entry.line ?? 0, message: "\(subject): \(minutes) minutes, but the session lasts \(session.durationMinutes)"))
            }
        }
        if !problems.isEmpty {
            let typed = problems.allSatisfy { $0.line == 0 }
            throw StoreError.refused(typed
                ? "nothing was recorded: " + problems.map(\.message).joined(separator: "; ")
                : ImportProblems(problems).description)
        }
        let journeyIDs = entries.map { journeys[$0.carrierID.rawValue]!.journey }
        try await query(
            """
            INSERT INTO attendance (operator_id, session_id, journey_id, status, minutes, staff_id)
            SELECT s.operator_id, s.id, e.journey_id, e.status, e.minutes, 0
            FROM session AS s
            CROSS JOIN unnest(\(journeyIDs)::bigint[], \(entries.map(\.status.rawValue))::text[],
                              \(entries.map { $0.minutes(ofSessionLasting: session.durationMinutes) })::integer[]) AS e (journey_id, status, minutes)
            WHERE s.id = \(id)
            ON CONFLICT (session_id, journey_id) DO UPDATE SET status = excluded.status, minutes = excluded.minutes
            """)
        return entries.count
    }

    /// Minutes of accompaniment a journey received: derived from attendance, never typed twice.
    public func accompanimentMinutes(journey id: JourneyID) async throws -> Int {
        try await rows("SELECT coalesce(sum(minutes), 0)::integer FROM attendance WHERE journey_id = \(id.rawValue)").first!.decode(Int.self)
    }
}
