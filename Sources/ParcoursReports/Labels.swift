import ParcoursCore

/// The language of a rendered document. French by default: documents go to French funders.
public enum Language: String, CaseIterable, Sendable {
    case fr, en
}

/// Words shown to people, in French and English: section titles, column headers, codes.
/// Codes stay in the JSON; labels are for tables, spreadsheets and pages.
public enum Labels {
    public static func section(_ name: String, _ language: Language) -> String {
        pick(sections[name], language) ?? name
    }

    public static func column(_ key: String, _ language: Language) -> String {
        pick(columns[key], language) ?? key
    }

    public static func code(_ code: String, of vocabulary: Vocabulary, _ language: Language) -> String {
        if code == "unknown" { return language == .fr ? "inconnu" : "unknown" }
        if code == "all" { return language == .fr ? "toutes" : "all" }
        return pick(codes[vocabulary]?[code], language) ?? code
    }

    /// A text cell as people read it: a code (or a list of codes) by its label, other text as is.
    public static func text(_ text: String, as kind: ReportColumn.Kind, _ language: Language) -> String {
        switch kind {
        case .code(let vocabulary): code(text, of: vocabulary, language)
        case .codes(let vocabulary):
            text.split(separator: ",").map { code(String($0), of: vocabulary, language) }.joined(separator: ", ")
        default: text
        }
    }

    /// A period as people say it: `2026`, `T3 2026` (`Q3 2026` in English), `09/2026`, or its dates.
    public static func period(_ period: ReportPeriod, _ language: Language) -> String {
        let parts = period.name.split(separator: "-")
        if parts.count == 1 { return period.name }
        if parts.count == 2, parts[1].hasPrefix("Q") { return (language == .fr ? "T" : "Q") + parts[1].dropFirst() + " " + parts[0] }
        if parts.count == 2, parts[1].count == 2 { return language == .fr ? "\(parts[1])/\(parts[0])" : period.name }
        let formatter = CellFormatter(language: language)
        return "\(formatter.date(period.from)) – \(formatter.date(period.to))"
    }

    /// The period and its dates (`T3 2026 (01/07/2026 – 30/09/2026)`); a range once.
    public static func periodWithDates(_ period: ReportPeriod, _ language: Language) -> String {
        let formatter = CellFormatter(language: language)
        let dates = "\(formatter.date(period.from)) – \(formatter.date(period.to))"
        let name = self.period(period, language)
        return name == dates ? dates : "\(name) (\(dates))"
    }

    public static func report(_ kind: ReportKind, _ language: Language) -> String {
        pick(reports[kind], language) ?? kind.rawValue
    }

    /// What the people left out are, worded for `count` of them (« 1 porteur », « 2 porteurs »).
    public static func exclusion(_ reason: Exclusion.Reason, _ language: Language, count: Int? = nil) -> String {
        pick(count == 1 ? exclusion[reason] : exclusions[reason], language) ?? reason.rawValue
    }

    public static func flag(_ value: Bool, _ language: Language) -> String {
        switch language {
        case .fr: value ? "oui" : "non"
        case .en: value ? "yes" : "no"
        }
    }

    public static func total(_ language: Language) -> String { language == .fr ? "Total" : "Total" }
    public static func unknown(_ language: Language) -> String { language == .fr ? "(inconnu)" : "(unknown)" }

    /// A breakdown cell without a value: by the operators' own zones, the people in none of them
    /// (« Hors Pays »), as the dashboards name them; otherwise unknown.
    public static func absent(_ column: String, level: TerritoryLevel?, _ language: Language) -> String {
        switch (column, level) {
        case ("territory", .pays): language == .fr ? "Hors Pays" : "Outside any Pays"
        case ("territory", .park): language == .fr ? "Hors Parc" : "Outside any park"
        default: unknown(language)
        }
    }

    private static func pick(_ pair: (String, String)?, _ language: Language) -> String? {
        guard let pair else { return nil }
        return language == .fr ? pair.0 : pair.1
    }

