/// One event of a history file, checked: the change, its date and the records the guarded step
/// needs (DESIGN.md §4), taken from the same line.
public struct HistoryEvent: Hashable, Sendable {
    public var line: Int
    public var kind: EventKind
    /// The state after the event.
    public var state: JourneyState
    public var on: LocalDate
    public var reason: String?
    /// The CAPE signed to enter incubation on this line.
    public var cape: CapePeriod?
    /// The jury's decision, on the line that leaves `pitch`, dated that day.
    public var jury: JuryDecision?
    /// The partner the carrier is oriented to (by name), and its answer if known.
    public var partner: String?
    public var partnerAnswer: ReferralStatus?
    /// The activity created, on an exit `activity_created`.
    public var legalForm: LegalForm?
    public var jobsFTE: Double?
    public var activityName: String?
}

/// One journey of a history file: its carrier (by the operator's reference), programme, cohort
/// and its events in order. `generation` counts the earlier journeys of the same carrier in the
/// same programme in the file (a carrier may withdraw, then start again).
public struct HistoryJourney: Hashable, Sendable {
    public var carrierRef: String
    public var programme: Programme
    public var cohort: String?
    public var generation: Int
    public var events: [HistoryEvent]

    public var line: Int { events[0].line }
    public var openedOn: LocalDate { events[0].on }

    /// Everything of it but its events.
    public var head: HistoryImport.JourneyHead {
        HistoryImport.JourneyHead(carrierRef: carrierRef, programme: programme, cohort: cohort, generation: generation, line: line, openedOn: openedOn)
    }
}

/// How a history file's closed-set cells are read: the application layer passes its parsers,
/// which know every catalogue's words (`avancée`, `couveuse`, `favorable`…).
public struct HistoryWords: Sendable {
    public var kind: @Sendable (String) -> EventKind?
    public var phase: @Sendable (String) -> Phase?
    public var outcome: @Sendable (String) -> Outcome?
    public var jury: @Sendable (String) -> JuryDecision?
    public var legalForm: @Sendable (String) -> LegalForm?
    public var answer: @Sendable (String) -> ReferralStatus?

    public init(
        kind: @escaping @Sendable (String) -> EventKind?, phase: @escaping @Sendable (String) -> Phase?,
        outcome: @escaping @Sendable (String) -> Outcome?, jury: @escaping @Sendable (String) -> JuryDecision?,
        legalForm: @escaping @Sendable (String) -> LegalForm?, answer: @escaping @Sendable (String) -> ReferralStatus?
    ) {
        self.kind = kind
        self.phase = phase
        self.outcome = outcome
        self.jury = jury
        self.legalForm = legalForm
        self.answer = answer
    }

    /// The core's own parsers (the codes).
    public static let codes = HistoryWords(
        kind: { EventKind(rawValue: $0.lowercased()) }, phase: Phase.init(name:), outcome: Outcome.init(name:),
        jury: JuryDecision.init(name:), legalForm: LegalForm.init(name:), answer: { ReferralStatus(rawValue: $0.lowercased()) })
}

/// History files (`journey import`): one line per event, the journeys of many carriers mixed, each
/// journey's lines in the order they happened. The whole file is checked by the pathway's own rules
/// (`Pathway.state`, `CapeRules`) before anything is written; every problem is reported with its line.
public enum HistoryImport {
    public static let columns = ImportColumns([
        .init("ref", ["ref", "reference", "référence", "porteur", "carrier", "carrier_ref", "dossier", "numero", "numéro", "n_dossier"], required: true),
        .init("programme", ["programme", "program", "dispositif"], required: true),
        .init("cohort", ["promotion", "cohort", "cohorte", "groupe"]),
        .init("kind", ["evenement", "événement", "kind", "event", "type", "changement"], required: true),
        .init("to", ["vers", "to", "phase", "etape", "étape", "sortie"]),
        .init("date", ["date", "le", "on", "date_effet", "effective_on"], required: true),
        .init("reason", ["motif", "reason", "raison", "commentaire"]),
        .init("cape_start", ["cape_debut", "cape_début", "debut_cape", "début_cape", "cape_start", "cape_from"]),
        .init("cape_end", ["cape_fin", "fin_cape", "cape_end", "cape_until"]),
        .init("jury", ["jury", "decision_jury", "décision_jury", "jury_decision"]),
        .init("partner", ["partenaire", "partner", "orientation_vers", "structure"]),
        .init("partner_answer", ["reponse_partenaire", "réponse_partenaire", "partner_answer", "reponse", "réponse"]),
        .init("legal_form", ["forme_juridique", "legal_form", "statut_juridique"]),
        .init("jobs_fte", ["emplois", "emplois_etp", "jobs", "jobs_fte", "etp"]),
        .init("activity_name", ["activite", "activité", "nom_activite", "nom_de_l_activite", "activity", "activity_name"]),
    ])

