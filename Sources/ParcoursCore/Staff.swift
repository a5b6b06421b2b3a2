/// What a staff member may do; PostgreSQL row-level security enforces the same split.
public enum StaffRole: String, CaseIterable, Sendable, Codable {
    /// Follows carriers of their operator.
    case counsellor
    /// Runs an operator: its programmes, cohorts, staff.
    case coordinator
    /// A regional network or an evaluator: reads across operators, writes nothing.
    case network
    /// Reads aggregates and exports of its funding agreements.
    case funder
    /// The installation's administrator.
    case admin

    /// Roles that belong to one operator.
    public var isOperatorBound: Bool { self == .counsellor || self == .coordinator }

    /// Roles that record changes to journeys (the others read).
    public var changesJourneys: Bool { self == .counsellor || self == .coordinator || self == .admin }
}

public struct Staff: Hashable, Sendable, Codable {
    public var id: StaffID
    public var email: String
    public var displayName: String
    public var operatorID: OperatorID?
    public var role: StaffRole

    public init(id: StaffID, email: String, displayName: String, operatorID: OperatorID?, role: StaffRole) {
        self.id = id
        self.email = email
        self.displayName = displayName
        self.operatorID = operatorID
        self.role = role
    }

    /// The installation's administrator, created by the first migration; the CLI acts as it without `--as`.
    public static let administratorEmail = "admin@localhost"
}
