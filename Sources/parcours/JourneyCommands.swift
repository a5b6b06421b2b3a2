import ArgumentParser
import ParcoursApp
import ParcoursCore
import ParcoursReports
import ParcoursServer
import ParcoursStore

// journey open|advance|rework|pause|resume|exit|correct|show|history|list|import

struct JourneyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journey", abstract: t("help.journey"),
        subcommands: [Open.self, Advance.self, Rework.self, Pause.self, Resume.self, Exit.self, Correct.self, Show.self, History.self, List.self, Import.self])

    static func table(_ journeys: [JourneyListing]) -> TextTable {
        var table = TextTable(headers: ["id", "carrier", "programme", "cohort", "state", "version", "opened", "last_change"].map {
            t("journey.column." + $0)
        })
        for listing in journeys {
            let journey = listing.journey
            table.add(journey.id.description, "\(listing.carrierName) (\(journey.carrierID))", journey.programme.name,
                      listing.cohortName ?? "", Messages.word(journey.state.name, of: "state", CLI.language), String(journey.version),
                      Text.date(journey.openedOn), Text.date(journey.lastChangeOn))
        }
        return table
    }

    /// What every change takes besides its target: when, why, and the version last seen.
    struct ChangeOptions: ParsableArguments {
        @Option(help: help("journey.change.on")) var on: String?
        @Option(help: help("journey.change.reason")) var reason: String?
        @Option(help: help("journey.change.expect-version")) var expectVersion: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func fields(id: String, _ more: [String: String?] = [:]) -> Fields {
            Fields(texts: ["id": id, "on": on, "reason": reason, "expect_version": expectVersion].merging(more) { a, _ in a })
        }

        /// Does the change and prints the journey.
        func record<A: Action>(_ action: A.Type, id: String, _ more: [String: String?] = [:]) async throws where A.Output == JourneyListing {
            let listing = try await perform(A.self, fields(id: id, more), as: acting)
            if output.json { return try printJSON(.of(listing)) }
            print(t("journey.changed", [
                "journey": listing.journey.id.description, "state": Messages.word(listing.journey.state.name, of: "state", CLI.language),
                "version": "\(listing.journey.version)", "name": listing.carrierName,
            ]))
        }
    }

    struct Open: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.journey.open"))
        @Argument(help: help("journey.open.carrier-id")) var carrierID: String
        @Option(help: help("journey.open.programme")) var programme: String
        @Option(help: help("journey.open.cohort")) var cohort: String?
        @Option(help: help("journey.open.on")) var on: String?
        @Option(help: help("journey.open.reason")) var reason: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let listing = try await perform(
                OpenJourney.self,
                Fields(texts: ["carrier_id": carrierID, "programme": programme, "cohort": cohort, "on": on, "reason": reason]), as: acting)
            if output.json { return try printJSON(.of(listing)) }
            print(t("journey.opened", [
                "journey": listing.journey.id.description, "name": listing.carrierName, "carrier": listing.journey.carrierID.description,
                "programme": listing.journey.programme.name, "state": listing.journey.state.name,
            ]))
        }
    }

    struct Advance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.journey.advance"))
        @Argument(help: help("journey.id")) var id: String
        @Option(help: help("journey.advance.to", valueName: "PHASE"), completion: choices(Phase.self)) var to: String
        @OptionGroup var change: ChangeOptions

        func run() async throws { try await change.record(AdvanceJourney.self, id: id, ["to": to]) }
    }

    struct Rework: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.journey.rework"))
        @Argument(help: help("journey.id")) var id: String
        @Option(help: help("journey.rework.to", valueName: "PHASE"), completion: choices(Phase.self)) var to: String
        @OptionGroup var change: ChangeOptions

        func run() async throws { try await change.record(ReworkJourney.self, id: id, ["to": to]) }
    }

    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.journey.pause"))
        @Argument(help: help("journey.id")) var id: String
        @OptionGroup var change: ChangeOptions

        func run() async throws { try await change.record(PauseJourney.self, id: id) }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.journey.resume"))
        @Argument(help: help("journey.id")) var id: String
        @OptionGroup var change: ChangeOptions

        func run() async throws { try await change.record(ResumeJourney.self, id: id) }
    }

    struct Exit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.journey.exit"), discussion: t("help.journey.exit.discussion"))
        @Argument(help: help("journey.id")) var id: String
        @Option(help: help("journey.exit.outcome", valueName: "ISSUE"), completion: choices(Outcome.self)) var outcome: String
        @Option(help: help("journey.exit.legal-form"), completion: choices(LegalForm.self)) var legalForm: String?
        @Option(help: help("journey.exit.activity-date")) var activityDate: String?
        @Option(help: help("journey.exit.jobs")) var jobs: String?
        @Option(help: help("journey.exit.activity-name")) var activityName: String?
        @OptionGroup var change: ChangeOptions

        func run() async throws {
            try await change.record(ExitJourney.self, id: id, [
                "outcome": outcome, "legal_form": legalForm, "activity_date": activityDate, "jobs": jobs, "activity_name": activityName,
            ])
        }
    }

    struct Correct: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.journey.correct"), discussion: t("help.journey.correct.discussion"))
        @Argument(help: help("journey.id")) var id: String
        @Option(help: help("journey.correct.outcome", valueName: "ISSUE"), completion: choices(Outcome.self)) var outcome: String?
        @Option(help: help("journey.exit.legal-form"), completion: choices(LegalForm.self)) var legalForm: String?
        @Option(help: help("journey.exit.activity-date")) var activityDate: String?
        @Option(help: help("journey.exit.jobs")) var jobs: String?
        @Option(help: help("journey.exit.activity-name")) var activityName: String?
        @Flag(help: help("journey.correct.cancel")) var cancel = false
        @OptionGroup var change: ChangeOptions

        func run() async throws {
            try await change.record(CorrectJourney.self, id: id, [
                "outcome": outcome, "legal_form": legalForm, "activity_date": activityDate, "jobs": jobs, "activity_name": activityName,
                "cancel": cancel ? "oui" : nil,
            ])
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.journey.show"))
        @Argument(help: help("journey.id")) var id: String
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let journeyID = try parseID(id, as: JourneyID.self, field: "id")
            let (listing, minutes) = try await inTransaction(acting) { tx in
                (try await tx.journey(journeyID), try await tx.accompanimentMinutes(journey: journeyID))
            }
            if output.json {
                guard case .object(var fields) = JSONValue.of(listing) else { return }
                fields["accompaniment_minutes"] = .int(minutes)
                return try printJSON(.object(fields))
            }
            let journey = listing.journey
            let phases = journey.programme.phases.map { $0.word(CLI.language) }.joined(separator: " → ")
            print(t("journey.show.title", [
                "journey": journey.id.description, "name": listing.carrierName, "carrier": journey.carrierID.description,
                "operator": listing.operatorName,
            ]))
            print(t("journey.show.programme", ["programme": journey.programme.name, "phases": phases]))
            if let cohort = listing.cohortName { print(t("journey.show.cohort", ["cohort": cohort])) }
            print(t("journey.show.state", ["state": Messages.word(journey.state.name, of: "state", CLI.language), "version": "\(journey.version)"]))
            print(t("journey.show.hours", ["hours": Text.decimal(Double(minutes) / 60, CLI.language)]))
            print(t("journey.show.dates", ["opened": Text.date(journey.openedOn), "last": Text.date(journey.lastChangeOn)])
                + (listing.closedOn.map { t("journey.show.closed", ["closed": Text.date($0)]) } ?? ""))
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.journey.history"), discussion: t("help.journey.history.discussion"))
        @Argument(help: help("journey.id")) var id: String
        @Flag(help: help("journey.history.events-only")) var eventsOnly = false
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let journeyID = try parseID(id, as: JourneyID.self, field: "id")
            if output.json || eventsOnly {
                let events = try await inTransaction(acting) { try await $0.history(of: journeyID) }
                if output.json { return try printJSON(.array(events.map(JSONValue.of))) }
                var table = TextTable(headers: ["V", "date", "event", "from", "to", "by", "recorded", "reason"].map { t("journey.history.column." + $0) })
                for event in events {
                    table.add(String(event.seq), Text.date(event.effectiveOn), Messages.word(event.kind.rawValue, of: "event", CLI.language),
                              event.fromState.map { Messages.word($0, of: "state", CLI.language) } ?? "",
                              Messages.word(event.toState, of: "state", CLI.language), event.staffEmail,
                              Text.dateTime(event.recordedAt), event.reason ?? "")
                }
                return table.print(empty: t("cli.none"))
            }
            let entries = try await inTransaction(acting) { try await $0.timeline(of: journeyID) }
            var table = TextTable(headers: ["date", "what", "detail", "by"].map { t("journey.timeline.column." + $0) })
            for entry in entries { table.add(Text.date(entry.date), Timeline.what(entry), Timeline.detail(entry), entry.staffEmail ?? "") }
            table.print(empty: t("cli.none"))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.journey.list"))
        @Option(help: help("journey.list.phase"), completion: choices(StateFilter.self)) var phase: String?
        @Option(name: .customLong("operator"), help: help("journey.list.operator")) var operatorReference: String?
        @Option(help: help("journey.list.programme")) var programme: String?
        @Option(help: help("journey.list.carrier")) var carrier: String?
        @Option(help: help("journey.list.cohort")) var cohort: String?
        @Option(help: help("list.limit")) var limit: Int?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let state = try phase.map { try parseChoice($0, field: "--phase", as: StateFilter.self).code }
            let carrierID = try carrier.map { try parseID($0, as: CarrierID.self, field: "--carrier") }
            let limit = try parseLimit(limit)
            let journeys = try await inTransaction(acting) { tx in
                let programme = try await programme.asyncMap { try await tx.resolveProgramme($0) }
                let cohort = try await cohort.asyncMap { name in
                    if let programme { try await tx.resolveCohort(name, programme: programme) } else { try await tx.resolveCohort(name) }
                }
                return try await tx.journeys(JourneyFilter(
                    state: state, carrier: carrierID,
                    operatorID: try await operatorReference.asyncMap { try await tx.resolveOperator($0) },
                    programme: programme?.id, cohort: cohort, limit: limit))
            }
            if output.json { return try printJSON(.array(journeys.map(JSONValue.of))) }
            JourneyCommand.table(journeys).print(empty: t("cli.none"))
        }
    }
}

