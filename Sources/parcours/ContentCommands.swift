import ArgumentParser
import ParcoursApp
import Foundation
import ParcoursCore
import ParcoursReports
import ParcoursServer
import ParcoursStore

// session add|list|attend, cape add|renew|end, jury decide, followup record, todo

struct SessionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "session", abstract: t("help.session"),
        subcommands: [Add.self, List.self, Show.self, Attend.self, Sheet.self, Signed.self, Import.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.session.add"))
        @Option(help: help("session.add.programme")) var programme: String
        @Option(help: help("session.add.cohort")) var cohort: String?
        @Option(help: help("session.add.kind"), completion: choices(SessionKind.self)) var kind: String
        @Option(help: help("session.add.title")) var title: String
        @Option(help: help("session.add.at")) var at: String
        @Option(help: help("session.add.duration")) var duration: String
        @Option(help: help("session.add.facilitator")) var facilitator: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let listing = try await perform(AddSession.self, Fields(texts: [
                "programme": programme, "cohort": cohort, "kind": kind, "title": title, "at": at, "duration": duration, "facilitator": facilitator,
            ]), as: acting)
            if output.json { try printJSON(.of(listing)) } else { printCreated(listing.id, "created.session", ["title": title]) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.session.list"))
        @Option(help: help("session.list.programme")) var programme: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let sessions = try await inTransaction(acting) { tx in
                try await tx.sessions(programme: try await programme.asyncMap { try await tx.resolveProgramme($0).id })
            }
            if output.json { return try printJSON(.array(sessions.map(JSONValue.of))) }
            var table = TextTable(headers: ["id", "when", "kind", "title", "cohort", "min", "present_recorded"].map { t("content.column." + $0) })
            for s in sessions {
                table.add(s.id.description, Text.dateTime(s.startsAt), s.kind.word(CLI.language), s.title, s.cohortName ?? "",
                          String(s.durationMinutes), s.recorded == 0 ? t("session.not_recorded") : "\(s.present)/\(s.recorded)")
            }
            table.print(empty: t("cli.none"))
        }
    }

    struct Attend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.session.attend"), discussion: t("help.session.attend.discussion"))
        @Argument(help: help("session.id")) var id: String
        @Option(help: help("session.attend.present")) var present: [String] = []
        @Option(help: help("session.attend.excused")) var excused: [String] = []
        @Option(help: help("session.attend.absent")) var absent: [String] = []
        @Option(help: help("session.attend.minutes")) var minutes: String?
        @Option(help: help("session.attend.file")) var file: String?
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            var action = try reading(RecordAttendance.self, Fields(
                texts: ["id": id, "minutes": minutes], lists: ["present": present, "excused": excused, "absent": absent]))
            if let file {
                let (entries, problems) = try AttendanceImport.read(try readCSV(file))
                action.entries += entries
                action.fileProblems = problems
            }
            let count = try await perform(action, as: acting)
            print(t("session.attended", ["session": id, "count": "\(count)"]))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.session.show"))
        @Argument(help: help("session.id")) var id: String
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let sessionID = try parseID(id, as: SessionID.self, field: "id")
            let (session, attendance) = try await inTransaction(acting) { tx in
                guard let session = try await tx.sessions(id: sessionID.rawValue).first else { throw StoreError.notFound("session", sessionID) }
                return (session, try await tx.attendance(session: sessionID.rawValue))
            }
            if output.json {
                guard case .object(var fields) = JSONValue.of(session) else { return }
                fields["attendance"] = .array(attendance.map(JSONValue.of))
                return try printJSON(.object(fields))
            }
            print(t("session.show.title", [
                "session": "\(session.id)", "title": session.title, "kind": session.kind.word(CLI.language), "when": Text.dateTime(session.startsAt),
                "minutes": "\(session.durationMinutes)", "programme": session.programmeName,
            ]) + (session.cohortName.map { " · " + $0 } ?? ""))
            if let facilitator = session.facilitator { print(t("session.show.facilitator", ["name": facilitator])) }
            print("")
            var table = TextTable(headers: ["carrier", "name", "journey", "status", "minutes"].map { t("session.attendance.column." + $0) })
            for row in attendance {
                table.add(row.carrierID.description, row.carrierName, row.journeyID.description, row.status.word(CLI.language), "\(row.minutes)")
            }
            if attendance.isEmpty { print(t("session.show.none")) } else { table.print(empty: t("cli.none")) }
        }
    }
}

