import Foundation
import ParcoursCore
import ParcoursStore
import Synchronization

/// `Choice.spellings` of each type, once made.
private let choiceSpellings = Mutex<[ObjectIdentifier: any Sendable]>([:])

/// A closed set people type a value of: the code (`activity_created`, or `activity-created` on
/// the command line), its words in every catalogue (`activité-créée`), and the field's synonyms
/// (GLOSSARY: `création`, `couveuse` / `test`, `F` / `H`…). Case, accents, spaces, hyphens and
/// apostrophes do not matter.
public protocol Choice: CaseIterable, Hashable, Sendable {
    /// The stored and API spelling.
    var code: String { get }
    /// The catalogue's prefix for its words (`phase` → `phase.idea = idée`).
    static var vocabulary: String { get }
    /// Other spellings of the field, beyond the codes and the catalogue's words.
    static var synonyms: [String: Self] { get }
}

extension Choice {
    public static var synonyms: [String: Self] { [:] }

    /// The command line's spelling of the code (`activity-created`).
    public var optionName: String { code.replacingOccurrences(of: "_", with: "-") }

    /// What a person types for it in `language` (the catalogue's word).
    public func word(_ language: Language) -> String { Messages.word(code, of: Self.vocabulary, language) }

    /// The value named by `text`, however it is spelled; nil when none is.
    public init?(spelling text: String) {
        let key = Input.folded(text)
        guard !key.isEmpty, let found = Self.spellings[key] else { return nil }
        self = found
    }

    /// Every spelling of every value, folded, made once per type: each cell of a 20,000-line file
    /// folded every code and word of its column again (two thirds of an import's own time).
    /// A code or a word wins over a synonym, the first value over a later one.
    static var spellings: [String: Self] {
        let type = ObjectIdentifier(Self.self)
        if let known = choiceSpellings.withLock({ $0[type] }) as? [String: Self] { return known }
        var table: [String: Self] = [:]
        for (key, value) in synonyms { table[Input.folded(key)] = value }
        for choice in allCases.reversed() {
            for spelling in [choice.code] + Language.allCases.map(choice.word) { table[Input.folded(spelling)] = choice }
        }
        choiceSpellings.withLock { $0[type] = table }
        return table
    }

    /// Every code, for refusals ("expected: …", worded per language).
    static var expected: String { allCases.map(\.code).joined(separator: ", ") }
}

extension Phase: Choice {
    public var code: String { rawValue }
    public static var vocabulary: String { "phase" }
    public static var synonyms: [String: Phase] { ["test": .incubation, "jury": .pitch, "emergence": .idea, "accueil": .idea, "atelier": .workshops, "module": .modules] }
}

extension Outcome: Choice {
    public var code: String { rawValue }
    public static var vocabulary: String { "outcome" }
    public static var synonyms: [String: Outcome] { ["création": .activityCreated, "creation": .activityCreated, "abandonné": .withdrawn] }
}

extension Gender: Choice {
    public var code: String { rawValue }
    public static var vocabulary: String { "gender" }
    public static var synonyms: [String: Gender] { ["f": .woman, "h": .man, "m": .man, "w": .woman, "nb": .nonBinary] }
}

extension TerritoryKind: Choice {
    public var code: String { rawValue }
    public static var vocabulary: String { "territory_kind" }
    public static var synonyms: [String: TerritoryKind] { ["pnr": .park, "parc naturel régional": .park, "communauté de communes": .epci, "dept": .department] }
}

extension Prescriber: Choice {
    public var code: String { rawValue }
    public static var vocabulary: String { "prescriber" }
    public static var synonyms: [String: Prescriber] {
        ["pôle emploi": .franceTravail, "pole-emploi": .franceTravail, "ft": .franceTravail, "mission locale": .missionLocale, "ml": .missionLocale,
         "élu": .elu, "elu local": .elu, "réseau": .reseau, "network": .reseau, "word of mouth": .boucheAOreille, "autre": .other]
    }
}

extension DeclineReason: Choice {
    public var code: String { rawValue }
    public static var vocabulary: String { "decline_reason" }
    public static var synonyms: [String: DeclineReason] {
        ["non-éligible": .notEligible, "non éligible": .notEligible, "reoriente": .redirected, "réorienté": .redirected,
         "desistement": .withdrew, "désistement": .withdrew, "sans-reponse": .noAnswer, "sans réponse": .noAnswer, "autre": .other]
    }
}

extension ZoningKind: Choice {
    public var code: String { rawValue }
    public static var vocabulary: String { "zoning_kind" }
    public static var synonyms: [String: ZoningKind] { ["frr plus": .frrPlus, "frrplus": .frrPlus] }
}

