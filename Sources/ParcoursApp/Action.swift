import Foundation
import ParcoursCore
import ParcoursStore

/// One thing a person does with Parcours, the same from the CLI and over HTTP: the edges only
/// gather its `Fields` (options or JSON body) and render its output or its refusal.
public protocol Action: Sendable {
    associatedtype Output: Sendable
    /// Its names on both edges and the fields it reads.
    static var spec: ActionSpec { get }
    /// Reads and checks every field before anything is looked up: bad input changes nothing.
    init(_ fields: Fields, today: LocalDate) throws(Refusal)
    /// Does it, in the caller's transaction (all or nothing).
    func perform(in tx: Transaction) async throws -> Output
}

/// How an action is called: `parcours journey exit ID --outcome …` is `POST /journeys/{id}/exit`
/// with `{"outcome": …}` — the body's fields are the snake_case of the CLI's long options, the
/// path's `{id}` the CLI's argument.
public struct ActionSpec: Sendable, Hashable {
    /// The CLI's words (`["journey", "exit"]`).
    public var command: [String]
    public var method: String
    /// The route, as the OpenAPI document names it.
    public var path: String
    /// The fields besides the path's `{id}`: the body's members and the CLI's options.
    public var fields: [String]
    /// The fields the CLI takes as arguments rather than options (besides the path's id).
    public var arguments: [String] = []
    /// Whether success creates a record (201).
    public var creates = false
    /// The CLI options whose API counterpart is a structured member, not a text: `--file` (a CSV
    /// read by the CLI) is the body's `entries`.
    public var structured: [String: String] = [:]

    public init(
        _ command: [String], _ method: String, _ path: String, fields: [String], arguments: [String] = [], creates: Bool = false,
        structured: [String: String] = [:]
    ) {
        self.structured = structured
        self.command = command
        self.method = method
        self.path = path
        self.fields = fields
        self.arguments = arguments
        self.creates = creates
    }

    /// Every field the action reads: the path's `id` (when the route has one) and the others.
    public var allFields: Set<String> { Set(fields + (path.contains("{id}") ? ["id"] : [])) }

    /// Refuses a field the action does not read (a misspelt `legalForm` would be silently lost).
    public func checkKnown(_ given: Fields) throws(Refusal) {
        let unknown = given.names.subtracting(allFields).sorted()
        if !unknown.isEmpty {
            throw Refusal(.unknownField, fields: unknown, ["expected": fields.joined(separator: ", ")])
        }
    }
}

/// Every action of the application layer; the parity test walks it against the CLI's command
/// tree and the OpenAPI document.
public enum Actions {
    public static let specs: [ActionSpec] = [
        OpenJourney.spec, AdvanceJourney.spec, ReworkJourney.spec, PauseJourney.spec, ResumeJourney.spec, ExitJourney.spec, CorrectJourney.spec,
        AddCarrier.spec, UpdateCarrier.spec, MergeCarriers.spec, RecordAttendance.spec, AddCape.spec, RenewCape.spec, EndCape.spec,
        DecideJury.spec, AddReferral.spec, AnswerReferral.spec, RecordFollowUp.spec, AddSession.spec, AddPartner.spec, UpdateOperator.spec, EraseCarrier.spec,
        WithdrawConsent.spec, ApplyRetention.spec, RecordProfile.spec, AssignCarrier.spec, RecordCapeTurnover.spec,
        AddProgramme.spec, AddCohort.spec, AddFunder.spec, TakeReferral.spec, AddOperator.spec, AddTerritory.spec, AddStaff.spec,
        AddFunding.spec, AddIntake.spec, AdmitIntake.spec, DeclineIntake.spec, UpdateIntake.spec, MergeIntakes.spec, EraseIntake.spec, RecordSignedSheet.spec,
    ]
}

/// The defaults both edges use.
public enum Defaults {
    /// The worklist's horizon: what falls due within two weeks.
    public static let worklistDays = 14
    /// How many of its items the worklist shows, the soonest first, and how many it may be asked for.
    public static let worklistLimit = 100
    public static let worklistLimits = 1...1_000_000
    /// A page of a list.
    public static let pageSize = 50
    public static let maximumPageSize = 500
    /// How long personal data is kept after the last journey closed, unless an agreement says longer.
    public static let retentionYears = 5
    /// The follow-up funders ask for: six months after the exit.
    public static let followUpMonths = 6
}
