/// The demo network: real operators, territories and programmes from the field (FIELD.md), with
/// carriers whose journeys are planned deterministically so that running the demo twice gives
/// the same network.
public enum Demo {
    public struct OperatorSeed: Sendable {
        public var name: String
        /// Territory codes it covers.
        public var territories: [String]
        /// Communes its carriers live in.
        public var communes: [String]
        public var coordinator: (email: String, name: String)
        public var counsellor: (email: String, name: String)
        public var programme: String
        public var phases: [Phase]
        /// Cohort names with their start, in days before today.
        public var cohorts: [(name: String, daysAgo: Int)]
    }

    /// One carrier to create and the changes that bring their journey to where it stands today.
    public struct CarrierPlan: Sendable {
        public var ref: String
        public var firstName: String
        public var lastName: String
        public var gender: Gender
        public var birthDate: LocalDate
        public var communeCode: String
        public var cohort: String?
        public var openedOn: LocalDate
        public var steps: [Step]

        public struct Step: Sendable {
            public var change: JourneyChange
            public var on: LocalDate
            public var reason: String?
        }
    }

    /// Who sends people, in the proportions networks report (employment and training actors
    /// about half, word of mouth a fifth, FIELD.md), one draw in a hundred.
    public static func prescriber(_ draw: Int) -> Prescriber {
        switch draw {
        case ..<35: .franceTravail
        case ..<45: .missionLocale
        case ..<49: .capEmploi
        case ..<54: .caf
        case ..<59: .siae
        case ..<65: .elu
        case ..<80: .reseau
        case ..<97: .boucheAOreille
        default: .other
        }
    }

    /// Rural classifications of the demo's communes, dated as the real ones are (ZRR until June
    /// 2024, FRR from July 2024, FRR+ from 2025) but illustrative: an operator imports the official
    /// lists (`zoning import`).
    public static let zoning: [(kind: ZoningKind, from: LocalDate, to: LocalDate?, codes: [String])] = [
        (.zrr, LocalDate(year: 2017, month: 7, day: 1)!, LocalDate(year: 2024, month: 6, day: 30)!,
         ["53147", "53062", "53097", "53084", "85182", "85151", "07308", "07236", "62447", "59036", "59249"]),
        (.frr, LocalDate(year: 2024, month: 7, day: 1)!, nil, ["53147", "53097", "53084", "85182", "85151", "07308", "07236", "62447", "59036"]),
        (.frrPlus, LocalDate(year: 2025, month: 1, day: 1)!, nil, ["59249", "07236"]),
    ]

    /// Priority neighbourhoods (QPV 2024) of the demo's towns, illustrative; a quarter of the
    /// people living in these communes live in one.
    public static let priorityNeighbourhoods: [(code: String, name: String, commune: String)] = [
        ("QN05301M", "Les Pavements – Saint-Nicolas", "53130"), ("QN06201M", "Arras Ouest", "62041"),
    ]

    /// The operators' own groupings over the loaded tree of France (their communes' EPCI and
    /// département are the official ones): a line per Pays, then a line per commune it groups.
    public static let territories: [TerritoryRow] = [
        ("PAYS-HAUTE-MAYENNE", "Pays de Haute-Mayenne", TerritoryKind.pays, "53"),
        ("53147", "Mayenne", .commune, "PAYS-HAUTE-MAYENNE"),
        ("PAYS-POUZAUGES", "Pays de Pouzauges", .pays, "85"),
        ("PAYS-HERBIERS", "Pays des Herbiers", .pays, "85"),
        ("PAYS-MORTAGNE", "Pays de Mortagne", .pays, "85"),
        ("85182", "Pouzauges", .commune, "PAYS-POUZAUGES"),
        ("85109", "Les Herbiers", .commune, "PAYS-HERBIERS"),
        ("85151", "Mortagne-sur-Sèvre", .commune, "PAYS-MORTAGNE"),
    ].enumerated().map { index, t in
        TerritoryRow(line: index + 2, code: t.0, name: t.1, kind: t.2, parentCode: t.3, rural: false)
    }

