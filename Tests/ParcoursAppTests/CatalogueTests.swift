import ParcoursApp
import ParcoursCore
import Testing

@Suite("One message catalogue per language")
struct CatalogueTests {
    @Test("French and English have the same keys")
    func sameKeys() {
        let french = Messages.keys(of: .fr), english = Messages.keys(of: .en)
        #expect(french.subtracting(english).sorted() == [], "keys without English")
        #expect(english.subtracting(french).sorted() == [], "keys without French")
        #expect(french.count > 500)
    }

    @Test("a key's texts quote the same values in both languages")
    func samePlaceholders() {
        for key in Messages.keys(of: .fr).sorted() {
            let french = Messages.placeholders(in: Messages.template(key, .fr) ?? "")
            let english = Messages.placeholders(in: Messages.template(key, .en) ?? "")
            #expect(french == english, "\(key): \(french.sorted()) vs \(english.sorted())")
        }
    }

    @Test("every refusal is worded in every language", arguments: Language.allCases)
    func everyRefusal(language: Language) {
        for code in RefusalCode.allCases {
            #expect(Messages.template("refusal.\(code.rawValue)", language) != nil, "refusal.\(code.rawValue) lacks \(language)")
        }
    }

    @Test("every value of every closed set has its words", arguments: Language.allCases)
    func everyWord(language: Language) {
        func check<T: Choice>(_: T.Type) {
            for value in T.allCases {
                #expect(Messages.template("\(T.vocabulary).\(value.code)", language) != nil, "\(T.vocabulary).\(value.code) lacks \(language)")
            }
        }
        check(Phase.self); check(Outcome.self); check(Gender.self); check(TerritoryKind.self); check(LegalForm.self)
        check(PartnerKind.self); check(FollowUpSituation.self); check(JuryDecision.self); check(LabourStatus.self); check(StaffRole.self)
        check(SessionKind.self); check(ReferralStatus.self); check(EducationLevel.self); check(AttendanceStatus.self)
        check(FunderKind.self); check(ReportKind.self); check(ReportDimension.self); check(StateFilter.self); check(ZoningKind.self)
        check(Prescriber.self); check(DeclineReason.self)
        for kind in WorkItem.Kind.allCases {
            #expect(Messages.template("worklist.\(kind.rawValue)", language) != nil, "worklist.\(kind.rawValue) lacks \(language)")
        }
    }

    @Test("a French word and its code name the same value, and words are unambiguous")
    func wordsRoundTrip() {
        func check<T: Choice>(_: T.Type) {
            for value in T.allCases {
                for language in Language.allCases {
                    #expect(T(spelling: value.word(language)) == value, "\(T.vocabulary): '\(value.word(language))'")
                }
                #expect(T(spelling: value.code) == value)
                #expect(T(spelling: value.optionName) == value)
            }
        }
        check(Phase.self); check(Outcome.self); check(Gender.self); check(LegalForm.self); check(LabourStatus.self)
        check(SessionKind.self); check(ReferralStatus.self); check(AttendanceStatus.self); check(JuryDecision.self)
        check(Prescriber.self); check(DeclineReason.self); check(ZoningKind.self)
        check(FollowUpSituation.self); check(PartnerKind.self); check(StaffRole.self); check(EducationLevel.self)
    }

    @Test("a refusal names its field as each edge spells it")
    func fieldStyles() {
        let refusal = Refusal(.notADate, field: "activity_date", ["value": "32/01/2026"])
        #expect(refusal.message(.fr, fields: .option) == "--activity-date : « 32/01/2026 » n'est pas une date (attendu JJ/MM/AAAA ou AAAA-MM-JJ)")
        #expect(refusal.message(.en, fields: .json) == "activity_date: '32/01/2026' is not a date (expected DD/MM/YYYY or YYYY-MM-DD)")
    }

    @Test("dates in messages are French dates in French")
    func datesInMessages() {
        let refusal = Refusal(.changeInFuture, field: "on", ["journey": "4", "date": "2027-01-10", "today": "2026-12-02"])
        #expect(refusal.message(.fr, fields: .option).contains("le 10/01/2027 : c'est dans le futur (nous sommes le 02/12/2026)"))
        #expect(refusal.message(.en, fields: .json).contains("on 2027-01-10"))
    }
}
