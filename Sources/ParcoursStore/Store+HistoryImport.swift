import Foundation
import NIOCore
import ParcoursCore
import PostgresNIO

public struct HistoryCounts: Sendable, Hashable {
    public var journeys: Int
    public var events: Int

    public init(journeys: Int, events: Int) {
        self.journeys = journeys
        self.events = events
    }
}

extension Transaction {
    /// Imports checked journey histories for an operator (`journey import`), all or nothing.
    ///
    /// The lines are COPied into two staging tables; carriers, cohorts and partners are resolved
    /// set-based, and every line that names one unknown is refused at once. Then the history is
    /// written the way it happened, in rounds: round *k* inserts every journey's *k*-th event in one
    /// INSERT … SELECT, just after the records its guarded steps need (the CAPE, the jury's decision,
    /// the referral, the activity). The triggers of `journey_event` stay on: each event is checked
    /// again by the database's own rules, and the journeys' cached state is theirs.
    ///
    /// - Parameters:
    ///   - referralReason: the reason a referral of the file is given when its line has none.
    ///   - headers: the file's own spelling of each column (`HistoryImport.headers`), for refusals.
    public func importHistory(
        _ journeys: [HistoryJourney], operatorID: OperatorID, referralReason: String, headers: [String: String] = [:],
        progress: @Sendable (Int) -> Void = { _ in }
    ) async throws -> HistoryCounts {
        // The staging tables are the owner's (sql/0024): the logins may not create temporary tables.
        try await query("SELECT parcours_open_staging('history')")
        try await copy(into: "history_journey", Self.journeyColumns, journeys.enumerated()) { n, journey in Self.journeyFields(n, journey.head) }
        let events = journeys.enumerated().flatMap { n, journey in journey.events.enumerated().map { (n, $0 + 1, $1) } }
        try await copy(into: "history_event", Self.eventColumns, events) { n, seq, event in Self.eventFields(n, seq, event) }
        return try await writeStagedHistory(operatorID: operatorID, referralReason: referralReason, headers: headers, progress: progress)
    }

    /// Imports a history file read in batches, never held whole: each line checked by `checker`
    /// against the earlier lines of its journey as it is read, its event copied into staging at
    /// once; the journeys' first lines (all the checker keeps of them) after the file. Every
    /// problem is reported at once (the first 500), and nothing is written unless there is none;
    /// then as above.
    public func importHistory(
        _ lines: some SheetRows, checker: HistoryImport.Checker, operatorID: OperatorID, referralReason: String,
        headers: [String: String] = [:], progress: @Sendable (Int) -> Void = { _ in }
    ) async throws -> HistoryCounts {
        var checker = checker
        var problems: [Refusal.Problem] = []
        try await query("SELECT parcours_open_staging('history')")
        try await copyLines(into: "history_event", Self.eventColumns) { line in
            try await lines.forEachBatch { batch in
                for (number, fields) in batch {
                    switch checker.check(line: number, fields: fields) {
                    case .opened(let n, let event): try await line(Self.eventFields(n, 1, event))
                    case .event(let n, let seq, let event): try await line(Self.eventFields(n, seq, event))
                    case .refused(let found): if problems.count < 500 { problems += found.map { Refusal.Problem(line: number, $0) } }
                    }
                }
            }
        }
        guard problems.isEmpty else { throw Refusal.nothingDone(Array(problems.prefix(500))) }
        try await copy(into: "history_journey", Self.journeyColumns, checker.heads.enumerated()) { n, head in Self.journeyFields(n, head) }
        return try await writeStagedHistory(operatorID: operatorID, referralReason: referralReason, headers: headers, progress: progress)
    }

    private static let journeyColumns = ["n", "line", "ref", "programme_id", "cohort", "generation", "opened_on"]
    private static let eventColumns = [
        "n", "seq", "line", "kind", "to_state", "effective_on", "reason", "cape_start", "cape_end", "jury", "partner",
        "partner_answer", "legal_form", "jobs_fte", "activity_name",
    ]

    private static func journeyFields(_ n: Int, _ head: HistoryImport.JourneyHead) -> [String?] {
        [String(n), String(head.line), head.carrierRef, head.programme.id.description, head.cohort, String(head.generation), head.openedOn.iso]
    }