    public static let operators: [OperatorSeed] = [
        OperatorSeed(
            name: "APESS 53", territories: ["53"], communes: ["53130", "53147", "53062", "53097", "53084"],
            coordinator: ("coordination@apess53.demo", "Claire Lemoine"), counsellor: ("accompagnement@apess53.demo", "Hugo Bréhin"),
            programme: "May'IdESS", phases: [.idea, .modules, .pitch, .orientation],
            cohorts: [("May'IdESS 2025-2026", 360), ("May'IdESS 2026-2027", 20)]),
        OperatorSeed(
            name: "Ronalpia", territories: ["07010", "07324", "07308", "07236"], communes: ["07010", "07324", "07308", "07236"],
            coordinator: ("ardeche@ronalpia.demo", "Marc Vernet"), counsellor: ("incubation@ronalpia.demo", "Léa Chapuis"),
            programme: "Outille ton projet", phases: [.idea, .workshops, .orientation],
            cohorts: [("Nord Ardèche printemps", 240), ("Nord Ardèche automne", 60)]),
        OperatorSeed(
            name: "De l'envie au projet (Nord-Pas-de-Calais)", territories: ["62", "59"],
            communes: ["62041", "62447", "62765", "59036", "59249"],
            coordinator: ("collectif@envie-projet.demo", "Samira Benali"), counsellor: ("couveuse@chrysalide.demo", "Julien Caron"),
            programme: "De l'envie au projet", phases: [.idea, .workshops, .incubation, .orientation],
            cohorts: [("Atelier 4 jours — janvier", 320), ("Atelier 4 jours — septembre", 80)]),
        OperatorSeed(
            name: "Pôle ESS Vendée", territories: ["PAYS-POUZAUGES", "PAYS-HERBIERS", "PAYS-MORTAGNE"],
            communes: ["85182", "85109", "85151"],
            coordinator: ("contact@poless-vendee.demo", "Anne Rousseau"), counsellor: ("emergence@poless-vendee.demo", "Thomas Guérin"),
            programme: "Premiers Pas", phases: [.idea, .workshops, .modules, .pitch, .orientation],
            cohorts: [("Premiers Pas 2025", 400), ("Premiers Pas 2026", 150)]),
    ]

    /// A funding agreement of the demo: dates relative to today's year, so the reports of last
    /// year and this year have something to count.
    public struct FundingSeed: Sendable {
        public var funder: String
        public var funderKind: FunderKind
        public var operatorName: String
        public var code: String
        public var title: String
        /// From 1 January of this many years ago to 31 December of this year.
        public var yearsBack: Int
        public var budget: Double
        public var sharePercent: Double
        public var programmes: [String]
        public var territories: [String]
    }

    /// Operators whose records are patchy (contacts missing, profiles skipped or late): their
    /// agreement shows what the 35 % rule of the contrôle de service fait warns about.
    public static let patchyRecords: Set<String> = ["Pôle ESS Vendée"]

    public static let fundings: [FundingSeed] = [
        FundingSeed(
            funder: "FSE+ Pays de la Loire", funderKind: .esfPlus, operatorName: "APESS 53", code: "202003945",
            title: "May'IdESS — pré-incubation ESS en Mayenne", yearsBack: 2, budget: 159_810, sharePercent: 50,
            programmes: ["May'IdESS"], territories: []),
        FundingSeed(
            funder: "FSE+ Pays de la Loire", funderKind: .esfPlus, operatorName: "Pôle ESS Vendée", code: "202105512",
            title: "Premiers Pas — émergence de projets ESS dans le Haut-Bocage", yearsBack: 2, budget: 98_400, sharePercent: 50,
            programmes: ["Premiers Pas"], territories: []),
        FundingSeed(
            funder: "Région Auvergne-Rhône-Alpes", funderKind: .region, operatorName: "Ronalpia", code: "AURA-ESS-2025-014",
            title: "Outille ton projet en Ardèche", yearsBack: 1, budget: 60_000, sharePercent: 40,
            programmes: [], territories: ["07"]),
        FundingSeed(
            funder: "ANCT — Fabriques de territoire", funderKind: .state, operatorName: "De l'envie au projet (Nord-Pas-de-Calais)",
            code: "ANCT-FT-62-031", title: "De l'envie au projet dans le Pas-de-Calais rural", yearsBack: 2, budget: 75_000,
            sharePercent: 60, programmes: ["De l'envie au projet"], territories: ["62"]),
    ]

