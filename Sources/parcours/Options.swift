import ArgumentParser
import Foundation
import Logging
import ParcoursCore
import ParcoursStore

/// Who acts: `--as EMAIL`, else `PARCOURS_STAFF`, else the installation's administrator.
struct ActingOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: ArgumentHelp("The acting staff member's e-mail (or PARCOURS_STAFF).", valueName: "EMAIL"))
    var email: String?

    var acting: Acting {
        if let email = email ?? ProcessInfo.processInfo.environment["PARCOURS_STAFF"], !email.isEmpty {
            return .staff(email: email)
        }
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
    return date
}

func parsePhase(_ text: String, field: String) throws -> Phase {
    guard let phase = Phase(name: text) else {
        throw InputError("\(field): unknown phase '\(text)' (expected one of: \(Phase.allCases.map(\.rawValue).joined(separator: ", ")))")
    }
    return phase
}

func parseOutcome(_ text: String, field: String) throws -> Outcome {
    guard let outcome = Outcome(name: text) else {
        throw InputError("\(field): unknown outcome '\(text)' (expected one of: \(Outcome.allCases.map(\.flagName).joined(separator: ", ")))")
    }
    return outcome
}

func parseID<ID: EntityID>(_ text: String, as: ID.Type, field: String) throws -> ID {
    guard let raw = Int64(text), raw > 0 else { throw InputError("\(field): '\(text)' is not an id (a positive number)") }
    return ID(raw)
}

func parseLimit(_ limit: Int?) throws -> Int? {
    if let limit, limit < 1 { throw InputError("--limit: must be at least 1") }
    return limit
}
