/// What a staff member does to a journey.
public enum JourneyChange: Hashable, Sendable {
    /// Forward to any later phase the programme uses.
    case advance(to: Phase)
    /// Backward to an earlier phase (e.g. the jury sends the carrier back to modules); needs a reason.
    case rework(to: Phase)
    /// Suspends the journey; `resume` returns it to the phase it left.
    case pause
    case resume
    /// Ends the journey for good.
    case exit(Outcome)

    public var kind: EventKind {
        switch self {
        case .advance: .advance
        case .rework: .rework
        case .pause: .pause
        case .resume: .resume
        case .exit: .exit
        }
    }
}

/// The kinds of events in a journey's history (`journey_event.kind`).
public enum EventKind: String, CaseIterable, Sendable, Codable {
    case open, advance, rework, pause, resume, exit
}

/// Why a change was refused. Each description completes the sentence "journey 42 …".
public enum PathwayError: Error, Hashable, Sendable {
    case notForward(from: Phase, to: Phase)
    case alreadyInPhase(Phase)
    case phaseNotInProgramme(Phase, programme: String, phases: [Phase])
    case reworkNotBackward(from: Phase, to: Phase)
    case ended(Outcome)
    case paused(from: Phase)
    case notPaused(JourneyState)
    case reasonRequired(EventKind)
    case dateInFuture(LocalDate, today: LocalDate)
    case dateBeforePreviousEvent(LocalDate, previous: LocalDate)
    case versionConflict(expected: Int, actual: Int)
    case capeRequired
    case juryDecisionRequired
    case referralRequired(JourneyState)
    case activityRequired

    /// The clause after "journey N".
    public var clause: String {
        switch self {
        case .notForward(let from, let to):
            "is in phase '\(from.rawValue)'; '\(to.rawValue)' is not reachable from it without rework"
        case .alreadyInPhase(let phase):
            "is already in phase '\(phase.rawValue)'"
        case .phaseNotInProgramme(let phase, let programme, let phases):
            "follows programme '\(programme)', which does not use phase '\(phase.rawValue)' (its phases: \(phases.map(\.rawValue).joined(separator: ", ")))"
        case .reworkNotBackward(let from, let to):
            "is in phase '\(from.rawValue)'; a rework goes back to an earlier phase and '\(to.rawValue)' is not before it"
        case .ended(let outcome):
            "has ended ('\(outcome.rawValue)') and cannot change; open a new journey"
        case .paused(let from):
            "is paused (it left phase '\(from.rawValue)'); resume it first"
        case .notPaused(let state):
            "is not paused (it is in '\(state.name)')"
        case .reasonRequired(let kind):
            "needs a reason for a \(kind.rawValue) (--reason)"
        case .dateInFuture(let date, let today):
            "cannot change on \(date.iso): the date is in the future (today is \(today.iso))"
        case .dateBeforePreviousEvent(let date, let previous):
            "cannot change on \(date.iso), before its last recorded change (\(previous.iso))"
        case .versionConflict(let expected, let actual):
            "was changed by someone else meanwhile (version \(expected) expected, it is now \(actual)); reload it and try again"
        case .capeRequired:
            "needs a current CAPE contract to enter 'incubation' (cape add)"
        case .juryDecisionRequired:
            "is in phase 'pitch'; leaving it needs a jury decision (jury decide)"
        case .referralRequired(let target):
            "needs at least one referral to a partner to \(target.isTerminal ? "exit" : "enter") '\(target.name)' (referral add)"
        case .activityRequired:
            "needs the activity created (legal form, date) to exit 'activity_created'"
        }
    }
}

/// What the records say about a journey, for the guarded steps of the pathway.
public struct JourneyEvidence: Hashable, Sendable {
    /// A CAPE period of a running contract covers the effective date.
    public var capeCoversDate: Bool
    /// A jury decided since the journey last entered `pitch`.
    public var juryDecidedSincePitch: Bool
    /// At least one referral to a partner was made.
    public var hasReferral: Bool
    /// The activity created (legal form, date) is recorded.
    public var hasActivity: Bool

