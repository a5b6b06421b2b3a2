import ParcoursCore
import Testing

@Suite("Report periods and ESF+ rules")
struct ReportingTests {
    @Test("Periods people type", arguments: [
        ("2026", "2026-01-01", "2026-12-31"),
        ("2026-Q1", "2026-01-01", "2026-03-31"),
        ("2026-Q3", "2026-07-01", "2026-09-30"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2026-01-01..2026-06-30", "2026-01-01", "2026-06-30"),
    ])
    func periods(text: String, from: String, to: String) throws {
        let period = try ReportPeriod(parsing: text)
        #expect(period.from.iso == from)
        #expect(period.to.iso == to)
    }

    @Test("Unreadable periods are refused with the expected forms", arguments: ["26", "2026-Q5", "2026-13", "2026-1", "2026-06-30..2026-01-01", "soon"])
    func badPeriods(text: String) {
        #expect(throws: PeriodError.self) { try ReportPeriod(parsing: text) }
    }

    @Test("The previous period is of the same kind")
    func previous() throws {
        #expect(try ReportPeriod(parsing: "2026").previous.name == "2025")
        #expect(try ReportPeriod(parsing: "2026-Q1").previous.name == "2025-Q4")
        #expect(try ReportPeriod(parsing: "2026-01").previous.name == "2025-12")
        let custom = try ReportPeriod(parsing: "2026-01-11..2026-01-20").previous
        #expect(custom.from.iso == "2026-01-01" && custom.to.iso == "2026-01-10")
    }

    @Test("ESF+ age bands", arguments: [(17, AgeBand.under18), (18, .from18To29), (29, .from18To29), (30, .from30To54), (54, .from30To54), (55, .from55)])
    func ageBands(age: Int, band: AgeBand) {
        #expect(AgeBand(age: age) == band)
    }

    @Test("The exit situation: recorded first, else what the outcome says")
    func exitSituation() {
        #expect(ExitSituation(outcome: .activityCreated, recordedAtExit: nil) == .selfEmployed)
        #expect(ExitSituation(outcome: .withdrawn, recordedAtExit: nil) == .notRecorded)
        #expect(ExitSituation(outcome: .withdrawn, recordedAtExit: .jobSeeking) == .jobSeeking)
        #expect(ExitSituation(outcome: .handedOn, recordedAtExit: .unknown) == .notRecorded)
        #expect(ExitSituation(outcome: nil, recordedAtExit: nil) == .noExitYet)
    }
}
