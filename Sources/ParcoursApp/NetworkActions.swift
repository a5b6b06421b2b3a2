import Foundation
import ParcoursCore
import ParcoursStore

// Programmes, cohorts, funders and the referrals another operator hands on, as actions both
// edges adapt.

/// `programme add NAME --operator O --phases idée,modules,pitch,orientation` · `POST /programmes`.
public struct AddProgramme: Action {
    public static let spec = ActionSpec(
        ["programme", "add"], "POST", "/programmes", fields: ["name", "operator", "phases"], arguments: ["name"], creates: true)
    public var name: String
    public var operatorReference: String?
    /// Codes, whatever the spelling typed; unknown ones are the store's to refuse, with the order rules.
    public var phases: [String]

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        name = try Input.text(try fields.required("name"), field: "name", maximum: FieldLimit.title)
        operatorReference = try fields.text("operator")
        phases = try fields.list("phases").map { Phase(spelling: $0)?.code ?? $0 }
        if phases.isEmpty { throw Refusal(.required, field: "phases") }
    }

    public func perform(in tx: Transaction) async throws -> Programme {
        try await tx.addProgramme(name: name, operatorID: try await tx.operatorOrOwn(operatorReference), phases: phases)
    }
}

/// `cohort add NAME --programme P [--starts-on D]` · `POST /cohorts`.
public struct AddCohort: Action {
    public static let spec = ActionSpec(
        ["cohort", "add"], "POST", "/cohorts", fields: ["name", "programme", "starts_on"], arguments: ["name"], creates: true)
    public var name: String
    public var programme: String
    public var startsOn: LocalDate?

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        name = try Input.text(try fields.required("name"), field: "name", maximum: FieldLimit.title)
        programme = try fields.required("programme")
        startsOn = try fields.date("starts_on")
    }

    public func perform(in tx: Transaction) async throws -> CohortListing {
        let programme = try await tx.resolveProgramme(programme)
        let id = try await tx.addCohort(name: name, programme: programme, startsOn: startsOn)
        return try await tx.cohorts(programme: programme.id).first { $0.cohort.id == id }!
    }
}

/// `funder add NAME [--kind fse+|leader|région…]` · `POST /funders`.
public struct AddFunder: Action {
    public static let spec = ActionSpec(["funder", "add"], "POST", "/funders", fields: ["name", "kind"], arguments: ["name"], creates: true)
    public var name: String
    public var kind: FunderKind

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        name = try Input.text(try fields.required("name"), field: "name", maximum: FieldLimit.title)
        kind = try fields.choice("kind", as: FunderKind.self) ?? .other
    }

    public func perform(in tx: Transaction) async throws -> Funder { try await tx.addFunder(name: name, kind: kind) }
}

/// `referral take ID --programme P [--cohort C] [--on D]` · `POST /referrals/{id}/take`: the
/// receiving operator registers the person and opens their journey.
public struct TakeReferral: Action {
    public static let spec = ActionSpec(["referral", "take"], "POST", "/referrals/{id}/take", fields: ["programme", "cohort", "on"], creates: true)
    public var referral: Int64
    public var programme: String
    public var cohort: String?
    public var on: LocalDate?

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        referral = try fields.requiredID("id", as: ReferralID.self).rawValue
        programme = try fields.required("programme")
        cohort = try fields.text("cohort")
        on = try fields.date("on")
    }

    public func perform(in tx: Transaction) async throws -> JourneyListing {
        let programme = try await tx.resolveProgramme(programme, operatorID: tx.acting.operatorID)
        let cohortID = try await cohort.asyncMap { try await tx.resolveCohort($0, programme: programme) }
        let journey = try await tx.takeReferral(referral, programme: programme, cohort: cohortID, on: on)
        return try await tx.journey(journey.id)
    }
}

/// `operator add NAME [--territory T…]` · `POST /operators`.
public struct AddOperator: Action {
    public static let spec = ActionSpec(["operator", "add"], "POST", "/operators", fields: ["name", "territory"], arguments: ["name"], creates: true)
    public var name: String
    public var territories: [String]

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        name = try Input.text(try fields.required("name"), field: "name", maximum: FieldLimit.title)
        territories = try fields.list("territory")
    }

    public func perform(in tx: Transaction) async throws -> OperatorListing {
        var ids: [TerritoryID] = []
        for reference in territories { ids.append(try await tx.resolveTerritory(reference)) }
        return try await tx.operators(id: try await tx.addOperator(name: name, territories: ids))[0]
    }
}

/// `operator update OPERATOR --referral-expiry-days N` · `PATCH /operators/{id}`: after how many
/// days without the partner's answer a referral expires (« réorienter » on the worklist, the link closed).
public struct UpdateOperator: Action {
    public static let spec = ActionSpec(["operator", "update"], "PATCH", "/operators/{id}", fields: ["referral_expiry_days"])
    /// By id or exact name.
    public var reference: String
    public var referralExpiryDays: Int

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        reference = try fields.required("id")
        guard let days = try fields.integer("referral_expiry_days", in: 1...365) else { throw Refusal(.required, field: "referral_expiry_days") }
        referralExpiryDays = days
    }

    public func perform(in tx: Transaction) async throws -> OperatorListing {
        let id = try await tx.resolveOperator(reference)
        try await tx.setReferralExpiry(of: id, days: referralExpiryDays)
        return try await tx.operators(id: id)[0]
    }
}

