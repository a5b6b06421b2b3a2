import ParcoursCore
import PostgresNIO

extension Transaction {
    /// The people an agreement covers over `period` (its own dates when nil): ESF+ participants,
    /// i.e. present on at least two distinct days under the agreement, and how many were not.
    public func participants(of funding: Funding, period: ReportPeriod? = nil) async throws -> ParticipantFile {
        let period = period ?? funding.period
        // Only days inside both the agreement and the period count.
        let from = max(period.from, funding.startsOn).iso
        let to = min(period.to, funding.endsOn).iso
        let fundingID = funding.id.rawValue
        var participants: [Participant] = []
        var oneDayOnly = 0
        // Computed by the database as its owner, over what the caller may report on; names only to
        // those who may read people, or where the agreement requires them (sql/0011).
        for row in try await rows("SELECT parcours_participant_rows(\(fundingID), \(from)::date, \(to)::date)") {
            let cells = try Self.cells(try row.decode(String.self))
            guard cells.count == 37 else { throw StoreError.unexpected("participant line: unexpected shape") }
            func text(_ i: Int) -> String? { cells[i] }
            func int(_ i: Int) -> Int? { cells[i].flatMap { Int($0) } }
            func flag(_ i: Int) -> Bool? { cells[i].map { $0 == "true" } }
            func date(_ i: Int) throws -> LocalDate? { try LocalDate.decoded(cells[i]) }
            let days = int(20) ?? 0
            guard days >= Participant.minimumDays else {
                oneDayOnly += 1
                continue
            }
            guard let pseudonym = text(0), let operatorName = text(6), let entryOn = try date(7) else {
                throw StoreError.unexpected("participant line: missing pseudonym, operator or entry")
            }
            let identity = text(1).flatMap { first in
                text(2).map { last in
                    Participant.Identity(firstName: first, lastName: last, birthDate: try? date(3), email: text(4), phone: text(5))
                }
            }
            participants.append(
                Participant(
                    pseudonym: pseudonym, identity: identity, operatorName: operatorName, entryOn: entryOn,
                    gender: text(8).flatMap(Gender.init(rawValue:)), ageAtEntry: int(9),
                    labourStatus: text(10).flatMap(LabourStatus.init(rawValue:)),
                    educationLevel: text(11).flatMap(EducationLevel.init(rawValue:)),
                    disadvantages: flag(12) == true
                        ? Participant.Disadvantages(
                            disability: flag(13), thirdCountryNational: flag(14), foreignBackground: flag(15), minority: flag(26),
                            homeless: flag(16))
                        : nil,
                    communeCode: text(17), ruralZoning: text(18).flatMap(RuralZoning.init(rawValue:)), qpv: flag(19), daysAccompanied: days, minutesAccompanied: int(21) ?? 0,
                    exitOn: try date(22),
                    exitSituation: ExitSituation(
                        outcome: text(23).flatMap(Outcome.init(rawValue:)),
                        recordedAtExit: text(24).flatMap(FollowUpSituation.init(rawValue:))),
                    followUpAt6Months: text(25).flatMap(FollowUpSituation.init(rawValue:)),
                    declined: Set((text(27) ?? "").split(separator: ",").compactMap { ProfileQuestion(rawValue: String($0)) }),
                    profileRecordedOn: try date(28), exitSituationRecordedOn: try date(29), qualificationGained: flag(30),
                    reachable: flag(31) ?? false,
                    selfSigned: try date(32).flatMap { on in
                        text(33).map { Participant.Signature(signedOn: on, answersSHA256: $0, signedName: text(34)) }
                    },
                    exitSelfSigned: try date(35).flatMap { on in text(36).map { Participant.Signature(signedOn: on, answersSHA256: $0, signedName: nil) } }))
        }
        // Six months after an exit are reached on the file's last day, today at the latest.
        let lastDay = min(try LocalDate.decoded(to), today)
        for index in participants.indices {
            participants[index].followUpAt6MonthsDue = participants[index].exitOn.map { Participant.sixMonthsAfter($0) <= lastDay } ?? false
        }
        return ParticipantFile(
            fundingCode: funding.code, period: try ReportPeriod(from: LocalDate.decoded(from), to: LocalDate.decoded(to)),
            participants: participants, oneDayOnly: oneDayOnly)
    }
}
