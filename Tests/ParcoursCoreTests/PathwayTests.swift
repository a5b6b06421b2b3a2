import ParcoursCore
import Testing

/// The rules of DESIGN.md §4, one test each.
@Suite("The pathway state machine")
struct PathwayTests {
    static let mayIdESS = Programme(
        id: ProgrammeID(1), operatorID: OperatorID(1), name: "May'IdESS", phases: [.idea, .modules, .pitch, .orientation])
    static let today = LocalDate(year: 2026, month: 11, day: 23)!

    func journey(_ state: JourneyState, version: Int = 3, lastChangeOn: LocalDate = LocalDate(year: 2026, month: 10, day: 1)!) -> Journey {
        Journey(
            id: JourneyID(42), operatorID: OperatorID(1), carrierID: CarrierID(7), programme: Self.mayIdESS, cohortID: nil,
            state: state, version: version, openedOn: LocalDate(year: 2026, month: 9, day: 1)!, lastChangeOn: lastChangeOn)
    }

    func apply(_ change: JourneyChange, to state: JourneyState, reason: String? = nil) throws(JourneyRefusal) -> JourneyState {
        try journey(state).applying(change, on: Self.today, today: Self.today, reason: reason, evidence: .complete).state
    }

    @Test("forward to any later phase the programme uses", arguments: [
        (Phase.idea, Phase.modules), (.idea, .pitch), (.idea, .orientation), (.modules, .orientation), (.pitch, .orientation),
    ])
    func forwardToAnyLaterPhase(from: Phase, to: Phase) throws {
        #expect(try apply(.advance(to: to), to: .active(from)) == .active(to))
    }

