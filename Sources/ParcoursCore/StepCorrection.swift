/// The activity recorded with an exit « activité créée ».
public struct CreatedActivity: Hashable, Sendable {
    public var legalForm: LegalForm
    public var createdOn: LocalDate
    public var jobsFTE: Double
    public var name: String?

    public init(legalForm: LegalForm, createdOn: LocalDate, jobsFTE: Double, name: String?) {
        self.legalForm = legalForm
        self.createdOn = createdOn
        self.jobsFTE = jobsFTE
        self.name = name
    }
}

/// A journey's last recorded step, as `journey correct` finds it.
public struct RecordedStep: Hashable, Sendable {
    public var journey: JourneyID
    public var seq: Int
    public var kind: EventKind
    public var toState: String
    public var effectiveOn: LocalDate
    public var reason: String?
    /// The activity recorded with an exit « activité créée ».
    public var activity: CreatedActivity?
    /// The first follow-up recorded after an exit: an exit is never dated after it, nor cancelled under it.
    public var firstFollowUpOn: LocalDate?

    public init(
        journey: JourneyID, seq: Int, kind: EventKind, toState: String, effectiveOn: LocalDate, reason: String?,
        activity: CreatedActivity?, firstFollowUpOn: LocalDate?
    ) {
        self.journey = journey
        self.seq = seq
        self.kind = kind
        self.toState = toState
        self.effectiveOn = effectiveOn
        self.reason = reason
        self.activity = activity
        self.firstFollowUpOn = firstFollowUpOn
    }
}

/// What `journey correct` asks of a journey's last step: its date, its outcome or activity changed,
/// or the step cancelled — always with a reason. Only the fields given change.
public struct StepCorrection: Hashable, Sendable {
    public var on: LocalDate?
    public var outcome: Outcome?
    public var legalForm: LegalForm?
    public var activityDate: LocalDate?
    public var jobsFTE: Double?
    public var activityName: String?
    public var cancel: Bool
    public var reason: String

    public init(
        on: LocalDate? = nil, outcome: Outcome? = nil, legalForm: LegalForm? = nil, activityDate: LocalDate? = nil, jobsFTE: Double? = nil,
        activityName: String? = nil, cancel: Bool = false, reason: String
    ) {
        self.on = on
        self.outcome = outcome
        self.legalForm = legalForm
        self.activityDate = activityDate
        self.jobsFTE = jobsFTE
        self.activityName = activityName
        self.cancel = cancel
        self.reason = reason
    }

    /// The step recorded in place of the corrected one: the same kind of change, dated and worded
    /// as asked, with its activity. The journey then checks it as any new step (`Journey.applying`).
    public struct Replacement: Hashable, Sendable {
        public var change: JourneyChange
        public var on: LocalDate
        /// The step's own reason (a rework's, a pause's), kept: the correction's reason is apart.
        public var reason: String?
        public var activity: CreatedActivity?
    }

    /// The API names of the fields that change the step.
    public var fieldsGiven: [String] {
        [
            on.map { _ in "on" }, outcome.map { _ in "outcome" }, legalForm.map { _ in "legal_form" },
            activityDate.map { _ in "activity_date" }, jobsFTE.map { _ in "jobs" }, activityName.map { _ in "activity_name" },
        ].compactMap { $0 }
    }

    /// Decides the correction of `step`: the step that replaces it, nil when it is cancelled, or why not.
    public func replacement(of step: RecordedStep) throws(Refusal) -> Replacement? {
        let journey = step.journey.description
        guard step.kind != .open else { throw Refusal(.openingNotCorrectable, ["journey": journey]) }
        if cancel {
            guard fieldsGiven.isEmpty else { throw Refusal(.cancelAlone, fields: fieldsGiven) }
            if step.kind == .exit, let followUp = step.firstFollowUpOn {
                throw Refusal(.exitHasFollowUp, ["journey": journey, "date": followUp.iso])
            }
            return nil
        }
        guard !fieldsGiven.isEmpty else {
            throw Refusal(.nothingGiven, fields: ["on", "outcome", "legal_form", "activity_date", "jobs", "activity_name", "cancel"])
        }
        let on = self.on ?? step.effectiveOn
        let change: JourneyChange
        var activity: CreatedActivity?
        switch step.kind {
        case .exit:
            guard let recorded = Outcome(rawValue: step.toState) else { throw Refusal(.databaseUnexpected, ["detail": step.toState]) }
            let outcome = self.outcome ?? recorded
            change = .exit(outcome)
            activity = try self.activity(for: outcome, recorded: step.activity)
            if let followUp = step.firstFollowUpOn, on > followUp {
                throw Refusal(.exitAfterFollowUp, field: "on", ["journey": journey, "date": on.iso, "follow_up": followUp.iso])
            }
        case .advance, .rework, .pause, .resume:
            let notExit = ["outcome", "legal_form", "activity_date", "jobs", "activity_name"].filter(fieldsGiven.contains)
            guard notExit.isEmpty else { throw Refusal(.onlyForExit, fields: notExit, ["journey": journey, "kind": step.kind.rawValue]) }
            change = try Self.change(step)
        case .open:
            return nil
        }
        // A step keeps its own reason, unless its outcome changes: the old one explained another outcome.
        let outcomeChanged = step.kind == .exit && outcome.map { $0.rawValue != step.toState } == true
        return Replacement(change: change, on: on, reason: outcomeChanged ? reason : step.reason, activity: activity)
    }

    /// The activity of an exit with `outcome`: the one recorded, with the fields given changed.
    private func activity(for outcome: Outcome, recorded: CreatedActivity?) throws(Refusal) -> CreatedActivity? {
        let given = ["legal_form", "activity_date", "jobs", "activity_name"].filter(fieldsGiven.contains)
        guard outcome == .activityCreated else {
            if !given.isEmpty { throw Refusal(.onlyWith, fields: given, ["with": "outcome", "value": Outcome.activityCreated.rawValue]) }
            return nil
        }
        guard let legalForm = legalForm ?? recorded?.legalForm else {
            throw Refusal(.requiredWith, field: "legal_form", [
                "with": "outcome", "value": outcome.rawValue, "expected": LegalForm.allCases.map(\.rawValue).joined(separator: ", "),
                "vocabulary": "legal_form",
            ])
        }
        guard let createdOn = activityDate ?? recorded?.createdOn else {
            throw Refusal(.requiredWith, field: "activity_date", ["with": "outcome", "value": outcome.rawValue, "expected": "", "vocabulary": "-"])
        }
        return CreatedActivity(
            legalForm: legalForm, createdOn: createdOn, jobsFTE: jobsFTE ?? recorded?.jobsFTE ?? 0,
            name: activityName ?? recorded?.name)
    }

    /// The change a recorded step of kind advance, rework, pause or resume made.
    private static func change(_ step: RecordedStep) throws(Refusal) -> JourneyChange {
        switch step.kind {
        case .pause: return .pause
        case .resume: return .resume
        case .advance, .rework:
            guard let phase = Phase(rawValue: step.toState) else { throw Refusal(.databaseUnexpected, ["detail": step.toState]) }
            return step.kind == .advance ? .advance(to: phase) : .rework(to: phase)
        case .open, .exit:
            throw Refusal(.databaseUnexpected, ["detail": step.kind.rawValue])
        }
    }
}
