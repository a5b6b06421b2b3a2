import ArgumentParser
import Foundation
import ParcoursCore
import ParcoursReports
import ParcoursServer
import ParcoursStore

// session add|list|attend, cape add|renew|end, jury decide, followup record, todo

struct SessionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "session", abstract: "Sessions (workshops, modules, appointments, visits, pitch days) and attendance.",
        subcommands: [Add.self, List.self, Attend.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Schedule a session of a programme, for a cohort.")
        @Option(help: "The programme (id or exact name).") var programme: String
        @Option(help: "The cohort attending (id or exact name); none for an individual appointment.") var cohort: String?
        @Option(help: "workshop, module, appointment, visit or pitch.") var kind: String
        @Option(help: "Its title (e.g. \"Comptabilité\").") var title: String
        @Option(help: "When it starts, Paris time: YYYY-MM-DDTHH:MM.") var at: String
        @Option(help: "How long it lasts, in minutes.") var duration: Int
        @Option(help: "Who runs it.") var facilitator: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let kind = try parseChoice(kind, field: "--kind", as: SessionKind.self)
            let startsAt = try parseDateTime(at, field: "--at")
            let listing = try await inTransaction(acting) { tx in
                let programme = try await tx.resolveProgramme(programme)
                let cohortID = try await cohort.asyncMap { try await tx.resolveCohort($0, programme: programme) }
                let id = try await tx.addSession(
                    programme: programme, cohort: cohortID, kind: kind, title: title, startsAt: startsAt, durationMinutes: duration,
                    facilitator: facilitator)
                return try await tx.sessions(id: id)[0]
            }
            if output.json { try printJSON(.of(listing)) } else { print(listing.id) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List sessions with their recorded attendance.")
        @Option(help: "Only this programme's sessions.") var programme: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let sessions = try await inTransaction(acting) { tx in
                try await tx.sessions(programme: try await programme.asyncMap { try await tx.resolveProgramme($0).id })
            }
            if output.json { return try printJSON(.array(sessions.map(JSONValue.of))) }
            var table = TextTable("ID", "WHEN", "KIND", "TITLE", "COHORT", "MIN", "PRESENT/RECORDED")
            for s in sessions {
                table.add(s.id.description, parisDateTime(s.startsAt), s.kind.rawValue, s.title, s.cohortName ?? "",
                          String(s.durationMinutes), s.recorded == 0 ? "not recorded" : "\(s.present)/\(s.recorded)")
            }
            table.print()
        }
    }

    struct Attend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a whole session's attendance at once (carrier ids), or from a CSV file.",
            discussion: "CSV columns: carrier_id;status;minutes (French: porteur;statut;minutes). All or nothing.")
        @Argument(help: "The session's id.") var session: String
        @Option(help: "Carriers present, comma-separated ids.") var present: String?
        @Option(help: "Carriers excused.") var excused: String?
        @Option(help: "Carriers absent.") var absent: String?
        @Option(help: "A CSV file of the attendance.") var file: String?
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            guard let sessionID = Int64(session), sessionID > 0 else { throw InputError("SESSION: '\(session)' is not an id") }
            var entries: [AttendanceEntry] = []
            if let file {
                let table = try readCSV(file)
                do { entries = try AttendanceImport.entries(from: table) } catch { throw InputError("\(file): \(error)") }
            }
            for (list, status, flag) in [(present, AttendanceStatus.present, "--present"), (excused, .excused, "--excused"), (absent, .absent, "--absent")] {
                for item in (list ?? "").split(separator: ",") {
                    let text = item.trimmingCharacters(in: .whitespaces)
                    entries.append(AttendanceEntry(carrierID: try parseID(text, as: CarrierID.self, field: flag), status: status))
                }
            }
            let count = try await inTransaction(acting) { try await $0.attend(session: sessionID, entries) }
            print("session \(sessionID): attendance of \(count) carrier(s) recorded")
        }
    }
}