    @Test("backward only by a rework")
    func backwardNeedsRework() {
        #expect(throws: JourneyRefusal(journeyID: JourneyID(42), reason: .notForward(from: .pitch, to: .idea))) {
            try apply(.advance(to: .idea), to: .active(.pitch))
        }
        #expect((try? apply(.rework(to: .modules), to: .active(.pitch), reason: "le jury demande de retravailler le modèle économique")) == .active(.modules))
    }

    @Test("the refusal reads as a sentence a counsellor understands")
    func refusalMessage() {
        let refusal = JourneyRefusal(journeyID: JourneyID(42), reason: .notForward(from: .pitch, to: .idea))
        #expect(refusal.description == "journey 42 is in phase 'pitch'; 'idea' is not reachable from it without rework")
    }

    @Test("a rework needs a reason", arguments: [nil, "", "   "])
    func reworkNeedsReason(reason: String?) {
        #expect(throws: JourneyRefusal(journeyID: JourneyID(42), reason: .reasonRequired(.rework))) {
            try apply(.rework(to: .modules), to: .active(.pitch), reason: reason)
        }
    }

    @Test("a rework goes back, never forward or in place", arguments: [Phase.pitch, .orientation])
    func reworkGoesBack(target: Phase) {
        #expect(throws: JourneyRefusal(journeyID: JourneyID(42), reason: .reworkNotBackward(from: .pitch, to: target))) {
            try apply(.rework(to: target), to: .active(.pitch), reason: "why")
        }
    }

    @Test("only phases the programme uses", arguments: [Phase.workshops, .incubation])
    func onlyProgrammePhases(phase: Phase) {
        #expect(throws: JourneyRefusal(journeyID: JourneyID(42), reason: .phaseNotInProgramme(phase, programme: "May'IdESS", phases: Self.mayIdESS.phases))) {
            try apply(.advance(to: phase), to: .active(.idea))
        }
    }

    @Test("advancing to the current phase is refused")
    func advanceInPlace() {
        #expect(throws: JourneyRefusal(journeyID: JourneyID(42), reason: .alreadyInPhase(.modules))) {
            try apply(.advance(to: .modules), to: .active(.modules))
        }
    }

    @Test("any non-terminal state may exit", arguments: Outcome.allCases)
    func anyNonTerminalMayExit(outcome: Outcome) throws {
        #expect(try apply(.exit(outcome), to: .active(.modules)) == .exited(outcome))
        #expect(try apply(.exit(outcome), to: .paused(resumeTo: .pitch)) == .exited(outcome))
    }

    @Test("a terminal journey never changes", arguments: Outcome.allCases, [
        JourneyChange.advance(to: .orientation), .rework(to: .idea), .pause, .resume, .exit(.withdrawn),
    ])
    func terminalNeverChanges(outcome: Outcome, change: JourneyChange) {
        #expect(throws: JourneyRefusal(journeyID: JourneyID(42), reason: .ended(outcome))) {
            try apply(change, to: .exited(outcome), reason: "why")
        }
    }

    @Test("resume returns to the phase the pause left")
    func pauseThenResume() throws {
        let paused = try apply(.pause, to: .active(.pitch))
        #expect(paused == .paused(resumeTo: .pitch))
        #expect(try apply(.resume, to: paused) == .active(.pitch))
    }

    @Test("a paused journey only resumes or exits", arguments: [JourneyChange.advance(to: .orientation), .rework(to: .idea), .pause])
    func pausedOnlyResumesOrExits(change: JourneyChange) {
        #expect(throws: JourneyRefusal(journeyID: JourneyID(42), reason: .paused(from: .modules))) {
            try apply(change, to: .paused(resumeTo: .modules), reason: "why")
        }
    }

    @Test("resuming a journey that is not paused is refused")
    func resumeNotPaused() {
        #expect(throws: JourneyRefusal(journeyID: JourneyID(42), reason: .notPaused(.active(.idea)))) {
            try apply(.resume, to: .active(.idea))
        }
    }

    @Test("effective dates: backdated yes, future no, before the previous event no")
    func effectiveDates() throws {
        let last = LocalDate(year: 2026, month: 10, day: 1)!
        let j = journey(.active(.idea), lastChangeOn: last)
        #expect(try j.applying(.advance(to: .modules), on: last, today: Self.today, reason: nil, evidence: .complete).lastChangeOn == last)
        #expect(try j.applying(.advance(to: .modules), on: last.adding(days: 10), today: Self.today, reason: nil, evidence: .complete).version == 4)
        #expect(throws: JourneyRefusal(journeyID: JourneyID(42), reason: .dateInFuture(Self.today.adding(days: 1), today: Self.today))) {
            try j.applying(.advance(to: .modules), on: Self.today.adding(days: 1), today: Self.today, reason: nil, evidence: .complete)
        }
        #expect(throws: JourneyRefusal(journeyID: JourneyID(42), reason: .dateBeforePreviousEvent(last.adding(days: -1), previous: last))) {
            try j.applying(.advance(to: .modules), on: last.adding(days: -1), today: Self.today, reason: nil, evidence: .complete)
        }
    }

    @Test("a stale expected version is a conflict, not a lost update")
    func versionConflict() throws {
        let j = journey(.active(.idea), version: 3)
        #expect(try j.applying(.advance(to: .pitch), on: Self.today, today: Self.today, reason: nil, evidence: .complete, expectedVersion: 3).version == 4)
        do throws(JourneyRefusal) {
            _ = try j.applying(.advance(to: .pitch), on: Self.today, today: Self.today, reason: nil, evidence: .complete, expectedVersion: 2)
            Issue.record("expected a conflict")
        } catch {
            #expect(error.isConflict)
            #expect(error.reason == .versionConflict(expected: 2, actual: 3))
        }
    }
}

/// The guarded steps: a legal transition still needs its records.
@Suite("The pathway's guards")
struct GuardTests {
    static let envie = Programme(
        id: ProgrammeID(2), operatorID: OperatorID(1), name: "De l'envie au projet", phases: [.idea, .workshops, .incubation, .orientation])
    static let today = LocalDate(year: 2026, month: 11, day: 23)!