    private static func eventFields(_ n: Int, _ seq: Int, _ event: HistoryEvent) -> [String?] {
        [String(n), String(seq), String(event.line), event.kind.rawValue, event.state.name, event.on.iso, event.reason,
         event.cape?.startsOn.iso, event.cape?.endsOn.iso, event.jury?.rawValue, event.partner, event.partnerAnswer?.rawValue,
         event.legalForm?.rawValue, event.jobsFTE.map { String($0) }, event.activityName]
    }

    /// The staged history written the way it happened, in rounds (see importHistory).
    private func writeStagedHistory(
        operatorID: OperatorID, referralReason: String, headers: [String: String], progress: @Sendable (Int) -> Void
    ) async throws -> HistoryCounts {
        try await resolveHistoryReferences(operatorID: operatorID, headers: headers)
        // Each generation's rounds and how many events each writes.
        var rounds: [Int: [(seq: Int, events: Int)]] = [:]
        for row in try await rows(
            """
            SELECT h.generation, e.seq, count(*)::integer
            FROM history_journey AS h JOIN history_event AS e ON e.n = h.n
            GROUP BY h.generation, e.seq ORDER BY 1, 2
            """)
        {
            let (generation, seq, events) = try row.decode((Int, Int, Int).self)
            rounds[generation, default: []].append((seq, events))
        }
        var written = 0
        for generation in rounds.keys.sorted() {
            // Journeys of a generation open once the earlier ones of the same carrier and programme
            // ended: one carrier follows a programme once at a time.
            try await query(
                """
                WITH inserted AS (
                    INSERT INTO journey (operator_id, carrier_id, programme_id, cohort_id, phase, opened_on, last_change_on)
                    SELECT \(operatorID.rawValue), h.carrier_id, h.programme_id, h.cohort_id, 'idea', h.opened_on, h.opened_on
                    FROM history_journey AS h WHERE h.generation = \(generation) ORDER BY h.n
                    RETURNING id, carrier_id, programme_id
                )
                UPDATE history_journey AS h SET journey_id = i.id
                FROM inserted AS i
                WHERE h.generation = \(generation) AND h.carrier_id = i.carrier_id AND h.programme_id = i.programme_id
                """)
            for (seq, events) in rounds[generation] ?? [] {
                try await writeHistoryRound(seq: seq, generation: generation, operatorID: operatorID, referralReason: referralReason)
                written += events
                progress(written)
            }
        }
        try await query(
            """
            SELECT parcours_audit('change', array_agg(DISTINCT carrier_id), \(channel.rawValue), 'journey history imported')
            FROM history_journey
            """)
        let journeys = rounds.values.reduce(0) { $0 + ($1.first?.events ?? 0) }
        wrote(journeys, into: "journey")
        wrote(written, into: "journey_event")
        // At most one of these a line: statistics follow when they grew by a tenth.
        for table in ["cape_contract", "cape_period", "jury_decision", "referral", "activity", "audit_event"] { wrote(written, into: table) }
        return HistoryCounts(journeys: journeys, events: written)
    }

