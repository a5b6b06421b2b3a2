import Foundation
import ParcoursCore

/// A JSON value with explicit nulls: every field of the CLI's JSON contract is always present.
public enum JSONValue: Encodable, Sendable {
    case string(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case array([JSONValue])
    case object([String: JSONValue])
    case null

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }

    public static func string(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
    public static func id(_ value: (some EntityID)?) -> JSONValue { value.map { .int($0.rawValue) } ?? .null }
    public static func int(_ value: Int) -> JSONValue { .int(Int64(value)) }
    public static func date(_ value: LocalDate?) -> JSONValue { value.map { .string($0.iso) } ?? .null }

    /// Every integer under a `carrier_id` key, at any depth: the people an answer is about.
    public var carrierIDs: Set<Int64> {
        switch self {
        case .object(let fields):
            var found = Set(fields.values.flatMap(\.carrierIDs))
            if case .int(let id) = fields["carrier_id"] { found.insert(id) }
            return found
        case .array(let items): return Set(items.flatMap(\.carrierIDs))
        case .string, .int, .double, .bool, .null: return []
        }
    }

    /// Pretty-printed, keys sorted: a stable text for contracts and golden files.
    public func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