/// `territory add NAME --code C --kind K [--parent P] [--member M…] [--rural]` · `POST /territories`:
/// an operator's own grouping (a Pays, a Parc, a local zone) over communes and EPCIs of France's tree.
public struct AddTerritory: Action {
    public static let spec = ActionSpec(
        ["territory", "add"], "POST", "/territories", fields: ["name", "code", "kind", "parent", "member", "rural"], arguments: ["name"],
        creates: true)
    public var name: String
    public var code: String
    public var kind: TerritoryKind
    public var parent: String?
    /// Communes or EPCIs, by code or name.
    public var members: [String]
    public var rural: Bool

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        name = try Input.text(try fields.required("name"), field: "name", maximum: FieldLimit.title)
        code = try Input.text(try fields.required("code"), field: "code", maximum: FieldLimit.reference)
        kind = try fields.requiredChoice("kind", as: TerritoryKind.self)
        parent = try fields.text("parent")
        members = try fields.list("member")
        rural = try fields.flag("rural")
        if !members.isEmpty, ![.pays, .park, .epci].contains(kind) {
            throw Refusal(.territoryGroupingKind, field: "member")
        }
    }

    public func perform(in tx: Transaction) async throws -> Territory {
        let parentID = try await parent.asyncMap { try await tx.resolveTerritory($0, kinds: [.region, .department]) }
        let id = try await tx.addTerritory(code: code, name: name, kind: kind, parent: parentID, rural: rural)
        var memberIDs: [TerritoryID] = []
        for member in members { memberIDs.append(try await tx.resolveTerritory(member, kinds: [.commune, .epci], field: "member")) }
        try await tx.addMembers(memberIDs, to: id)
        return try await tx.territory(id)
    }
}

/// `staff add EMAIL --role R [--operator O] [--funder F] [--name N]` · `POST /staff`.
public struct AddStaff: Action {
    public static let spec = ActionSpec(
        ["staff", "add"], "POST", "/staff", fields: ["email", "role", "operator", "funder", "name"], arguments: ["email"], creates: true)
    public var email: String
    public var role: StaffRole
    public var operatorReference: String?
    public var funder: String?
    public var name: String

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        email = try Input.text(try fields.required("email"), field: "email", maximum: FieldLimit.email)
        role = try fields.requiredChoice("role", as: StaffRole.self)
        operatorReference = try fields.text("operator")
        funder = try fields.text("funder")
        name = try fields.words("name", maximum: FieldLimit.title) ?? ""
    }

    public func perform(in tx: Transaction) async throws -> StaffListing {
        let operatorID = try await operatorReference.asyncMap { try await tx.resolveOperator($0) }
        let funderID = try await funder.asyncMap { try await tx.resolveFunder($0) }
        let id = try await tx.addStaff(email: email, displayName: name, role: role, operatorID: operatorID, funderID: funderID)
        return try await tx.staffMembers().first { $0.staff.id == id }!
    }
}

/// `funding add --funder F --code C --title T --from D --to D [--budget 159810,50] [--share 50]
/// [--operator O] [--programme P…] [--cohort C…] [--territory T…] [--names-required]` · `POST /fundings`.
public struct AddFunding: Action {
    public static let spec = ActionSpec(
        ["funding", "add"], "POST", "/fundings",
        fields: ["funder", "code", "title", "from", "to", "budget", "share", "operator", "programme", "cohort", "territory", "names_required"],
        creates: true)
    public var funder: String
    public var code: String
    public var title: String
    public var from: LocalDate
    public var to: LocalDate
    public var budget: Double?
    public var share: Double?
    public var operatorReference: String?
    public var programmes: [String]
    public var cohorts: [String]
    public var territories: [String]
    public var namesRequired: Bool

    public init(_ fields: Fields, today: LocalDate) throws(Refusal) {
        try Self.spec.checkKnown(fields)
        funder = try fields.required("funder")
        code = try Input.text(try fields.required("code"), field: "code", maximum: FieldLimit.reference)
        title = try Input.text(try fields.required("title"), field: "title", maximum: FieldLimit.title)
        from = try Input.date(try fields.required("from"), field: "from")
        to = try Input.date(try fields.required("to"), field: "to")
        budget = try fields.decimal("budget")
        share = try fields.decimal("share")
        operatorReference = try fields.text("operator")
        programmes = try fields.list("programme")
        cohorts = try fields.list("cohort")
        territories = try fields.list("territory")
        namesRequired = try fields.flag("names_required")
    }

    public func perform(in tx: Transaction) async throws -> Funding {
        let operatorID = try await tx.operatorOrOwn(operatorReference)
        var programmeIDs: [ProgrammeID] = []
        for reference in programmes { programmeIDs.append(try await tx.resolveProgramme(reference, operatorID: operatorID).id) }
        var cohortIDs: [CohortID] = []
        for reference in cohorts { cohortIDs.append(try await tx.resolveCohort(reference)) }
        var territoryIDs: [TerritoryID] = []
        for reference in territories { territoryIDs.append(try await tx.resolveTerritory(reference)) }
        return try await tx.addFunding(FundingDraft(
            operatorID: operatorID, funderID: try await tx.resolveFunder(funder), code: code, title: title, startsOn: from, endsOn: to,
            budget: budget, sharePercent: share, namesRequired: namesRequired, programmes: programmeIDs, cohorts: cohortIDs,
            territories: territoryIDs))
    }
}
