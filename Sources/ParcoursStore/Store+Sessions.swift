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
        let title = try requireText(title, field: "title")
        guard (1...1440).contains(durationMinutes) else { throw StoreError.invalid(Refusal(.outOfRange, field: "duration", ["value": "\(durationMinutes)", "minimum": "1", "maximum": "1440"])) }
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
            GROUP BY s.id, s.operator_id, p.name, c.name
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
    /// without one, or outside the session's cohort, is refused with every such carrier named, and
    /// with `alongside` (a file's bad lines): every problem in one answer.
    public func attend(session id: Int64, _ entries: [AttendanceEntry], alongside fileProblems: [Refusal.Problem] = []) async throws -> Int {
        guard let session = try await sessions(id: id).first else { throw StoreError.notFound("session", id) }
        if entries.isEmpty, !fileProblems.isEmpty { throw StoreError.invalid(.nothingDone(fileProblems)) }
        guard !entries.isEmpty else { throw StoreError.invalid(Refusal(.nothingGiven, fields: ["present", "excused", "absent", "file"])) }
        let carriers = entries.map(\.carrierID.rawValue)
        var journeys: [Int64: (journey: Int64, cohort: Int64?, openedOn: LocalDate, closedOn: LocalDate?)] = [:]
        for row in try await rows(
            """
            SELECT c.carrier_id, j.id, j.cohort_id, to_char(j.opened_on, 'YYYY-MM-DD'), to_char(j.closed_on, 'YYYY-MM-DD')
            FROM unnest(\(carriers)::bigint[]) AS c (carrier_id)
            JOIN LATERAL (
                SELECT id, cohort_id, opened_on, closed_on FROM journey
                WHERE carrier_id = c.carrier_id AND programme_id = \(session.programmeID.rawValue)
                ORDER BY cohort_id IS NOT DISTINCT FROM \(session.cohortID?.rawValue)::bigint DESC, closed_on IS NULL DESC, id DESC
                LIMIT 1
            ) AS j ON true
            """)
        {
            let (carrier, journey, cohort, openedOn, closedOn) = try row.decode((Int64, Int64, Int64?, String, String?).self)
            journeys[carrier] = (journey, cohort, try LocalDate.decoded(openedOn), try LocalDate.decoded(closedOn))
        }
        // Facts stay facts: nobody attends a session that has not started yet.
        guard session.startsAt <= now else {
            throw StoreError.refused(Refusal(.sessionNotStarted, [
                "session": "\(id)", "date": LocalDate(session.startsAt, in: .paris).iso, "today": today.iso,
            ]))
        }
        let sessionDay = LocalDate(session.startsAt, in: .paris)
        var problems = fileProblems
        var listed: Set<CarrierID> = []
        for entry in entries {
            let carrier = entry.carrierID.description
            func problem(_ code: RefusalCode, _ values: [String: String] = [:]) {
                // The message names the carrier; a file's line names where.
                problems.append(.init(line: entry.line, Refusal(code, values.merging(["carrier": carrier]) { a, _ in a })))
            }
            // NB: one row per carrier and session: a second line for the same carrier is ambiguous.
            if !listed.insert(entry.carrierID).inserted {
                problem(.listedTwice)
                continue
            }
            if let minutes = entry.minutes, minutes < 0 {
                problem(.negativeMinutes, ["minutes": "\(minutes)"])
                continue
            }
            guard let match = journeys[entry.carrierID.rawValue] else {
                problem(.noJourneyInProgramme, ["programme": session.programmeName])
                continue
            }
            if let cohort = session.cohortID, match.cohort != cohort.rawValue {
                problem(.carrierNotInSession, ["session": "\(id)", "title": session.title, "cohort": session.cohortName ?? ""])
            }
            if match.openedOn > sessionDay || (match.closedOn.map { $0 < sessionDay } ?? false) {
                problem(.journeyNotOpenOnSessionDay, [
                    "journey": "\(match.journey)", "date": sessionDay.iso, "opened": match.openedOn.iso, "closed": match.closedOn?.iso ?? "-",
                ])
            }
            if let minutes = entry.minutes, minutes > session.durationMinutes {
                problem(.attendanceTooLong, ["minutes": "\(minutes)", "duration": "\(session.durationMinutes)"])
            }
        }
        if !problems.isEmpty { throw StoreError.refused(.nothingDone(problems)) }
        let journeyIDs = entries.map { journeys[$0.carrierID.rawValue]!.journey }
        try await query(
            """
            INSERT INTO attendance (operator_id, session_id, journey_id, status, minutes, staff_id)
            SELECT s.operator_id, s.id, e.journey_id, e.status, e.minutes, \(acting.id.rawValue)
            FROM session AS s
            CROSS JOIN unnest(\(journeyIDs)::bigint[], \(entries.map(\.status.rawValue))::text[],
                              \(entries.map { $0.minutes(ofSessionLasting: session.durationMinutes) })::integer[]) AS e (journey_id, status, minutes)
            WHERE s.id = \(id)
            ON CONFLICT (session_id, journey_id, operator_id) DO UPDATE SET status = excluded.status, minutes = excluded.minutes
            """)
        return entries.count
    }

    /// Minutes of accompaniment a journey received: derived from attendance, never typed twice.
    public func accompanimentMinutes(journey id: JourneyID) async throws -> Int {
        try await rows("SELECT coalesce(sum(minutes), 0)::integer FROM attendance WHERE journey_id = \(id.rawValue)").first!.decode(Int.self)
    }
}

/// Who came to a session: one line per person recorded.
public struct AttendanceLine: Sendable, Hashable {
    public var carrierID: CarrierID
    public var carrierName: String
    public var journeyID: JourneyID
    public var status: AttendanceStatus
    public var minutes: Int
}

extension Transaction {
    /// The attendance recorded for a session, by name.
    public func attendance(session id: Int64) async throws -> [AttendanceLine] {
        try requirePersonReader()
        let lines = try await rows(
            """
            SELECT c.id, c.first_name || ' ' || c.last_name, j.id, a.status, a.minutes
            FROM attendance AS a
            JOIN journey AS j ON j.id = a.journey_id
            JOIN carrier AS c ON c.id = j.carrier_id
            WHERE a.session_id = \(id)
            ORDER BY c.last_name, c.first_name, c.id
            """
        ).map { row in
            let (carrier, name, journey, status, minutes) = try row.decode((Int64, String, Int64, String, Int).self)
            return AttendanceLine(
                carrierID: CarrierID(carrier), carrierName: name, journeyID: JourneyID(journey),
                status: AttendanceStatus(rawValue: status) ?? .absent, minutes: minutes)
        }
        try await audit("read", carriers: lines.map(\.carrierID), "session \(id) attendance")
        return lines
    }
}