/// How the person's timeline words each fact.
enum Timeline {
    static func what(_ entry: TimelineEntry) -> String {
        switch entry.kind {
        case .event: t("timeline.event." + entry.subject)
        case .jury: t("timeline.jury", ["decision": Messages.word(entry.subject, of: "decision", CLI.language)])
        case .cape: t(entry.subject == "0" ? "timeline.cape" : "timeline.cape_renewal")
        case .referral: t("timeline.referral", ["partner": entry.subject])
        case .session: t("timeline.session", ["title": entry.subject])
        case .activity: t("timeline.activity", ["form": Messages.word(entry.subject, of: "legal_form", CLI.language)])
        case .followUp: t("timeline.follow_up", ["months": entry.detail ?? ""])
        case .correction, .cancellation:
            t("timeline." + entry.kind.rawValue, ["step": t("timeline.event." + entry.subject), "date": recordedStep(entry).date])
        }
    }

    static func detail(_ entry: TimelineEntry) -> String {
        let note = entry.note.map { " — " + $0 } ?? ""
        switch entry.kind {
        case .event: return Messages.word(entry.detail ?? "", of: "state", CLI.language) + note
        case .jury: return entry.note ?? ""
        case .cape: return t("timeline.cape.until", ["date": entry.detail.flatMap { LocalDate(iso: $0) }.map(Text.date) ?? ""])
        case .referral: return Messages.word(entry.detail ?? "", of: "referral_status", CLI.language)
        case .session:
            let parts = (entry.detail ?? "").split(separator: " ")
            let status = parts.first.map { Messages.word(String($0), of: "attendance", CLI.language) } ?? ""
            let minutes = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            return minutes > 0 ? t("timeline.session.minutes", ["status": status, "minutes": "\(minutes)"]) : status
        case .activity: return t("timeline.activity.jobs", ["jobs": Text.decimal(Double(entry.detail ?? "") ?? 0, CLI.language)]) + note
        case .followUp: return Messages.word(entry.subject, of: "situation", CLI.language) + note
        case .correction, .cancellation: return t("timeline.correction.was", ["state": recordedStep(entry).state]) + note
        }
    }

