import Foundation

/// One line of an attendance file: a session (found or created by its programme, cohort, title
/// and start) and one carrier's presence at it.
public struct SessionAttendanceLine: Hashable, Sendable {
    public var line: Int
    public var programme: Programme
    public var cohort: String?
    public var kind: SessionKind
    public var title: String
    /// Paris wall-clock time, `YYYY-MM-DD HH:MM`.
    public var startsAt: String
    public var day: LocalDate
    public var durationMinutes: Int
    public var carrierRef: String
    public var status: AttendanceStatus
    public var minutes: Int

    /// What makes two lines the same person at the same session (SessionImport.sessionKey).
    public var sessionKey: String {
        SessionImport.sessionKey(programme: programme.name, cohort: cohort ?? "", title: title, start: startsAt, ref: carrierRef)
    }

    public init(
        line: Int, programme: Programme, cohort: String?, kind: SessionKind, title: String, startsAt: String, day: LocalDate,
        durationMinutes: Int, carrierRef: String, status: AttendanceStatus, minutes: Int
    ) {
        self.line = line
        self.programme = programme
        self.cohort = cohort
        self.kind = kind
        self.title = title
        self.startsAt = startsAt
        self.day = day
        self.durationMinutes = durationMinutes
        self.carrierRef = carrierRef
        self.status = status
        self.minutes = minutes
    }
}

/// Attendance files of many sessions (`session import`): one line per carrier and session, the sessions named by
/// their programme, cohort, title and start. Checked whole: a line is refused with its column.
public enum SessionImport {
    public static let columns = ImportColumns([
        .init("programme", ["programme", "program", "dispositif"], required: true),
        .init("cohort", ["promotion", "cohort", "cohorte", "groupe"]),
        .init("kind", ["type", "kind", "type_de_seance", "type_de_séance", "nature"]),
        .init("title", ["seance", "séance", "titre", "title", "session", "intitule", "intitulé"], required: true),
        .init("starts_at", ["debut", "début", "date", "starts_at", "le", "date_heure"], required: true),
        .init("duration", ["duree", "durée", "duree_minutes", "durée_minutes", "duration", "minutes_seance"], required: true),
        .init("ref", ["ref", "reference", "référence", "porteur", "carrier", "carrier_ref", "dossier"], required: true),
        .init("status", ["presence", "présence", "status", "statut", "emargement", "émargement"], required: true),
        .init("minutes", ["minutes", "minutes_presentes", "minutes_présentes", "temps_present", "temps_présent"]),
    ])

    public static func lines(
        from table: CSVTable, today: LocalDate, programmes: [Programme], kind: @escaping @Sendable (String) -> SessionKind?,
        status: @escaping @Sendable (String) -> AttendanceStatus?, ignoring: [String] = []
    ) throws(Refusal) -> [SessionAttendanceLine] {
        let checker = try Checker(header: table.header, today: today, programmes: programmes, kind: kind, status: status, ignoring: ignoring)
        var lines: [SessionAttendanceLine] = []
        var problems: [Refusal.Problem] = []
        // A person listed twice for one session: here for a table in memory; a file read in chunks
        // has it checked in its staging table (Transaction.importAttendance(_:checker:…)), the same refusal.
        var seen: [String: Int] = [:]
        for (line, fields) in table.rows {
            var (accepted, found): (SessionAttendanceLine?, [Refusal]) = switch checker.check(line: line, fields: fields) {
            case .valid(let accepted): (accepted, [])
            case .refused(let found): (nil, found)
            }
            let key = checker.sessionKey(fields)
            if let earlier = seen[key] {
                found.append(checker.listedTwice(fields, earlier: earlier))
                accepted = nil
            } else {
                seen[key] = line
            }
            if let accepted { lines.append(accepted) } else { problems += found.map { .init(line: line, $0) } }
        }
        guard problems.isEmpty else { throw Refusal.nothingDone(Array(problems.prefix(500))) }
        return lines
    }

    /// One line of an attendance file checked on its own; a person listed twice for one session
    /// (what spans the file) is the caller's, by `sessionKey`.
    public struct Checker: Sendable {
        public enum Checked: Sendable {
            case valid(SessionAttendanceLine)
            case refused([Refusal])
        }

        public let header: [String]
        private let index: [String: Int]
        private let today: LocalDate
        private let programmeNamed: [String: Programme]
        private let kind: @Sendable (String) -> SessionKind?
        private let status: @Sendable (String) -> AttendanceStatus?

