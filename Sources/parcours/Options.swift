import ArgumentParser
import Foundation
import Logging
import ParcoursApp
import ParcoursCore
import ParcoursStore

/// The command line's language and words: French unless `--locale en` (anywhere on the line) or
/// `PARCOURS_LOCALE=en`.
enum CLI {
    /// Set once by `Parcours.main` before anything is parsed or printed.
    nonisolated(unsafe) static var language: Language = .fr

    /// Set-up work is announced on standard error when a person watches it (a terminal), or when
    /// PARCOURS_PROGRESS=1 asks for it; never in a pipe's output, which stays the command's own.
    static var announcesSetup: Bool {
        Terminal.errors || ProcessInfo.processInfo.environment["PARCOURS_PROGRESS"] == "1"
    }

    /// One line on standard error for a step of a new installation's set-up.
    static let announce: @Sendable (SetupStep) -> Void = { step in
        switch step {
        case .initialisingCluster: printError(t("setup.cluster"))
        case .migrating(let count): printError(t("setup.migrating", ["count": "\(count)"]))
        case .loadingFrance: printError(t("setup.france"))
        }
    }
    /// The arguments (not options) of the command being run, as refusals name them (`ID`).
    nonisolated(unsafe) static var arguments: Set<String> = ["id"]

    /// Reads and removes `--locale X` / `--locale=X`; else PARCOURS_LOCALE; else French.
    static func takeLanguage(from arguments: inout [String]) throws(Refusal) -> Language {
        var chosen = ProcessInfo.processInfo.environment["PARCOURS_LOCALE"].flatMap { $0.isEmpty ? nil : $0 }
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" { break }
            if argument == "--locale", index + 1 < arguments.count {
                chosen = arguments[index + 1]
                arguments.removeSubrange(index...(index + 1))
            } else if argument.hasPrefix("--locale=") {
                chosen = String(argument.dropFirst("--locale=".count))
                arguments.remove(at: index)
            } else {
                index += 1
            }
        }
        guard let chosen else { return .fr }
        // `fr_FR.UTF-8`, `en-GB`: the language is what counts.
        let code = chosen.lowercased().prefix(2)
        guard let language = Language(rawValue: String(code)) else { throw Refusal(.unknownLocale, field: "locale", ["value": chosen]) }
        return language
    }
}

/// A text of the catalogue in the command line's language.
func t(_ key: String, _ values: [String: String] = [:]) -> String { Messages.text(key, CLI.language, values) }

/// A help text of the catalogue (`help.<key>`).
func help(_ key: String, valueName: String? = nil) -> ArgumentHelp {
    ArgumentHelp(t("help." + key), valueName: valueName)
}

/// A closed set's values for shell completion, as people type them in the command line's language.
func choices<T: Choice>(_: T.Type) -> CompletionKind {
    .list(T.allCases.map { $0.word(CLI.language) })
}

/// A refusal as the command line says it: one line, the options named as typed.
func sentence(_ refusal: Refusal) -> String {
    var refusal = refusal
    // Arguments are named as the usage line shows them (ID), options as typed (--on).
    refusal.fields = refusal.fields.map { CLI.arguments.contains($0) ? $0.uppercased() : $0 }
    return refusal.message(CLI.language, fields: .option)
}

/// Who acts: `--as EMAIL`, else `PARCOURS_STAFF`, else the staff member of `PARCOURS_TOKEN` (exactly
/// as over HTTP), else the installation's administrator.
struct ActingOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: help("as", valueName: "EMAIL"))
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
    @Flag(help: help("json"))
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

/// `--read-url URL` (or PARCOURS_READ_URL): a streaming replica that reports, exports and
/// dashboards read from, the primary keeping every write.
struct ReplicaOptions: ParsableArguments {
    @Option(name: .customLong("read-url"), help: help("read-url", valueName: "URL"))
    var url: String?
}

/// How long a command waits for a connection: longer than a request (the service answers 503
/// after a second), since a person waits for it anyway and a loaded machine may take more than a
/// second to open one (the suite's replica test missed it so).
let commandLeaseDeadline: Duration = .seconds(10)

/// Opens the store from the environment, runs `body` in one transaction as the acting staff member.
func inTransaction<T: Sendable>(
    _ acting: ActingOptions, _ body: (Transaction) async throws -> T
) async throws -> T {
    try await Store.withStore(at: try DatabaseLocation.fromEnvironment(), logger: .cli, leaseDeadline: commandLeaseDeadline) { store in
        try await store.transaction(as: acting.acting, body)
    }
}

