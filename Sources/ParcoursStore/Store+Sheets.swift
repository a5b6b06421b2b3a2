import Crypto
import Foundation
import ParcoursCore
import PostgresNIO

extension SheetScan {
    /// The reference of a scanned file: its SHA-256, name and size.
    public static func of(_ data: Data, named fileName: String) -> SheetScan {
        SheetScan(
            sha256: SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined(), fileName: fileName, bytes: Int64(data.count))
    }
}

extension Transaction {
    /// What a session's attendance sheet shows: the session, its operator and agreements, everyone
    /// expected to sign, and the signed sheets already recorded.
    public func attendanceSheet(session id: SessionID) async throws -> AttendanceSheet {
        try requirePersonReader()
        guard let session = try await sessions(id: id.rawValue).first else { throw StoreError.notFound("session", id.rawValue) }
        let day = LocalDate(session.startsAt, in: .paris)
        let operatorName = try await rows(
            "SELECT o.name FROM session AS s JOIN operator AS o ON o.id = s.operator_id WHERE s.id = \(id.rawValue)"
        ).first!.decode(String.self)
        // The cohort's journeys open that day (a session without a cohort: the programme's, but an
        // appointment's only), and whoever is already recorded.
        let expected = try await rows(
            """
            SELECT DISTINCT c.id, c.last_name, c.first_name
            FROM session AS s
            JOIN journey AS j ON j.programme_id = s.programme_id
            JOIN carrier AS c ON c.id = j.carrier_id
            WHERE s.id = \(id.rawValue)
              AND ((s.cohort_id IS NOT NULL AND j.cohort_id = s.cohort_id) OR (s.cohort_id IS NULL AND s.kind <> 'appointment')
                   OR EXISTS (SELECT FROM attendance AS a WHERE a.session_id = s.id AND a.journey_id = j.id))
              AND (EXISTS (SELECT FROM attendance AS a WHERE a.session_id = s.id AND a.journey_id = j.id)
                   OR (j.opened_on <= \(day.iso)::date AND (j.closed_on IS NULL OR j.closed_on >= \(day.iso)::date)))
            ORDER BY c.last_name, c.first_name, c.id
            """
        ).map { row in
            let (carrier, last, first) = try row.decode((Int64, String, String).self)
            return AttendanceSheet.Signatory(carrierID: CarrierID(carrier), lastName: last, firstName: first)
        }
        let agreements = try await rows(
            """
            SELECT DISTINCT f.code, f.title, fu.name
            FROM session AS s
            JOIN journey AS j ON j.programme_id = s.programme_id AND (s.cohort_id IS NULL OR j.cohort_id = s.cohort_id)
            JOIN funding_journey AS fj ON fj.journey_id = j.id
            JOIN funding AS f ON f.id = fj.funding_id
            JOIN funder AS fu ON fu.id = f.funder_id
            WHERE s.id = \(id.rawValue) AND \(day.iso)::date BETWEEN f.starts_on AND f.ends_on
            ORDER BY f.code
            """
        ).map { row in
            let (code, title, funder) = try row.decode((String, String, String).self)
            return AttendanceSheet.Agreement(code: code, title: title, funder: funder)
        }
        return AttendanceSheet(
            sessionID: id, operatorName: operatorName, programme: session.programmeName, cohort: session.cohortName, kind: session.kind,
            title: session.title, startsAt: session.startsAt, durationMinutes: session.durationMinutes, trainer: session.facilitator,
            agreements: agreements, expected: expected, scans: try await signedSheets(session: id))
    }

    /// The signed sheets recorded for a session, oldest first.
    public func signedSheets(session id: SessionID) async throws -> [AttendanceSheet.Scan] {
        try await rows(
            """
            SELECT x.sha256, x.file_name, x.bytes, st.email, x.recorded_at
            FROM attendance_sheet_scan AS x JOIN staff AS st ON st.id = x.staff_id
            WHERE x.session_id = \(id.rawValue)
            ORDER BY x.recorded_at, x.id
            """
        ).map { row in
            let (sha, name, bytes, staff, at) = try row.decode((String, String, Int64, String, Date).self)
            return AttendanceSheet.Scan(sha256: sha, fileName: name, bytes: bytes, recordedBy: staff, recordedAt: at)
        }
    }

    /// Records a session's signed sheet by its SHA-256, as the acting staff member, once: the same
    /// scan recorded again is the record already there.
    public func recordSignedSheet(session id: SessionID, _ scan: SheetScan) async throws -> AttendanceSheet.Scan {
        try requireWriter()
        guard SheetScan.isDigest(scan.sha256) else { throw StoreError.invalid(Refusal(.valueRejected, field: "sha256", ["value": scan.sha256])) }
        let name = try requireText(scan.fileName, field: "file")
        guard scan.bytes > 0 else { throw StoreError.invalid(Refusal(.empty, field: "file")) }
        guard let session = try await sessions(id: id.rawValue).first else { throw StoreError.notFound("session", id.rawValue) }
        guard session.startsAt <= now else {
            throw StoreError.refused(Refusal(.sessionNotStarted, [
                "session": "\(id.rawValue)", "date": LocalDate(session.startsAt, in: .paris).iso, "today": today.iso,
            ]))
        }
        try await query(
            """
            INSERT INTO attendance_sheet_scan (operator_id, session_id, sha256, file_name, bytes, staff_id)
            SELECT s.operator_id, s.id, \(scan.sha256), \(String(name.prefix(200))), \(scan.bytes), 0 FROM session AS s WHERE s.id = \(id.rawValue)
            ON CONFLICT (session_id, sha256, operator_id) DO NOTHING
            """)
        return try await signedSheets(session: id).first { $0.sha256 == scan.sha256 }!
    }
}