    /// The journeys of the file, or every problem found (the first 500).
    ///
    /// - Parameters:
    ///   - programmes: the operator's programmes, found by name (case aside).
    ///   - ignoring: columns the user accepts to lose (`--ignore-column`).
    public static func journeys(
        from table: CSVTable, today: LocalDate, programmes: [Programme], words: HistoryWords = .codes, ignoring: [String] = []
    ) throws(Refusal) -> [HistoryJourney] {
        var checker = try Checker(header: table.header, today: today, programmes: programmes, words: words, ignoring: ignoring)
        var journeys: [HistoryJourney] = []
        var problems: [Refusal.Problem] = []
        for (line, fields) in table.rows {
            switch checker.check(line: line, fields: fields) {
            case .opened(let n, let event):
                let head = checker.heads[n]
                journeys.append(HistoryJourney(
                    carrierRef: head.carrierRef, programme: head.programme, cohort: head.cohort, generation: head.generation, events: [event]))
            case .event(let n, _, let event): journeys[n].events.append(event)
            case .refused(let found): problems += found.map { Refusal.Problem(line: line, $0) }
            }
        }
        guard problems.isEmpty else { throw Refusal.nothingDone(Array(problems.prefix(500))) }
        return journeys
    }

    /// What a journey's first line says: everything of it but its events.
    public struct JourneyHead: Hashable, Sendable {
        public var carrierRef: String
        public var programme: Programme
        public var cohort: String?
        public var generation: Int
        public var line: Int
        public var openedOn: LocalDate
    }

    /// A history file checked a line at a time, in the file's order: each line against the
    /// pathway's rules and what the earlier lines of its journey said, keeping of each journey only
    /// what its next line is checked against (never its events, which the caller stages as they come).
    public struct Checker: Sendable {
        public enum Checked: Sendable {
            /// A journey's first line: journey `n` (its head in `heads`), and its opening.
            case opened(n: Int, HistoryEvent)
            /// The `seq`-th event of journey `n` (the opening is the first).
            case event(n: Int, seq: Int, HistoryEvent)
            case refused([Refusal])
        }

        /// A journey being read, and what its lines so far tell.
        struct Running: Sendable {
            var state: JourneyState
            var lastOn: LocalDate
            var events = 1
            var contracts: [CapeContract] = []
            var hasReferral = false
            /// A line of it was refused: its later lines are not checked against a state it never reached.
            var broken = false
        }

        /// Every journey opened so far, in order: journey `n` is `heads[n]`.
        public private(set) var heads: [JourneyHead] = []
        private var running: [Running] = []
        private var latest: [String: Int] = [:]   // "ref\u{0}programme id" → journey n
        private let header: [String]
        private let index: [String: Int]
        private let today: LocalDate
        private let words: HistoryWords
        private let programmeNamed: [String: Programme]

