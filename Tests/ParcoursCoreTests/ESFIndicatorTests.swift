import ParcoursCore
import ParcoursTestSupport
import Testing

/// A funder's officer adds up each result indicator's rows: they must give the participants it is about.
@Suite("ESF+ indicators add up")
struct ESFIndicatorTests {
    /// Participants with every kind of exit and six-month situation, recorded or not, due or not.
    func participants(seed: UInt64, count: Int) -> [Participant] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { index in
            let left = Bool.random(using: &random)
            let exitOn = left ? LocalDate(iso: "2026-01-05")!.adding(days: Int.random(in: 0...300, using: &random)) : nil
            let outcome = left ? Outcome.allCases.randomElement(using: &random) : nil
            let atExit = Bool.random(using: &random) ? FollowUpSituation.allCases.randomElement(using: &random) : nil
            var participant = Participant(
                pseudonym: "P\(index)", identity: nil, operatorName: "APESS 53", entryOn: LocalDate(iso: "2026-01-02")!,
                gender: [Gender.woman, .man, .nonBinary, nil].randomElement(using: &random)!, ageAtEntry: 30, labourStatus: nil,
                educationLevel: nil, disadvantages: nil, communeCode: nil, ruralZoning: nil, qpv: nil, daysAccompanied: 3,
                minutesAccompanied: 180, exitOn: exitOn, exitSituation: ExitSituation(outcome: outcome, recordedAtExit: atExit),
                followUpAt6Months: left && Bool.random(using: &random) ? FollowUpSituation.allCases.randomElement(using: &random) : nil)
            participant.followUpAt6MonthsDue = exitOn.map { Participant.sixMonthsAfter($0) <= LocalDate(iso: "2026-09-30")! } ?? false
            return participant
        }
    }

    func total(_ table: ReportTable, _ keys: [String], _ gender: String = "total") -> Int {
        keys.reduce(0) { sum, key in
            guard case .int(let value) = table.value(gender, where: ["indicator": .text(key)]) else { return sum }
            return sum + value
        }
    }

    @Test("upon leaving and six months after, for each gender, over 40 seeded files: every participant in exactly one row of each group", arguments: 1...40)
    func rowsAddUp(seed: Int) {
        let file = ParticipantFile(
            fundingCode: "202003945", period: try! ReportPeriod(parsing: "2026"), participants: participants(seed: UInt64(seed), count: 60),
            oneDayOnly: 0)
        let table = file.indicators()
        #expect(total(table, ["participants"]) == 60 && total(table, ["exited"]) > 10)
        let atExit = ["exit_job_seeking", "exit_training", "exit_in_employment", "exit_inactive", "exit_not_recorded", "exit_no_exit_yet"]
        let atSixMonths = [
            "employed_6_months", "training_6_months", "job_seeking_6_months", "inactive_6_months", "unknown_6_months",
            "follow_up_6_months_missing", "follow_up_6_months_not_due",
        ]
        for gender in ["women", "men", "non_binary", "gender_unknown", "total"] {
            #expect(total(table, atExit, gender) == total(table, ["participants"], gender), "\(gender) upon leaving")
            #expect(total(table, atSixMonths, gender) == total(table, ["exited"], gender), "\(gender) six months after")
        }
        #expect(total(table, ["exit_employed", "exit_self_employed"]) == total(table, ["exit_in_employment"]))
    }

    @Test("a situation « inconnue » six months after has its row; « pas encore échue » is apart from « non renseignée »")
    func unknownAndNotDue() {
        var unknown = participants(seed: 1, count: 1)[0]
        unknown.exitOn = LocalDate(iso: "2026-01-10")
        unknown.followUpAt6Months = .unknown
        var recent = unknown, late = unknown
        recent.followUpAt6Months = nil
        recent.exitOn = LocalDate(iso: "2026-08-31")
        recent.followUpAt6MonthsDue = false
        late.followUpAt6Months = nil
        late.followUpAt6MonthsDue = true
        let table = ParticipantFile(fundingCode: "X", period: try! ReportPeriod(parsing: "2026"), participants: [unknown, recent, late], oneDayOnly: 0)
            .indicators()
        #expect(total(table, ["unknown_6_months"]) == 1)
        #expect(total(table, ["follow_up_6_months_not_due"]) == 1)
        #expect(total(table, ["follow_up_6_months_missing"]) == 1)
        #expect(total(table, ["exited"]) == 3)
    }

    @Test("six months after the 31st of August is the last day of February")
    func sixMonthsAfter() {
        #expect(Participant.sixMonthsAfter(LocalDate(iso: "2025-08-31")!) == LocalDate(iso: "2026-02-28"))
        #expect(Participant.sixMonthsAfter(LocalDate(iso: "2026-01-15")!) == LocalDate(iso: "2026-07-15"))
        #expect(Participant.sixMonthsAfter(LocalDate(iso: "2026-09-30")!) == LocalDate(iso: "2027-03-30"))
    }
}