    // (French, English)
    private static let reports: [ReportKind: (String, String)] = [
        .activity: ("Activité", "Activity"),
        .funnel: ("Entonnoir des phases", "Phase funnel"),
        .outcomes: ("Sorties et résultats", "Exits and outcomes"),
        .durations: ("Durées des parcours", "Journey durations"),
        .referrals: ("Orientations vers les partenaires", "Referrals to partners"),
        .profile: ("Profil des porteurs à l'entrée", "Carriers' profile at entry"),
        .intake: ("Accueil : premiers contacts et admissions", "Intake: first contacts and admissions"),
        .quality: ("Qualité des données FSE+", "ESF+ data quality"),
    ]

    private static let sections: [String: (String, String)] = [
        "activity": ("Activité", "Activity"),
        "funnel": ("Entonnoir des phases", "Phase funnel"),
        "exits": ("Sorties par issue", "Exits by outcome"),
        "activities": ("Activités créées par forme juridique", "Activities created by legal form"),
        "follow_up_6_months": ("Situation au suivi à 6 mois", "Situation at the 6-month follow-up"),
        "durations": ("Durées en jours", "Durations in days"),
        "referrals": ("Orientations par type de partenaire", "Referrals by partner kind"),
        "referral_partners": ("Orientations par partenaire", "Referrals by partner"),
        "referral_partners_compared": ("Délais de réponse et prises en charge par partenaire, comparés", "Answer delays and take-up by partner, compared"),
        "referral_declines": ("Refus des partenaires par motif", "Partners' refusals by reason"),
        "intake": ("Premiers contacts et suites", "First contacts and what followed"),
        "declines": ("Non-admissions par motif", "Declines by reason"),
        "redirections": ("Réorientations par partenaire", "Redirections by partner"),
        "prescribers": ("Prescripteurs", "Prescribers"),
        "gender": ("Genre", "Gender"),
        "age": ("Âge à l'entrée", "Age at entry"),
        "labour": ("Situation à l'entrée sur le marché du travail", "Labour-market status at entry"),
        "education": ("Niveau d'études (CITE)", "Education level (ISCED)"),
        "disadvantage": ("Situations de désavantage (avec consentement)", "Disadvantages (with consent)"),
        "participants": ("Participants FSE+", "ESF+ participants"),
        "quality": ("Complétude des données (règle des 35 %)", "Data completeness (the 35 % rule)"),
        "gaps": ("Données à compléter, participant par participant", "Data to complete, participant by participant"),
        "indicators": ("Indicateurs par genre", "Indicators by gender"),
    ]

