import ArgumentParser
import ParcoursCore
import ParcoursReports
import ParcoursServer
import ParcoursStore

// journey open|advance|rework|pause|resume|exit|show|history|list

struct JourneyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journey", abstract: "Carriers' journeys through a programme, and their history.",
        subcommands: [Open.self, Advance.self, Rework.self, Pause.self, Resume.self, Exit.self, Show.self, History.self, List.self])

    static func table(_ journeys: [JourneyListing]) -> TextTable {
        var table = TextTable("ID", "CARRIER", "PROGRAMME", "COHORT", "PHASE", "V", "OPENED", "LAST CHANGE")
        for listing in journeys {
            let journey = listing.journey
            table.add(journey.id.description, "\(listing.carrierName) (\(journey.carrierID))", journey.programme.name,
                      listing.cohortName ?? "", journey.state.display, String(journey.version), journey.openedOn.iso,
                      journey.lastChangeOn.iso)
        }
        return table
    }

    /// What every change takes besides its target: when, why, and the version last seen.
    struct ChangeOptions: ParsableArguments {
        @Option(help: "The effective date (YYYY-MM-DD; default today). May be in the past, not before the last change.")
        var on: String?
        @Option(help: "Why (required for a rework).") var reason: String?
        @Option(help: "The version you last saw: refused with exit status 3 if someone changed the journey since.")
        var expectVersion: Int?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        /// Records `change` on journey `id` and prints the journey.
        func record(_ change: JourneyChange, on id: String) async throws {
            let journeyID = try parseID(id, as: JourneyID.self, field: "JOURNEY_ID")
            let date = try parseDate(on, field: "--on")
            let listing = try await inTransaction(acting) { tx in
                _ = try await tx.change(journey: journeyID, change, on: date, reason: reason, expectedVersion: expectVersion)
                return try await tx.journey(journeyID)
            }
            try print(listing)
        }

        func print(_ listing: JourneyListing) throws {
            if output.json {
                try printJSON(.of(listing))
            } else {
                Swift.print("journey \(listing.journey.id): \(listing.journey.state.display) (version \(listing.journey.version))")
            }
        }
    }

    struct Open: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open a journey for a carrier, in the programme's first phase.")
        @Argument(help: "The carrier's id.") var carrierID: String
        @Option(help: "The programme (id or exact name).") var programme: String
        @Option(help: "The cohort (id or exact name).") var cohort: String?
        @Option(help: "The opening date (YYYY-MM-DD; default today).") var on: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let carrier = try parseID(carrierID, as: CarrierID.self, field: "CARRIER_ID")
            let date = try parseDate(on, field: "--on")
            let listing = try await inTransaction(acting) { tx in
                let carrierOperator = try await tx.carrier(carrier).carrier.operatorID
                let programme = try await tx.resolveProgramme(programme, operatorID: carrierOperator)
                let cohortID = try await cohort.asyncMap { try await tx.resolveCohort($0, programme: programme) }
                let journey = try await tx.openJourney(carrier: carrier, programme: programme, cohort: cohortID, on: date)
                return try await tx.journey(journey.id)
            }
            if output.json { try printJSON(.of(listing)) } else { print(listing.journey.id) }
        }
    }

    struct Advance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move a journey forward to a later phase of its programme.")
        @Argument(help: "The journey's id.") var id: String
        @Option(help: "The phase to reach.") var to: String
        @OptionGroup var change: ChangeOptions

        func run() async throws {
            try await change.record(.advance(to: try parseChoice(to, field: "--to", as: Phase.self)), on: id)
        }
    }

    struct Rework: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a journey back to an earlier phase (e.g. the jury asks for more modules), with a reason.")
        @Argument(help: "The journey's id.") var id: String
        @Option(help: "The earlier phase to return to.") var to: String
        @OptionGroup var change: ChangeOptions

        func run() async throws {
            try await change.record(.rework(to: try parseChoice(to, field: "--to", as: Phase.self)), on: id)
        }
    }

    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Suspend a journey; resume returns it to the same phase.")
        @Argument(help: "The journey's id.") var id: String
        @OptionGroup var change: ChangeOptions

        func run() async throws { try await change.record(.pause, on: id) }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resume a paused journey in the phase it left.")
        @Argument(help: "The journey's id.") var id: String
        @OptionGroup var change: ChangeOptions

        func run() async throws { try await change.record(.resume, on: id) }
    }

    struct Exit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "End a journey with its outcome (final).",
            discussion: "activity-created records the activity: --legal-form and --activity-date are then required.")
        @Argument(help: "The journey's id.") var id: String
        @Option(help: "activity-created, employed, training, handed-on or withdrawn.") var outcome: String
        @Option(help: "For activity-created: association, scic, scop, cae, micro-enterprise, company or other.") var legalForm: String?
        @Option(help: "For activity-created: when the activity was created (YYYY-MM-DD).") var activityDate: String?
        @Option(help: "For activity-created: jobs created, in full-time equivalents.") var jobs: Double = 0
        @Option(help: "For activity-created: the activity's name.") var activityName: String?
        @OptionGroup var change: ChangeOptions

        func run() async throws {
            let outcome = try parseChoice(outcome, field: "--outcome", as: Outcome.self)
            guard outcome == .activityCreated else {
                if legalForm != nil || activityDate != nil { throw InputError("--legal-form, --activity-date: only with --outcome activity-created") }
                return try await change.record(.exit(outcome), on: id)
            }
            let journeyID = try parseID(id, as: JourneyID.self, field: "JOURNEY_ID")
            guard let legalForm else { throw InputError("--legal-form: required with --outcome activity-created (\(LegalForm.allCases.map(\.flagName).joined(separator: ", ")))") }
            let form = try parseChoice(legalForm, field: "--legal-form", as: LegalForm.self)
            guard let createdOn = try parseDate(activityDate, field: "--activity-date") else {
                throw InputError("--activity-date: required with --outcome activity-created")
            }
            let date = try parseDate(change.on, field: "--on")
            let listing = try await inTransaction(change.acting) { tx in
                _ = try await tx.exitWithActivity(
                    journey: journeyID, legalForm: form, createdOn: createdOn, jobsFTE: jobs, name: activityName,
                    on: date, reason: change.reason, expectedVersion: change.expectVersion)
                return try await tx.journey(journeyID)
            }
            try change.print(listing)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a journey.")
        @Argument(help: "The journey's id.") var id: String
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let journeyID = try parseID(id, as: JourneyID.self, field: "JOURNEY_ID")
            let (listing, minutes) = try await inTransaction(acting) { tx in
                (try await tx.journey(journeyID), try await tx.accompanimentMinutes(journey: journeyID))
            }
            if output.json {
                guard case .object(var fields) = JSONValue.of(listing) else { return }
                fields["accompaniment_minutes"] = .int(minutes)
                return try printJSON(.object(fields))
            }
            let journey = listing.journey
            print("journey \(journey.id) — \(listing.carrierName) (carrier \(journey.carrierID)), \(listing.operatorName)")
            print("programme  \(journey.programme.name): \(journey.programme.phases.map(\.rawValue).joined(separator: " → "))")
            if let cohort = listing.cohortName { print("cohort     \(cohort)") }
            print("phase      \(journey.state.display)")
            print("version    \(journey.version)")
            print("hours      \(String(format: "%.1f", Double(minutes) / 60)) of accompaniment (from attendance)")
            print("opened     \(journey.openedOn.iso); last change \(journey.lastChangeOn.iso)" + (listing.closedOn.map { "; closed \($0.iso)" } ?? ""))
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The dated history of a journey: who did what, when, why.")
        @Argument(help: "The journey's id.") var id: String
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let journeyID = try parseID(id, as: JourneyID.self, field: "JOURNEY_ID")
            let events = try await inTransaction(acting) { try await $0.history(of: journeyID) }
            if output.json { return try printJSON(.array(events.map(JSONValue.of))) }
            var table = TextTable("V", "DATE", "EVENT", "FROM", "TO", "BY", "RECORDED", "REASON")
            for event in events {
                table.add(String(event.seq), event.effectiveOn.iso, event.kind.rawValue, event.fromState ?? "", event.toState,
                          event.staffEmail, event.recordedAt.formatted(.iso8601), event.reason ?? "")
            }
            table.print()
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List journeys you may see.")
        @Option(help: "Only journeys in this state: a phase, an outcome (e.g. activity-created) or paused.") var phase: String?
        @Option(name: .customLong("operator"), help: "Only this operator's journeys.") var operatorReference: String?
        @Option(help: "Only this programme's journeys.") var programme: String?
        @Option(help: "Only this carrier's journeys.") var carrier: String?
        @Option(help: "At most this many.") var limit: Int?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let state = try phase.map { text in
                let name = text.lowercased().replacingOccurrences(of: "-", with: "_")
                guard JourneyState.allNames.contains(name) else {
                    throw InputError("--phase: unknown phase '\(text)' (expected one of: \(JourneyState.allNames.joined(separator: ", ")))")
                }
                return name
            }
            let carrierID = try carrier.map { try parseID($0, as: CarrierID.self, field: "--carrier") }
            let limit = try parseLimit(limit)
            let journeys = try await inTransaction(acting) { tx in
                try await tx.journeys(JourneyFilter(
                    state: state, carrier: carrierID,
                    operatorID: try await operatorReference.asyncMap { try await tx.resolveOperator($0) },
                    programme: try await programme.asyncMap { try await tx.resolveProgramme($0).id }, limit: limit))
            }
            if output.json { return try printJSON(.array(journeys.map(JSONValue.of))) }
            JourneyCommand.table(journeys).print()
        }
    }
}