extension SessionCommand {
    /// `session sheet ID [--out FILE] [--pdf]`: the printable feuille d'émargement.
    struct Sheet: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.session.sheet"), discussion: t("help.session.sheet.discussion"))
        @Argument(help: help("session.id")) var id: String
        @Option(help: help("session.sheet.out")) var out: String?
        @Flag(help: help("session.sheet.pdf")) var pdf = false
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            let sessionID = try parseID(id, as: SessionID.self, field: "id")
            let (sheet, today) = try await inTransaction(acting) { tx in (try await tx.attendanceSheet(session: sessionID), tx.today) }
            let html = AttendanceSheetRenderer(language: CLI.language).html(sheet, madeOn: today)
            if pdf {
                guard let out else { throw Refusal(.workbookToTerminal, field: "out") }
                try HeadlessBrowser.printPDF(html: html, to: out)
            } else {
                try deliver(Data(html.utf8), to: out)
            }
            printError(t("session.sheet.made", [
                "session": id, "count": "\(sheet.expected.count)", "slots": "\(sheet.slots.count)",
            ]) + (out.map { " → \($0)" } ?? ""))
        }
    }

    /// `session signed ID --file SCAN`: records the signed sheet by its SHA-256.
    struct Signed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.session.signed"))
        @Argument(help: help("session.id")) var id: String
        @Option(help: help("session.signed.file")) var file: String
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            var action = try reading(RecordSignedSheet.self, Fields(texts: ["id": id]))
            let url = URL(fileURLWithPath: file)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw Refusal(.notAFile, field: "file", ["path": file])
            }
            guard !data.isEmpty else { throw Refusal(.empty, field: "file") }
            action.scan = SheetScan.of(data, named: url.lastPathComponent)
            let scan = try await perform(action, as: acting)
            if output.json { return try printJSON(.of(scan)) }
            print(t("session.signed", ["session": id, "sha256": scan.sha256, "name": scan.fileName, "staff": scan.recordedBy]))
        }
    }
}

struct CapeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cape", abstract: t("help.cape"),
        subcommands: [Add.self, Renew.self, End.self, Turnover.self, Show.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.cape.add"))
        @Argument(help: help("cape.add.journey")) var id: String
        @Option(help: help("cape.add.start")) var start: String
        @Option(help: help("cape.add.end")) var end: String
        @Option(help: help("cape.add.couveuse")) var couveuse: String?
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            let contract = try await perform(AddCape.self, Fields(texts: ["id": id, "start": start, "end": end, "couveuse": couveuse]), as: acting)
            print(t("cape.added", ["journey": id, "from": Text.date(contract.startsOn), "to": Text.date(contract.endsOn)]))
        }
    }

    struct Renew: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.cape.renew"))
        @Argument(help: help("cape.renew.journey")) var id: String
        @Option(help: help("cape.renew.until")) var until: String
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            let contract = try await perform(RenewCape.self, Fields(texts: ["id": id, "until": until]), as: acting)
            print(t("cape.renewed", ["journey": id, "to": Text.date(contract.endsOn), "number": "\(contract.renewals)", "maximum": "\(CapeRules.maximumRenewals)"]))
        }
    }

    struct End: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.cape.end"))
        @Argument(help: help("cape.end.journey")) var id: String
        @Option(help: help("cape.end.on")) var on: String
        @Option(help: help("cape.end.reason")) var reason: String
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            let contract = try await perform(EndCape.self, Fields(texts: ["id": id, "on": on, "reason": reason]), as: acting)
            print(t("cape.ended", ["journey": id, "date": Text.date(contract.endsOn)]))
        }
    }

    struct Turnover: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.cape.turnover"))
        @Argument(help: help("cape.turnover.journey")) var id: String
        @Option(help: help("cape.turnover.month")) var month: String
        @Option(help: help("cape.turnover.amount")) var amount: String
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            _ = try await perform(RecordCapeTurnover.self, Fields(texts: ["id": id, "month": month, "amount": amount]), as: acting)
            print(t("cape.turnover_recorded", ["journey": id, "month": month]))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.cape.show"))
        @Argument(help: help("cape.show.journey")) var journey: String
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let id = try parseID(journey, as: JourneyID.self, field: "JOURNEY_ID")
            let contracts = try await inTransaction(acting) { try await $0.capeContracts(journey: id) }
            if output.json { return try printJSON(.array(contracts.map { JSONValue.of($0.contract, id: $0.id) })) }
            var table = TextTable(headers: ["contract", "period", "from", "to", "ended"].map { t("content.column." + $0) })
            for (contractID, contract) in contracts {
                for (index, period) in contract.periods.enumerated() {
                    table.add(contractID.description, index == 0 ? t("cape.initial") : t("cape.renewal", ["number": "\(index)"]),
                              Text.date(period.startsOn), Text.date(period.endsOn),
                              index == contract.periods.count - 1 ? Text.date(contract.endedOn) : "")
                }
            }
            table.print(empty: t("cli.none"))
        }
    }
}