    public init(capeCoversDate: Bool, juryDecidedSincePitch: Bool, hasReferral: Bool, hasActivity: Bool) {
        self.capeCoversDate = capeCoversDate
        self.juryDecidedSincePitch = juryDecidedSincePitch
        self.hasReferral = hasReferral
        self.hasActivity = hasActivity
    }

    /// No records at all: every guarded step is refused.
    public static let none = JourneyEvidence(capeCoversDate: false, juryDecidedSincePitch: false, hasReferral: false, hasActivity: false)
    /// Every record present: only the transition rules apply.
    public static let complete = JourneyEvidence(capeCoversDate: true, juryDecidedSincePitch: true, hasReferral: true, hasActivity: true)
}

/// The pathway state machine. The same rules are written once more in SQL
/// (`sql/0002_pathway_rules.sql`); a test walks every pair and checks that both agree.
public enum Pathway {
    /// The state `change` leads to from `state`, for a journey of a programme using `phases`,
    /// given what the records say (`evidence`) about the guarded steps.
    public static func state(
        after change: JourneyChange,
        from state: JourneyState,
        programme: String,
        phases: [Phase],
        reason: String?,
        evidence: JourneyEvidence
    ) throws(PathwayError) -> JourneyState {
        let next = try transition(after: change, from: state, programme: programme, phases: phases, reason: reason)
        if let refusal = guardRefusal(change, from: state, to: next, evidence: evidence) { throw refusal }
        return next
    }

    /// The guards (DESIGN.md §4): some steps need records, not only a legal transition.
    /// Mirrored by `parcours_guard_refusal` in `sql/0004_journey_content.sql`.
    static func guardRefusal(
        _ change: JourneyChange, from state: JourneyState, to next: JourneyState, evidence: JourneyEvidence
    ) -> PathwayError? {
        let moves = change.kind == .advance || change.kind == .rework
        if moves, next == .active(.incubation), !evidence.capeCoversDate { return .capeRequired }
        if moves, state == .active(.pitch), !evidence.juryDecidedSincePitch { return .juryDecisionRequired }
        let needsReferral = (moves && next == .active(.orientation)) || next == .exited(.handedOn)
        if needsReferral, !evidence.hasReferral { return .referralRequired(next) }
        if next == .exited(.activityCreated), !evidence.hasActivity { return .activityRequired }
        return nil
    }

    /// The transition rules alone: phase order, pause and resume, terminal exits.
    static func transition(
        after change: JourneyChange,
        from state: JourneyState,
        programme: String,
        phases: [Phase],
        reason: String?
    ) throws(PathwayError) -> JourneyState {
        let current: Phase
        switch state {
        case .exited(let outcome):
            throw .ended(outcome)
        case .paused(let left):
            switch change {
            case .resume: return .active(left)
            case .exit(let outcome): return .exited(outcome)
            case .advance, .rework, .pause: throw .paused(from: left)
            }
        case .active(let phase):
            current = phase
        }

        switch change {
        case .advance(let target):
            guard phases.contains(target) else {
                throw .phaseNotInProgramme(target, programme: programme, phases: phases)
            }
            if target == current { throw .alreadyInPhase(current) }
            guard current < target else { throw .notForward(from: current, to: target) }
            return .active(target)
        case .rework(let target):
            guard phases.contains(target) else {
                throw .phaseNotInProgramme(target, programme: programme, phases: phases)
            }
            guard target < current else { throw .reworkNotBackward(from: current, to: target) }
            guard let reason, !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw .reasonRequired(.rework)
            }
            return .active(target)
        case .pause:
            return .paused(resumeTo: current)
        case .resume:
            throw .notPaused(state)
        case .exit(let outcome):
            return .exited(outcome)
        }
    }

    /// An effective date may be backdated, but not into the future nor before the previous event.
    public static func checkEffectiveDate(
        _ date: LocalDate, previous: LocalDate?, today: LocalDate
    ) throws(PathwayError) {
        if date > today { throw .dateInFuture(date, today: today) }
        if let previous, date < previous { throw .dateBeforePreviousEvent(date, previous: previous) }
    }
}

import Foundation
