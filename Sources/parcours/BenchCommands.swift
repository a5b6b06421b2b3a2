import ArgumentParser
import Foundation
import ParcoursApp
import ParcoursCore
import ParcoursStore

// bench generate

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: t("help.bench"), subcommands: [Generate.self])

    /// `bench generate --operators 50 --carriers 200000 [--seed N]`: a national network on the real
    /// territory tree, written through the bulk paths people use (carrier, journey and session
    /// import: the same parsers, rules and triggers), each file of each operator in its own transaction.
    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: t("help.bench.generate"), discussion: t("help.bench.generate.discussion"))
        @Option(help: help("bench.generate.operators")) var operators = 50
        @Option(help: help("bench.generate.carriers")) var carriers = 200_000
        @Option(help: help("bench.generate.seed")) var seed: UInt64 = 1
        @Option(help: help("bench.generate.jobs")) var jobs = min(ProcessInfo.processInfo.activeProcessorCount, 16)
        @OptionGroup var acting: ActingOptions

        func validate() throws {
            guard (1...500).contains(operators) else { throw ValidationError(t("bench.generate.operators-range")) }
            guard carriers >= operators, carriers <= 5_000_000 else { throw ValidationError(t("bench.generate.carriers-range")) }
            guard (1...16).contains(jobs) else { throw ValidationError(t("bench.generate.jobs-range")) }
        }

        /// What one operator's three imports wrote.
        struct Written: Sendable {
            var carriers = 0, journeys = 0, events = 0, attendance = 0

            static func + (a: Written, b: Written) -> Written {
                Written(carriers: a.carriers + b.carriers, journeys: a.journeys + b.journeys, events: a.events + b.events,
                        attendance: a.attendance + b.attendance)
            }
        }

        func run() async throws {
            let started = Date()
            var totals = Written()
            let acting = acting.acting
            try await Store.withStore(at: try DatabaseLocation.fromEnvironment(), logger: .cli) { store in
                let plans = try await store.transaction(as: acting) { tx in try await NationalNetwork.plan(operators: operators, tx: tx) }
                var random = SplitMix(seed: seed)
                var done = 0
                func finished(_ written: Written) {
                    totals = totals + written
                    done += 1
                    Progress().say("bench.generate.progress", ["done": "\(done)", "count": "\(plans.count)", "carriers": "\(totals.carriers)"])
                }
                // Operators are independent: `jobs` of them are imported at once, each on its own
                // connection (the database's work of one import keeps one core busy). Their files
                // are drawn in operator order, so a seed gives the same network whatever `jobs` is.
                try await withThrowingTaskGroup(of: Written.self) { group in
                    var running = 0
                    for (index, plan) in plans.enumerated() {
                        let share = carriers / operators + (index < carriers % operators ? 1 : 0)
                        let files = NationalNetwork.files(for: plan, carriers: share, today: plan.today, random: &random)
                        if running == jobs, let written = try await group.next() {
                            finished(written)
                            running -= 1
                        }
                        group.addTask { try await Self.importOperator(files, plan: plan, store: store, acting: acting) }
                        running += 1
                    }
                    for try await written in group { finished(written) }
                }
                Progress().done()
            }
            print(t("bench.generated", [
                "operators": "\(operators)", "carriers": "\(totals.carriers)", "journeys": "\(totals.journeys)", "events": "\(totals.events)",
                "attendance": "\(totals.attendance)", "seconds": String(format: "%.0f", Date().timeIntervalSince(started)),
            ]))
        }

        /// The operator's three files in three transactions, as three commands would: the
        /// statistics of what each import wrote follow it (Store.transaction), so that the next is
        /// planned on them — in one transaction, the look-up of each attendance line's journey was
        /// planned on the tables as they were before the operator's people (a sequential scan for
        /// each of 23,000 lines: 37 s an operator).
        static func importOperator(
            _ files: NationalNetwork.Files, plan: NationalNetwork.OperatorPlan, store: Store, acting: Acting
        ) async throws -> Written {
            let people = try await store.transaction(as: acting) { tx in
                let communes = Dictionary(uniqueKeysWithValues: plan.communes.map { ($0, CommuneLookup.code($0)) })
                let people = try CarrierImport.rows(from: files.carriers, today: tx.today, communes: communes, words: .catalogues)
                _ = try await tx.importCarriers(people, operatorID: plan.operatorID)
                return people.count
            }
            let history = try await store.transaction(as: acting) { tx in
                let journeys = try HistoryImport.journeys(from: files.history, today: tx.today, programmes: plan.programmes, words: .catalogues)
                return try await tx.importHistory(journeys, operatorID: plan.operatorID, referralReason: t("journey.import.referral-reason"))
            }
            let attendance = try await store.transaction(as: acting) { tx in
                let lines = try SessionImport.lines(
                    from: files.attendance, today: tx.today, programmes: plan.programmes,
                    kind: { SessionKind(spelling: $0) }, status: { AttendanceStatus(spelling: $0) })
                return try await tx.importAttendance(lines, operatorID: plan.operatorID).recorded
            }
            return Written(carriers: people, journeys: history.journeys, events: history.events, attendance: attendance)
        }
    }
}

