/// What a jury decides after a pitch.
public enum JuryDecision: String, CaseIterable, Sendable, Codable {
    case go
    /// Back to an earlier phase (the programme's jury rework phase) to work on the project.
    case rework
    case noGo = "no_go"

    public init?(name: String) { self.init(rawValue: name.lowercased().replacingOccurrences(of: "-", with: "_")) }
}

extension Programme {
    /// Where a jury's "rework" sends a journey: the programme's choice, else `modules` when it uses
    /// them, else the phase just before `pitch` (mirrors `programme.jury_rework_phase`).
    public func juryReworkPhase(override: Phase?) -> Phase? {
        if let override, phases.contains(override) { return override }
        if phases.contains(.modules), phases.contains(.pitch) { return .modules }
        return phases.last { $0 < .pitch }
    }
}

/// Kinds of partner structures carriers are oriented to.
public enum PartnerKind: String, CaseIterable, Sendable, Codable {
    case financing, cae, couveuse, incubator, nursery, network
    case publicService = "public_service"
    case training, support, cluster

    public init?(name: String) { self.init(rawValue: name.lowercased().replacingOccurrences(of: "-", with: "_")) }
    public var flagName: String { rawValue.replacingOccurrences(of: "_", with: "-") }
}

public enum ReferralStatus: String, CaseIterable, Sendable, Codable {
    /// `studying`: « à l'étude », the partner has the request and has not decided yet.
    case proposed, studying, accepted, declined, completed

    /// Which answers may follow: a proposal is studied, accepted or declined; one under study
    /// accepted or declined; an accepted referral taken in charge (`completed`) or declined after all.
    public func mayBecome(_ next: ReferralStatus) -> Bool {
        switch (self, next) {
        case (.proposed, .studying), (.proposed, .accepted), (.proposed, .declined), (.studying, .accepted), (.studying, .declined),
             (.accepted, .completed), (.accepted, .declined): true
        default: false
        }
    }
}

/// Why a partner declines a referral: the list the structures that route people between them use,
/// so that declines can be counted by reason.
public enum ReferralDeclineReason: String, CaseIterable, Sendable, Codable {
    case notEligible = "not_eligible"
    case noCapacity = "no_capacity"
    case outsideTerritory = "outside_territory"
    case notReady = "not_ready"
    case followedElsewhere = "followed_elsewhere"
    case carrierWithdrew = "carrier_withdrew"
    case unreachable, other
}

/// What a declining partner proposes instead, for the referring coordinator's next step.
public enum ReferralProposedAction: String, CaseIterable, Sendable, Codable {
    /// Refer the person to another structure.
    case redirect
    case recontactLater = "recontact_later"
    /// Let the project mature, then come back.
    case matureProject = "mature_project"
    case none
}

/// The legal form of an activity created at exit.
public enum LegalForm: String, CaseIterable, Sendable, Codable {
    case association, scic, scop, cae
    case microEnterprise = "micro_enterprise"
    /// Entreprise individuelle (EI) under the régime réel; a micro-entreprise is recorded as such.
    case individualEnterprise = "individual_enterprise"
    case company, other

    public init?(name: String) { self.init(rawValue: name.lowercased().replacingOccurrences(of: "-", with: "_")) }
    public var flagName: String { rawValue.replacingOccurrences(of: "_", with: "-") }
}

/// The carrier's situation at a follow-up, months after the exit.
public enum FollowUpSituation: String, CaseIterable, Sendable, Codable {
    case employed
    /// Self-employed, or the activity created is running.
    case selfEmployed = "self_employed"
    case training
    case jobSeeking = "job_seeking"
    case inactive, unknown

    public init?(name: String) { self.init(rawValue: name.lowercased().replacingOccurrences(of: "-", with: "_")) }
    public var flagName: String { rawValue.replacingOccurrences(of: "_", with: "-") }
}

public enum AttendanceStatus: String, CaseIterable, Sendable, Codable {
    case present, excused, absent
}

public enum SessionKind: String, CaseIterable, Sendable, Codable {
    /// A réunion d'information, where people thinking of joining hear what the pathway is.
    case information
    case workshop, module, appointment, visit, pitch
}

/// Labour-market situation at entry, as ESF+ asks for it.
public enum LabourStatus: String, CaseIterable, Sendable, Codable {
    case unemployed
    case longTermUnemployed = "long_term_unemployed"
    case inactive, employed
    case selfEmployed = "self_employed"

    public init?(name: String) { self.init(rawValue: name.lowercased().replacingOccurrences(of: "-", with: "_")) }
}

/// Education level in ISCED bands.
public enum EducationLevel: String, CaseIterable, Sendable, Codable {
    case isced0to2 = "isced_0_2"
    case isced3to4 = "isced_3_4"
    case isced5to8 = "isced_5_8"

    /// Accepts `isced_0_2`, `0-2`, `3-4`, `5-8`.
    public init?(name: String) {
        let folded = name.lowercased().replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: "isced_", with: "")
        self.init(rawValue: "isced_" + folded)
    }
}

/// An item of a staff member's worklist.
public struct WorkItem: Hashable, Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        case idle
        case capeEnding = "cape-ending"
        case followUpDue = "follow-up-due"
        case referralWaiting = "referral-waiting"
        case attendanceMissing = "attendance-missing"
        /// A referral another operator addressed to the acting one, awaiting its answer.
        case referralIncoming = "referral-incoming"
        /// A partner declined (with its reason) and the person, still in a journey, was not referred again since: « réorienter ».
        case referralDeclined = "referral-declined"
        /// Nobody answered within the operator's delay (30 days unless said otherwise): « réorienter ».
        case referralExpired = "referral-expired"
        /// Participants of an agreement the six-month survey cannot reach (no e-mail, no phone).
        case surveyContactMissing = "survey-contact-missing"
        /// An agreement whose share of incomplete participants nears (or passes) the 35 % rule.
        case dataQuality = "data-quality"
        /// Someone registered from the operator's page and nobody decided yet: call them back
        /// before their information meeting, or within a week.
        case registration
    }

    public var kind: Kind
    public var journeyID: JourneyID?
    public var due: LocalDate
    /// What the item quotes, by name (`name`, `phase`, `days`, `partner`, `session`…): each edge
    /// words the action to take in its language.
    public var values: [String: String]

    public init(kind: Kind, journeyID: JourneyID?, due: LocalDate, values: [String: String]) {
        self.kind = kind
        self.journeyID = journeyID
        self.due = due
        self.values = values
    }
}
