import ParcoursApp
import ParcoursCore
import Testing

@Suite("One parser per kind of value")
struct InputTests {
    let today = LocalDate(year: 2026, month: 12, day: 2)!

    @Test("dates: ISO and dd/mm/yyyy, never before 1900", arguments: [
        ("2026-01-10", "2026-01-10"), ("10/01/2026", "2026-01-10"), ("1/2/2026", "2026-02-01"), (" 29/02/2024 ", "2024-02-29"),
    ])
    func dates(text: String, iso: String) throws {
        #expect(try Input.date(text, field: "on").iso == iso)
    }

    @Test("bad dates name the field", arguments: ["32/01/2026", "2026-13-01", "29/02/2025", "10-01-2026", "", "01/01/1899"])
    func badDates(text: String) {
        #expect(throws: Refusal.self) { try Input.date(text, field: "on") }
        do { _ = try Input.date(text, field: "on") } catch { #expect(error.field == "on") }
    }

    @Test("expiries: a number of days (30, 30j, 30 jours, 30d) or the last day it works, in either spelling, through that day in Paris", arguments: [
        ("30d", "2027-01-01T12:00"), ("30j", "2027-01-01T12:00"), (" 1D ", "2026-12-03T12:00"), ("30", "2027-01-01T12:00"),
        ("30 jours", "2027-01-01T12:00"), ("30 days", "2027-01-01T12:00"),
        ("31/12/2026", "2027-01-01T00:00"), ("2026-12-31", "2027-01-01T00:00"),
    ])
    func expiries(text: String, instant: String) throws {
        let now = LocalDate.parisInstant("2026-12-02T12:00")!
        #expect(try Input.expiry(text, now: now) == LocalDate.parisInstant(instant)!)
    }

    @Test("bad expiries name the field and quote the value", arguments: ["0d", "-3d", "demain", "31/12", "d", "30 semaines", "0"])
    func badExpiries(text: String) {
        do {
            _ = try Input.expiry(text, now: LocalDate.parisInstant("2026-12-02T12:00")!, field: "--expires")
            Issue.record("\(text) accepted")
        } catch {
            #expect(error.code == .expiresInvalid && error.field == "--expires" && error.values["value"] == text)
        }
    }

    @Test("periods, relative ones in English and French", arguments: [
        ("last-year", "2025"), ("annee-derniere", "2025"), ("l'année dernière", "2025"), ("this-month", "2026-12"),
        ("trimestre-dernier", "2026-Q3"), ("2026-T3", "2026-Q3"), ("2026-q3", "2026-Q3"), ("2026", "2026"),
        ("01/01/2026..30/06/2026", "2026-01-01..2026-06-30"),
        // As the dashboards print them and people write them.
        ("T3 2026", "2026-Q3"), ("t3 2026", "2026-Q3"), ("3e trimestre 2026", "2026-Q3"), ("1er trimestre 2026", "2026-Q1"),
        ("09/2026", "2026-09"), ("septembre 2026", "2026-09"), ("Août 2026", "2026-08"),
    ])
    func periods(text: String, name: String) throws {
        #expect(try Input.period(text, today: today).name == name)
    }

    @Test("decimals with a comma or a point", arguments: [("159810,50", 159810.5), ("1.5", 1.5), ("1 234,5", 1234.5), ("0", 0)])
    func decimals(text: String, value: Double) throws {
        #expect(try Input.decimal(text, field: "budget") == value)
    }

    @Test("ambiguous or unreadable decimals are refused", arguments: ["1.234,5", "1,5,6", "abc", "", "inf", "1e5"])
    func badDecimals(text: String) {
        #expect(throws: Refusal.self) { try Input.decimal(text, field: "budget") }
    }

    @Test("closed sets accept their French words")
    func frenchWords() throws {
        #expect(try Input.choice("idée", as: Phase.self, field: "to") == .idea)
        #expect(try Input.choice("couveuse", as: Phase.self, field: "to") == .incubation)
        #expect(try Input.choice("test", as: Phase.self, field: "to") == .incubation)
        #expect(try Input.choice("activité-créée", as: Outcome.self, field: "outcome") == .activityCreated)
        #expect(try Input.choice("activity-created", as: Outcome.self, field: "outcome") == .activityCreated)
        #expect(try Input.choice("activity_created", as: Outcome.self, field: "outcome") == .activityCreated)
        #expect(try Input.choice("abandon", as: Outcome.self, field: "outcome") == .withdrawn)
        #expect(try Input.choice("atelier", as: SessionKind.self, field: "kind") == .workshop)
        #expect(try Input.choice("rdv", as: SessionKind.self, field: "kind") == .appointment)
        #expect(try Input.choice("chômeur", as: LabourStatus.self, field: "labour") == .unemployed)
        #expect(try Input.choice("demandeur d'emploi", as: LabourStatus.self, field: "labour") == .unemployed)
        #expect(try Input.choice("acceptée", as: ReferralStatus.self, field: "status") == .accepted)
        #expect(try Input.choice("F", as: Gender.self, field: "gender") == .woman)
        #expect(try Input.choice("présent", as: AttendanceStatus.self, field: "status") == .present)
    }

    @Test("an unknown word is refused with the field and the value")
    func unknownWord() {
        do {
            _ = try Input.choice("ailleurs", as: Phase.self, field: "to")
            Issue.record("accepted")
        } catch {
            #expect(error.code == .unknownChoice)
            #expect(error.values["value"] == "ailleurs")
            #expect(error.message(.fr, fields: .option).hasPrefix("--to : "))
        }
    }

    @Test("ids are positive whole numbers", arguments: ["0", "-3", "abc", "1.5", ""])
    func badIDs(text: String) {
        #expect(throws: Refusal.self) { try Input.id(text, as: JourneyID.self, field: "id") }
    }

    @Test("the words a French coordinator types", arguments: [
        ("DELD", "long_term_unemployed"), ("demandeur d'emploi de longue durée", "long_term_unemployed"), ("DE", "unemployed"),
        ("micro-entrepreneur", "self_employed"),
    ])
    func labourWords(text: String, code: String) {
        #expect(LabourStatus(spelling: text)?.code == code)
    }

    @Test("diplomas for the education level", arguments: [
        ("bac", "isced_3_4"), ("CAP", "isced_3_4"), ("Brevet", "isced_0_2"), ("sans diplôme", "isced_0_2"), ("BTS", "isced_5_8"),
        ("licence", "isced_5_8"), ("bac+2", "isced_5_8"),
    ])
    func educationWords(text: String, code: String) {
        #expect(EducationLevel(spelling: text)?.code == code)
    }

    @Test("legal forms as creations are named: EI apart from the micro-entreprise", arguments: [
        ("EI", "individual_enterprise"), ("entreprise individuelle", "individual_enterprise"), ("auto-entrepreneur", "micro_enterprise"),
        ("micro-entrepreneur", "micro_enterprise"), ("SARL", "company"), ("SCOP", "scop"),
    ])
    func legalFormWords(text: String, code: String) {
        #expect(LegalForm(spelling: text)?.code == code)
    }

    @Test("a file's headers as people write them: « N° dossier », « Numéro de dossier »")
    func headers() {
        #expect(CSVTable.fold("N° dossier") == "n_dossier" && CSVTable.fold("n°dossier") == "ndossier")
        #expect(CSVTable.fold("  Date d'entrée ") == "date_d_entree" && CSVTable.fold("Né(e) le") == "ne(e)_le")
        #expect((try? CarrierImport.columns.map(["Prénom", "Nom", "N° dossier"]))?["ref"] == 2)
        #expect((try? CarrierImport.columns.map(["Prénom", "Nom", "Numéro de dossier"]))?["ref"] == 2)
    }
}