struct JuryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "jury", abstract: t("help.jury"), subcommands: [Decide.self])

    struct Decide: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.jury.decide"))
        @Argument(help: help("jury.decide.journey")) var id: String
        @Option(help: help("jury.decide.decision"), completion: choices(JuryDecision.self)) var decision: String
        @Option(help: help("jury.decide.on")) var on: String?
        @Option(help: help("jury.decide.note")) var note: String?
        @OptionGroup var acting: ActingOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let action = try reading(DecideJury.self, Fields(texts: ["id": id, "decision": decision, "on": on, "note": note]))
            let listing = try await perform(action, as: acting)
            if output.json { return try printJSON(.of(listing)) }
            print(t("jury.decided", [
                "journey": id, "decision": action.decision.word(CLI.language),
                "state": Messages.word(listing.journey.state.name, of: "state", CLI.language),
            ]))
        }
    }
}

struct FollowUpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "followup", abstract: t("help.follow-up"), subcommands: [Record.self])

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.follow-up.record"))
        @Argument(help: help("follow-up.record.journey")) var id: String
        @Option(help: help("follow-up.record.after-months")) var afterMonths: String?
        @Option(help: help("follow-up.record.situation"), completion: choices(FollowUpSituation.self)) var situation: String
        @Option(help: help("follow-up.record.qualification")) var qualification: String?
        @Option(help: help("follow-up.record.on")) var on: String?
        @Option(help: help("follow-up.record.note")) var note: String?
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            let recorded = try await perform(
                RecordFollowUp.self,
                Fields(texts: [
                    "id": id, "after_months": afterMonths, "situation": situation, "qualification": qualification, "on": on, "note": note,
                ]), as: acting)
            print(t("follow_up.recorded", ["journey": id, "months": "\(recorded.afterMonths)", "situation": recorded.situation.word(CLI.language)]))
        }
    }
}

struct Todo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: t("help.todo"))
    @Option(help: help("todo.within")) var within: String?
    @Option(help: help("todo.limit")) var limit: String?
    @OptionGroup var acting: ActingOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let days = try within.map { try Input.integer($0, field: "within", in: 0...3660) } ?? Defaults.worklistDays
        let limit = try limit.map { try Input.integer($0, field: "limit", in: Defaults.worklistLimits) } ?? Defaults.worklistLimit
        let (items, total) = try await inTransaction(acting) { try await $0.worklist(within: days, limit: limit) }
        if output.json { return try printJSON(.worklist(items.map { .of($0, CLI.language) }, total: total)) }
        if items.isEmpty { return print(t("todo.empty", ["days": "\(days)"])) }
        var table = TextTable(headers: ["due", "kind", "action"].map { t("todo.column." + $0) })
        for item in items { table.add(Text.date(item.due), Messages.word(item.kind.rawValue, of: "worklist_kind", CLI.language), item.action(CLI.language)) }
        table.print(empty: t("cli.none"))
        if total > items.count { print(t("todo.more", ["shown": "\(items.count)", "total": "\(total)"])) }
    }
}

/// Reads a CSV file, or says which file and what is wrong with it (exit status 1).
/// How an import reads its file: spreadsheets as French Excel writes them.
struct SheetOptions: ParsableArguments {
    @Option(help: help("sheet-options.encoding")) var encoding: String?
    @Option(help: help("sheet-options.sheet")) var sheet: String?
    @Option(name: .customLong("ignore-column"), help: help("sheet-options.ignore-column")) var ignoredColumns: [String] = []