    private static let columns: [String: (String, String)] = [
        // breakdowns
        "operator": ("Opérateur", "Operator"),
        "territory": ("Territoire", "Territory"),
        "gender": ("Genre", "Gender"),
        "age_band": ("Tranche d'âge", "Age band"),
        "labour_status": ("Situation professionnelle", "Labour status"),
        "education_level": ("Niveau d'études", "Education level"),
        // activity
        "carriers_welcomed": ("Porteurs accueillis", "Carriers welcomed"),
        "carriers_active": ("Porteurs accompagnés", "Carriers accompanied"),
        "journeys_active": ("Parcours actifs", "Active journeys"),
        "sessions_held": ("Séances tenues", "Sessions held"),
        "hours_of_accompaniment": ("Heures d'accompagnement", "Hours of accompaniment"),
        "attendance_records": ("Présences attendues", "Expected attendances"),
        "attendance_rate_pct": ("Taux de présence (%)", "Attendance rate (%)"),
        // funnel
        "programme": ("Programme", "Programme"),
        "phase": ("Phase", "Phase"),
        "carriers": ("Porteurs", "Carriers"),
        "share_of_entries_pct": ("Part des entrées (%)", "Share of entries (%)"),
        "conversion_pct": ("Passage depuis la phase précédente (%)", "Conversion from previous phase (%)"),
        // outcomes
        "exits": ("Sorties", "Exits"),
        "activity_created": ("Activité créée", "Activity created"),
        "employed": ("Emploi", "Employed"),
        "training": ("Formation", "Training"),
        "handed_on": ("Relais partenaire", "Handed on"),
        "withdrawn": ("Abandon", "Withdrawn"),
        "positive_exits": ("Sorties positives", "Positive exits"),
        "positive_exit_rate_pct": ("Taux de sorties positives (%)", "Positive-exit rate (%)"),
        "jobs_fte": ("Emplois créés (ETP)", "Jobs created (FTE)"),
        "legal_form": ("Forme juridique", "Legal form"),
        "activities": ("Activités", "Activities"),
        "situation": ("Situation", "Situation"),
        "share_pct": ("Part (%)", "Share (%)"),
        // durations
        "stage": ("Étape", "Stage"),
        "median_days": ("Médiane (jours)", "Median (days)"),
        "p75_days": ("3e quartile (jours)", "75th percentile (days)"),
        // referrals
        "partner_kind": ("Type de partenaire", "Partner kind"),
        "referrals": ("Orientations", "Referrals"),
        "proposed": ("En attente", "Awaiting answer"),
        "studying": ("À l'étude", "Under study"),
        "answered_within_3_days_pct": ("Réponse sous 3 jours (%)", "Answered within 3 days (%)"),
        "answered_within_5_days_pct": ("Réponse sous 5 jours (%)", "Answered within 5 days (%)"),
        "accepted": ("Acceptées", "Accepted"),
        "declined": ("Refusées", "Declined"),
        "completed": ("Abouties", "Completed"),
        "take_up_pct": ("Taux de prise en charge (%)", "Take-up rate (%)"),
        "answered_within_3_days_pct_previous": ("Sous 3 jours, période précédente (%)", "Within 3 days, period before (%)"),
        "answered_within_3_days_pct_year_before": ("Sous 3 jours, un an avant (%)", "Within 3 days, a year before (%)"),
        "answered_within_5_days_pct_previous": ("Sous 5 jours, période précédente (%)", "Within 5 days, period before (%)"),
        "answered_within_5_days_pct_year_before": ("Sous 5 jours, un an avant (%)", "Within 5 days, a year before (%)"),
        "take_up_pct_previous": ("Prise en charge, période précédente (%)", "Take-up, period before (%)"),
        "take_up_pct_year_before": ("Prise en charge, un an avant (%)", "Take-up, a year before (%)"),
        "first_contacts": ("Premiers contacts", "First contacts"),
        "info_sessions": ("Réunions d'information", "Information sessions"),
        "diagnostics": ("Diagnostics", "Diagnostics"),
        "admitted": ("Admis", "Admitted"),
        "not_admitted": ("Non admis", "Not admitted"),
        "pending": ("En attente", "Pending"),
        "admission_rate_pct": ("Taux d'admission (%)", "Admission rate (%)"),
        "median_days_to_admission": ("Délai médian d'admission (jours)", "Median days to admission"),
        "decline_reason": ("Motif", "Reason"),
        "redirected": ("Réorientés", "Redirected"),
        "partner": ("Partenaire", "Partner"),
        "prescriber": ("Prescripteur", "Prescriber"),
        "median_days_to_answer": ("Délai médian de réponse (jours)", "Median days to answer"),
        // profile
        "category": ("Catégorie", "Category"),
        "women": ("Femmes", "Women"),
        "men": ("Hommes", "Men"),
        "non_binary": ("Non binaires", "Non-binary"),
        "gender_unknown": ("Genre inconnu", "Gender unknown"),
        "total": ("Total", "Total"),
        "indicator": ("Indicateur", "Indicator"),
        // dashboards' tables
        "women_pct": ("Femmes (%)", "Women (%)"),
        "job_seekers_pct": ("Demandeurs d'emploi à l'entrée (%)", "Job seekers at entry (%)"),
        "period": ("Période", "Period"),
        "cohort": ("Promotion", "Cohort"),
        "starts_on": ("Début", "Starts on"),
        "still_accompanied": ("Encore accompagnés", "Still accompanied"),
        "month": ("Mois", "Month"),
        "outcome": ("Issue", "Outcome"),
        "code": ("Code FSE+", "ESF+ code"),
        // quality
        "participants": ("Participants", "Participants"),
        "incomplete": ("Participants aux données incomplètes", "Participants with incomplete data"),
        "incomplete_share_pct": ("Part incomplète (%)", "Incomplete share (%)"),
        "correction_threshold_pct": ("Seuil de correction (%)", "Correction threshold (%)"),
        "quality_level": ("État", "State"),
        "contact_missing": ("Sans contact pour l'enquête à 6 mois", "No contact for the 6-month survey"),
        "within_delay": ("Dans les délais (à compléter)", "Within the delay (to complete)"),
        "self_filled": ("Remplis et signés par la personne", "Filled in and signed by the person"),
        "self_filled_complete": ("… et complets", "… and complete"),
        "self_filled_exit": ("Situation de sortie signée par la personne", "Situation at exit signed by the person"),
        "self_signed_on": ("Signé par la personne le", "Signed by the person on"),
        "late": ("Saisies hors délai", "Recorded late"),
        "complete": ("Complet", "Complete"),
        "missing": ("Manquant", "Missing"),
        "to_complete": ("À compléter", "To complete"),
        "due_by": ("Avant le", "Due by"),
        // participants
        "participant_id": ("Identifiant participant", "Participant id"),
        "last_name": ("Nom", "Last name"),
        "first_name": ("Prénom", "First name"),
        "birth_date": ("Date de naissance", "Birth date"),
        "email": ("Courriel", "E-mail"),
        "phone": ("Téléphone", "Phone"),
        "operation_code": ("Code opération", "Operation code"),
        "entry_date": ("Date d'entrée", "Entry date"),
        "age_at_entry": ("Âge à l'entrée", "Age at entry"),
        "disability": ("Handicap", "Disability"),
        "third_country_national": ("Ressortissant de pays tiers", "Third-country national"),
        "foreign_background": ("Origine étrangère", "Foreign background"),
        "minority": ("Minorité", "Minority"),
        "homeless": ("Sans domicile", "Homeless"),
        "questions_declined": ("Refus de répondre", "Declined to answer"),
        "contact_on_record": ("Joignable (courriel ou téléphone)", "Reachable (e-mail or phone)"),
        "exit_situation_date": ("Date de la situation à la sortie", "Date of the situation upon leaving"),
        "qualification_gained": ("Qualification obtenue à la sortie", "Qualification gained upon leaving"),
        "commune_code": ("Code commune (INSEE)", "Commune code (INSEE)"),
        "rural": ("Zone rurale (à l'entrée)", "Rural area (at entry)"),
        "rural_zoning": ("Classement rural (à l'entrée)", "Rural classification (at entry)"),
        "qpv": ("QPV (à l'entrée)", "QPV (at entry)"),
        "days_accompanied": ("Jours d'accompagnement", "Days accompanied"),
        "hours_accompanied": ("Heures d'accompagnement", "Hours accompanied"),
        "exit_date": ("Date de sortie", "Exit date"),
        "exit_situation": ("Situation à la sortie", "Situation at exit"),
        "situation_6_months": ("Situation à 6 mois", "Situation at 6 months"),
    ]