    /// The partner directory: name, kind, the demo operator it is (if any), territory codes.
    /// The partners the demo's carriers are referred to, each with an address for its links
    /// (`.example`: nothing leaves for real, even with mail configured).
    public static let partners: [(name: String, kind: PartnerKind, operatorName: String?, territories: [String], email: String)] = [
        ("Coopérer pour Entreprendre", .cae, nil, ["53", "85"], "accueil@cooperer-entreprendre.example"),
        ("Couveuse CHRYSALIDE", .couveuse, nil, ["62", "59"], "contact@couveuse-chrysalide.example"),
        ("France Active Pays de la Loire", .financing, nil, ["R52"], "orientations@franceactive-pdl.example"),
        ("Ronalpia — incubateur", .incubator, "Ronalpia", ["07"], "candidatures@ronalpia.example"),
        ("Pépinière d'entreprises du Haut-Anjou", .nursery, nil, ["53"], "pepiniere@haut-anjou.example"),
        ("DLA de Mayenne", .support, nil, ["53"], "dla53@mayenne.example"),
        ("BGE Ardèche Drôme", .support, nil, ["07"], "ardeche@bge.example"),
        ("PTCE Sud Vendée", .cluster, nil, ["85"], "contact@ptce-sudvendee.example"),
    ]

    /// Sessions of each programme's cohorts: kind, title, minutes.
    public static func sessionPlan(for phases: [Phase]) -> [(SessionKind, String, Int)] {
        var plan: [(SessionKind, String, Int)] = []
        if phases.contains(.workshops) {
            plan += [("Charte sociale", 180), ("Gouvernance", 180), ("Modèle économique", 180), ("Mesure d'impact", 180)].map { (.workshop, $0.0, $0.1) }
        }
        if phases.contains(.modules) {
            plan += [("Entreprendre dans l'ESS", 210), ("Comptabilité", 210), ("Modalités de financement", 210),
                     ("Formes juridiques", 210), ("Travailler son pitch", 210)].map { (.module, $0.0, $0.1) }
        }
        if phases.contains(.pitch) { plan.append((.pitch, "Journée de pitch", 300)) }
        return plan
    }

    /// Reads the whole network, read-only, across operators.
    public static let networkStaff = (email: "evaluation@reseau-ess.demo", name: "Évaluation régionale")
    public static let carriersPerOperator = 45

    /// The carriers of operator number `index`: the first ones cover every state of its programme
    /// (each phase, paused, each outcome), the others are drawn at random. Journeys still running
    /// opened within the last 18 months; finished ones within 30 months and lasted 3 to 15 months,
    /// so last year's reports have exits to count.
    public static func carriers(of seed: OperatorSeed, index: Int, today: LocalDate) -> [CarrierPlan] {
        var random = SplitMix64(seed: UInt64(index + 1) &* 0x9E37_79B9)
        let targets: [JourneyState] =
            seed.phases.map { .active($0) } + [.paused(resumeTo: seed.phases[min(1, seed.phases.count - 1)])]
            + Outcome.allCases.map { .exited($0) }
        return (0..<carriersPerOperator).map { number in
            let target = number < targets.count ? targets[number] : randomTarget(seed.phases, &random)
            let woman = random.next(below: 100) < 58  // most carriers in rural ESS pre-incubation are women
            let firstNames = woman ? womenNames : menNames
            let birthYear = today.year - 19 - random.next(below: 45)
            let openedOn = today.adding(days: -(14 + random.next(below: target.isTerminal ? 900 : 530)))
            let cohort = seed.cohorts.last { today.adding(days: -$0.daysAgo) <= openedOn }?.name
            return CarrierPlan(
                ref: "demo-\(index + 1)-\(number + 1)",
                firstName: firstNames[random.next(below: firstNames.count)],
                lastName: lastNames[random.next(below: lastNames.count)],
                gender: woman ? .woman : (random.next(below: 40) == 0 ? .nonBinary : .man),
                birthDate: LocalDate(year: birthYear, month: 1 + random.next(below: 12), day: 1 + random.next(below: 28))!,
                communeCode: seed.communes[random.next(below: seed.communes.count)],
                cohort: cohort,
                openedOn: openedOn,
                steps: steps(to: target, phases: seed.phases, from: openedOn, today: today, random: &random))
        }
    }

