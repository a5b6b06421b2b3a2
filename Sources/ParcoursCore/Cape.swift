/// One period of a CAPE contract (contrat d'appui au projet d'entreprise): the initial one or a renewal.
public struct CapePeriod: Hashable, Sendable {
    public var startsOn: LocalDate
    public var endsOn: LocalDate

    public init(startsOn: LocalDate, endsOn: LocalDate) {
        self.startsOn = startsOn
        self.endsOn = endsOn
    }
}

/// The contract that frames a test in a couveuse: periods end to end, then possibly an early end.
public struct CapeContract: Hashable, Sendable {
    public var journeyID: JourneyID
    public var periods: [CapePeriod]
    public var endedOn: LocalDate?

    public init(journeyID: JourneyID, periods: [CapePeriod], endedOn: LocalDate?) {
        self.journeyID = journeyID
        self.periods = periods
        self.endedOn = endedOn
    }

    public var startsOn: LocalDate { periods[0].startsOn }
    /// The planned end of the last period, or the actual end.
    public var endsOn: LocalDate { endedOn ?? periods[periods.count - 1].endsOn }
    public var renewals: Int { periods.count - 1 }
}

/// The rules of the CAPE (Code de commerce L127-1 ff.): each period at most 12 months, at most
/// two renewals, no overlap, dates coherent with the journey. Mirrored by `cape_period` in SQL.
public enum CapeRules {
    public static let maximumRenewals = 2

    /// The last day a period starting on `start` may end on (12 months, the day before the anniversary).
    public static func latestEnd(startingOn start: LocalDate) -> LocalDate {
        start.adding(months: 12).adding(days: -1)
    }

    /// The first period of a new contract for a journey opened on `journeyOpenedOn`, after `previous` contracts.
    public static func firstPeriod(
        from start: LocalDate, to end: LocalDate, journeyOpenedOn: LocalDate, previous: [CapeContract]
    ) throws(CapeError) -> CapePeriod {
        if start < journeyOpenedOn { throw .beforeJourney(start, opened: journeyOpenedOn) }
        if let last = previous.map(\.endsOn).max(), start <= last { throw .overlap(previousEnd: last) }
        return try period(from: start, to: end)
    }

    /// The next period when `contract` is renewed until `end`.
    public static func renewal(of contract: CapeContract, until end: LocalDate) throws(CapeError) -> CapePeriod {
        if contract.endedOn != nil { throw .ended }
        if contract.renewals >= maximumRenewals { throw .tooManyRenewals(contract.renewals) }
        return try period(from: contract.endsOn.adding(days: 1), to: end)
    }

    /// Checks an early end: within the contract, with a reason.
    public static func end(of contract: CapeContract, on date: LocalDate, reason: String) throws(CapeError) -> LocalDate {
        if contract.endedOn != nil { throw .ended }
        if reason.trimmed.isEmpty { throw .reasonRequired }
        guard date >= contract.startsOn, date <= contract.endsOn else {
            throw .endOutside(date, start: contract.startsOn, end: contract.endsOn)
        }
        return date
    }

    static func period(from start: LocalDate, to end: LocalDate) throws(CapeError) -> CapePeriod {
        if end < start { throw .endBeforeStart(start, end) }
        let latest = latestEnd(startingOn: start)
        if end > latest { throw .periodTooLong(start: start, end: end, latest: latest) }
        return CapePeriod(startsOn: start, endsOn: end)
    }
}

public enum CapeError: Error, Hashable, Sendable, CustomStringConvertible {
    case periodTooLong(start: LocalDate, end: LocalDate, latest: LocalDate)
    case endBeforeStart(LocalDate, LocalDate)
    case tooManyRenewals(Int)
    case ended
    case overlap(previousEnd: LocalDate)
    case beforeJourney(LocalDate, opened: LocalDate)
    case endOutside(LocalDate, start: LocalDate, end: LocalDate)
    case reasonRequired
    case noContract

    public var description: String {
        switch self {
        case .periodTooLong(let start, let end, let latest):
            "a CAPE period lasts at most 12 months: starting \(start), it ends on \(latest) at the latest, not \(end)"
        case .endBeforeStart(let start, let end): "the CAPE period ends (\(end)) before it starts (\(start))"
        case .tooManyRenewals(let count): "a CAPE is renewed at most twice; this one already was \(count) times"
        case .ended: "the CAPE contract has ended"
        case .overlap(let previousEnd): "a new CAPE cannot overlap the previous contract, which ends on \(previousEnd)"
        case .beforeJourney(let start, let opened): "a CAPE cannot start (\(start)) before the journey opened (\(opened))"
        case .endOutside(let date, let start, let end): "the CAPE ends between \(start) and \(end), not on \(date)"
        case .reasonRequired: "ending a CAPE needs a reason (--reason)"
        case .noContract: "the journey has no running CAPE contract (cape add)"
        }
    }
}

extension LocalDate {
    /// The same day `months` later, clamped to the month's length (Jan 31 + 1 month = Feb 28/29),
    /// as PostgreSQL's `date + interval 'N months'` does.
    public func adding(months: Int) -> LocalDate {
        let index = year * 12 + (month - 1) + months
        let (y, m) = (index / 12, index % 12 + 1)
        return LocalDate(year: y, month: m, day: min(day, LocalDate.daysIn(month: m, year: y)))!
    }
}

import Foundation