    private static let codes: [Vocabulary: [String: (String, String)]] = [
        .phase: [
            "idea": ("Idée", "Idea"), "workshops": ("Ateliers collectifs", "Workshops"),
            "modules": ("Modules de formation", "Training modules"), "incubation": ("Test en couveuse (CAPE)", "Incubation (CAPE)"),
            "pitch": ("Pitch devant le jury", "Pitch"), "orientation": ("Orientation", "Orientation"),
        ],
        .stage: [
            "idea": ("Idée", "Idea"), "workshops": ("Ateliers collectifs", "Workshops"),
            "modules": ("Modules de formation", "Training modules"), "incubation": ("Test en couveuse (CAPE)", "Incubation (CAPE)"),
            "pitch": ("Pitch devant le jury", "Pitch"), "orientation": ("Orientation", "Orientation"),
            "paused": ("En pause", "Paused"), "entry_to_exit": ("De l'entrée à la sortie", "Entry to exit"),
        ],
        .outcome: [
            "activity_created": ("Activité créée", "Activity created"), "employed": ("Emploi", "Employed"),
            "training": ("Formation", "Training"), "handed_on": ("Relais partenaire", "Handed on"),
            "withdrawn": ("Abandon", "Withdrawn"),
        ],
        .gender: [
            "woman": ("Femme", "Woman"), "man": ("Homme", "Man"), "non_binary": ("Non binaire", "Non-binary"),
        ],
        .ageBand: [
            "under_18": ("Moins de 18 ans", "Under 18"), "18_29": ("18–29 ans", "18–29"), "30_54": ("30–54 ans", "30–54"),
            "55_plus": ("55 ans et plus", "55 and over"),
        ],
        .labourStatus: [
            "unemployed": ("Demandeur d'emploi", "Unemployed"),
            "long_term_unemployed": ("Demandeur d'emploi de longue durée", "Long-term unemployed"),
            "inactive": ("Inactif", "Inactive"), "employed": ("Salarié", "Employed"),
            "self_employed": ("Indépendant", "Self-employed"),
        ],
        .educationLevel: [
            "isced_0_2": ("CITE 0–2 (jusqu'au brevet)", "ISCED 0–2"), "isced_3_4": ("CITE 3–4 (bac, CAP)", "ISCED 3–4"),
            "isced_5_8": ("CITE 5–8 (supérieur)", "ISCED 5–8"),
        ],
        .legalForm: [
            "association": ("Association", "Association"), "scic": ("SCIC", "SCIC"), "scop": ("SCOP", "SCOP"),
            "cae": ("Entrepreneur salarié en CAE", "CAE member"), "micro_enterprise": ("Micro-entreprise", "Micro-enterprise"),
            "individual_enterprise": ("Entreprise individuelle (EI)", "Sole proprietorship (EI)"),
            "company": ("Société", "Company"), "other": ("Autre", "Other"),
        ],
        .situation: [
            "employed": ("En emploi", "Employed"), "self_employed": ("Indépendant / activité créée", "Self-employed / activity created"),
            "training": ("En formation", "In training"), "job_seeking": ("En recherche d'emploi", "Job seeking"),
            "inactive": ("Inactif", "Inactive"), "not_recorded": ("Non renseignée", "Not recorded"),
            "no_exit_yet": ("Pas encore sorti", "No exit yet"),
        ],
        .partnerKind: [
            "financing": ("Financement", "Financing"), "cae": ("CAE", "CAE"), "couveuse": ("Couveuse", "Couveuse"),
            "incubator": ("Incubateur", "Incubator"), "nursery": ("Pépinière", "Nursery"), "network": ("Réseau", "Network"),
            "public_service": ("Service public", "Public service"), "training": ("Formation", "Training"),
            "support": ("Accompagnement", "Support"), "cluster": ("Pôle / cluster", "Cluster"),
        ],
        .prescriber: [
            "france_travail": ("France Travail", "France Travail"), "mission_locale": ("Mission locale", "Mission locale"),
            "caf": ("CAF", "CAF"), "siae": ("SIAE", "SIAE"), "cap_emploi": ("Cap emploi", "Cap emploi"), "elu": ("Élu", "Councillor"),
            "reseau": ("Réseau", "Network"), "bouche_a_oreille": ("Bouche-à-oreille", "Word of mouth"), "other": ("Autre", "Other"),
        ],
        .declineReason: [
            "not_eligible": ("Non éligible", "Not eligible"), "redirected": ("Réorienté", "Redirected"), "withdrew": ("Désistement", "Withdrew"),
            "no_answer": ("Sans réponse", "No answer"), "other": ("Autre", "Other"),
        ],
        .referralDeclineReason: [
            "not_eligible": ("Hors critères", "Outside the criteria"), "no_capacity": ("Plus de place", "No place left"),
            "outside_territory": ("Hors territoire", "Outside the territory"), "not_ready": ("Projet pas prêt", "Project not ready"),
            "followed_elsewhere": ("Déjà accompagnée ailleurs", "Followed elsewhere"), "carrier_withdrew": ("La personne a renoncé", "The person withdrew"),
            "unreachable": ("Injoignable", "Unreachable"), "other": ("Autre", "Other"),
            // refused before a reason was asked (sql/0037)
            "unknown": ("Non renseigné", "Not given"),
        ],
        .ruralZoning: [
            "frr": ("FRR", "FRR"), "frr-plus": ("FRR+", "FRR+"), "zrr": ("ZRR", "ZRR"), "none": ("Non classée", "Not classified"),
        ],
        .profileQuestion: [
            "labour_status": ("Situation professionnelle", "Labour status"), "education_level": ("Niveau d'études", "Education level"),
            "disability": ("Handicap", "Disability"), "third_country_national": ("Nationalité (pays tiers)", "Third-country nationality"),
            "foreign_background": ("Origine étrangère", "Foreign background"), "minority": ("Minorité", "Minority"),
            "homeless": ("Logement", "Housing"),
        ],
        .qualityGap: [
            "gender_missing": ("genre non collecté", "gender not collected"),
            "birth_date_missing": ("date de naissance non collectée", "birth date not collected"),
            "commune_missing": ("commune de résidence non collectée", "commune not collected"),
            "labour_status_missing": ("situation professionnelle non collectée", "labour status not collected"),
            "labour_status_declined": ("situation professionnelle : refus de répondre", "labour status: declined to answer"),
            "education_missing": ("niveau d'études non collecté", "education level not collected"),
            "education_declined": ("niveau d'études : refus de répondre", "education level: declined to answer"),
            "contact_missing": ("ni courriel ni téléphone pour l'enquête à 6 mois", "no e-mail or phone for the 6-month survey"),
            "exit_situation_missing": ("situation à la sortie non collectée", "situation at exit not collected"),
            "entry_data_late": ("données d'entrée saisies plus de 4 semaines après l'entrée", "entry data recorded more than 4 weeks after entry"),
            "exit_situation_late": ("situation à la sortie saisie plus de 4 semaines après", "situation at exit recorded more than 4 weeks after leaving"),
        ],
        .qualityLevel: [
            "ok": ("conforme", "in order"), "warning": ("à surveiller : compléter avant le contrôle", "warning: complete before the audit"),
            "critical": ("au-delà de 35 % : correction financière", "above 35 %: financial correction"),
        ],
        .disadvantage: [
            "disability": ("Handicap", "Disability"), "third_country_national": ("Ressortissant de pays tiers", "Third-country national"),
            "foreign_background": ("Origine étrangère", "Foreign background"), "minority": ("Minorité", "Minority"),
            "homeless": ("Sans domicile", "Homeless"),
        ],
        .indicator: [
            // The ESF+ common indicators in the official wording of Regulation (EU) 2021/1057, Annex I
            // (French and English versions); the lines without a code reconcile them.
            "participants": ("Nombre total de participants", "Total number of participants"),
            "unemployed": ("Chômeurs, y compris les chômeurs de longue durée", "Unemployed, including long-term unemployed"),
            "long_term_unemployed": ("Chômeurs de longue durée", "Long-term unemployed"),
            "inactive": ("Personnes inactives", "Inactive"),
            "employed": ("Personnes exerçant un emploi, y compris les indépendants", "Employed, including self-employed"),
            "labour_status_unknown": ("Situation à l'entrée non renseignée", "Labour status not recorded"),
            "age_under_18": ("Nombre d'enfants de moins de 18 ans", "Number of children below 18 years of age"),
            "age_18_29": ("Jeunes âgés de 18 à 29 ans", "Young people between 18 and 29 years of age"),
            "age_30_54": ("Participants âgés de 30 à 54 ans", "Participants between 30 and 54 years of age"),
            "age_55_plus": ("Nombre de participants âgés de 55 ans et plus", "Number of participants of 55 years of age and above"),
            "age_unknown": ("Âge non renseigné", "Age not recorded"),
            "isced_0_2": ("Titulaires d'un diplôme du premier cycle de l'enseignement secondaire ou moins (CITE 0 à 2)",
                          "With lower secondary education or less (ISCED 0-2)"),
            "isced_3_4": ("Titulaires d'un diplôme du deuxième cycle de l'enseignement secondaire (CITE 3) ou de l'enseignement post-secondaire non supérieur (CITE 4)",
                          "With upper secondary (ISCED 3) or post-secondary education (ISCED 4)"),
            "isced_5_8": ("Titulaires d'un diplôme de l'enseignement supérieur (CITE 5 à 8)", "With tertiary education (ISCED 5 to 8)"),
            "education_unknown": ("Niveau d'études non renseigné", "Education level not recorded"),
            "disability": ("Participants handicapés", "Participants with disabilities"),
            "third_country_national": ("Ressortissants de pays tiers", "Third-country nationals"),
            "foreign_background": ("Participants d'origine étrangère", "Participants with a foreign background"),
            "minority": ("Minorités (y compris les communautés marginalisées telles que les Roms)",
                         "Minorities (including marginalised communities, such as Roma people)"),
            "homeless": ("Personnes sans domicile fixe ou confrontées à l'exclusion en matière de logement",
                         "Homeless or affected by housing exclusion"),
            "rural": ("Participants venant de zones rurales", "Participants from rural areas"),
            "qpv": ("Participants résidant en quartier prioritaire (QPV)", "Participants living in a priority neighbourhood (QPV)"),
            "exit_job_seeking": ("Participants à la recherche d'un emploi au terme de leur participation",
                                 "Participants engaged in job searching upon leaving"),
            "exit_training": ("Participants suivant un enseignement ou une formation au terme de leur participation",
                              "Participants in education or training upon leaving"),
            "exit_qualification": ("Participants obtenant une qualification au terme de leur participation",
                                   "Participants gaining a qualification upon leaving"),
            "exit_in_employment": ("Participants exerçant un emploi, y compris à titre indépendant, au terme de leur participation",
                                   "Participants in employment, including self-employment, upon leaving"),
            "exit_employed": ("dont salariés", "of whom employees"),
            "exit_self_employed": ("dont indépendants / activité créée", "of whom self-employed / activity created"),
            "exit_inactive": ("Inactifs au terme de leur participation", "Inactive upon leaving"),
            "exit_not_recorded": ("Situation à la sortie non renseignée", "Situation upon leaving not recorded"),
            "exit_no_exit_yet": ("Pas encore sortis", "Not left yet"),
            "employed_6_months": ("Participants exerçant un emploi, y compris à titre indépendant, six mois après la fin de leur participation",
                                  "Participants in employment, including self-employment, six months after leaving"),
            "training_6_months": ("En formation six mois après la fin de leur participation", "In education or training six months after leaving"),
            "job_seeking_6_months": ("En recherche d'emploi six mois après la fin de leur participation", "Job searching six months after leaving"),
            "inactive_6_months": ("Inactifs six mois après la fin de leur participation", "Inactive six months after leaving"),
            "exited": ("Participants sortis", "Participants who left"),
            "unknown_6_months": ("Situation à six mois inconnue", "Situation six months after leaving unknown"),
            "follow_up_6_months_missing": ("Situation à six mois non renseignée", "Situation six months after leaving not recorded"),
            "follow_up_6_months_not_due": ("Situation à six mois pas encore échue (sortie il y a moins de six mois)", "Six months after leaving not reached yet"),
        ],
    ]