    /// Every line naming a carrier, a cohort or a partner the operator does not have, and every
    /// journey the database already holds, refused in one go.
    private func resolveHistoryReferences(operatorID: OperatorID, headers: [String: String]) async throws {
        func column(_ key: String) -> String { headers[key] ?? "\"\(key)\"" }
        try await query(
            """
            UPDATE history_journey AS h SET carrier_id = c.id
            FROM carrier AS c WHERE c.operator_id = \(operatorID.rawValue) AND c.external_ref = h.ref
            """)
        try await query(
            """
            UPDATE history_journey AS h SET cohort_id = k.id
            FROM cohort AS k WHERE k.programme_id = h.programme_id AND lower(k.name) = lower(h.cohort)
            """)
        try await query("UPDATE history_event AS e SET partner_id = p.id FROM partner AS p WHERE lower(p.name) = lower(e.partner)")
        let found = try await rows(
            """
            SELECT h.line, 'carrier', h.ref, NULL::bigint, NULL::text, NULL::text FROM history_journey AS h WHERE h.carrier_id IS NULL
            UNION ALL
            SELECT h.line, 'cohort', h.cohort, NULL, NULL, NULL FROM history_journey AS h WHERE h.cohort IS NOT NULL AND h.cohort_id IS NULL
            UNION ALL
            SELECT e.line, 'partner', e.partner, NULL, NULL, NULL FROM history_event AS e WHERE e.partner IS NOT NULL AND e.partner_id IS NULL
            UNION ALL
            SELECT h.line, 'running', h.ref, j.id, p.name, NULL
            FROM history_journey AS h JOIN journey AS j ON j.carrier_id = h.carrier_id AND j.programme_id = h.programme_id AND j.closed_on IS NULL
            JOIN programme AS p ON p.id = h.programme_id
            UNION ALL
            SELECT h.line, 'imported', h.ref, j.id, p.name, to_char(j.opened_on, 'YYYY-MM-DD')
            FROM history_journey AS h JOIN journey AS j ON j.carrier_id = h.carrier_id AND j.programme_id = h.programme_id
                                                          AND j.opened_on = h.opened_on AND j.closed_on IS NOT NULL
            JOIN programme AS p ON p.id = h.programme_id
            ORDER BY 1
            LIMIT 200
            """)
        guard !found.isEmpty else { return }
        let problems = try found.map { row in
            let (line, what, value, journey, programme, opened) = try row.decode((Int, String, String, Int64?, String?, String?).self)
            switch what {
            case "running":
                return Refusal.Problem(line: line, Refusal(.alreadyInProgramme, field: column("ref"), [
                    "carrier": value, "programme": programme ?? "", "journey": journey.map(String.init) ?? "",
                ]))
            case "imported":
                return Refusal.Problem(line: line, Refusal(.historyAlreadyImported, field: column("ref"), [
                    "ref": value, "programme": programme ?? "", "date": opened ?? "",
                ]))
            default:
                let field = ["carrier": "ref", "cohort": "cohort", "partner": "partner"][what] ?? what
                return Refusal.Problem(line: line, Refusal(.unknownName, field: column(field), ["record": what, "value": value]))
            }
        }
        throw StoreError.invalid(Refusal.nothingDone(problems))
    }

    /// Round `seq`: the records the round's guarded steps need, then every journey's `seq`-th event.
    private func writeHistoryRound(seq: Int, generation: Int, operatorID: OperatorID, referralReason: String) async throws {
        let op = operatorID.rawValue
        // The jury decides while the journey is in pitch, the day it leaves it.
        try await query(
            """
            INSERT INTO jury_decision (operator_id, journey_id, decision, decided_on, staff_id)
            SELECT \(op), h.journey_id, e.jury, e.effective_on, 0
            FROM history_event AS e JOIN history_journey AS h USING (n)
            WHERE e.seq = \(seq) AND h.generation = \(generation) AND e.jury IS NOT NULL
            """)
        try await query(
            """
            WITH contract AS (
                INSERT INTO cape_contract (operator_id, journey_id)
                SELECT \(op), h.journey_id
                FROM history_event AS e JOIN history_journey AS h USING (n)
                WHERE e.seq = \(seq) AND h.generation = \(generation) AND e.cape_end IS NOT NULL
                RETURNING id, journey_id
            )
            INSERT INTO cape_period (operator_id, contract_id, seq, starts_on, ends_on)
            SELECT \(op), c.id, 0, e.cape_start, e.cape_end
            FROM contract AS c JOIN history_journey AS h ON h.journey_id = c.journey_id
            JOIN history_event AS e ON e.n = h.n AND e.seq = \(seq)
            """)
        try await query(
            """
            INSERT INTO referral (operator_id, journey_id, partner_id, reason, status, proposed_on, answered_on,
                                  carrier_first_name, carrier_last_name, carrier_email, carrier_phone, staff_id)
            SELECT \(op), h.journey_id, e.partner_id, coalesce(e.reason, \(referralReason)), coalesce(e.partner_answer, 'proposed'),
                   e.effective_on, CASE WHEN coalesce(e.partner_answer, 'proposed') <> 'proposed' THEN e.effective_on END,
                   c.first_name, c.last_name, c.email, c.phone, 0
            FROM history_event AS e JOIN history_journey AS h USING (n) JOIN carrier AS c ON c.id = h.carrier_id
            WHERE e.seq = \(seq) AND h.generation = \(generation) AND e.partner_id IS NOT NULL
            """)
        try await query(
            """
            INSERT INTO activity (journey_id, operator_id, legal_form, created_on, jobs_fte, name)
            SELECT h.journey_id, \(op), e.legal_form, e.effective_on, coalesce(e.jobs_fte, 0), e.activity_name
            FROM history_event AS e JOIN history_journey AS h USING (n)
            WHERE e.seq = \(seq) AND h.generation = \(generation) AND e.legal_form IS NOT NULL
            """)
        // Each event names who records it and the state it leaves, so no row trigger stamps it: the
        // round is checked as a whole once written (journey_event_checked).
        try await query(
            """
            INSERT INTO journey_event (operator_id, journey_id, seq, kind, from_state, to_state, effective_on, staff_id, reason)
            SELECT \(op), h.journey_id, e.seq, e.kind, CASE WHEN e.kind <> 'open' THEN j.phase END, e.to_state, e.effective_on,
                   \(acting.id.rawValue), e.reason
            FROM history_event AS e JOIN history_journey AS h USING (n) JOIN journey AS j ON j.id = h.journey_id
            WHERE e.seq = \(seq) AND h.generation = \(generation)
            ORDER BY h.journey_id
            """)
    }