    func refusal(_ change: JourneyChange, from state: JourneyState, programme: Programme = PathwayTests.mayIdESS,
                 evidence: JourneyEvidence = .none, reason: String? = "why") -> PathwayError? {
        let journey = Journey(
            id: JourneyID(42), operatorID: OperatorID(1), carrierID: CarrierID(7), programme: programme, cohortID: nil, state: state,
            version: 2, openedOn: Self.today.adding(days: -60), lastChangeOn: Self.today.adding(days: -30))
        do throws(JourneyRefusal) {
            _ = try journey.applying(change, on: Self.today, today: Self.today, reason: reason, evidence: evidence)
            return nil
        } catch { return error.reason }
    }

    @Test("entering incubation needs a current CAPE contract")
    func incubationNeedsCape() {
        #expect(refusal(.advance(to: .incubation), from: .active(.workshops), programme: Self.envie) == .capeRequired)
        var cape = JourneyEvidence.none
        cape.capeCoversDate = true
        #expect(refusal(.advance(to: .incubation), from: .active(.workshops), programme: Self.envie, evidence: cape) == nil)
        #expect(JourneyRefusal(journeyID: JourneyID(42), reason: .capeRequired).description
                == "journey 42 needs a current CAPE contract to enter 'incubation' (cape add)")
    }

    @Test("leaving pitch needs a jury decision, forward or back; exits and pauses do not")
    func pitchNeedsJury() {
        var referral = JourneyEvidence.none
        referral.hasReferral = true
        #expect(refusal(.advance(to: .orientation), from: .active(.pitch), evidence: referral) == .juryDecisionRequired)
        #expect(refusal(.rework(to: .modules), from: .active(.pitch)) == .juryDecisionRequired)
        #expect(refusal(.exit(.withdrawn), from: .active(.pitch)) == nil)
        #expect(refusal(.pause, from: .active(.pitch)) == nil)
    }

    @Test("orientation and the handed-on exit need a referral", arguments: [
        (JourneyChange.advance(to: .orientation), JourneyState.active(.modules), PathwayError.referralRequired(.active(.orientation))),
        (.exit(.handedOn), .active(.modules), .referralRequired(.exited(.handedOn))),
    ])
    func referralNeeded(change: JourneyChange, from: JourneyState, expected: PathwayError) {
        #expect(refusal(change, from: from) == expected)
        #expect(refusal(change, from: from, evidence: .complete) == nil)
    }

    @Test("the activity-created exit needs the activity")
    func activityNeeded() {
        #expect(refusal(.exit(.activityCreated), from: .active(.orientation)) == .activityRequired)
        #expect(JourneyRefusal(journeyID: JourneyID(42), reason: .referralRequired(.exited(.handedOn))).description
                == "journey 42 needs at least one referral to a partner to exit 'handed_on' (referral add)")
    }

    @Test("transition rules come before guards")
    func transitionFirst() {
        #expect(refusal(.advance(to: .idea), from: .active(.pitch)) == .notForward(from: .pitch, to: .idea))
    }
}

@Suite("CAPE contracts")
struct CapeTests {
    let opened = LocalDate(year: 2026, month: 1, day: 5)!