/// A small, fast, seeded generator (SplitMix64): the same seed gives the same network.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func chance(_ p: Double) -> Bool { Double(next() % 1_000_000) < p * 1_000_000 }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
}

/// The shape of a generated network: one operator per département, spread over the régions, each
/// with a full pathway and one of the field's shorter programmes, a cohort per quarter over
/// three years, its couveuse and CAE, and an ESF+ agreement.
enum NationalNetwork {
    struct OperatorPlan: Sendable {
        var operatorID: OperatorID
        var programmes: [Programme]
        var cohortStarts: [LocalDate]
        var communes: [String]
        var partners: [String]
        var today: LocalDate
    }

    /// The files an operator's staff would bring: carriers, their histories, the attendance.
    struct Files {
        var carriers: CSVTable
        var history: CSVTable
        var attendance: CSVTable
    }

    static let shapes: [(String, [String])] = [
        ("Parcours complet", ["idea", "workshops", "modules", "incubation", "pitch", "orientation"]),
        ("May'IdESS", ["idea", "modules", "pitch", "orientation"]),
        ("Outille ton projet", ["idea", "workshops", "orientation"]),
        ("Test en couveuse", ["idea", "incubation", "pitch", "orientation"]),
    ]

    /// Creates the operators, programmes, cohorts, partners and agreements (small: one transaction).
    static func plan(operators count: Int, tx: Transaction) async throws -> [OperatorPlan] {
        let departments = try await tx.territories(kind: .department).map(\.territory).filter { !$0.code.hasPrefix("97") }
            .sorted { $0.code < $1.code }
        guard !departments.isEmpty else { throw ValidationError(t("bench.generate.no-france")) }
        let funder = try await tx.addFunder(name: "FSE+ (banc d'essai)", kind: .esfPlus)
        let start = LocalDate(year: tx.today.year - 3, month: 1, day: 1)!
        let cohortStarts = (0..<12).map { start.adding(months: 3 * $0) }.filter { $0 <= tx.today }
        var plans: [OperatorPlan] = []
        for index in 0..<count {
            // Départements spread over the country: every k-th, so the régions all appear.
            let department = departments[(index * max(departments.count / count, 1) + index / max(departments.count, 1)) % departments.count]
            let operatorID = try await tx.addOperator(name: "Réseau \(department.name) \(index + 1)", territories: [department.id])
            var programmes: [Programme] = []
            for (name, phases) in [shapes[0], shapes[1 + index % 3]] {
                let programme = try await tx.addProgramme(name: name, operatorID: operatorID, phases: phases)
                for cohortStart in cohortStarts {
                    _ = try await tx.addCohort(name: cohortName(cohortStart), programme: programme, startsOn: cohortStart)
                }
                programmes.append(programme)
            }
            var partners: [String] = []
            for (suffix, kind) in [("Couveuse", PartnerKind.couveuse), ("CAE", .cae), ("Incubateur", .incubator)] {
                let name = "\(suffix) \(department.name) (\(index + 1))"
                _ = try await tx.addPartner(name: name, kind: kind, contact: nil, operatorID: nil, territories: [department.id])
                partners.append(name)
            }
            _ = try await tx.addFunding(FundingDraft(
                operatorID: operatorID, funderID: funder.id, code: "FSE-BENCH-\(index + 1)", title: "Accompagnement \(department.name)",
                startsOn: start, endsOn: start.adding(months: 48).adding(days: -1), budget: 250_000, sharePercent: 60,
                programmes: programmes.map(\.id)))
            let communes = try await tx.territories(under: department.id, kind: .commune).map(\.territory.code)
            plans.append(OperatorPlan(
                operatorID: operatorID, programmes: programmes, cohortStarts: cohortStarts, communes: communes, partners: partners,
                today: tx.today))
        }
        return plans
    }

    static func cohortName(_ start: LocalDate) -> String { "\(start.year)-T\((start.month - 1) / 3 + 1)" }

    /// Days a journey stays in each phase (lower and upper bounds), as the field reports them.
    static let stay: [Phase: ClosedRange<Int>] = [
        .idea: 14...42, .workshops: 21...56, .modules: 28...70, .incubation: 90...300, .pitch: 7...21, .orientation: 14...60,
    ]

