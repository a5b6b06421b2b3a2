import Foundation
import ParcoursCore

/// The named values of one request as an edge received them — the CLI's options and arguments
/// (by the snake_case of their long names) or the API's path and JSON body — read by the actions
/// with the shared parsers, so that both edges accept and refuse exactly the same things.
public struct Fields: Sendable {
    public enum Value: Sendable, Hashable {
        case text(String)
        case list([String])
        case flag(Bool)
    }

    public private(set) var values: [String: Value]

    public init(_ values: [String: Value] = [:]) { self.values = values }

    /// Fields from optional texts: the CLI's options, `nil` when not given.
    public init(texts: [String: String?], lists: [String: [String]] = [:], flags: [String: Bool] = [:]) {
        var values: [String: Value] = [:]
        for (name, text) in texts { if let text { values[name] = .text(text) } }
        for (name, list) in lists where !list.isEmpty { values[name] = .list(list) }
        for (name, flag) in flags where flag { values[name] = .flag(true) }
        self.values = values
    }

    public subscript(name: String) -> Value? {
        get { values[name] }
        set { values[name] = newValue }
    }

    public var names: Set<String> { Set(values.keys) }

    /// A text, or nil when absent (an empty text is absent too).
    public func text(_ name: String) throws(Refusal) -> String? {
        switch values[name] {
        case nil: return nil
        case .text(let text): return text.isEmpty ? nil : text
        case .list, .flag: throw Refusal(.badRequestBody, field: name)
        }
    }

    public func required(_ name: String) throws(Refusal) -> String {
        guard let text = try text(name) else { throw Refusal(.required, field: name) }
        return text
    }

    /// A text a person typed, trimmed and within its limit.
    public func words(_ name: String, maximum: Int) throws(Refusal) -> String? {
        try text(name).map { text throws(Refusal) in try Input.text(text, field: name, maximum: maximum) }
    }

    public func date(_ name: String) throws(Refusal) -> LocalDate? {
        try text(name).map { text throws(Refusal) in try Input.date(text, field: name) }
    }

    public func id<ID: EntityID>(_ name: String, as type: ID.Type) throws(Refusal) -> ID? {
        try text(name).map { text throws(Refusal) in try Input.id(text, as: type, field: name) }
    }

    public func requiredID<ID: EntityID>(_ name: String, as type: ID.Type) throws(Refusal) -> ID {
        try Input.id(try required(name), as: type, field: name)
    }

    public func choice<T: Choice>(_ name: String, as type: T.Type) throws(Refusal) -> T? {
        try text(name).map { text throws(Refusal) in try Input.choice(text, as: type, field: name) }
    }

    public func requiredChoice<T: Choice>(_ name: String, as type: T.Type) throws(Refusal) -> T {
        try Input.choice(try required(name), as: type, field: name)
    }

    public func decimal(_ name: String) throws(Refusal) -> Double? {
        try text(name).map { text throws(Refusal) in try Input.decimal(text, field: name) }
    }

    public func integer(_ name: String, in range: ClosedRange<Int>) throws(Refusal) -> Int? {
        try text(name).map { text throws(Refusal) in try Input.integer(text, field: name, in: range) }
    }

    /// Yes or no: a JSON boolean, or a word (`oui`, `non`, `yes`, `no`…).
    public func yesNo(_ name: String) throws(Refusal) -> Bool? {
        if case .flag(let value) = values[name] { return value }
        return try text(name).map { text throws(Refusal) in try Input.yesNo(text, field: name) }
    }

    public func flag(_ name: String) throws(Refusal) -> Bool {
        switch values[name] {
        case nil: return false
        case .flag(let value): return value
        case .text(let text): return try Input.yesNo(text, field: name)
        case .list: throw Refusal(.badRequestBody, field: name)
        }
    }

    /// A list: the API's array, or the CLI's repeated or comma-separated option.
    public func list(_ name: String) throws(Refusal) -> [String] {
        switch values[name] {
        case nil: return []
        case .list(let items): return items.flatMap { $0.split(separator: ",").map { $0.trimmed } }
        case .text(let text): return text.split(separator: ",").map { $0.trimmed }
        case .flag: throw Refusal(.badRequestBody, field: name)
        }
    }
}