    private static func randomTarget(_ phases: [Phase], _ random: inout SplitMix64) -> JourneyState {
        switch random.next(below: 10) {
        case 0..<4: .active(phases[random.next(below: phases.count)])
        case 4: .paused(resumeTo: phases[random.next(below: phases.count)])
        default: .exited(Outcome.allCases[random.next(below: Outcome.allCases.count)])
        }
    }

    /// Legal changes from the first phase to `target`, dated in order between `start` and today.
    private static func steps(
        to target: JourneyState, phases: [Phase], from start: LocalDate, today: LocalDate, random: inout SplitMix64
    ) -> [CarrierPlan.Step] {
        var changes: [(JourneyChange, String?)] = []
        func walk(to phase: Phase) {
            for next in phases.dropFirst() where next <= phase { changes.append((.advance(to: next), nil)) }
        }
        switch target {
        case .active(let phase):
            walk(to: phase)
        case .paused(let phase):
            walk(to: phase)
            changes.append((.pause, pauseReasons[random.next(below: pauseReasons.count)]))
        case .exited(let outcome):
            // Activities are created and carriers handed on at the end of the pathway; other exits happen anywhere.
            let last = phases.count - 1
            let reached = outcome == .activityCreated || outcome == .handedOn ? last : random.next(below: phases.count)
            walk(to: phases[reached])
            changes.append((.exit(outcome), exitReasons[outcome]![random.next(below: exitReasons[outcome]!.count)]))
        }
        // Now and then the jury sends a carrier back to the modules before the pitch again.
        if phases.contains(.pitch), phases.contains(.modules), random.next(below: 5) == 0,
            let pitch = changes.firstIndex(where: { $0.0 == .advance(to: .pitch) })
        {
            changes.insert(contentsOf: [
                (.rework(to: .modules), "Le jury demande de retravailler le modèle économique"), (.advance(to: .pitch), nil),
            ], at: pitch + 1)
        }
        let untilToday = max(0, start.days(until: today) - 1)
        let span = target.isTerminal ? min(untilToday, 90 + random.next(below: 360)) : untilToday
        let offsets = changes.map { _ in random.next(below: span + 1) }.sorted()
        return zip(changes, offsets).map { CarrierPlan.Step(change: $0.0.0, on: start.adding(days: $0.1), reason: $0.0.1) }
    }

    static let womenNames = [
        "Camille", "Léa", "Manon", "Chloé", "Sarah", "Inès", "Julie", "Anaïs", "Claire", "Élodie", "Aurélie", "Nadia",
        "Fatima", "Sophie", "Mathilde", "Lucie", "Amandine", "Pauline", "Hélène", "Marion", "Nathalie", "Yasmine",
    ]
    static let menNames = [
        "Thomas", "Nicolas", "Julien", "Maxime", "Antoine", "Karim", "Romain", "Pierre", "Hugo", "Mehdi", "Louis",
        "Baptiste", "Vincent", "Olivier", "Sébastien", "Yann", "Mathieu", "Florian",
    ]
    static let lastNames = [
        "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon",
        "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard",
        "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier", "Faure",
        "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu", "Clément",
        "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin", "Masson", "Benali", "Nguyen", "Traoré",
    ]
    static let pauseReasons = [
        "Congé maternité", "Saison agricole : reprise en novembre", "Problème de santé", "Emploi saisonnier en cours",
    ]
    static let exitReasons: [Outcome: [String]] = [
        .activityCreated: [
            "Création d'une SCIC de maraîchage bio", "Ouverture d'un café associatif", "Entrée en CAE",
            "Micro-entreprise de réparation de vélos", "Création d'une association d'éducation populaire",
        ],
        .employed: ["CDI d'animatrice dans un tiers-lieu", "Embauche dans une structure de l'ESS", "CDD de chargé de mission"],
        .training: ["Formation BPREA", "Formation de gestionnaire de structure de l'ESS", "Reprise d'études"],
        .handedOn: ["Orientée vers la couveuse d'activités", "Suivie par la CAE du territoire", "Accompagnée par l'incubateur régional"],
        .withdrawn: ["Projet abandonné (raisons familiales)", "Déménagement hors du territoire", "Plus de nouvelles depuis trois mois"],
    ]
}

/// A small, fast, seedable generator: the same seed always gives the same demo.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<bound`.
    public mutating func next(below bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }
}
