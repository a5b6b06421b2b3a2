/// A person (or small group) with an idea of activity, accompanied before creation.
public struct Carrier: Hashable, Sendable, Codable {
    public var id: CarrierID
    public var operatorID: OperatorID
    public var firstName: String
    public var lastName: String
    public var gender: Gender?
    public var birthDate: LocalDate?
    /// The commune of residence (a territory of kind `commune`).
    public var communeID: TerritoryID?

    public init(
        id: CarrierID, operatorID: OperatorID, firstName: String, lastName: String,
        gender: Gender?, birthDate: LocalDate?, communeID: TerritoryID?
    ) {
        self.id = id
        self.operatorID = operatorID
        self.firstName = firstName
        self.lastName = lastName
        self.gender = gender
        self.birthDate = birthDate
        self.communeID = communeID
    }
}

/// Gender as funders ask for it (ESF+ counts by gender).
public enum Gender: String, CaseIterable, Sendable, Codable {
    case woman, man
    case nonBinary = "non_binary"

    /// Accepts `woman|man|non-binary` and the French `femme|homme|non-binaire`, `F`/`H`/`M`.
    public init?(name: String) {
        switch name.lowercased().trimmed {
        case "woman", "f", "femme", "female": self = .woman
        case "man", "h", "m", "homme", "male": self = .man
        case "non-binary", "non_binary", "nonbinary", "non-binaire", "non binaire": self = .nonBinary
        default: return nil
        }
    }

    public var flagName: String { rawValue.replacingOccurrences(of: "_", with: "-") }
}