extension LegalForm: Choice {
    public var code: String { rawValue }
    public static var vocabulary: String { "legal_form" }
    public static var synonyms: [String: LegalForm] {
        ["micro": .microEnterprise, "auto-entreprise": .microEnterprise, "auto-entrepreneur": .microEnterprise, "micro-entrepreneur": .microEnterprise,
         "ae": .microEnterprise, "me": .microEnterprise, "ei": .individualEnterprise, "eirl": .individualEnterprise,
         "entreprise individuelle": .individualEnterprise, "sas": .company, "sarl": .company, "eurl": .company, "sasu": .company, "sa": .company,
         "entrepreneur salarié": .cae, "coopérative d'activité et d'emploi": .cae, "asso": .association]
    }
}

extension PartnerKind: Choice {
    public var code: String { rawValue }
    public static var vocabulary: String { "partner_kind" }
    public static var synonyms: [String: PartnerKind] { ["ptce": .cluster, "dla": .support] }
}

extension QuestionnaireKind: Choice {
    public var code: String { rawValue }
    public static var vocabulary: String { "questionnaire_kind" }
    public static var synonyms: [String: QuestionnaireKind] { ["6 mois": .sixMonths, "six months": .sixMonths, "entree": .entry] }
}

extension FollowUpSituation: Choice {
    public var code: String { rawValue }
    public static var vocabulary: String { "situation" }
}

extension JuryDecision: Choice {
    public var code: String { rawValue }
    public static var vocabulary: String { "decision" }
    public static var synonyms: [String: JuryDecision] { ["favorable": .go, "défavorable": .noGo, "no": .noGo] }
}

extension LabourStatus: Choice {
    public var code: String { rawValue }
    public static var vocabulary: String { "labour" }
    public static var synonyms: [String: LabourStatus] {
        ["chômeur": .unemployed, "chômeuse": .unemployed, "demandeuse d'emploi": .unemployed, "de": .unemployed,
         "dld": .longTermUnemployed, "chômeuse de longue durée": .longTermUnemployed, "inactive": .inactive,
         "deld": .longTermUnemployed, "demandeur d'emploi de longue durée": .longTermUnemployed,
         "demandeuse d'emploi de longue durée": .longTermUnemployed, "chômeur de longue durée": .longTermUnemployed,
         "salariée": .employed, "en emploi": .employed, "cdi": .employed, "cdd": .employed, "intérim": .employed,
         "indépendante": .selfEmployed, "auto-entrepreneur": .selfEmployed, "micro-entrepreneur": .selfEmployed,
         "auto-entrepreneuse": .selfEmployed, "micro-entrepreneuse": .selfEmployed, "au foyer": .inactive, "retraité": .inactive,
         "retraitée": .inactive, "étudiant": .inactive, "étudiante": .inactive]
    }
}

extension StaffRole: Choice {
    public var code: String { rawValue }
    public static var vocabulary: String { "role" }
    public static var synonyms: [String: StaffRole] { ["administrateur": .admin, "administrator": .admin, "réseau": .network] }
}

extension SessionKind: Choice {
    public var code: String { rawValue }
    public static var vocabulary: String { "session_kind" }
    public static var synonyms: [String: SessionKind] { [
        "rdv": .appointment, "rendez-vous individuel": .appointment, "visite apprenante": .visit,
        "réunion": .information, "réunion information": .information, "ri": .information, "info collective": .information,
        "information collective": .information,
    ] }
}

extension ReferralDeclineReason: Choice {
    public var code: String { rawValue }
    public static var vocabulary: String { "referral_decline_reason" }
    public static var synonyms: [String: ReferralDeclineReason] {
        ["non éligible": .notEligible, "hors critères": .notEligible, "complet": .noCapacity, "pas de place": .noCapacity,
         "hors territoire": .outsideTerritory, "pas prêt": .notReady, "déjà accompagné": .followedElsewhere, "renonce": .carrierWithdrew,
         "injoignable": .unreachable]
    }
}

extension ReferralProposedAction: Choice {
    public var code: String { rawValue }
    public static var vocabulary: String { "referral_proposed_action" }
    public static var synonyms: [String: ReferralProposedAction] {
        ["réorienter": .redirect, "recontacter": .recontactLater, "rappeler plus tard": .recontactLater, "aucune": .none, "rien": .none]
    }
}

extension ReferralStatus: Choice {
    public var code: String { rawValue }
    public static var vocabulary: String { "referral_status" }
    public static var synonyms: [String: ReferralStatus] { [
        "proposé": .proposed, "accepté": .accepted, "refusé": .declined, "réalisé": .completed, "aboutie": .completed,
        "en cours d'étude": .studying, "étude": .studying, "pris en charge": .completed, "prise en charge": .completed,
    ] }
}