extension Transaction {
    /// What a person attended under an agreement (present, inside its dates), session by session.
    public func attendanceCertificate(carrier id: CarrierID, funding: Funding) async throws -> AttendanceCertificate {
        try requirePersonReader()
        let person = try await carrier(id).carrier
        let operatorName = try await rows("SELECT name FROM operator WHERE id = \(person.operatorID.rawValue)").first!.decode(String.self)
        let lines = try await rows(
            """
            SELECT to_char((s.starts_at AT TIME ZONE 'Europe/Paris')::date, 'YYYY-MM-DD'), s.kind, s.title, a.minutes
            FROM journey AS j
            JOIN funding_journey AS fj ON fj.journey_id = j.id AND fj.funding_id = \(funding.id.rawValue)
            JOIN attendance AS a ON a.journey_id = j.id AND a.status = 'present'
            JOIN session AS s ON s.id = a.session_id
            WHERE j.carrier_id = \(id.rawValue)
              AND (s.starts_at AT TIME ZONE 'Europe/Paris')::date BETWEEN \(funding.startsOn.iso)::date AND \(funding.endsOn.iso)::date
            ORDER BY s.starts_at, s.id
            """
        ).map { row in
            let (day, kind, title, minutes) = try row.decode((String, String, String, Int).self)
            return AttendanceCertificate.Line(day: try LocalDate.decoded(day), kind: SessionKind(rawValue: kind) ?? .workshop, title: title, minutes: minutes)
        }
        try await audit("read", carriers: [id], "attendance certificate \(funding.code)")
        return AttendanceCertificate(
            carrierID: id, firstName: person.firstName, lastName: person.lastName, birthDate: person.birthDate, operatorName: operatorName,
            agreement: AttendanceSheet.Agreement(code: funding.code, title: funding.title, funder: funding.funderName),
            period: funding.period, lines: lines)
    }
}

/// A person's presence at one session under an agreement: the audit pack's hours.
public struct ParticipantPresence: Sendable, Hashable {
    public var carrierID: CarrierID
    public var pseudonym: String
    public var firstName: String
    public var lastName: String
    public var sessionID: SessionID
    public var line: AttendanceCertificate.Line
}

extension Transaction {
    /// Every presence under an agreement, inside its dates, by person then time (an export of
    /// these people's records, in the audit log).
    public func presences(under funding: Funding) async throws -> [ParticipantPresence] {
        try requirePersonReader()
        let presences = try await rows(
            """
            SELECT c.id, parcours_participant_pseudonym(\(funding.id.rawValue), c.id), c.first_name, c.last_name, s.id,
                   to_char((s.starts_at AT TIME ZONE 'Europe/Paris')::date, 'YYYY-MM-DD'), s.kind, s.title, a.minutes
            FROM funding_journey AS fj
            JOIN journey AS j ON j.id = fj.journey_id
            JOIN carrier AS c ON c.id = j.carrier_id
            JOIN attendance AS a ON a.journey_id = j.id AND a.status = 'present'
            JOIN session AS s ON s.id = a.session_id
            WHERE fj.funding_id = \(funding.id.rawValue)
              AND (s.starts_at AT TIME ZONE 'Europe/Paris')::date BETWEEN \(funding.startsOn.iso)::date AND \(funding.endsOn.iso)::date
            ORDER BY c.last_name, c.first_name, c.id, s.starts_at, s.id
            """
        ).map { row in
            let (carrier, pseudonym, first, last, session, day, kind, title, minutes) =
                try row.decode((Int64, String, String, String, Int64, String, String, String, Int).self)
            return ParticipantPresence(
                carrierID: CarrierID(carrier), pseudonym: pseudonym, firstName: first, lastName: last, sessionID: SessionID(session),
                line: AttendanceCertificate.Line(
                    day: try LocalDate.decoded(day), kind: SessionKind(rawValue: kind) ?? .workshop, title: title, minutes: minutes))
        }
        try await audit("export", carriers: Array(Set(presences.map(\.carrierID))).sorted { $0.rawValue < $1.rawValue }, "presences \(funding.code)")
        return presences
    }

    /// The sessions an agreement's journeys attended (or were expected at), held inside its dates.
    public func sessions(under funding: Funding) async throws -> [SessionID] {
        try await rows(
            """
            SELECT DISTINCT s.id, s.starts_at
            FROM funding_journey AS fj
            JOIN journey AS j ON j.id = fj.journey_id
            JOIN session AS s ON s.programme_id = j.programme_id AND (s.cohort_id IS NULL OR s.cohort_id = j.cohort_id)
            WHERE fj.funding_id = \(funding.id.rawValue) AND s.starts_at <= now()
              AND (s.starts_at AT TIME ZONE 'Europe/Paris')::date BETWEEN \(funding.startsOn.iso)::date AND \(funding.endsOn.iso)::date
              AND (s.kind <> 'appointment' OR EXISTS (SELECT FROM attendance AS a WHERE a.session_id = s.id AND a.journey_id = j.id))
            ORDER BY s.starts_at, s.id
            """
        ).map { SessionID(try $0.decode((Int64, Date).self).0) }
    }

    /// The acting staff member's e-mail (who made a document).
    public func actingEmail() async throws -> String {
        try await rows("SELECT coalesce(parcours_staff_email(parcours_current_staff()), 'inconnu')").first!.decode(String.self)
    }
}
