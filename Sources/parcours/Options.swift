import ArgumentParser
import Foundation
import Logging
import ParcoursCore
import ParcoursStore

/// Who acts: `--as EMAIL`, else `PARCOURS_STAFF`, else the staff member of `PARCOURS_TOKEN` (exactly
/// as over HTTP), else the installation's administrator.
struct ActingOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: ArgumentHelp("The acting staff member's e-mail (or PARCOURS_STAFF).", valueName: "EMAIL"))
    var email: String?

    var acting: Acting {
        let environment = ProcessInfo.processInfo.environment
        if let email = email ?? environment["PARCOURS_STAFF"], !email.isEmpty {
            return .staff(email: email)
        }
        if let token = environment["PARCOURS_TOKEN"], !token.isEmpty { return .token(token) }
        return .administrator
    }
}

struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON (stable snake_case fields) instead of a table.")
    var json = false
}

extension Logger {
    /// Warnings and errors on standard error; PARCOURS_LOG_LEVEL=debug for more.
    static let cli: Logger = {
        var logger = Logger(label: "parcours")
        logger.logLevel = ProcessInfo.processInfo.environment["PARCOURS_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        return logger
    }()
}

/// Opens the store from the environment, runs `body` in one transaction as the acting staff member.
func inTransaction<T: Sendable>(
    _ acting: ActingOptions, _ body: (Transaction) async throws -> T
) async throws -> T {
    try await Store.withStore(at: try DatabaseLocation.fromEnvironment(), logger: .cli) { store in
        try await store.transaction(as: acting.acting, body)
    }
}

// MARK: - Parsing values typed by people (bad values exit 1 with the field named)

func parseDate(_ text: String?, field: String) throws -> LocalDate? {
    guard let text else { return nil }
    guard let date = LocalDate(iso: text.trimmingCharacters(in: .whitespaces)) else {
        throw InputError("\(field): '\(text)' is not a date (expected YYYY-MM-DD)")
    }
    if let problem = FieldLimit.problem(with: date) { throw InputError("\(field): \(problem)") }
    return date
}

/// A closed set of values typed on the command line (phases, outcomes, roles, kinds…).
protocol CommandLineChoice: CaseIterable {
    init?(name: String)
    /// How the CLI spells the value (`activity-created`).
    var flagName: String { get }
    /// What a value is called in messages ("phase", "legal form").
    static var noun: String { get }
}

extension CommandLineChoice where Self: RawRepresentable, RawValue == String {
    var flagName: String { rawValue.replacingOccurrences(of: "_", with: "-") }
}

/// Parses a choice, or says which flag is wrong and lists what it accepts.
func parseChoice<T: CommandLineChoice>(_ text: String, field: String, as _: T.Type = T.self) throws -> T {
    guard let value = T(name: text) else {
        throw InputError("\(field): unknown \(T.noun) '\(text)' (expected one of: \(T.allCases.map(\.flagName).joined(separator: ", ")))")
    }
    return value
}

extension Phase: CommandLineChoice { static var noun: String { "phase" } }
extension Outcome: CommandLineChoice { static var noun: String { "outcome" } }
extension Gender: CommandLineChoice { static var noun: String { "gender" } }
extension TerritoryKind: CommandLineChoice { static var noun: String { "kind" } }
extension LegalForm: CommandLineChoice { static var noun: String { "legal form" } }
extension PartnerKind: CommandLineChoice { static var noun: String { "kind" } }
extension FollowUpSituation: CommandLineChoice { static var noun: String { "situation" } }
extension JuryDecision: CommandLineChoice { static var noun: String { "decision" } }
extension LabourStatus: CommandLineChoice { static var noun: String { "labour status" } }
extension StaffRole: CommandLineChoice {
    static var noun: String { "role" }
    init?(name: String) { self.init(rawValue: name.lowercased()) }
}
extension SessionKind: CommandLineChoice {
    static var noun: String { "kind" }
    init?(name: String) { self.init(rawValue: name.lowercased()) }
}
extension ReferralStatus: CommandLineChoice {
    static var noun: String { "status" }
    init?(name: String) { self.init(rawValue: name.lowercased()) }
}
extension EducationLevel: CommandLineChoice {
    static var noun: String { "education level" }
    var flagName: String { rawValue.replacingOccurrences(of: "isced_", with: "").replacingOccurrences(of: "_", with: "-") }
}

func parseID<ID: EntityID>(_ text: String, as: ID.Type, field: String) throws -> ID {
    guard let raw = Int64(text), raw > 0 else { throw InputError("\(field): '\(text)' is not an id (a positive number)") }
    return ID(raw)
}

func parseLimit(_ limit: Int?) throws -> Int? {
    if let limit, limit < 1 { throw InputError("--limit: must be at least 1") }
    return limit
}
