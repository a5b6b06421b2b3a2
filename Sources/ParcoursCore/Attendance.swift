/// One person's attendance at a session, as typed or imported.
public struct AttendanceEntry: Hashable, Sendable {
    public var carrierID: CarrierID
    public var status: AttendanceStatus
    /// Minutes actually attended; nil: the whole session when present, 0 otherwise.
    public var minutes: Int?
    /// The line of the imported file, for messages.
    public var line: Int?

    public init(carrierID: CarrierID, status: AttendanceStatus, minutes: Int? = nil, line: Int? = nil) {
        self.carrierID = carrierID
        self.status = status
        self.minutes = minutes
        self.line = line
    }

    /// The minutes to record for a session lasting `duration`.
    public func minutes(ofSessionLasting duration: Int) -> Int {
        status == .present ? (minutes ?? duration) : 0
    }
}

public enum AttendanceImport {
    public static let columns = ImportColumns([
        .init("carrier_id", ["porteur", "carrier_id", "carrier", "id_porteur", "porteur_id", "n_porteur"], required: true),
        .init("status", ["statut", "status", "presence", "présence"], required: true),
        .init("minutes", ["minutes", "duree", "durée", "duration"]),
        .init("name", ["nom", "prenom", "prénom", "name", "nom_prenom", "signature", "emargement", "émargement"]),
    ])

    /// Reads `porteur;statut;minutes` (English headers accepted: `carrier_id;status;minutes`; a
    /// name column, as on a sign-in sheet, is read past); status accepts présent/excusé/absent and
    /// present/excused/absent. Every bad line is reported, naming the file's own column.
    public static func entries(from table: CSVTable, ignoring: [String] = []) throws(Refusal) -> [AttendanceEntry] {
        let (entries, problems) = try read(table, ignoring: ignoring)
        guard problems.isEmpty else { throw Refusal.nothingDone(problems) }
        return entries
    }

    /// The good lines' entries and the bad lines' problems, for a caller that checks the entries
    /// against the database before it answers: every problem of a file in one answer, not two rounds.
    public static func read(_ table: CSVTable, ignoring: [String] = []) throws(Refusal) -> (entries: [AttendanceEntry], problems: [Refusal.Problem]) {
        let index = try columns.map(table.header, ignoring: ignoring)
        func header(_ key: String) -> String { Refusal.column(index[key].map { table.header[$0] } ?? key) }
        var problems: [Refusal.Problem] = []
        var entries: [AttendanceEntry] = []
        var seen: [Int64: Int] = [:]
        for (line, fields) in table.rows {
            func cell(_ key: String) -> String {
                guard let i = index[key], i < fields.count else { return "" }
                return fields[i].trimmed
            }
            var found: [Refusal] = []
            let carrier = Int64(cell("carrier_id")).flatMap { $0 > 0 ? $0 : nil }
            if carrier == nil { found.append(Refusal(.notAnID, field: header("carrier_id"), ["value": cell("carrier_id")])) }
            let status = parseStatus(cell("status"))
            if status == nil {
                found.append(Refusal(.unknownChoice, field: header("status"), [
                    "value": cell("status"), "expected": AttendanceStatus.allCases.map(\.rawValue).joined(separator: ", "), "vocabulary": "attendance",
                ]))
            }
            var minutes: Int?
            if !cell("minutes").isEmpty {
                minutes = Int(cell("minutes"))
                if minutes == nil || minutes! < 0 { found.append(Refusal(.notANumber, field: header("minutes"), ["value": cell("minutes")])) }
            }
            if let carrier, let first = seen[carrier] {
                found.append(Refusal(.refListedTwice, field: header("carrier_id"), ["value": "\(carrier)", "line": "\(first)"]))
            }
            if let carrier { seen[carrier] = seen[carrier] ?? line }
            if found.isEmpty, let carrier, let status {
                entries.append(AttendanceEntry(carrierID: CarrierID(carrier), status: status, minutes: minutes, line: line))
            } else {
                problems += found.map { Refusal.Problem(line: line, $0) }
            }
        }
        return (entries, problems)
    }

    static func parseStatus(_ text: String) -> AttendanceStatus? {
        switch text.lowercased().folding(options: .diacriticInsensitive, locale: nil) {
        case "present", "p", "oui", "yes": .present
        case "excused", "excuse", "e": .excused
        case "absent", "a", "non", "no": .absent
        default: nil
        }
    }
}

import Foundation
