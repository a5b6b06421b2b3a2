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

    /// The journeys of the file, or every problem found.
    ///
    /// - Parameters:
    ///   - programmes: the operator's programmes, found by name (case aside).
    ///   - ignoring: columns the user accepts to lose (`--ignore-column`).
    public static func journeys(
        from table: CSVTable, today: LocalDate, programmes: [Programme], words: HistoryWords = .codes, ignoring: [String] = []
    ) throws(Refusal) -> [HistoryJourney] {
        let index = try columns.map(table.header, ignoring: ignoring)
        func header(_ key: String) -> String { Refusal.column(index[key].map { table.header[$0] } ?? key) }
        let programmeNamed = Dictionary(programmes.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })

        /// A journey being read, and what its lines so far tell.
        struct Running {
            var journey: HistoryJourney
            var state: JourneyState
            var contracts: [CapeContract] = []
            var hasReferral = false
            /// A line of it was refused: its later lines are not checked against a state it never reached.
            var broken = false
        }
        var journeys: [Running] = []
        var latest: [String: Int] = [:]   // "ref\u{0}programme id" → index in `journeys`
        var problems: [Refusal.Problem] = []

        for (line, fields) in table.rows {
            func cell(_ key: String) -> String {
                guard let i = index[key], i < fields.count else { return "" }
                return fields[i].trimmed
            }
            var found: [Refusal] = []
            func refuse(_ code: RefusalCode, _ key: String, _ values: [String: String] = [:]) {
                found.append(Refusal(code, field: header(key), values))
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
            if fields.count > table.header.count, fields[table.header.count...].contains(where: { !$0.trimmed.isEmpty }) {
                found.append(Refusal(.tooManyCells, ["count": "\(fields.count)", "header": "\(table.header.count)"]))
            }
            for (i, field) in fields.enumerated() {
                let key = index.first { $0.value == i }?.key
                let maximum = key == "ref" ? FieldLimit.reference : FieldLimit.longText
                guard FieldLimit.problem(with: field, maximum: maximum) != nil else { continue }
                let name = Refusal.column(i < table.header.count ? table.header[i] : "\(i + 1)")
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
                if let day, let refusal = FieldLimit.refusal(with: day, field: header(key)) { found.append(refusal) }
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
                problems += found.map { Refusal.Problem(line: line, $0) }
                if let programme { latest["\(ref)\u{0}\(programme.id)"].map { journeys[$0].broken = true } }
                continue
            }
            let key = "\(ref)\u{0}\(programme.id)"
            let label = "« \(ref) » (\(programme.name))"
            if date > today { refuse(.changeInFuture, "date", ["journey": label, "date": date.iso, "today": today.iso]) }
            let cohort = cell("cohort").isEmpty ? nil : cell("cohort")

            if kind == .open {
                if let at = latest[key], !journeys[at].state.isTerminal {
                    refuse(.historyAlreadyOpen, "kind", ["ref": ref, "programme": programme.name, "line": "\(journeys[at].journey.line)"])
                    journeys[at].broken = true
                }
                if let openingPhase, openingPhase != programme.phases[0] {
                    refuse(.historyOpensInFirstPhase, "to", ["programme": programme.name, "phase": programme.phases[0].rawValue])
                }
                for (column, given) in [("cape_start", capeStart != nil), ("cape_end", capeEnd != nil), ("jury", jury != nil),
                                        ("partner", partner != nil), ("legal_form", legalForm != nil)] where given {
                    refuse(.historyEvidenceMisplaced, column)
                }
                if found.isEmpty {
                    let generation = latest[key].map { journeys[$0].journey.generation + 1 } ?? 0
                    latest[key] = journeys.count
                    journeys.append(Running(
                        journey: HistoryJourney(carrierRef: ref, programme: programme, cohort: cohort, generation: generation, events: [
                            HistoryEvent(line: line, kind: .open, state: .active(programme.phases[0]), on: date, reason: reason),
                        ]),
                        state: .active(programme.phases[0])))
                }
                problems += found.map { Refusal.Problem(line: line, $0) }
                continue
            }

            guard let at = latest[key] else {
                refuse(.historyMustOpen, "kind", ["ref": ref, "programme": programme.name])
                problems += found.map { Refusal.Problem(line: line, $0) }
                continue
            }
            guard !journeys[at].broken, let change else {
                problems += found.map { Refusal.Problem(line: line, $0) }
                continue
            }
            var running = journeys[at]
            if let cohort, cohort != running.journey.cohort {
                refuse(.historyCohortChanged, "cohort", ["value": cohort, "cohort": running.journey.cohort ?? "—", "line": "\(running.journey.line)"])
            }
            let previous = running.journey.events.last!.on
            if date < previous { refuse(.changeBeforeLastChange, "date", ["journey": label, "date": date.iso, "previous": previous.iso]) }

            var cape: CapePeriod?
            if let capeEnd {
                do {
                    cape = try CapeRules.firstPeriod(
                        from: capeStart ?? date, to: capeEnd, journeyOpenedOn: running.journey.openedOn, previous: running.contracts)
                } catch {
                    var refusal = error.refusal(journey: JourneyID(0))
                    refusal.values["journey"] = label
                    refusal.fields = [header(capeStart != nil && error.isAboutStart ? "cape_start" : "cape_end")]
                    found.append(refusal)
                }
            }
            let evidence = JourneyEvidence(
                capeCoversDate: cape.map { $0.startsOn <= date && date <= $0.endsOn } ?? false,
                juryDecidedSincePitch: jury != nil,
                hasReferral: running.hasReferral || partner != nil,
                hasActivity: legalForm != nil)
            let from = running.state
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
                    running.state = next
                    if let cape { running.contracts.append(CapeContract(journeyID: JourneyID(0), periods: [cape], endedOn: nil)) }
                    running.hasReferral = evidence.hasReferral
                    running.journey.events.append(HistoryEvent(
                        line: line, kind: kind, state: next, on: date, reason: reason, cape: cape, jury: jury, partner: partner,
                        partnerAnswer: answer, legalForm: legalForm, jobsFTE: jobs, activityName: activityName))
                }
            } catch {
                var refusal = error.refusal(journey: JourneyID(0))
                refusal.values["journey"] = label
                refusal.fields = refusal.fields.map { ["to": header("to"), "reason": header("reason"), "on": header("date")][$0] ?? $0 }
                found.append(refusal)
            }
            if !found.isEmpty { running.broken = true }
            journeys[at] = running
            problems += found.map { Refusal.Problem(line: line, $0) }
        }
        guard problems.isEmpty else { throw Refusal.nothingDone(Array(problems.prefix(500))) }
        return journeys.map(\.journey)
    }

    private static func expected<T: CaseIterable & RawRepresentable>(_: T.Type, _ vocabulary: String) -> [String: String] where T.RawValue == String {
        ["expected": T.allCases.map(\.rawValue).joined(separator: ", "), "vocabulary": vocabulary]
    }
}

extension ImportColumns {
    /// Each column key's header as the file spells it, quoted (for refusals found later, in the store).
    public func headers(of table: CSVTable, ignoring: [String] = []) -> [String: String] {
        guard let index = try? map(table.header, ignoring: ignoring) else { return [:] }
        return index.mapValues { Refusal.column(table.header[$0]) }
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
