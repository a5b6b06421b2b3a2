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
    /// Reads `carrier_id;status;minutes` (French headers: `porteur;statut;minutes`); status
    /// accepts present/excused/absent and présent/excusé/absent. Every bad line is reported.
    public static func entries(from table: CSVTable) throws(ImportProblems) -> [AttendanceEntry] {
        guard let carrierColumn = table.column(["carrier_id", "carrier", "porteur", "id_porteur", "porteur_id"]),
            let statusColumn = table.column(["status", "statut", "presence"])
        else {
            throw ImportProblems([.init(line: 1, message: "expected columns 'carrier_id' and 'status' (header: \(table.header.joined(separator: ", ")))")])
        }
        let minutesColumn = table.column(["minutes", "duree", "duration"])
        var problems: [ImportProblems.Problem] = []
        var entries: [AttendanceEntry] = []
        var seen: [Int64: Int] = [:]
        for (line, fields) in table.rows {
            func cell(_ index: Int?) -> String {
                guard let index, index < fields.count else { return "" }
                return fields[index].trimmingCharacters(in: .whitespaces)
            }
            var messages: [String] = []
            let carrier = Int64(cell(carrierColumn))
            if carrier == nil || carrier! <= 0 { messages.append("carrier_id '\(cell(carrierColumn))' is not an id") }
            let status = parseStatus(cell(statusColumn))
            if status == nil { messages.append("status '\(cell(statusColumn))' is not present, excused or absent") }
            var minutes: Int?
            if !cell(minutesColumn).isEmpty {
                minutes = Int(cell(minutesColumn))
                if minutes == nil || minutes! < 0 { messages.append("minutes '\(cell(minutesColumn))' is not a number of minutes") }
            }
            if let carrier, let first = seen[carrier] { messages.append("carrier \(carrier) already appears on line \(first)") }
            if let carrier { seen[carrier] = seen[carrier] ?? line }
            if messages.isEmpty, let carrier, let status {
                entries.append(AttendanceEntry(carrierID: CarrierID(carrier), status: status, minutes: minutes, line: line))
            } else {
                problems.append(.init(line: line, message: messages.joined(separator: "; ")))
            }
        }
        guard problems.isEmpty else { throw ImportProblems(problems) }
        return entries
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