extension EducationLevel: Choice {
    public var code: String { rawValue }
    public static var vocabulary: String { "education" }
    public static var synonyms: [String: EducationLevel] {
        ["0-2": .isced0to2, "3-4": .isced3to4, "5-8": .isced5to8, "cite 0-2": .isced0to2, "cite 3-4": .isced3to4, "cite 5-8": .isced5to8,
         // What people say: their diploma.
         "sans diplôme": .isced0to2, "aucun diplôme": .isced0to2, "brevet": .isced0to2, "dnb": .isced0to2, "cfg": .isced0to2,
         "cap": .isced3to4, "bep": .isced3to4, "bac": .isced3to4, "baccalauréat": .isced3to4, "bac pro": .isced3to4, "daeu": .isced3to4,
         "bts": .isced5to8, "dut": .isced5to8, "but": .isced5to8, "licence": .isced5to8, "master": .isced5to8, "doctorat": .isced5to8,
         "bac+2": .isced5to8, "bac+3": .isced5to8, "bac+5": .isced5to8, "diplôme d'ingénieur": .isced5to8]
    }
}

extension AttendanceStatus: Choice {
    public var code: String { rawValue }
    public static var vocabulary: String { "attendance" }
    public static var synonyms: [String: AttendanceStatus] { ["p": .present, "oui": .present, "e": .excused, "a": .absent, "non": .absent] }
}

extension FunderKind: Choice {
    public var code: String { rawValue }
    public static var vocabulary: String { "funder_kind" }
    public static var synonyms: [String: FunderKind] {
        ["fse+": .esfPlus, "esf+": .esfPlus, "fse": .esfPlus, "leader": .leaderFeader, "feader": .leaderFeader, "anct": .state, "epci": .intercommunality]
    }
}

extension ReportKind: Choice {
    public var code: String { rawValue }
    public static var vocabulary: String { "report" }
}

extension ReportDimension: Choice {
    public var code: String { rawValue }
    public static var vocabulary: String { "dimension" }
}

extension TerritoryLevel: Choice {
    public var code: String { rawValue }
    public static var vocabulary: String { "level" }
}

/// The kinds of a dashboard's pages, as `dashboard build --pages` names them.
extension DashboardPage.Kind: Choice {
    public var code: String { rawValue }
    public static var vocabulary: String { "page" }
    public static var synonyms: [String: DashboardPage.Kind] {
        ["opérateurs": .operator, "operators": .operator, "territoires": .territory, "territories": .territory,
         "programmes": .programme, "cohortes": .cohort, "cohorts": .cohort]
    }
}

/// What `journey list --phase` filters on: a phase, an outcome, paused — or every journey still
/// running (`running`, « en cours ») or ended (`exited`, « sortis »).
public struct StateFilter: Choice {
    public let code: String
    public static var vocabulary: String { "state" }
    public static var allCases: [StateFilter] { (JourneyState.allNames + ["running", "exited"]).map { StateFilter(code: $0) } }
    public static var synonyms: [String: StateFilter] {
        var all: [String: StateFilter] = [
            "en pause": StateFilter(code: "paused"), "sortie": StateFilter(code: "exited"), "sorti": StateFilter(code: "exited"),
            "terminé": StateFilter(code: "exited"), "terminés": StateFilter(code: "exited"), "en parcours": StateFilter(code: "running"),
        ]
        for phase in Phase.allCases { for language in Language.allCases { all[phase.word(language)] = StateFilter(code: phase.code) } }
        for (word, phase) in Phase.synonyms { all[word] = StateFilter(code: phase.code) }
        for outcome in Outcome.allCases { for language in Language.allCases { all[outcome.word(language)] = StateFilter(code: outcome.code) } }
        for (word, outcome) in Outcome.synonyms { all[word] = StateFilter(code: outcome.code) }
        return all
    }
}

extension EventKind: Choice {
    public var code: String { rawValue }
    public static var vocabulary: String { "event" }
    // "reprise" is the catalogue's word for a rework; a resume is "reprise après pause".
    public static var synonyms: [String: EventKind] {
        ["ouvrir": .open, "entrée": .open, "entree": .open, "avancer": .advance, "avance": .advance, "passage": .advance,
         "retour": .rework, "retravailler": .rework, "mise en pause": .pause, "suspension": .pause, "reprendre": .resume, "sortir": .exit]
    }
}

extension HistoryWords {
    /// Every catalogue's words and the field's synonyms, as on the command line and over HTTP.
    public static let catalogues = HistoryWords(
        kind: { EventKind(spelling: $0) }, phase: { Phase(spelling: $0) }, outcome: { Outcome(spelling: $0) },
        jury: { JuryDecision(spelling: $0) }, legalForm: { LegalForm(spelling: $0) }, answer: { ReferralStatus(spelling: $0) })
}

extension ImportWords {
    /// Every catalogue's words and the field's synonyms, as on the command line and over HTTP.
    public static let catalogues = ImportWords(
        gender: { Gender(spelling: $0) }, labourStatus: { LabourStatus(spelling: $0) }, educationLevel: { EducationLevel(spelling: $0) })
}
