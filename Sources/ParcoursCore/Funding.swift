import Foundation

/// Who pays for the accompaniment.
public enum FunderKind: String, CaseIterable, Sendable, Codable {
    /// European Social Fund Plus (FSE+).
    case esfPlus = "esf_plus"
    /// LEADER, through the EAFRD (FEADER).
    case leaderFeader = "leader_feader"
    case region, state, department, intercommunality, foundation, other

    /// Accepts `esf-plus`, `fse+`, `esf+`, `leader`, `feader`, `region`/`région`, `état`…
    public init?(name: String) {
        let folded = name.lowercased().folding(options: .diacriticInsensitive, locale: nil)
            .replacingOccurrences(of: "-", with: "_")
        switch folded {
        case "esf_plus", "esf+", "fse+", "fse_plus", "esf", "fse": self = .esfPlus
        case "leader_feader", "leader", "feader", "eafrd": self = .leaderFeader
        case "etat", "anct": self = .state
        case "departement": self = .department
        case "epci", "intercommunalite": self = .intercommunality
        case "fondation": self = .foundation
        case "autre": self = .other
        default:
            guard let kind = FunderKind(rawValue: folded) else { return nil }
            self = kind
        }
    }
}

public struct Funder: Hashable, Sendable {
    public var id: FunderID
    public var name: String
    public var kind: FunderKind

    public init(id: FunderID, name: String, kind: FunderKind) {
        self.id = id
        self.name = name
        self.kind = kind
    }
}

/// A funding agreement (convention) of an operator with a funder, and the journeys it covers.
public struct Funding: Hashable, Sendable {
    public var id: FundingID
    public var operatorID: OperatorID
    public var funderName: String
    public var code: String
    public var title: String
    public var startsOn: LocalDate
    public var endsOn: LocalDate
    /// In euros.
    public var budget: Double?
    /// The funder's share of the budget, in percent.
    public var sharePercent: Double?
    /// The agreement requires participants' names in its exports.
    public var namesRequired: Bool
    public var programmes: [String]
    public var cohorts: [String]
    public var territories: [String]

    public init(
        id: FundingID, operatorID: OperatorID, funderName: String, code: String, title: String, startsOn: LocalDate,
        endsOn: LocalDate, budget: Double?, sharePercent: Double?, namesRequired: Bool, programmes: [String],
        cohorts: [String], territories: [String]
    ) {
        self.id = id
        self.operatorID = operatorID
        self.funderName = funderName
        self.code = code
        self.title = title
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.budget = budget
        self.sharePercent = sharePercent
        self.namesRequired = namesRequired
        self.programmes = programmes
        self.cohorts = cohorts
        self.territories = territories
    }

    /// The agreement's own dates, the default period of its exports.
    public var period: ReportPeriod { try! ReportPeriod(from: startsOn, to: endsOn) }
}
