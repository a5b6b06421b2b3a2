/// An operator's pathway offer (May'IdESS, Outille ton projet…): which phases its journeys go through.
public struct Programme: Hashable, Sendable, Codable {
    public var id: ProgrammeID
    public var operatorID: OperatorID
    public var name: String
    /// The phases used, in canonical order; a journey opens in the first one.
    public var phases: [Phase]

    public init(id: ProgrammeID, operatorID: OperatorID, name: String, phases: [Phase]) {
        self.id = id
        self.operatorID = operatorID
        self.name = name
        self.phases = phases
    }

    /// Checks a phase list typed by a person: not empty, no repeats, in the pathway's order.
    public static func validatedPhases(_ names: [String]) throws(ProgrammeError) -> [Phase] {
        var phases: [Phase] = []
        for raw in names {
            let name = raw.trimmed
            guard let phase = Phase(name: name) else { throw .unknownPhase(name) }
            phases.append(phase)
        }
        guard !phases.isEmpty else { throw .noPhases }
        for (earlier, later) in zip(phases, phases.dropFirst()) {
            if earlier == later { throw .repeatedPhase(later) }
            if later < earlier { throw .outOfOrder(earlier, later) }
        }
        return phases
    }
}

public enum ProgrammeError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownPhase(String)
    case noPhases
    case repeatedPhase(Phase)
    case outOfOrder(Phase, Phase)

    public var description: String {
        switch self {
        case .unknownPhase(let name):
            "unknown phase '\(name)' (expected one of: \(Phase.allCases.map(\.rawValue).joined(separator: ", ")))"
        case .noPhases: "a programme needs at least one phase"
        case .repeatedPhase(let phase): "phase '\(phase.rawValue)' is listed twice"
        case .outOfOrder(let earlier, let later):
            "phases must follow the pathway's order: '\(later.rawValue)' comes before '\(earlier.rawValue)'"
        }
    }
}

import Foundation
