/// A database identity, typed by what it identifies so a carrier id is never passed as a journey id.
public protocol EntityID: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible
where RawValue == Int64 {
    init(rawValue: Int64)
}

extension EntityID {
    public init(_ rawValue: Int64) { self.init(rawValue: rawValue) }
    public var description: String { String(rawValue) }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(Int64.self))
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

public struct OperatorID: EntityID { public let rawValue: Int64; public init(rawValue: Int64) { self.rawValue = rawValue } }
public struct TerritoryID: EntityID { public let rawValue: Int64; public init(rawValue: Int64) { self.rawValue = rawValue } }
public struct StaffID: EntityID { public let rawValue: Int64; public init(rawValue: Int64) { self.rawValue = rawValue } }
public struct ProgrammeID: EntityID { public let rawValue: Int64; public init(rawValue: Int64) { self.rawValue = rawValue } }
public struct CohortID: EntityID { public let rawValue: Int64; public init(rawValue: Int64) { self.rawValue = rawValue } }
public struct CarrierID: EntityID { public let rawValue: Int64; public init(rawValue: Int64) { self.rawValue = rawValue } }
public struct JourneyID: EntityID { public let rawValue: Int64; public init(rawValue: Int64) { self.rawValue = rawValue } }
public struct FunderID: EntityID { public let rawValue: Int64; public init(rawValue: Int64) { self.rawValue = rawValue } }
public struct FundingID: EntityID { public let rawValue: Int64; public init(rawValue: Int64) { self.rawValue = rawValue } }
public struct SessionID: EntityID { public let rawValue: Int64; public init(rawValue: Int64) { self.rawValue = rawValue } }
public struct ReferralID: EntityID { public let rawValue: Int64; public init(rawValue: Int64) { self.rawValue = rawValue } }
public struct IntakeID: EntityID { public let rawValue: Int64; public init(rawValue: Int64) { self.rawValue = rawValue } }