    static func files(for plan: OperatorPlan, carriers count: Int, today: LocalDate, random: inout SplitMix) -> Files {
        let tag = plan.operatorID.description
        var people: [(line: Int, fields: [String])] = []
        var history: [(line: Int, fields: [String])] = []
        var attendance: [(line: Int, fields: [String])] = []
        let first = plan.cohortStarts[0]
        let span = first.daysUntil(today.adding(days: -30))
        func date(_ day: LocalDate) -> String { day.frenchText }
        for n in 1...count {
            let ref = "G\(tag)-\(n)"
            let woman = random.chance(0.52)
            let consent = random.chance(0.6)
            people.append((people.count + 2, [
                ref, "Prénom\(n)", "Nom\(tag)x\(n)", woman ? "femme" : "homme",
                date(LocalDate(year: 1960 + random.int(0...44), month: random.int(1...12), day: random.int(1...28))!),
                random.pick(plan.communes), random.pick(["unemployed", "long_term_unemployed", "inactive", "employed", "self_employed"]),
                random.pick(["0-2", "3-4", "5-8"]), consent ? date(first) : "",
                consent ? (random.chance(0.08) ? "oui" : "non") : "",
            ]))
            var opened = first.adding(days: random.int(0...span))
            var programmeIndex = random.chance(0.65) ? 0 : 1
            // Some carriers start again in the other programme after their first journey ended.
            for _ in 0..<2 {
                let programme = plan.programmes[programmeIndex]
                let cohortStart = plan.cohortStarts.last { $0 <= opened } ?? first
                let cohort = cohortName(cohortStart)
                var lines: [[String]] = [[ref, programme.name, cohort, "ouverture", "", date(opened), "", "", "", "", "", "", ""]]
                var day = opened
                var ended: LocalDate?
                func line(_ kind: String, _ to: String, reason: String = "", capeStart: String = "", capeEnd: String = "", jury: String = "",
                          partner: String = "", answer: String = "", legalForm: String = "") {
                    lines.append([ref, programme.name, "", kind, to, date(day), reason, capeStart, capeEnd, jury, partner, answer, legalForm])
                }
                var phases = programme.phases.dropFirst().makeIterator()
                var current = programme.phases[0]
                var referred = false
                walk: while true {
                    day = day.adding(days: random.int(stay[current]!))
                    if day > today { break walk }
                    if random.chance(0.05) {
                        line("sortie", "abandon", reason: "projet abandonné")
                        ended = day
                        break walk
                    }
                    if random.chance(0.03) {
                        line("pause", "", reason: "raisons personnelles")
                        day = day.adding(days: random.int(20...60))
                        if day > today { break walk }
                        line("reprise après pause", "")
                    }
                    guard let next = phases.next() else {
                        // The end of the pathway: an exit, mostly positive.
                        let roll = random.int(1...100)
                        switch roll {
                        case 1...45: line("sortie", "activité créée", legalForm: random.pick(["micro-entreprise", "association", "scop", "sarl", "cae"]))
                        case 46...65: line("sortie", "emploi")
                        case 66...75: line("sortie", "formation")
                        case 76...85 where referred: line("sortie", "relais")
                        default: line("sortie", "abandon", reason: "sans nouvelles")
                        }
                        ended = day
                        break walk
                    }
                    switch next {
                    case .incubation:
                        let end = day.adding(days: random.int(150...330))
                        line("avancée", "couveuse", capeStart: date(day), capeEnd: date(end))
                    case .orientation:
                        referred = true
                        line("avancée", "orientation", jury: current == .pitch ? "favorable" : "", partner: random.pick(plan.partners),
                             answer: random.pick(["acceptée", "acceptée", "réalisée", "refusée", ""]))
                    default:
                        line("avancée", next.word(.fr))
                    }
                    current = next
                }
                for fields in lines { history.append((history.count + 2, fields)) }
                // Attendance: the cohort's sessions, every other week, while the journey was open.
                if programme.phases.contains(.workshops) || programme.phases.contains(.modules) {
                    let last = min(ended ?? today, today.adding(days: -1))
                    for k in 0..<12 {
                        let held = cohortStart.adding(days: 14 * k + 1)
                        guard held >= opened, held <= last else { continue }
                        let present = random.int(1...100)
                        attendance.append((attendance.count + 2, [
                            programme.name, cohort, k < 6 ? "atelier" : "module", "Séance \(k + 1)", "\(date(held)) 14:00", "180", ref,
                            present <= 85 ? "présent" : present <= 95 ? "excusé" : "absent", present <= 85 && random.chance(0.2) ? "120" : "",
                        ]))
                    }
                }
                guard let ended, random.chance(0.12) else { break }
                opened = ended.adding(days: random.int(30...120))
                programmeIndex = 1 - programmeIndex
                if opened > today.adding(days: -7) { break }
            }
        }
        return Files(
            carriers: CSVTable(header: ["ref", "prénom", "nom", "genre", "date_de_naissance", "commune", "situation", "niveau", "consentement", "handicap"], rows: people),
            history: CSVTable(header: ["ref", "programme", "promotion", "evenement", "vers", "date", "motif", "cape_debut", "cape_fin", "jury",
                                       "partenaire", "reponse_partenaire", "forme_juridique"], rows: history),
            attendance: CSVTable(header: ["programme", "promotion", "type", "séance", "début", "durée", "ref", "présence", "minutes"], rows: attendance))
    }
}

extension LocalDate {
    /// dd/mm/yyyy, as a French spreadsheet writes it.
    var frenchText: String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(two(day))/\(two(month))/\(year)"
    }

    func daysUntil(_ other: LocalDate) -> Int { other.daysSinceEpoch - daysSinceEpoch }
}