    /// COPY of `rows` into a staging table, in COPY's text format, 256 kB at a time.
    func copy<Rows: Sequence>(
        into table: String, _ columns: [String], _ rows: Rows, fields: (Rows.Element) -> [String?]
    ) async throws {
        try await copyLines(into: table, columns) { line in
            for row in rows { try await line(fields(row)) }
        }
    }

    /// COPY into `table` of what `write` gives, a line at a time (its fields, nil for NULL), sent
    /// by 256 kB: a file read in chunks never gathers in memory.
    func copyLines(
        into table: String, _ columns: [String], _ write: (_ line: ([String?]) async throws -> Void) async throws -> Void
    ) async throws {
        try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
            var buffer = ByteBuffer()
            try await write { fields in
                buffer.writeString(fields.map(CopyText.field).joined(separator: "\t"))
                buffer.writeString("\n")
                if buffer.readableBytes > 256 * 1024 {
                    try await writer.write(buffer)
                    buffer.clear()
                }
            }
            if buffer.readableBytes > 0 { try await writer.write(buffer) }
        }
    }
}

extension Refusal {
    /// A file's problems reported together, in line order: those of each line on its own first,
    /// then, for the same line, those only the whole file shows (found later, in the staging table).
    static func nothingDone(lines own: [Refusal.Problem], spanning: [Refusal.Problem], limit: Int = .max) -> Refusal? {
        guard !own.isEmpty || !spanning.isEmpty else { return nil }
        let merged = (own.enumerated().map { ($0.element, 0, $0.offset) } + spanning.enumerated().map { ($0.element, 1, $0.offset) })
            .sorted { ($0.0.line ?? 0, $0.1, $0.2) < ($1.0.line ?? 0, $1.1, $1.2) }
        return Refusal.nothingDone(Array(merged.map(\.0).prefix(limit)))
    }
}

public struct AttendanceCounts: Sendable, Hashable {
    public var sessionsCreated: Int
    public var recorded: Int
    /// Lines already recorded (a re-import).
    public var skipped: Int

    public init(sessionsCreated: Int, recorded: Int, skipped: Int) {
        self.sessionsCreated = sessionsCreated
        self.recorded = recorded
        self.skipped = skipped
    }
}

extension Transaction {
    /// Imports attendance lines (`session import`), all or nothing: the sessions are found by their
    /// programme, cohort, title and start, or created; each line's journey is its carrier's in the
    /// programme, open on the session's day. Set-based, the attendance triggers on.
    public func importAttendance(_ lines: [SessionAttendanceLine], operatorID: OperatorID, headers: [String: String] = [:]) async throws -> AttendanceCounts {
        try await query("SELECT parcours_open_staging('attendance_import')")
        try await copy(into: "attendance_import", Self.attendanceColumns, lines) { Self.attendanceFields($0) }
        let unmatched = try await matchStagedAttendance(operatorID: operatorID, headers: headers)
        if !unmatched.isEmpty { throw StoreError.invalid(Refusal.nothingDone(unmatched)) }
        return try await writeStagedAttendance(operatorID: operatorID, lines: lines.count)
    }