struct CapeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cape", abstract: "CAPE contracts framing a test in a couveuse (12-month periods, at most 2 renewals).",
        subcommands: [Add.self, Renew.self, End.self, Turnover.self, Show.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Sign a CAPE for a journey.")
        @Argument(help: "The journey's id.") var journey: String
        @Option(help: "First day (YYYY-MM-DD).") var start: String
        @Option(help: "Planned end of the first period (YYYY-MM-DD), at most 12 months later.") var end: String
        @Option(help: "The couveuse (partner id or exact name).") var couveuse: String?
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            let id = try parseID(journey, as: JourneyID.self, field: "JOURNEY_ID")
            let (start, end) = (try parseDate(start, field: "--start")!, try parseDate(end, field: "--end")!)
            let contract = try await inTransaction(acting) { tx in
                try await tx.addCape(journey: id, from: start, to: end, couveuse: try await couveuse.asyncMap { try await tx.resolvePartner($0) })
            }
            print("journey \(id): CAPE from \(contract.startsOn) to \(contract.endsOn)")
        }
    }

    struct Renew: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Renew the running CAPE (the new period starts the next day).")
        @Argument(help: "The journey's id.") var journey: String
        @Option(help: "The new planned end (YYYY-MM-DD).") var until: String
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            let id = try parseID(journey, as: JourneyID.self, field: "JOURNEY_ID")
            let until = try parseDate(until, field: "--until")!
            let contract = try await inTransaction(acting) { try await $0.renewCape(journey: id, until: until) }
            print("journey \(id): CAPE renewed until \(contract.endsOn) (renewal \(contract.renewals) of \(CapeRules.maximumRenewals))")
        }
    }

    struct End: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "End the running CAPE.")
        @Argument(help: "The journey's id.") var journey: String
        @Option(help: "The last day (YYYY-MM-DD).") var on: String
        @Option(help: "Why it ends.") var reason: String
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            let id = try parseID(journey, as: JourneyID.self, field: "JOURNEY_ID")
            let date = try parseDate(on, field: "--on")!
            _ = try await inTransaction(acting) { try await $0.endCape(journey: id, on: date, reason: reason) }
            print("journey \(id): CAPE ended on \(date)")
        }
    }

    struct Turnover: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record the test turnover of a month of the CAPE.")
        @Argument(help: "The journey's id.") var journey: String
        @Option(help: "The month (YYYY-MM).") var month: String
        @Option(help: "The turnover in euros (e.g. 1234.50 or 1234,50).") var amount: String
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            let id = try parseID(journey, as: JourneyID.self, field: "JOURNEY_ID")
            guard let first = LocalDate(iso: month + "-01") else { throw InputError("--month: '\(month)' is not a month (expected YYYY-MM)") }
            guard let euros = Decimal(string: amount.replacingOccurrences(of: ",", with: ".")), euros >= 0 else {
                throw InputError("--amount: '\(amount)' is not an amount in euros")
            }
            let cents = Int64(truncating: NSDecimalNumber(decimal: euros * 100))
            try await inTransaction(acting) { try await $0.recordCapeTurnover(journey: id, month: first, cents: cents) }
            print("journey \(id): turnover of \(month) recorded")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a journey's CAPE contracts and periods.")
        @Argument(help: "The journey's id.") var journey: String
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let id = try parseID(journey, as: JourneyID.self, field: "JOURNEY_ID")
            let contracts = try await inTransaction(acting) { try await $0.capeContracts(journey: id) }
            if output.json { return try printJSON(.array(contracts.map { JSONValue.of($0.contract, id: $0.id) })) }
            var table = TextTable("CONTRACT", "PERIOD", "FROM", "TO", "ENDED")
            for (contractID, contract) in contracts {
                for (index, period) in contract.periods.enumerated() {
                    table.add(contractID.description, index == 0 ? "initial" : "renewal \(index)", period.startsOn.iso, period.endsOn.iso,
                              index == contract.periods.count - 1 ? contract.endedOn?.iso ?? "" : "")
                }
            }
            table.print()
        }
    }
}

