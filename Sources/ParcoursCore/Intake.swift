/// Who sent a person to the operator (FIELD.md: networks report the prescriber mix).
public enum Prescriber: String, CaseIterable, Sendable, Codable {
    case franceTravail = "france_travail", missionLocale = "mission_locale", caf, siae, capEmploi = "cap_emploi", elu, reseau
    case boucheAOreille = "bouche_a_oreille", other
}

/// Why a first contact did not become a journey.
public enum DeclineReason: String, CaseIterable, Sendable, Codable {
    case notEligible = "not_eligible", redirected, withdrew, noAnswer = "no_answer", other
}

/// A first contact: a person someone sent, perhaps met at an information session and a
/// diagnostic, then admitted (a carrier and a journey) or not (with the reason).
public struct Intake: Hashable, Sendable {
    public enum Status: String, CaseIterable, Sendable { case pending, admitted, declined }

    public var id: IntakeID
    public var operatorID: OperatorID
    public var operatorName: String
    public var firstName: String
    public var lastName: String?
    public var email: String?
    public var phone: String?
    public var communeID: TerritoryID?
    public var prescriber: Prescriber
    public var contactedOn: LocalDate
    public var infoSessionOn: LocalDate?
    public var diagnosticOn: LocalDate?
    public var status: Status
    public var decidedOn: LocalDate?
    public var declineReason: DeclineReason?
    public var redirectedTo: Int64?
    public var carrierID: CarrierID?
    public var journeyID: JourneyID?
    public var note: String?
    /// The same person's other first contacts, merged into this one (`intake merge`).
    public var mergedIDs: [IntakeID] = []

    public init(
        id: IntakeID, operatorID: OperatorID, operatorName: String, firstName: String, lastName: String?, email: String?, phone: String?,
        communeID: TerritoryID?, prescriber: Prescriber, contactedOn: LocalDate, infoSessionOn: LocalDate?, diagnosticOn: LocalDate?,
        status: Status, decidedOn: LocalDate?, declineReason: DeclineReason?, redirectedTo: Int64?, carrierID: CarrierID?,
        journeyID: JourneyID?, note: String?
    ) {
        self.id = id
        self.operatorID = operatorID
        self.operatorName = operatorName
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.phone = phone
        self.communeID = communeID
        self.prescriber = prescriber
        self.contactedOn = contactedOn
        self.infoSessionOn = infoSessionOn
        self.diagnosticOn = diagnosticOn
        self.status = status
        self.decidedOn = decidedOn
        self.declineReason = declineReason
        self.redirectedTo = redirectedTo
        self.carrierID = carrierID
        self.journeyID = journeyID
        self.note = note
    }
}