    /// Imports an attendance file read in batches, never held whole: each line checked by
    /// `checker` as it is read and copied into staging; a person listed twice for one session
    /// found there, in SQL. Every problem at once (the first 500), nothing written unless none;
    /// then as above.
    public func importAttendance(
        _ rows: some SheetRows, checker: SessionImport.Checker, operatorID: OperatorID, headers: [String: String] = [:]
    ) async throws -> AttendanceCounts {
        try await query("SELECT parcours_open_staging('attendance_import')")
        var problems: [Refusal.Problem] = []
        var read = 0
        try await copyLines(into: "attendance_import", Self.attendanceColumns) { line in
            try await rows.forEachBatch { batch in
                for (number, fields) in batch {
                    read += 1
                    switch checker.check(line: number, fields: fields) {
                    case .valid(let accepted): try await line(Self.attendanceFields(accepted))
                    case .refused(let found):
                        if problems.count < 500 { problems += found.map { Refusal.Problem(line: number, $0) } }
                        // staged with its person and session alone, for the check that spans the file
                        try await line([String(number), nil, nil, nil, nil, nil, nil, nil, CopyText.comparable(checker.ref(in: fields)), nil, nil,
                                        CopyText.comparable(checker.sessionKey(fields)), "false"])
                    }
                }
            }
        }
        // A person listed twice for one session: each later line names the first, after its own problems.
        var twice: [Refusal.Problem] = []
        for row in try await self.rows(
            """
            SELECT r.line, r.ref, r.first FROM (
                SELECT i.line, i.ref, min(i.line) OVER (PARTITION BY i.session_key) AS first FROM attendance_import AS i
            ) AS r
            WHERE r.line > r.first
            ORDER BY r.line
            LIMIT 500
            """)
        {
            let (line, ref, first) = try row.decode((Int, String, Int).self)
            twice.append(Refusal.Problem(line: line, Refusal(.refListedTwice, field: headers["ref"] ?? "\"ref\"", ["value": ref, "line": "\(first)"])))
        }
        // The good lines matched to their cohorts and journeys: what the database finds of them is
        // told with the file's own problems, in one answer.
        let unmatched = try await matchStagedAttendance(operatorID: operatorID, headers: headers)
        if let refusal = Refusal.nothingDone(lines: problems + unmatched, spanning: twice, limit: 500) {
            throw refusal
        }
        return try await writeStagedAttendance(operatorID: operatorID, lines: read)
    }

    private static let attendanceColumns = [
        "line", "programme_id", "cohort", "kind", "title", "starts_at", "day", "duration", "ref", "status", "minutes", "session_key", "valid",
    ]

    /// A checked line as staged: its start in Paris's wall-clock time, placed in time when a session is matched or made.
    private static func attendanceFields(_ line: SessionAttendanceLine) -> [String?] {
        [String(line.line), line.programme.id.description, line.cohort, line.kind.rawValue, line.title, line.startsAt, line.day.iso,
         String(line.durationMinutes), line.carrierRef, line.status.rawValue, String(line.minutes), line.sessionKey, "true"]
    }