/// The same, rolled back at its end when `dryRun`: a dry run makes every check the real run makes —
/// the database's included (unknown references, probable duplicates, the SQL rules) — and writes nothing.
func inTransaction<T: Sendable>(
    _ acting: ActingOptions, dryRun: Bool, _ body: (Transaction) async throws -> T
) async throws -> T {
    guard dryRun else { return try await inTransaction(acting, body) }
    do {
        let _: Bool = try await inTransaction(acting) { tx in throw RolledBack(value: try await body(tx)) }
    } catch let rolledBack as RolledBack<T> {
        return rolledBack.value
    }
    preconditionFailure("a dry run's transaction always ends in its rollback")
}

/// Carries a dry run's result out of the transaction it rolls back.
private struct RolledBack<T: Sendable>: Error {
    let value: T
}

/// The same, read-only, on the replica when one is given (else on the primary).
func inReadTransaction<T: Sendable>(
    _ acting: ActingOptions, _ replica: ReplicaOptions, _ body: (Transaction) async throws -> T
) async throws -> T {
    try await Store.withStore(
        at: try DatabaseLocation.fromEnvironment(readURL: replica.url), logger: .cli, leaseDeadline: commandLeaseDeadline
    ) { store in
        try await store.readTransaction(as: acting.acting, body)
    }
}

/// Runs an action of the application layer: its fields are read and checked first (bad input
/// never opens the database), then it is done in one transaction.
func perform<A: Action>(_: A.Type, _ fields: Fields, as acting: ActingOptions) async throws -> A.Output {
    try await perform(try reading(A.self, fields), as: acting)
}

/// Reads an action's fields (the refusals name the CLI's arguments as its usage line does).
func reading<A: Action>(_: A.Type, _ fields: Fields) throws -> A {
    CLI.arguments = Set(A.spec.arguments + ["id"])
    return try A(fields, today: LocalDate(Date(), in: .paris))
}

func perform<A: Action>(_ action: A, as acting: ActingOptions) async throws -> A.Output {
    try await inTransaction(acting) { try await action.perform(in: $0) }
}

// MARK: - Values typed by people: the application layer's parsers, fields named as the CLI names them

/// `--birth-date` → `birth_date` (the name refusals carry); arguments (`JOURNEY_ID`) stay as they are.
private func fieldName(_ flag: String) -> String {
    flag.hasPrefix("--") ? String(flag.dropFirst(2)).replacingOccurrences(of: "-", with: "_") : flag
}

func parseDate(_ text: String?, field: String) throws -> LocalDate? {
    try text.map { try Input.date($0, field: fieldName(field)) }
}

func parseChoice<T: Choice>(_ text: String, field: String, as _: T.Type = T.self) throws -> T {
    try Input.choice(text, as: T.self, field: fieldName(field))
}

func parseID<ID: EntityID>(_ text: String, as type: ID.Type, field: String) throws -> ID {
    try Input.id(text, as: type, field: fieldName(field))
}

func parsePeriod(_ text: String, field: String = "--period") throws -> ReportPeriod {
    try Input.period(text, today: LocalDate(Date(), in: .paris), field: fieldName(field))
}

/// `--limit`: the console lists everything by default; a limit is at least one.
func parseLimit(_ limit: Int?) throws -> Int? {
    if let limit { try Input.check(limit, field: "limit", in: 1...Int(Int32.max)) }
    return limit
}

/// Values as the command line prints them in its language: dates dd/mm/yyyy in French, decimals
/// with a comma.
enum Text {
    static func date(_ date: LocalDate) -> String { Messages.date(date, CLI.language) }

    static func date(_ date: LocalDate?) -> String { date.map { Messages.date($0, CLI.language) } ?? "" }

    /// An instant on the Paris wall clock: `02/12/2026 14:05`.
    static func dateTime(_ instant: Date) -> String { Messages.dateTime(instant, CLI.language) }

    /// When something stops working (« 15/01/2027 inclus » for an expiry at midnight in Paris).
    static func until(_ instant: Date) -> String { Messages.until(instant, CLI.language) }

    static func decimal(_ value: Double, _ language: Language, digits: Int = 1) -> String {
        let text = String(format: "%.\(digits)f", value)
        return language == .fr ? text.replacingOccurrences(of: ".", with: ",") : text
    }
}

/// Progress of long work, on a terminal only: one line rewritten in place on standard error;
/// nothing when standard error is piped or redirected (scripts, timers, tests).
struct Progress: Sendable {
    let shown = isatty(STDERR_FILENO) == 1

    func say(_ key: String, _ values: [String: String] = [:]) {
        guard shown else { return }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + t(key, values)).utf8))
    }

    /// Clears the line once the work is done.
    func done() {
        guard shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
