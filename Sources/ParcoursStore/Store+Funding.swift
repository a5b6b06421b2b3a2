import ParcoursCore
import PostgresNIO

/// What `funding add` records: the agreement and the links that decide which journeys it covers.
public struct FundingDraft: Sendable {
    public var operatorID: OperatorID
    public var funderID: FunderID
    public var code: String
    public var title: String
    public var startsOn: LocalDate
    public var endsOn: LocalDate
    public var budget: Double?
    public var sharePercent: Double?
    public var namesRequired: Bool
    public var programmes: [ProgrammeID]
    public var cohorts: [CohortID]
    public var territories: [TerritoryID]

    public init(
        operatorID: OperatorID, funderID: FunderID, code: String, title: String, startsOn: LocalDate, endsOn: LocalDate,
        budget: Double? = nil, sharePercent: Double? = nil, namesRequired: Bool = false, programmes: [ProgrammeID] = [],
        cohorts: [CohortID] = [], territories: [TerritoryID] = []
    ) {
        self.operatorID = operatorID
        self.funderID = funderID
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
}

extension Transaction {
    // MARK: Funders

    public func addFunder(name: String, kind: FunderKind) async throws -> Funder {
        let name = try requireText(name, field: "name")
        let id = try await rows("INSERT INTO funder (name, kind) VALUES (\(name), \(kind.rawValue)) RETURNING id")
            .first!.decode(Int64.self)
        return Funder(id: FunderID(id), name: name, kind: kind)
    }

    public func funders() async throws -> [Funder] {
        try await rows("SELECT id, name, kind FROM funder ORDER BY name").map { row in
            let (id, name, kind) = try row.decode((Int64, String, String).self)
            return Funder(id: FunderID(id), name: name, kind: FunderKind(rawValue: kind) ?? .other)
        }
    }

    /// A funder by id or exact name.
    public func resolveFunder(_ reference: String) async throws -> FunderID {
        let id = Int64(reference)
        let found = try await rows("SELECT id FROM funder WHERE id = \(id) OR (\(id)::bigint IS NULL AND name = \(reference))")
        guard let first = found.first else { throw StoreError.notFound(Refusal(.unknownName, field: "funder", ["record": "funder", "value": reference])) }
        return FunderID(try first.decode(Int64.self))
    }

    // MARK: Funding agreements

    /// Records an agreement with its links, in one transaction: an agreement that covers nothing
    /// or links another operator's programme is refused whole.
    public func addFunding(_ draft: FundingDraft) async throws -> Funding {
        let code = try requireText(draft.code, field: "code")
        let title = try requireText(draft.title, field: "title")
        guard draft.startsOn <= draft.endsOn else {
            throw StoreError.invalid(Refusal(.periodReversed, field: "to", ["from": draft.startsOn.iso, "to": draft.endsOn.iso]))
        }
        guard !(draft.programmes.isEmpty && draft.cohorts.isEmpty && draft.territories.isEmpty) else {
            throw StoreError.invalid(Refusal(.fundingNeedsScope, fields: ["programme", "cohort", "territory"]))
        }
        if let share = draft.sharePercent, !(share > 0 && share <= 100) {
            throw StoreError.invalid(Refusal(.outOfRange, field: "share", ["value": "\(share)", "minimum": "0", "maximum": "100"]))
        }
        if let budget = draft.budget, budget < 0 { throw StoreError.invalid(Refusal(.negative, field: "budget", ["value": "\(budget)"])) }
        let id = try await rows(
            """
            INSERT INTO funding (operator_id, funder_id, code, title, starts_on, ends_on, budget, share_percent, names_required)
            VALUES (\(draft.operatorID.rawValue), \(draft.funderID.rawValue), \(code), \(title), \(draft.startsOn.iso)::date,
                    \(draft.endsOn.iso)::date, \(draft.budget)::numeric, \(draft.sharePercent)::numeric, \(draft.namesRequired))
            RETURNING id
            """
        ).first!.decode(Int64.self)
        // The composite foreign keys refuse a programme or cohort of another operator.
        try await query(
            """
            INSERT INTO funding_programme (operator_id, funding_id, programme_id)
            SELECT \(draft.operatorID.rawValue), \(id), p FROM unnest(\(draft.programmes.map(\.rawValue))::bigint[]) AS p
            ON CONFLICT DO NOTHING
            """)
        try await query(
            """
            INSERT INTO funding_cohort (operator_id, funding_id, cohort_id)
            SELECT \(draft.operatorID.rawValue), \(id), c FROM unnest(\(draft.cohorts.map(\.rawValue))::bigint[]) AS c
            ON CONFLICT DO NOTHING
            """)
        try await query(
            """
            INSERT INTO funding_territory (operator_id, funding_id, territory_id)
            SELECT \(draft.operatorID.rawValue), \(id), t FROM unnest(\(draft.territories.map(\.rawValue))::bigint[]) AS t
            ON CONFLICT DO NOTHING
            """)
        return try await fundings(id: FundingID(id))[0]
    }

    public func fundings(id: FundingID? = nil) async throws -> [Funding] {
        try await rows(
            """
            SELECT f.id, f.operator_id, fu.name, f.code, f.title, to_char(f.starts_on, 'YYYY-MM-DD'),
                   to_char(f.ends_on, 'YYYY-MM-DD'), f.budget::float8, f.share_percent::float8, f.names_required,
                   ARRAY(SELECT p.name FROM funding_programme AS fp JOIN programme AS p ON p.id = fp.programme_id
                         WHERE fp.funding_id = f.id ORDER BY p.name),
                   ARRAY(SELECT c.name FROM funding_cohort AS fc JOIN cohort AS c ON c.id = fc.cohort_id
                         WHERE fc.funding_id = f.id ORDER BY c.name),
                   ARRAY(SELECT t.name FROM funding_territory AS ft JOIN territory AS t ON t.id = ft.territory_id
                         WHERE ft.funding_id = f.id ORDER BY t.name)
            FROM funding AS f
            JOIN funder AS fu ON fu.id = f.funder_id
            WHERE \(id?.rawValue)::bigint IS NULL OR f.id = \(id?.rawValue)
            ORDER BY f.starts_on, f.code
            """
        ).map { row in
            let (id, operatorID, funder, code, title, startsOn, endsOn, budget, share, named, programmes, cohorts, territories) =
                try row.decode((Int64, Int64, String, String, String, String, String, Double?, Double?, Bool, [String], [String], [String]).self)
            return Funding(
                id: FundingID(id), operatorID: OperatorID(operatorID), funderName: funder, code: code, title: title,
                startsOn: try LocalDate.decoded(startsOn), endsOn: try LocalDate.decoded(endsOn), budget: budget,
                sharePercent: share, namesRequired: named, programmes: programmes, cohorts: cohorts, territories: territories)
        }
    }

    /// An agreement by its code (or id).
    public func resolveFunding(_ reference: String) async throws -> Funding {
        let id = Int64(reference)
        let found = try await rows("SELECT id FROM funding WHERE code = \(reference) OR id = \(id) ORDER BY code = \(reference) DESC")
        guard let first = found.first else {
            throw StoreError.notFound(Refusal(.unknownName, field: "funding", ["record": "funding", "value": reference]))
        }
        return try await fundings(id: FundingID(try first.decode(Int64.self)))[0]
    }
}
