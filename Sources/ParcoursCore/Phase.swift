/// A phase of the pre-incubation pathway, in the order a journey goes through them.
public enum Phase: String, CaseIterable, Sendable, Codable, Comparable {
    case idea, workshops, modules, incubation, pitch, orientation

    /// Position in the canonical order (idea = 0 … orientation = 5).
    public var rank: Int { Phase.allCases.firstIndex(of: self)! }

    public static func < (lhs: Phase, rhs: Phase) -> Bool { lhs.rank < rhs.rank }

    /// Accepts the code name in any case.
    public init?(name: String) {
        self.init(rawValue: name.lowercased())
    }
}

/// How a journey ended. Every outcome is terminal: a journey that exited never changes again.
public enum Outcome: String, CaseIterable, Sendable, Codable {
    case activityCreated = "activity_created"
    case employed
    case training
    /// Continued at a partner structure.
    case handedOn = "handed_on"
    case withdrawn

    /// Accepts `activity-created`, `activity_created` or `activityCreated`.
    public init?(name: String) {
        let normalised = name.replacingOccurrences(of: "-", with: "_")
        if let outcome = Outcome(rawValue: normalised.lowercased()) {
            self = outcome
        } else if let outcome = Outcome.allCases.first(where: { "\($0)".lowercased() == name.lowercased() }) {
            self = outcome
        } else {
            return nil
        }
    }

    /// The spelling the CLI uses (`activity-created`).
    public var flagName: String { rawValue.replacingOccurrences(of: "_", with: "-") }
}

/// Where a journey stands: in a phase, paused (remembering the phase it left) or exited.
public enum JourneyState: Hashable, Sendable {
    case active(Phase)
    case paused(resumeTo: Phase)
    case exited(Outcome)

    /// The stored name: one of the six phases, one of the five outcomes, or `paused`.
    public var name: String {
        switch self {
        case .active(let phase): phase.rawValue
        case .paused: "paused"
        case .exited(let outcome): outcome.rawValue
        }
    }

    public var isTerminal: Bool {
        if case .exited = self { true } else { false }
    }

    /// Rebuilds a state from its stored name and the phase a paused journey left.
    public init?(name: String, pausedFrom: Phase?) {
        if let phase = Phase(rawValue: name) {
            self = .active(phase)
        } else if let outcome = Outcome(rawValue: name) {
            self = .exited(outcome)
        } else if name == "paused", let pausedFrom {
            self = .paused(resumeTo: pausedFrom)
        } else {
            return nil
        }
    }

    /// Every state name, for messages and for enumerating the machine.
    public static let allNames: [String] =
        Phase.allCases.map(\.rawValue) + ["paused"] + Outcome.allCases.map(\.rawValue)
}
