/// An organisation that accompanies carriers (an ESS network, a BGE, a CAE, a nature park…).
public struct Operator: Hashable, Sendable, Codable {
    public var id: OperatorID
    public var name: String
    public var territoryIDs: [TerritoryID]

    public init(id: OperatorID, name: String, territoryIDs: [TerritoryID]) {
        self.id = id
        self.name = name
        self.territoryIDs = territoryIDs
    }
}

/// The levels of the territory tree: région → département → EPCI / Pays / Parc → commune.
/// A rural classification of a commune (or of its EPCI) over a period: France Ruralités
/// Revitalisation since 1 July 2024 (FRR+ from 1 January 2025), the ZRR before; `none` for a
/// known commune classified by none.
public enum RuralZoning: String, CaseIterable, Sendable, Codable {
    case frr, frrPlus = "frr-plus", zrr, none
}

public enum TerritoryKind: String, CaseIterable, Sendable, Codable {
    case region, department, epci, pays, park, commune

    /// Accepts French and English names (`région`, `departement`, `pnr`…).
    public init?(name: String) {
        let folded = name.lowercased().folding(options: .diacriticInsensitive, locale: nil)
            .trimmed
        switch folded {
        case "region": self = .region
        case "department", "departement": self = .department
        case "epci", "communaute de communes", "cc", "agglomeration": self = .epci
        case "pays": self = .pays
        case "park", "parc", "pnr", "parc naturel regional": self = .park
        case "commune", "municipality": self = .commune
        default: return nil
        }
    }

    /// Whether a node of this kind may sit under a node of `parent` kind: strictly deeper, so the
    /// tree can have no cycle (the database checks the same).
    public func mayNest(under parent: TerritoryKind) -> Bool { depth > parent.depth }
}

/// A node of the territory tree. `code` is the INSEE code for communes, départements and régions,
/// the SIREN for an EPCI, or a local code for a Pays or a Parc.
public struct Territory: Hashable, Sendable, Codable {
    public var id: TerritoryID
    public var code: String
    public var name: String
    public var kind: TerritoryKind
    public var parentID: TerritoryID?
    public var rural: Bool

    /// The official INSEE code (a région's without the R its stored code takes to differ from
    /// a département's), for the kinds that have one.
    public var inseeCode: String? {
        switch kind {
        case .region: code.hasPrefix("R") && code.count == 3 ? String(code.dropFirst()) : code
        case .department, .commune: code
        case .epci, .pays, .park: nil
        }
    }

    public init(id: TerritoryID, code: String, name: String, kind: TerritoryKind, parentID: TerritoryID?, rural: Bool) {
        self.id = id
        self.code = code
        self.name = name
        self.kind = kind
        self.parentID = parentID
        self.rural = rural
    }
}

/// Carriers who start a programme together after a call for applications.
public struct Cohort: Hashable, Sendable, Codable {
    public var id: CohortID
    public var operatorID: OperatorID
    public var programmeID: ProgrammeID
    public var name: String
    public var startsOn: LocalDate?

    public init(id: CohortID, operatorID: OperatorID, programmeID: ProgrammeID, name: String, startsOn: LocalDate?) {
        self.id = id
        self.operatorID = operatorID
        self.programmeID = programmeID
        self.name = name
        self.startsOn = startsOn
    }
}

import Foundation
