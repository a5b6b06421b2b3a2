import Foundation
import ParcoursCore

/// One parser per kind of value people type, shared by the CLI and the API: each refuses with the
/// field named and the value quoted.
public enum Input {
    /// A date as French people write it (`10/01/2026`, `1/2/2026`) or as ISO (`2026-01-10`); not before 1900.
    public static func date(_ text: String, field: String) throws(Refusal) -> LocalDate {
        let trimmed = text.trimmed
        guard let date = LocalDate(iso: trimmed) ?? frenchDate(trimmed) else {
            throw Refusal(.notADate, field: field, ["value": text])
        }
        if let refusal = FieldLimit.refusal(with: date, field: field) { throw refusal }
        return date
    }

    /// `dd/mm/yyyy` (one or two digits for the day and the month, four for the year).
    static func frenchDate(_ text: String) -> LocalDate? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count), parts[2].count == 4,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) }),
            let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2])
        else { return nil }
        return LocalDate(year: year, month: month, day: day)
    }

    /// A date and time on the Paris wall clock: `2026-12-10T14:00`, `2026-12-10 14:00`,
    /// `10/12/2026 14:00` or `10/12/2026 14h00`; or an ISO 8601 instant with its offset.
    public static func dateTime(_ text: String, field: String) throws(Refusal) -> Date {
        let trimmed = text.trimmed
        if trimmed.contains("Z") || trimmed.dropFirst(10).contains("+"), let instant = ISO8601DateFormatter().date(from: trimmed) {
            return instant
        }
        let parts = trimmed.split(whereSeparator: { $0 == "T" || $0 == " " })
        guard parts.count == 2, let day = LocalDate(iso: parts[0]) ?? frenchDate(String(parts[0])) else {
            throw Refusal(.notADateTime, field: field, ["value": text])
        }
        let clock = parts[1].split(whereSeparator: { $0 == ":" || $0 == "h" }).map { Int($0) }
        guard clock.count == 2, let hour = clock[0], let minute = clock[1], (0..<24).contains(hour), (0..<60).contains(minute),
            let instant = LocalDate.parisInstant("\(day.iso)T\(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute)")
        else { throw Refusal(.notADateTime, field: field, ["value": text]) }
        if let refusal = FieldLimit.refusal(with: day, field: field) { throw refusal }
        return instant
    }

    /// When something stops working: a number of days from `now` (`30`, `30j`, `30 jours`, `30d`,
    /// `30 days`) or the last day it works, in either spelling (it stops at midnight that night,
    /// Paris time: « valable jusqu'au 15/01/2027 » holds all that day).
    public static func expiry(_ text: String, now: Date, field: String = "expires") throws(Refusal) -> Date {
        let trimmed = text.trimmed.lowercased()
        let number = trimmed.prefix { $0.isNumber }
        let unit = trimmed.dropFirst(number.count).trimmed
        if !number.isEmpty, ["", "d", "j", "jour", "jours", "day", "days"].contains(unit), let days = Int(number), days > 0, days <= 36_600 {
            return now.addingTimeInterval(Double(days) * 86_400)
        }
        guard let day = LocalDate(iso: trimmed) ?? frenchDate(trimmed), let instant = LocalDate.parisInstant("\(day.adding(days: 1).iso)T00:00") else {
            throw Refusal(.expiresInvalid, field: field, ["value": text])
        }
        return instant
    }

    /// The first day of a month written `2026-09` or `09/2026`.
    public static func month(_ text: String) -> LocalDate? {
        let trimmed = text.trimmed
        if let date = LocalDate(iso: trimmed + "-01") { return date }
        let parts = trimmed.split(separator: "/")
        guard parts.count == 2, let month = Int(parts[0]), let year = Int(parts[1]), parts[1].count == 4 else { return nil }
        return LocalDate(year: year, month: month, day: 1)
    }

    /// A period: `2026`, `2026-Q3` (or `2026-T3`), `2026-09`, `FROM..TO` with dates in either
    /// spelling, or relative to `today` in English or French (`last-year`, `annee-derniere`…).
    public static func period(_ text: String, today: LocalDate, field: String = "period") throws(Refusal) -> ReportPeriod {
        var spelled = folded(text).replacingOccurrences(of: "_", with: "-")
        if let relative = relativePeriods[spelled] { spelled = relative }
        if let range = text.range(of: "..") {
            let from = try date(String(text[..<range.lowerBound]), field: field)
            let to = try date(String(text[range.upperBound...]), field: field)
            do { return try ReportPeriod(from: from, to: to) } catch {
                throw Refusal(.periodReversed, field: field, ["from": from.iso, "to": to.iso])
            }
        }
        // `2026-T3`: the French for a quarter (trimestre).
        if spelled.count == 7, spelled.dropFirst(4).hasPrefix("-t") { spelled = spelled.prefix(5) + "Q" + spelled.suffix(1) }
        // As the dashboards print periods and people write them: « T3 2026 », « 3e trimestre 2026 »,
        // « 09/2026 », « septembre 2026 ».
        if let written = writtenPeriod(spelled, text: text.trimmed) { spelled = written }
        spelled = spelled.replacingOccurrences(of: "-q", with: "-Q")
        do { return try ReportPeriod(parsing: spelled, today: today) } catch {
            throw Refusal(.notAPeriod, field: field, ["value": text])
        }
    }

    /// A period as written in words or the dashboards' labels, as `2026-Q3` or `2026-09`; nil otherwise.
    static func writtenPeriod(_ spelled: String, text: String) -> String? {
        let parts = spelled.split(separator: "-").map(String.init)
        guard let year = parts.last, year.count == 4, Int(year) != nil else {
            // « 09/2026 »
            let slashed = text.split(separator: "/")
            if slashed.count == 2, let month = Int(slashed[0]), (1...12).contains(month), slashed[1].count == 4, Int(slashed[1]) != nil {
                return "\(slashed[1])-\(month < 10 ? "0" : "")\(month)"
            }
            return nil
        }
        let head = parts.dropLast()
        // « T3 2026 », « Q3 2026 »
        if head.count == 1, let only = head.first, only.count == 2, ["t", "q"].contains(only.prefix(1)), let quarter = Int(only.dropFirst()),
           (1...4).contains(quarter) {
            return "\(year)-Q\(quarter)"
        }
        // « 3e trimestre 2026 », « 1er trimestre 2026 »
        if head.count == 2, head.last == "trimestre", let quarter = Int(head.first!.prefix { $0.isNumber }), (1...4).contains(quarter) {
            return "\(year)-Q\(quarter)"
        }
        // « septembre 2026 »
        if head.count == 1, let month = monthNames.firstIndex(of: head.first!) {
            return "\(year)-\(month < 9 ? "0" : "")\(month + 1)"
        }
        return nil
    }

    static let monthNames = ["janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre"]

    /// The French names of relative periods, as their English ones.
    static let relativePeriods: [String: String] = [
        "ce-mois": "this-month", "ce-mois-ci": "this-month", "mois-dernier": "last-month", "le-mois-dernier": "last-month",
        "ce-trimestre": "this-quarter", "trimestre-dernier": "last-quarter", "le-trimestre-dernier": "last-quarter",
        "cette-annee": "this-year", "annee-derniere": "last-year", "l-annee-derniere": "last-year", "l-an-dernier": "last-year",
        "an-dernier": "last-year",
    ]

    /// A record's id: a positive whole number.
    public static func id<ID: EntityID>(_ text: String, as _: ID.Type = ID.self, field: String) throws(Refusal) -> ID {
        guard let raw = Int64(text.trimmed), raw > 0 else {
            throw Refusal(.notAnID, field: field, ["value": text])
        }
        return ID(raw)
    }

    /// A whole number within `range`.
    public static func integer(_ text: String, field: String, in range: ClosedRange<Int>) throws(Refusal) -> Int {
        guard let value = Int(text.trimmed) else { throw Refusal(.notANumber, field: field, ["value": text]) }
        try check(value, field: field, in: range)
        return value
    }

    public static func check(_ value: Int, field: String, in range: ClosedRange<Int>) throws(Refusal) {
        guard range.contains(value) else {
            throw Refusal(.outOfRange, field: field, ["value": "\(value)", "minimum": "\(range.lowerBound)", "maximum": "\(range.upperBound)"])
        }
    }

    /// A decimal with a comma or a point (`159810,50`, `1.5`), spaces as thousands separators.
    public static func decimal(_ text: String, field: String) throws(Refusal) -> Double {
        let cleaned = text.trimmed
            .replacingOccurrences(of: "\u{202F}", with: "").replacingOccurrences(of: "\u{00A0}", with: "").replacingOccurrences(of: " ", with: "")
        let commas = cleaned.filter { $0 == "," }.count
        let points = cleaned.filter { $0 == "." }.count
        // One separator only: "1,5" and "1.5" are the same; "1.234,5" is ambiguous across locales.
        guard commas + points <= 1, !cleaned.isEmpty, cleaned.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "," || $0 == "." || $0 == "-") }),
            let value = Double(cleaned.replacingOccurrences(of: ",", with: ".")), value.isFinite
        else { throw Refusal(.notADecimal, field: field, ["value": text]) }
        return value
    }

    /// Yes or no, in French or English (`oui`, `non`, `yes`, `no`, `1`, `0`).
    public static func yesNo(_ text: String, field: String) throws(Refusal) -> Bool {
        guard !text.trimmed.isEmpty, let value = parseYesNo(text) else {
            throw Refusal(.notYesOrNo, field: field, ["value": text])
        }
        return value
    }

    /// A value of a closed set, however it is spelled.
    public static func choice<T: Choice>(_ text: String, as _: T.Type = T.self, field: String) throws(Refusal) -> T {
        guard let value = T(spelling: text) else {
            throw Refusal(.unknownChoice, field: field, ["value": text, "expected": T.expected, "vocabulary": T.vocabulary])
        }
        return value
    }

    /// A list of values of a closed set, comma-separated (`operator,territory`); each once.
    public static func choices<T: Choice>(_ text: String, as _: T.Type = T.self, field: String) throws(Refusal) -> [T] {
        var found: [T] = []
        for part in text.split(separator: ",") {
            let value = try choice(String(part), as: T.self, field: field)
            if !found.contains(value) { found.append(value) }
        }
        return found
    }

    /// A text a person typed: trimmed; `nil` when empty and not required.
    public static func text(_ text: String, field: String, maximum: Int) throws(Refusal) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw Refusal(.empty, field: field) }
        if let refusal = FieldLimit.refusal(with: trimmed, maximum: maximum, field: field) { throw refusal }
        return trimmed
    }

    /// Case, accents, spaces, hyphens and apostrophes folded away: how closed-set words are compared.
    public static func folded(_ text: String) -> String {
        var out = ""
        let lowered = text.trimmed.lowercased()
        // Foundation's folding only for what has accents to lose: most cells are plain ASCII.
        let plain = lowered.utf8.allSatisfy { $0 < 0x80 } ? lowered : lowered.folding(options: .diacriticInsensitive, locale: nil)
        for character in plain {
            if character == "-" || character == " " || character == "'" || character == "’" || character == "_" {
                if out.last != "_" { out.append("_") }
            } else {
                out.append(character)
            }
        }
        return out
    }
}