    @Test("a period lasts at most 12 months")
    func twelveMonths() throws {
        let start = LocalDate(year: 2026, month: 2, day: 1)!
        #expect(try CapeRules.firstPeriod(from: start, to: LocalDate(year: 2027, month: 1, day: 31)!, journeyOpenedOn: opened, previous: []).endsOn.iso == "2027-01-31")
        #expect(throws: CapeError.periodTooLong(start: start, end: LocalDate(year: 2027, month: 2, day: 28)!, latest: LocalDate(year: 2027, month: 1, day: 31)!)) {
            try CapeRules.firstPeriod(from: start, to: LocalDate(year: 2027, month: 2, day: 28)!, journeyOpenedOn: opened, previous: [])
        }
    }

    @Test("at most two renewals, each continuing the day after the previous period")
    func twoRenewals() throws {
        var contract = CapeContract(journeyID: JourneyID(1), periods: [CapePeriod(startsOn: LocalDate(year: 2026, month: 2, day: 1)!, endsOn: LocalDate(year: 2026, month: 7, day: 31)!)], endedOn: nil)
        let first = try CapeRules.renewal(of: contract, until: LocalDate(year: 2027, month: 1, day: 31)!)
        #expect(first.startsOn.iso == "2026-08-01")
        contract.periods.append(first)
        contract.periods.append(try CapeRules.renewal(of: contract, until: LocalDate(year: 2027, month: 6, day: 30)!))
        #expect(throws: CapeError.tooManyRenewals(2)) { try CapeRules.renewal(of: contract, until: LocalDate(year: 2027, month: 12, day: 31)!) }
    }

    @Test("no overlap with a previous contract, nothing before the journey opened")
    func coherentDates() {
        let previous = CapeContract(journeyID: JourneyID(1), periods: [CapePeriod(startsOn: LocalDate(year: 2026, month: 2, day: 1)!, endsOn: LocalDate(year: 2026, month: 7, day: 31)!)], endedOn: LocalDate(year: 2026, month: 5, day: 15)!)
        #expect(throws: CapeError.overlap(previousEnd: LocalDate(year: 2026, month: 5, day: 15)!)) {
            try CapeRules.firstPeriod(from: LocalDate(year: 2026, month: 5, day: 1)!, to: LocalDate(year: 2026, month: 9, day: 1)!, journeyOpenedOn: opened, previous: [previous])
        }
        #expect(throws: CapeError.beforeJourney(LocalDate(year: 2026, month: 1, day: 1)!, opened: opened)) {
            try CapeRules.firstPeriod(from: LocalDate(year: 2026, month: 1, day: 1)!, to: LocalDate(year: 2026, month: 9, day: 1)!, journeyOpenedOn: opened, previous: [])
        }
    }

    @Test("months add like PostgreSQL's intervals")
    func addingMonths() {
        #expect(LocalDate(year: 2026, month: 1, day: 31)!.adding(months: 1).iso == "2026-02-28")
        #expect(LocalDate(year: 2024, month: 2, day: 29)!.adding(months: 12).iso == "2025-02-28")
        #expect(LocalDate(year: 2026, month: 11, day: 15)!.adding(months: 3).iso == "2027-02-15")
    }
}

@Suite("Programmes")
struct ProgrammeTests {
    @Test("real programmes are expressible", arguments: [
        ["idea", "modules", "pitch", "orientation"],  // May'IdESS
        ["idea", "workshops", "orientation"],  // Outille ton projet
        ["idea", "workshops", "incubation", "orientation"],  // De l'envie au projet
        ["workshops"],
    ])
    func realProgrammes(phases: [String]) throws {
        #expect(try Programme.validatedPhases(phases).map(\.rawValue) == phases)
    }

    @Test("bad phase lists are refused with the reason", arguments: [
        (["idea", "pitsh"], ProgrammeError.unknownPhase("pitsh")),
        ([], .noPhases),
        (["idea", "idea"], .repeatedPhase(.idea)),
        (["pitch", "modules"], .outOfOrder(.pitch, .modules)),
    ])
    func badPhaseLists(phases: [String], expected: ProgrammeError) {
        #expect(throws: expected) { try Programme.validatedPhases(phases) }
    }

    @Test("outcomes accept the CLI's spelling")
    func outcomeNames() {
        #expect(Outcome(name: "activity-created") == .activityCreated)
        #expect(Outcome(name: "handed_on") == .handedOn)
        #expect(Outcome(name: "retired") == nil)
        #expect(Outcome.activityCreated.flagName == "activity-created")
    }
}
