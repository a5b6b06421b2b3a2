import Foundation

/// The period a report covers, both ends included: a year (`2026`), a quarter (`2026-Q3`), a month
/// (`2026-09`) or explicit dates (`2026-01-01..2026-06-30`).
public struct ReportPeriod: Hashable, Sendable, CustomStringConvertible {
    public let from: LocalDate
    public let to: LocalDate
    /// How it was written (`2026-Q3`), or `FROM..TO` for explicit dates.
    public let name: String

    public init(from: LocalDate, to: LocalDate) throws(PeriodError) {
        guard from <= to else { throw .reversed(from: from, to: to) }
        self.from = from
        self.to = to
        self.name = "\(from.iso)..\(to.iso)"
    }

    private init(from: LocalDate, to: LocalDate, name: String) {
        self.from = from
        self.to = to
        self.name = name
    }

    public init(parsing text: String) throws(PeriodError) {
        let text = text.trimmed
        if let range = text.range(of: "..") {
            guard let from = LocalDate(iso: text[..<range.lowerBound]), let to = LocalDate(iso: text[range.upperBound...]) else {
                throw .unreadable(text)
            }
            try self.init(from: from, to: to)
            return
        }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, first.count == 4, let year = Int(first), (1900...9999).contains(year) else {
            throw .unreadable(text)
        }
        switch parts.count {
        case 1:
            self.init(year: year)
        case 2 where parts[1].count == 2 && parts[1].first == "Q":
            guard let quarter = Int(parts[1].dropFirst()), (1...4).contains(quarter) else { throw .unreadable(text) }
            self.init(year: year, quarter: quarter)
        case 2 where parts[1].count == 2:
            guard let month = Int(parts[1]), (1...12).contains(month) else { throw .unreadable(text) }
            self.init(year: year, month: month)
        default:
            throw .unreadable(text)
        }
    }

    /// Also accepts periods relative to `today`, for timers: `this-month`, `last-month`,
    /// `this-quarter`, `last-quarter`, `this-year`, `last-year`.
    public init(parsing text: String, today: LocalDate) throws(PeriodError) {
        let quarter = (today.month - 1) / 3 + 1
        switch text.trimmed.lowercased() {
        case "this-month": self.init(year: today.year, month: today.month)
        case "last-month": self = ReportPeriod(year: today.year, month: today.month).previous
        case "this-quarter": self.init(year: today.year, quarter: quarter)
        case "last-quarter": self = ReportPeriod(year: today.year, quarter: quarter).previous
        case "this-year": self.init(year: today.year)
        case "last-year": self.init(year: today.year - 1)
        default: try self.init(parsing: text)
        }
    }

    public init(year: Int) {
        self.init(from: LocalDate(year: year, month: 1, day: 1)!, to: LocalDate(year: year, month: 12, day: 31)!, name: String(year))
    }

    public init(year: Int, quarter: Int) {
        let firstMonth = (quarter - 1) * 3 + 1
        self.init(
            from: LocalDate(year: year, month: firstMonth, day: 1)!,
            to: LocalDate(year: year, month: firstMonth + 2, day: LocalDate.daysIn(month: firstMonth + 2, year: year))!,
            name: "\(year)-Q\(quarter)")
    }

    public init(year: Int, month: Int) {
        self.init(
            from: LocalDate(year: year, month: month, day: 1)!,
            to: LocalDate(year: year, month: month, day: LocalDate.daysIn(month: month, year: year))!,
            name: "\(year)-\(month < 10 ? "0" : "")\(month)")
    }

    /// The period of the same kind just before (the previous year, quarter or month; for explicit
    /// dates, as many days ending the day before): what a dashboard compares with.
    public var previous: ReportPeriod {
        let parts = name.split(separator: "-")
        if parts.count == 1, let year = Int(parts[0]) { return ReportPeriod(year: year - 1) }
        if parts.count == 2, let year = Int(parts[0]) {
            if parts[1].first == "Q", let quarter = Int(parts[1].dropFirst()) {
                return quarter == 1 ? ReportPeriod(year: year - 1, quarter: 4) : ReportPeriod(year: year, quarter: quarter - 1)
            }
            if let month = Int(parts[1]) {
                return month == 1 ? ReportPeriod(year: year - 1, month: 12) : ReportPeriod(year: year, month: month - 1)
            }
        }
        let length = from.days(until: to) + 1
        return try! ReportPeriod(from: from.adding(days: -length), to: from.adding(days: -1))
    }

    /// The same period a year before (the year, quarter or month before by a year; explicit dates
    /// moved back a year, 29 February read as the 28th): what partner networks compare with.
    public var yearBefore: ReportPeriod {
        let parts = name.split(separator: "-")
        if parts.count == 1, let year = Int(parts[0]) { return ReportPeriod(year: year - 1) }
        if parts.count == 2, let year = Int(parts[0]) {
            if parts[1].first == "Q", let quarter = Int(parts[1].dropFirst()) { return ReportPeriod(year: year - 1, quarter: quarter) }
            if let month = Int(parts[1]) { return ReportPeriod(year: year - 1, month: month) }
        }
        func back(_ date: LocalDate) -> LocalDate {
            LocalDate(year: date.year - 1, month: date.month, day: min(date.day, LocalDate.daysIn(month: date.month, year: date.year - 1)))!
        }
        return try! ReportPeriod(from: back(from), to: back(to))
    }

    public var days: Int { from.days(until: to) + 1 }
    public func contains(_ date: LocalDate) -> Bool { from <= date && date <= to }
    public var description: String { name }
}

public enum PeriodError: Error, Equatable, CustomStringConvertible {
    case unreadable(String)
    case reversed(from: LocalDate, to: LocalDate)

    public var description: String {
        switch self {
        case .unreadable(let text):
            "'\(text)' is not a period (expected 2026, 2026-Q3, 2026-09, 2026-01-01..2026-06-30 or last-month, last-quarter, last-year)"
        case .reversed(let from, let to): "the period ends (\(to)) before it starts (\(from))"
        }
    }
}