struct JuryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "jury", abstract: "Pitch juries.", subcommands: [Decide.self])

    struct Decide: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a jury's decision on a journey in pitch; rework sends it back (default: to modules).")
        @Argument(help: "The journey's id.") var journey: String
        @Option(help: "go, rework or no-go.") var decision: String
        @Option(help: "The date of the jury (YYYY-MM-DD; default today).") var on: String?
        @Option(help: "The jury's words.") var note: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let id = try parseID(journey, as: JourneyID.self, field: "JOURNEY_ID")
            let decision = try parseChoice(decision, field: "--decision", as: JuryDecision.self)
            let date = try parseDate(on, field: "--on")
            let listing = try await inTransaction(acting) { tx in
                _ = try await tx.decideJury(journey: id, decision: decision, on: date, note: note)
                return try await tx.journey(id)
            }
            if output.json { return try printJSON(.of(listing)) }
            print("journey \(id): jury decision '\(decision.rawValue)' recorded; now in \(listing.journey.state.display)")
        }
    }
}

struct FollowUpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "followup", abstract: "Follow-ups after the exit (default 6 months).", subcommands: [Record.self])

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record the carrier's situation some months after the exit.")
        @Argument(help: "The journey's id.") var journey: String
        @Option(help: "Months after the exit; 0 records the situation at exit (for ESF+ exports).") var afterMonths: Int = 6
        @Option(help: "employed, self-employed, training, job-seeking, inactive or unknown.") var situation: String
        @Option(help: "When it was learnt (YYYY-MM-DD; default today).") var on: String?
        @Option(help: "A note.") var note: String?
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            let id = try parseID(journey, as: JourneyID.self, field: "JOURNEY_ID")
            let situation = try parseChoice(situation, field: "--situation", as: FollowUpSituation.self)
            let date = try parseDate(on, field: "--on")
            try await inTransaction(acting) { try await $0.recordFollowUp(journey: id, afterMonths: afterMonths, situation: situation, on: date, note: note) }
            print("journey \(id): follow-up at \(afterMonths) months recorded (\(situation.flagName))")
        }
    }
}

struct Todo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Your worklist: idle journeys, CAPE periods ending, follow-ups due, referrals waiting, attendance missing.")
    @Option(help: "Look this many days ahead for CAPE ends and follow-ups.") var within: Int = 30
    @OptionGroup var acting: ActingOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        guard within >= 0 else { throw InputError("--within: a number of days ≥ 0") }
        let items = try await inTransaction(acting) { try await $0.worklist(within: within) }
        if output.json {
            return try printJSON(.array(items.map { item in
                .of(item)
            }))
        }
        var table = TextTable("DUE", "KIND", "TO DO")
        for item in items { table.add(item.due.iso, item.kind.rawValue, item.action) }
        table.print()
    }
}

/// Reads a CSV file, or says which file and what is wrong with it (exit status 1).
func readCSV(_ file: String) throws -> CSVTable {
    let text: String
    do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
        throw InputError("\(file): cannot read the file as UTF-8 text")
    }
    do { return try CSVTable(parsing: text) } catch { throw InputError("\(file): \(error)") }
}

/// `YYYY-MM-DDTHH:MM` on the Paris wall clock.
func parseDateTime(_ text: String, field: String) throws -> Date {
    guard let instant = LocalDate.parisInstant(text) else {
        throw InputError("\(field): '\(text)' is not a date and time (expected YYYY-MM-DDTHH:MM)")
    }
    return instant
}

func parisDateTime(_ date: Date) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = .paris
    let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
    return LocalDate(date, in: .paris).iso + String(format: " %02d:%02d", c.hour ?? 0, c.minute ?? 0)
}
