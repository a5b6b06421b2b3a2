import Foundation
import ParcoursCore
import PostgresNIO

/// One dated fact of a journey, as the person's timeline shows it: a phase change, a jury
/// decision, a CAPE period, a referral, a session attended, the activity created, a follow-up, a
/// step corrected or cancelled (dated the day of the correction, the step as first recorded).
public struct TimelineEntry: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case event, jury, cape, referral, session, activity, followUp = "follow_up", correction, cancellation
    }

    public var date: LocalDate
    public var kind: Kind
    /// What it is about, as a code or a name: the event's kind, the decision, the partner, the session's title…
    public var subject: String
    /// The state reached, the status, the attendance, the end of a period…
    public var detail: String?
    /// The reason or note given, if any.
    public var note: String?
    public var staffEmail: String?
}

extension Transaction {
    /// Everything dated about a journey, in date order: its history and what was recorded around it.
    public func timeline(of id: JourneyID) async throws -> [TimelineEntry] {
        _ = try await journey(id)
        return try await rows(
            """
            SELECT to_char(day, 'YYYY-MM-DD'), kind, subject, detail, note, staff FROM (
                SELECT e.effective_on AS day, 'event' AS kind, e.kind AS subject, e.to_state AS detail, e.reason AS note,
                       parcours_staff_email(e.staff_id) AS staff, 0 AS rank, e.seq AS seq
                FROM journey_event AS e WHERE e.journey_id = \(id.rawValue)
                UNION ALL
                SELECT j.decided_on, 'jury', j.decision, NULL, j.note, parcours_staff_email(j.staff_id), 1, j.id
                FROM jury_decision AS j WHERE j.journey_id = \(id.rawValue)
                UNION ALL
                SELECT p.starts_on, 'cape', p.seq::text, to_char(p.ends_on, 'YYYY-MM-DD'), NULL, NULL, 2, p.seq
                FROM cape_period AS p JOIN cape_contract AS c ON c.id = p.contract_id WHERE c.journey_id = \(id.rawValue)
                UNION ALL
                SELECT r.proposed_on, 'referral', pa.name, r.status, NULL, parcours_staff_email(r.staff_id), 3, r.id
                FROM referral AS r JOIN partner AS pa ON pa.id = r.partner_id WHERE r.journey_id = \(id.rawValue)
                UNION ALL
                SELECT (s.starts_at AT TIME ZONE 'Europe/Paris')::date, 'session', s.title, a.status || ' ' || a.minutes, NULL, NULL, 4, s.id
                FROM attendance AS a JOIN session AS s ON s.id = a.session_id WHERE a.journey_id = \(id.rawValue)
                UNION ALL
                SELECT ac.created_on, 'activity', ac.legal_form, ac.jobs_fte::text, ac.name, NULL, 5, 0
                FROM activity AS ac WHERE ac.journey_id = \(id.rawValue)
                UNION ALL
                SELECT (x.corrected_at AT TIME ZONE 'Europe/Paris')::date, CASE WHEN x.cancelled THEN 'cancellation' ELSE 'correction' END,
                       x.kind, x.to_state || ' ' || to_char(x.effective_on, 'YYYY-MM-DD'), x.correction_reason,
                       parcours_staff_email(x.corrected_by), 7, x.id
                FROM journey_event_correction AS x WHERE x.journey_id = \(id.rawValue)
                UNION ALL
                SELECT f.recorded_on, 'follow_up', f.situation, f.after_months::text, f.note, parcours_staff_email(f.staff_id), 6, f.id
                FROM follow_up AS f WHERE f.journey_id = \(id.rawValue)
            ) AS facts
            ORDER BY day, rank, seq
            """
        ).map { row in
            let (day, kind, subject, detail, note, staff) = try row.decode((String, String, String, String?, String?, String?).self)
            return TimelineEntry(
                date: try LocalDate.decoded(day), kind: TimelineEntry.Kind(rawValue: kind) ?? .event, subject: subject, detail: detail,
                note: note, staffEmail: staff)
        }
    }
}