    /// The table of `file`: an `.xlsx` workbook's sheet, or CSV text in its encoding (detected unless told).
    func table(_ file: String) throws -> CSVTable {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw Refusal(.unreadableFile, field: "file", ["path": file, "detail": t("file.missing")])
        }
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            do { return try XLSXReader.table(data, sheet: sheet) } catch {
                switch error {
                case .notAWorkbook: throw Refusal(.unreadableFile, field: "file", ["path": file, "detail": t("file.not-a-workbook")])
                case .empty: throw Refusal(.unreadableFile, field: "file", ["path": file, "detail": t("file.empty")])
                case .noSuchSheet(let name, let available):
                    throw Refusal(.noSuchSheet, field: "sheet", ["value": name, "sheets": available.joined(separator: ", ")])
                }
            }
        }
        let wanted = try wantedEncoding()
        guard let (text, _) = TextEncoding.decode([UInt8](data), as: wanted) else {
            throw notInEncoding(file, wanted ?? .utf8, line: TextEncoding.lineOfFirstInvalidUTF8([UInt8](data)))
        }
        do { return try CSVTable(parsing: text) } catch { throw refusal(error, file) }
    }

    /// The rows of `file` for an import that reads them in batches: CSV text a chunk at a time
    /// (memory does not grow with the file), a workbook or UTF-16 text whole. `collect` names, from
    /// the header, the columns whose distinct cells the import looks up before reading the rows.
    func rows(_ file: String, collect: @escaping ([String]) -> [Int]) async throws -> (rows: any SheetRows, collected: [Int: Set<String>]) {
        let isWorkbook = FileHandle(forReadingAtPath: file).map { handle in
            defer { try? handle.close() }
            return ((try? handle.read(upToCount: 4)) ?? Data()).starts(with: [0x50, 0x4B, 0x03, 0x04])
        } ?? false
        if !isWorkbook {
            let wanted = try wantedEncoding()
            do throws(CSVFile.OpenError) {
                let csv = try await CSVFile.open(file, encoding: wanted, collect: collect)
                return (csv, csv.collected)
            } catch {
                switch error {
                case .notStreamable: break  // read whole below
                case .unreadable: throw Refusal(.unreadableFile, field: "file", ["path": file, "detail": t("file.missing")])
                case .notInEncoding(let encoding, let line): throw notInEncoding(file, encoding, line: line)
                case .csv(let error): throw refusal(error, file)
                }
            }
        }
        let table = try table(file)
        var collected: [Int: Set<String>] = [:]
        for i in collect(table.header) {
            collected[i] = Set(table.rows.compactMap { i < $0.fields.count ? $0.fields[i].trimmed : nil }.filter { !$0.isEmpty })
        }
        return (table, collected)
    }

    private func wantedEncoding() throws(Refusal) -> TextEncoding? {
        try encoding.map { name throws(Refusal) in
            guard let known = TextEncoding(name: name) else {
                throw Refusal(.unknownEncoding, field: "encoding", ["value": name, "expected": TextEncoding.allCases.map(\.rawValue).joined(separator: ", ")])
            }
            return known
        }
    }

    /// A file not in `encoding`, naming the line where it stops being so: that is where a person looks.
    private func notInEncoding(_ file: String, _ encoding: TextEncoding, line: Int?) -> Refusal {
        let refusal = Refusal(.unreadableFile, field: "file", ["path": file, "detail": t("file.not-in-encoding", ["encoding": encoding.rawValue])])
        return line.map { Refusal.nothingDone([.init(line: $0, refusal)]) } ?? refusal
    }

    private func refusal(_ error: CSVError, _ file: String) -> Refusal {
        switch error {
        case .empty: Refusal(.unreadableFile, field: "file", ["path": file, "detail": t("file.empty")])
        case .unterminatedQuote(let line): Refusal.nothingDone([.init(line: line, Refusal(.csvQuoteNotClosed))])
        case .strayQuote(let line): Refusal.nothingDone([.init(line: line, Refusal(.csvStrayQuote))])
        case .shortLines(let lines, let header):
            Refusal.nothingDone(lines.map { .init(line: $0.line, Refusal(.tooFewCells, ["count": "\($0.cells)", "header": "\(header)"])) })
        }
    }
}

func readCSV(_ file: String) throws -> CSVTable { try SheetOptions.parse([]).table(file) }


extension SessionCommand {
    /// `session import FILE --operator REF`: the attendance of many sessions, one line per person and session.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.session.import"), discussion: t("help.session.import.discussion"))
        @Argument(help: help("session.import.file")) var file: String
        @Option(name: .customLong("operator"), help: help("session.import.operator-reference")) var operatorReference: String
        @Flag(help: help("session.import.dry-run")) var dryRun = false
        @OptionGroup var sheet: SheetOptions
        @OptionGroup var acting: ActingOptions

        func run() async throws {
            // Read a chunk at a time, never whole.
            let (lines, _) = try await sheet.rows(file) { _ in [] }
            let (counts, checked) = try await inTransaction(acting, dryRun: dryRun) { tx in
                let operatorID = try await tx.resolveOperator(operatorReference)
                let checker = try SessionImport.Checker(
                    header: lines.header, today: tx.today, programmes: try await tx.programmes(operatorID: operatorID),
                    kind: { SessionKind(spelling: $0) }, status: { AttendanceStatus(spelling: $0) }, ignoring: sheet.ignoredColumns)
                let headers = SessionImport.columns.headers(of: lines.header, ignoring: sheet.ignoredColumns)
                return (try await tx.importAttendance(lines, checker: checker, operatorID: operatorID, headers: headers), lines.rowCount)
            }
            if dryRun { return print(t("import.checked", ["count": "\(checked)"])) }
            print(t("session.imported", ["recorded": "\(counts.recorded)", "sessions": "\(counts.sessionsCreated)", "skipped": "\(counts.skipped)"]))
        }
    }
}