    /// A corrected step as it was first recorded: its state's word and its date.
    private static func recordedStep(_ entry: TimelineEntry) -> (state: String, date: String) {
        let parts = (entry.detail ?? "").split(separator: " ").map(String.init)
        return (Messages.word(parts.first ?? "", of: "state", CLI.language), parts.count > 1 ? LocalDate(iso: parts[1]).map(Text.date) ?? "" : "")
    }
}

extension JourneyCommand {
    /// `journey import FILE --operator REF`: the histories of a spreadsheet, one line per event.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.journey.import"), discussion: t("help.journey.import.discussion"))
        @Argument(help: help("journey.import.file")) var file: String
        @Option(name: .customLong("operator"), help: help("journey.import.operator-reference")) var operatorReference: String
        @Flag(help: help("journey.import.dry-run")) var dryRun = false
        @OptionGroup var sheet: SheetOptions
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            // Read a chunk at a time, never whole: a line is checked against the earlier lines of its journey.
            let (lines, _) = try await sheet.rows(file) { _ in [] }
            let (counts, checked) = try await inTransaction(acting, dryRun: dryRun) { tx in
                let operatorID = try await tx.resolveOperator(operatorReference)
                let checker = try HistoryImport.Checker(
                    header: lines.header, today: tx.today, programmes: try await tx.programmes(operatorID: operatorID), words: .catalogues,
                    ignoring: sheet.ignoredColumns)
                let progress = Progress()
                let counts = try await tx.importHistory(lines, checker: checker, operatorID: operatorID,
                    referralReason: t("journey.import.referral-reason"),
                    headers: HistoryImport.columns.headers(of: lines.header, ignoring: sheet.ignoredColumns)) { written in
                    progress.say("journey.import.progress", ["written": "\(written)", "count": "\(lines.rowCount)"])
                }
                progress.done()
                return (counts, counts.events)
            }
            print(dryRun
                ? t("import.checked", ["count": "\(checked)"])
                : t("journey.imported", ["journeys": "\(counts.journeys)", "events": "\(counts.events)"]))
        }
    }
}