    private static let exclusion: [Exclusion.Reason: (String, String)] = [
        .noCommune: ("porteur sans commune renseignée, hors de tout territoire", "carrier without a commune, outside every territory"),
        .noProfile: ("porteur sans profil renseigné (situation et niveau inconnus)", "carrier without a profile (status and education unknown)"),
        .noConsent: ("porteur sans consentement aux données sensibles (hors désavantages)", "carrier without consent to sensitive data (left out of disadvantages)"),
        .followUpMissing: ("sortie sans suivi à 6 mois renseigné", "exit without a recorded 6-month follow-up"),
        .oneDayOnly: ("personne accompagnée un seul jour (non participante FSE+)", "person accompanied on a single day (not an ESF+ participant)"),
    ]
    private static let exclusions: [Exclusion.Reason: (String, String)] = [
        .noCommune: ("porteurs sans commune renseignée, hors de tout territoire", "carriers without a commune, outside every territory"),
        .noProfile: ("porteurs sans profil renseigné (situation et niveau inconnus)", "carriers without a profile (status and education unknown)"),
        .noConsent: ("porteurs sans consentement aux données sensibles (hors désavantages)", "carriers without consent to sensitive data (left out of disadvantages)"),
        .followUpMissing: ("sorties sans suivi à 6 mois renseigné", "exits without a recorded 6-month follow-up"),
        .oneDayOnly: ("personnes accompagnées un seul jour (non participantes FSE+)", "people accompanied on a single day (not ESF+ participants)"),
    ]
}