        public init(
            header: [String], today: LocalDate, programmes: [Programme], kind: @escaping @Sendable (String) -> SessionKind?,
            status: @escaping @Sendable (String) -> AttendanceStatus?, ignoring: [String] = []
        ) throws(Refusal) {
            self.header = header
            index = try columns.map(header, ignoring: ignoring)
            self.today = today
            programmeNamed = Dictionary(programmes.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
            self.kind = kind
            self.status = status
        }

        private func column(_ key: String) -> String { Refusal.column(index[key].map { header[$0] } ?? key) }

        private func cell(_ key: String, _ fields: [String]) -> String {
            guard let i = index[key], i < fields.count else { return "" }
            return fields[i].trimmed
        }

        /// The session and person a line names, as written (its start as read, if it reads).
        public func sessionKey(_ fields: [String]) -> String {
            SessionImport.sessionKey(
                programme: cell("programme", fields), cohort: cell("cohort", fields), title: cell("title", fields),
                start: parseStart(cell("starts_at", fields))?.text ?? "", ref: cell("ref", fields))
        }

        /// The line's person, as written.
        public func ref(in fields: [String]) -> String { cell("ref", fields) }

        /// The refusal of a line whose person and session an earlier line already has.
        public func listedTwice(_ fields: [String], earlier: Int) -> Refusal {
            Refusal(.refListedTwice, field: column("ref"), ["value": cell("ref", fields), "line": "\(earlier)"])
        }

        public func check(line: Int, fields: [String]) -> Checked {
            func cell(_ key: String) -> String { self.cell(key, fields) }
            var found: [Refusal] = []
            func refuse(_ code: RefusalCode, _ key: String, _ values: [String: String] = [:]) { found.append(Refusal(code, field: column(key), values)) }
            for key in ["programme", "title", "starts_at", "duration", "ref", "status"] where cell(key).isEmpty { refuse(.required, key) }
            for (i, field) in fields.enumerated() where FieldLimit.problem(with: field, maximum: FieldLimit.longText) != nil {
                found.append(Refusal(.controlCharacter, field: Refusal.column(i < header.count ? header[i] : "\(i + 1)")))
            }
            let programme = programmeNamed[cell("programme").lowercased()]
            if programme == nil, !cell("programme").isEmpty {
                refuse(.unknownName, "programme", ["record": "programme", "value": cell("programme")])
            }
            let sessionKind = cell("kind").isEmpty ? SessionKind.workshop : kind(cell("kind"))
            if sessionKind == nil {
                refuse(.unknownChoice, "kind", ["value": cell("kind"), "expected": SessionKind.allCases.map(\.rawValue).joined(separator: ", "), "vocabulary": "session_kind"])
            }
            let start = parseStart(cell("starts_at"))
            if start == nil, !cell("starts_at").isEmpty { refuse(.notADateTime, "starts_at", ["value": cell("starts_at")]) }
            if let start, start.day > today { refuse(.dateInFuture, "starts_at", ["date": start.day.iso, "today": today.iso]) }
            if let start, start.day < FieldLimit.earliestDate { refuse(.dateTooEarly, "starts_at", ["date": start.day.iso]) }
            let duration = Int(cell("duration"))
            if duration.map({ !(1...1440).contains($0) }) ?? !cell("duration").isEmpty {
                refuse(.outOfRange, "duration", ["value": cell("duration"), "minimum": "1", "maximum": "1440"])
            }
            let presence = cell("status").isEmpty ? nil : status(cell("status"))
            if presence == nil, !cell("status").isEmpty {
                refuse(.unknownChoice, "status", ["value": cell("status"), "expected": AttendanceStatus.allCases.map(\.rawValue).joined(separator: ", "), "vocabulary": "attendance"])
            }
            var minutes = presence == .present ? duration ?? 0 : 0
            if !cell("minutes").isEmpty {
                if let given = Int(cell("minutes")), given >= 0 {
                    minutes = given
                    if presence != .present, given > 0 { refuse(.onlyWith, "minutes", ["value": "present"]) }
                    if let duration, given > duration {
                        refuse(.attendanceTooLong, "minutes", ["carrier": cell("ref"), "minutes": "\(given)", "duration": "\(duration)"])
                    }
                } else {
                    refuse(.notANumber, "minutes", ["value": cell("minutes")])
                }
            }
            guard found.isEmpty, let programme, let sessionKind, let start, let duration, let presence else { return .refused(found) }
            return .valid(SessionAttendanceLine(
                line: line, programme: programme, cohort: cell("cohort").isEmpty ? nil : cell("cohort"), kind: sessionKind,
                title: cell("title"), startsAt: start.text, day: start.day, durationMinutes: duration, carrierRef: cell("ref"),
                status: presence, minutes: minutes))
        }
    }

    /// What makes two lines the same person at the same session: each part after its length, so
    /// that no cell's text can run into the next (a staging table's text holds no NUL to separate them).
    public static func sessionKey(programme: String, cohort: String, title: String, start: String, ref: String) -> String {
        [programme.lowercased(), cohort, title, start, ref].map { "\($0.utf8.count):\($0)" }.joined(separator: "|")
    }

    /// `dd/mm/yyyy HH:MM` (or `YYYY-MM-DD HH:MM`, or a date alone: 09:00), Paris time.
    static func parseStart(_ text: String) -> (day: LocalDate, text: String)? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard (1...2).contains(parts.count), let day = CarrierImport.parseFlexibleDate(String(parts[0])) else { return nil }
        var hour = 9, minute = 0
        if parts.count == 2 {
            let clock = parts[1].replacingOccurrences(of: "h", with: ":").split(separator: ":", omittingEmptySubsequences: false)
            guard (1...2).contains(clock.count), let h = Int(clock[0]), (0...23).contains(h) else { return nil }
            let m = clock.count == 2 && !clock[1].isEmpty ? Int(clock[1]) : 0
            guard let m, (0...59).contains(m) else { return nil }
            (hour, minute) = (h, m)
        }
        return (day, "\(day.iso) \(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute)")
    }
}