        public init(
            header: [String], today: LocalDate, programmes: [Programme], words: HistoryWords = .codes, ignoring: [String] = []
        ) throws(Refusal) {
            self.header = header
            index = try columns.map(header, ignoring: ignoring)
            self.today = today
            self.words = words
            programmeNamed = Dictionary(programmes.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        }

        private func column(_ key: String) -> String { Refusal.column(index[key].map { header[$0] } ?? key) }

        public mutating func check(line: Int, fields: [String]) -> Checked {
            func cell(_ key: String) -> String {
                guard let i = index[key], i < fields.count else { return "" }
                return fields[i].trimmed
            }
            var found: [Refusal] = []
            func refuse(_ code: RefusalCode, _ key: String, _ values: [String: String] = [:]) {
                found.append(Refusal(code, field: column(key), values))
            }
            func optional<T>(_ key: String, _ parse: (String) -> T?, _ code: RefusalCode, _ values: [String: String] = [:]) -> T? {
                let text = cell(key)
                guard !text.isEmpty else { return nil }
                guard let value = parse(text) else {
                    refuse(code, key, values.merging(["value": text]) { a, _ in a })
                    return nil
                }
                return value
            }
            if fields.count > header.count, fields[header.count...].contains(where: { !$0.trimmed.isEmpty }) {
                found.append(Refusal(.tooManyCells, ["count": "\(fields.count)", "header": "\(header.count)"]))
            }
            for (i, field) in fields.enumerated() {
                let maximum = i == index["ref"] ? FieldLimit.reference : FieldLimit.longText
                guard FieldLimit.problem(with: field, maximum: maximum) != nil else { continue }
                let name = Refusal.column(i < header.count ? header[i] : "\(i + 1)")
                found.append(field.count > maximum ? Refusal(.tooLong, field: name, ["maximum": "\(maximum)"]) : Refusal(.controlCharacter, field: name))
            }

            let ref = cell("ref")
            if ref.isEmpty { refuse(.required, "ref") }
            var programme: Programme?
            if cell("programme").isEmpty {
                refuse(.required, "programme")
            } else if let named = programmeNamed[cell("programme").lowercased()] {
                programme = named
            } else {
                refuse(.unknownName, "programme", ["record": "programme", "value": cell("programme")])
            }
            let kind = cell("kind").isEmpty ? nil : optional("kind", words.kind, .unknownChoice, expected(EventKind.self, "event"))
            if cell("kind").isEmpty { refuse(.required, "kind") }
            let date = cell("date").isEmpty ? nil : optional("date", CarrierImport.parseFlexibleDate, .notADate)
            if cell("date").isEmpty { refuse(.required, "date") }
            let reason = cell("reason").isEmpty ? nil : cell("reason")
            let capeStart = optional("cape_start", CarrierImport.parseFlexibleDate, .notADate)
            let capeEnd = optional("cape_end", CarrierImport.parseFlexibleDate, .notADate)
            if capeStart != nil, capeEnd == nil, cell("cape_end").isEmpty { refuse(.required, "cape_end") }
            let jury = optional("jury", words.jury, .unknownChoice, expected(JuryDecision.self, "decision"))
            let partner = cell("partner").isEmpty ? nil : cell("partner")
            let answer = optional("partner_answer", words.answer, .unknownChoice, expected(ReferralStatus.self, "referral_status"))
            if answer != nil, partner == nil { refuse(.required, "partner") }
            let legalForm = optional("legal_form", words.legalForm, .unknownChoice, expected(LegalForm.self, "legal_form"))
            let jobs = optional("jobs_fte", { Double($0.replacingOccurrences(of: ",", with: ".")).flatMap { $0 >= 0 && $0 < 10_000 ? $0 : nil } }, .notADecimal)
            let activityName = cell("activity_name").isEmpty ? nil : cell("activity_name")
            // A year typed 0232 for 2023 is a date the database would refuse, naming none of the file's columns.
            for (key, day) in [("date", date), ("cape_start", capeStart), ("cape_end", capeEnd)] {
                if let day, let refusal = FieldLimit.refusal(with: day, field: column(key)) { found.append(refusal) }
            }

            // The target, read by kind: a phase to advance or rework to, an outcome to exit with.
            var change: JourneyChange?
            var openingPhase: Phase?
            switch kind {
            case .open?:
                openingPhase = optional("to", words.phase, .unknownChoice, expected(Phase.self, "phase"))
            case .advance?, .rework?:
                if cell("to").isEmpty { refuse(.required, "to") }
                if let phase = optional("to", words.phase, .unknownChoice, expected(Phase.self, "phase")) {
                    change = kind == .advance ? .advance(to: phase) : .rework(to: phase)
                }
            case .exit?:
                if cell("to").isEmpty { refuse(.required, "to") }
                if let outcome = optional("to", words.outcome, .unknownChoice, expected(Outcome.self, "outcome")) { change = .exit(outcome) }
            case .pause?:
                change = .pause
            case .resume?:
                change = .resume
            case nil:
                break
            }

            guard found.isEmpty, let programme, let kind, let date else {
                if let programme, let at = latest["\(ref)\u{0}\(programme.id)"] { running[at].broken = true }
                return .refused(found)
            }
            let key = "\(ref)\u{0}\(programme.id)"
            let label = "« \(ref) » (\(programme.name))"
            if date > today { refuse(.changeInFuture, "date", ["journey": label, "date": date.iso, "today": today.iso]) }
            let cohort = cell("cohort").isEmpty ? nil : cell("cohort")

            if kind == .open {
                if let at = latest[key], !running[at].state.isTerminal {
                    refuse(.historyAlreadyOpen, "kind", ["ref": ref, "programme": programme.name, "line": "\(heads[at].line)"])
                    running[at].broken = true
                }
                if let openingPhase, openingPhase != programme.phases[0] {
                    refuse(.historyOpensInFirstPhase, "to", ["programme": programme.name, "phase": programme.phases[0].rawValue])
                }
                for (column, given) in [("cape_start", capeStart != nil), ("cape_end", capeEnd != nil), ("jury", jury != nil),
                                        ("partner", partner != nil), ("legal_form", legalForm != nil)] where given {
                    refuse(.historyEvidenceMisplaced, column)
                }
                guard found.isEmpty else { return .refused(found) }
                let generation = latest[key].map { heads[$0].generation + 1 } ?? 0
                let n = heads.count
                latest[key] = n
                heads.append(JourneyHead(carrierRef: ref, programme: programme, cohort: cohort, generation: generation, line: line, openedOn: date))
                running.append(Running(state: .active(programme.phases[0]), lastOn: date))
                return .opened(n: n, HistoryEvent(line: line, kind: .open, state: .active(programme.phases[0]), on: date, reason: reason))
            }

            guard let at = latest[key] else {
                refuse(.historyMustOpen, "kind", ["ref": ref, "programme": programme.name])
                return .refused(found)
            }
            guard !running[at].broken, let change else { return .refused(found) }
            var journey = running[at]
            let head = heads[at]
            if let cohort, cohort != head.cohort {
                refuse(.historyCohortChanged, "cohort", ["value": cohort, "cohort": head.cohort ?? "—", "line": "\(head.line)"])
            }
            let previous = journey.lastOn
            if date < previous { refuse(.changeBeforeLastChange, "date", ["journey": label, "date": date.iso, "previous": previous.iso]) }

            var cape: CapePeriod?
            if let capeEnd {
                do {
                    cape = try CapeRules.firstPeriod(
                        from: capeStart ?? date, to: capeEnd, journeyOpenedOn: head.openedOn, previous: journey.contracts)
                } catch {
                    var refusal = error.refusal(journey: JourneyID(0))
                    refusal.values["journey"] = label
                    refusal.fields = [column(capeStart != nil && error.isAboutStart ? "cape_start" : "cape_end")]
                    found.append(refusal)
                }
            }
            var accepted: HistoryEvent?
            let evidence = JourneyEvidence(
                capeCoversDate: cape.map { $0.startsOn <= date && date <= $0.endsOn } ?? false,
                juryDecidedSincePitch: jury != nil,
                hasReferral: journey.hasReferral || partner != nil,
                hasActivity: legalForm != nil)
            let from = journey.state
            do {
                let next = try Pathway.state(
                    after: change, from: from, programme: programme.name, phases: programme.phases, reason: reason, evidence: evidence)
                let moves = kind == .advance || kind == .rework
                if capeEnd != nil, !(moves && next == .active(.incubation)) { refuse(.historyEvidenceMisplaced, "cape_end") }
                if jury != nil, from != .active(.pitch) { refuse(.historyEvidenceMisplaced, "jury") }
                if partner != nil, !((moves && next == .active(.orientation)) || next == .exited(.handedOn)) {
                    refuse(.historyEvidenceMisplaced, "partner")
                }
                if legalForm != nil, next != .exited(.activityCreated) { refuse(.historyEvidenceMisplaced, "legal_form") }
                if found.isEmpty {
                    journey.state = next
                    if let cape { journey.contracts.append(CapeContract(journeyID: JourneyID(0), periods: [cape], endedOn: nil)) }
                    journey.hasReferral = evidence.hasReferral
                    journey.lastOn = date
                    journey.events += 1
                    accepted = HistoryEvent(
                        line: line, kind: kind, state: next, on: date, reason: reason, cape: cape, jury: jury, partner: partner,
                        partnerAnswer: answer, legalForm: legalForm, jobsFTE: jobs, activityName: activityName)
                }
            } catch {
                var refusal = error.refusal(journey: JourneyID(0))
                refusal.values["journey"] = label
                refusal.fields = refusal.fields.map { ["to": column("to"), "reason": column("reason"), "on": column("date")][$0] ?? $0 }
                found.append(refusal)
            }
            if !found.isEmpty { journey.broken = true }
            running[at] = journey
            guard found.isEmpty, let accepted else { return .refused(found) }
            return .event(n: at, seq: journey.events, accepted)
        }
    }

    private static func expected<T: CaseIterable & RawRepresentable>(_: T.Type, _ vocabulary: String) -> [String: String] where T.RawValue == String {
        ["expected": T.allCases.map(\.rawValue).joined(separator: ", "), "vocabulary": vocabulary]
    }
}

extension ImportColumns {
    /// Each column key's header as the file spells it, quoted (for refusals found later, in the store).
    public func headers(of header: [String], ignoring: [String] = []) -> [String: String] {
        guard let index = try? map(header, ignoring: ignoring) else { return [:] }
        return index.mapValues { Refusal.column(header[$0]) }
    }
}

extension CapeError {
    /// Whether the refusal concerns the period's start (else its end).
    var isAboutStart: Bool {
        switch self {
        case .beforeJourney, .overlap: true
        default: false
        }
    }
}