    /// The staged lines (those that passed the file's checks) matched to their cohorts and
    /// journeys; the lines that match none, each with its problem.
    private func matchStagedAttendance(operatorID: OperatorID, headers: [String: String]) async throws -> [Refusal.Problem] {
        func column(_ key: String) -> String { headers[key] ?? "\"\(key)\"" }
        let op = operatorID.rawValue
        try await query(
            "UPDATE attendance_import AS i SET cohort_id = k.id FROM cohort AS k WHERE k.programme_id = i.programme_id AND lower(k.name) = lower(i.cohort)")
        try await query(
            """
            UPDATE attendance_import AS i SET (journey_id, journey_cohort_id) = (
                SELECT j.id, j.cohort_id FROM carrier AS c JOIN journey AS j ON j.carrier_id = c.id
                WHERE c.operator_id = \(op) AND c.external_ref = i.ref AND j.programme_id = i.programme_id
                  AND j.opened_on <= i.day AND coalesce(j.closed_on, i.day) >= i.day
                ORDER BY j.opened_on DESC LIMIT 1)
            """)
        let found = try await rows(
            """
            SELECT i.line, 'cohort', i.cohort, p.name, i.day::text FROM attendance_import AS i JOIN programme AS p ON p.id = i.programme_id
            WHERE i.cohort IS NOT NULL AND i.cohort_id IS NULL
            UNION ALL
            SELECT i.line, 'journey', i.ref, p.name, to_char(i.day, 'YYYY-MM-DD') FROM attendance_import AS i JOIN programme AS p ON p.id = i.programme_id
            WHERE i.journey_id IS NULL AND (i.cohort IS NULL OR i.cohort_id IS NOT NULL)
            UNION ALL
            SELECT i.line, 'not_in_cohort', i.ref, i.cohort, NULL FROM attendance_import AS i
            WHERE i.cohort_id IS NOT NULL AND i.journey_id IS NOT NULL AND i.journey_cohort_id IS DISTINCT FROM i.cohort_id
            ORDER BY 1 LIMIT 200
            """)
        return try found.map { row in
            let (line, what, value, context, day) = try row.decode((Int, String, String, String?, String?).self)
            switch what {
            case "cohort": return .init(line: line, Refusal(.unknownName, field: column("cohort"), ["record": "cohort", "value": value]))
            case "journey":
                return .init(line: line, Refusal(.attendanceNoOpenJourney, field: column("ref"), ["ref": value, "programme": context ?? "", "date": day ?? ""]))
            default: return .init(line: line, Refusal(.attendanceNotInCohort, field: column("ref"), ["ref": value, "cohort": context ?? ""]))
            }
        }
    }

    /// The matched attendance's sessions found or made, then the attendance recorded.
    private func writeStagedAttendance(operatorID: OperatorID, lines: Int) async throws -> AttendanceCounts {
        let op = operatorID.rawValue
        // The sessions: those the operator has (same programme, cohort, title and start), then the new ones.
        try await query(
            """
            UPDATE attendance_import AS i SET session_id = s.id FROM session AS s
            WHERE s.operator_id = \(op) AND s.programme_id = i.programme_id AND s.cohort_id IS NOT DISTINCT FROM i.cohort_id
              AND s.title = i.title AND s.starts_at = (i.starts_at AT TIME ZONE 'Europe/Paris')
            """)
        let created = try await rows(
            """
            WITH fresh AS (
                SELECT DISTINCT ON (programme_id, cohort_id, title, starts_at) programme_id, cohort_id, kind, title, starts_at, duration
                FROM attendance_import WHERE session_id IS NULL ORDER BY programme_id, cohort_id, title, starts_at, line
            ), inserted AS (
                INSERT INTO session (operator_id, programme_id, cohort_id, kind, title, starts_at, duration_minutes)
                SELECT \(op), programme_id, cohort_id, kind, title, starts_at AT TIME ZONE 'Europe/Paris', duration FROM fresh
                RETURNING id, programme_id, cohort_id, title, starts_at
            ), linked AS (
                UPDATE attendance_import AS i SET session_id = n.id FROM inserted AS n
                WHERE i.session_id IS NULL AND i.programme_id = n.programme_id AND i.cohort_id IS NOT DISTINCT FROM n.cohort_id
                  AND i.title = n.title AND (i.starts_at AT TIME ZONE 'Europe/Paris') = n.starts_at
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM inserted)::integer, (SELECT count(*) FROM linked)::integer
            """
        ).first!.decode((Int, Int).self)
        let recorded = try await rows(
            """
            WITH inserted AS (
                INSERT INTO attendance (operator_id, session_id, journey_id, status, minutes, staff_id)
                SELECT \(op), i.session_id, i.journey_id, i.status, i.minutes, \(acting.id.rawValue) FROM attendance_import AS i ORDER BY i.session_id, i.journey_id
                ON CONFLICT (session_id, journey_id, operator_id) DO NOTHING
                RETURNING journey_id
            )
            SELECT count(*)::integer FROM inserted
            """
        ).first!.decode(Int.self)
        try await query(
            """
            SELECT parcours_audit('change', array_agg(DISTINCT j.carrier_id), \(channel.rawValue), 'attendance imported')
            FROM attendance_import AS i JOIN journey AS j ON j.id = i.journey_id
            """)
        wrote(created.0, into: "session")
        wrote(recorded, into: "attendance")
        return AttendanceCounts(sessionsCreated: created.0, recorded: recorded, skipped: lines - recorded)
    }
}
