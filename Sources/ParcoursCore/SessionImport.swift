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
        from table: CSVTable, today: LocalDate, programmes: [Programme], kind: @Sendable (String) -> SessionKind?,
        status: @Sendable (String) -> AttendanceStatus?, ignoring: [String] = []
    ) throws(Refusal) -> [SessionAttendanceLine] {
        let index = try columns.map(table.header, ignoring: ignoring)
        func header(_ key: String) -> String { Refusal.column(index[key].map { table.header[$0] } ?? key) }
        let programmeNamed = Dictionary(programmes.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        var lines: [SessionAttendanceLine] = []
        var problems: [Refusal.Problem] = []
        var seen: [String: Int] = [:]
        for (line, fields) in table.rows {
            func cell(_ key: String) -> String {
                guard let i = index[key], i < fields.count else { return "" }
                return fields[i].trimmed
            }
            var found: [Refusal] = []
            func refuse(_ code: RefusalCode, _ key: String, _ values: [String: String] = [:]) { found.append(Refusal(code, field: header(key), values)) }
            for key in ["programme", "title", "starts_at", "duration", "ref", "status"] where cell(key).isEmpty { refuse(.required, key) }
            for (i, field) in fields.enumerated() where FieldLimit.problem(with: field, maximum: FieldLimit.longText) != nil {
                found.append(Refusal(.controlCharacter, field: Refusal.column(i < table.header.count ? table.header[i] : "\(i + 1)")))
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
            let key = [cell("programme").lowercased(), cell("cohort"), cell("title"), start?.text ?? "", cell("ref")].joined(separator: "\u{0}")
            if let earlier = seen[key] { refuse(.refListedTwice, "ref", ["value": cell("ref"), "line": "\(earlier)"]) } else { seen[key] = line }
            guard found.isEmpty, let programme, let sessionKind, let start, let duration, let presence else {
                problems += found.map { .init(line: line, $0) }
                continue
            }
            lines.append(SessionAttendanceLine(
                line: line, programme: programme, cohort: cell("cohort").isEmpty ? nil : cell("cohort"), kind: sessionKind,
                title: cell("title"), startsAt: start.text, day: start.day, durationMinutes: duration, carrierRef: cell("ref"),
                status: presence, minutes: minutes))
        }
        guard problems.isEmpty else { throw Refusal.nothingDone(Array(problems.prefix(500))) }
        return lines
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
