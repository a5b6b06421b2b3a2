import Foundation
import ParcoursCore
import ParcoursStore
import ParcoursTestSupport
import Testing

/// Every figure below is worked out by hand from `ReportNetwork`'s story (see its comment).
@Suite("Reports and exports on a known network")
struct ReportTests {
    let period = ReportNetwork.firstHalf2026

    func report(
        _ kind: ReportKind, _ store: Store, scope: ReportScope = ReportScope(), by dimensions: [ReportDimension] = [],
        level: TerritoryLevel? = nil, period: ReportPeriod? = nil, as acting: Acting = .administrator
    ) async throws -> Report {
        try await store.transaction(as: acting) { tx in
            try await tx.report(
                ReportRequest(kind: kind, period: period ?? self.period, scope: scope, dimensions: dimensions, territoryLevel: level))
        }
    }

    func withNetwork(_ body: (Store, ReportNetwork) async throws -> Void) async throws {
        try await TestDatabase.withStore(clock: ReportNetwork.clock) { store in
            try await body(store, try await ReportNetwork.seed(store))
        }
    }

    @Test("activity: welcomed, active, sessions held, hours, attendance rate — a person once however many journeys")
    func activity() async throws {
        try await withNetwork { store, _ in
            let activity = try await report(.activity, store).sections[0]
            #expect(activity.rows.count == 1)
            // Alice, Bruno, Dan, Eve entered in the period; Chloé entered in 2025; Franck left in 2025.
            #expect(activity.value("carriers_welcomed") == 4)
            #expect(activity.value("carriers_active") == 5)
            // Alice's two journeys count as two journeys, one person.
            #expect(activity.value("journeys_active") == 6)
            // 02-05, 02-20, 05-05, 03-25 had someone present; 04-10 only an excused absence.
            #expect(activity.value("sessions_held") == 4)
            // 180 + 120 + 60 + 120 + 120 minutes.
            #expect(activity.value("hours_of_accompaniment") == 10.0)
            #expect(activity.value("attendance_records") == 7)
            #expect(activity.value("attendance_rate_pct") == 71.4)

            let byOperator = try await report(.activity, store, by: [.operator]).sections[0]
            #expect(byOperator.rows.count == 2)
            #expect(byOperator.value("carriers_active", where: ["operator": "APESS 53"]) == 4)
            #expect(byOperator.value("hours_of_accompaniment", where: ["operator": "APESS 53"]) == 8.0)
            #expect(byOperator.value("attendance_rate_pct", where: ["operator": "APESS 53"]) == 80.0)
            #expect(byOperator.value("attendance_rate_pct", where: ["operator": "Ronalpia"]) == 50.0)
            #expect(byOperator.totals.count == 1)
            #expect(byOperator.value("carriers_active", inTotals: true) == 5)
        }
    }

    @Test("territory scope: a département counts its EPCIs' communes, a region its départements'")
    func territoryRollup() async throws {
        try await withNetwork { store, network in
            func active(in code: String) async throws -> ReportValue? {
                try await report(.activity, store, scope: ReportScope(territoryID: network.territories[code]))
                    .sections[0].value("carriers_active")
            }
            #expect(try await active(in: "53130") == 1)  // Laval: Alice
            #expect(try await active(in: "200083392") == 1)  // Laval Agglomération: Alice
            #expect(try await active(in: "53") == 2)  // Mayenne: Alice (Laval), Bruno (Mayenne)
            #expect(try await active(in: "R52") == 3)  // Pays de la Loire: and Chloé (Vendée)
            #expect(try await active(in: "R84") == 1)  // Auvergne-Rhône-Alpes: Eve

            // Dan has no commune: no territory can count him, and the report says so.
            let mayenne = try await report(.activity, store, scope: ReportScope(territoryID: network.territories["53"]))
            #expect(mayenne.exclusions == [Exclusion(.noCommune, count: 1)])

            // By territory: départements by default, one level below a scope's territory.
            let byDepartment = try await report(.activity, store, by: [.territory]).sections[0]
            #expect(byDepartment.value("carriers_active", where: ["territory": "Mayenne (53)"]) == 2)
            #expect(byDepartment.value("carriers_active", where: ["territory": "Vendée (85)"]) == 1)
            #expect(byDepartment.value("carriers_active", where: ["territory": "Ardèche (07)"]) == 1)
            #expect(byDepartment.value("carriers_active", where: ["territory": .none]) == 1)  // Dan
            let byEPCI = try await report(.activity, store, scope: ReportScope(territoryID: network.territories["53"]), by: [.territory])
                .sections[0]
            #expect(byEPCI.value("carriers_active", where: ["territory": "CA Laval Agglomération (200083392)"]) == 1)
            #expect(byEPCI.value("carriers_active", where: ["territory": "CC Mayenne Communauté (200055887)"]) == 1)
            let byRegion = try await report(.activity, store, by: [.territory], level: .region).sections[0]
            #expect(byRegion.value("carriers_active", where: ["territory": "Pays de la Loire (R52)"]) == 3)
        }
    }

    @Test("a commune counts in its own département: Chagny (71) belongs to « CA Beaune, Côte et Sud », seated in Côte-d'Or, and counts in Saône-et-Loire under that EPCI, never in Côte-d'Or")
    func crossBorderEPCI() async throws {
        try await withNetwork { store, network in
            let chagny = try await store.transaction(as: .administrator) { tx in
                let chagny = try await tx.resolveTerritory("71073", kind: .commune)
                let person = try await tx.addCarrier(NewCarrier(operatorID: network.network.apess, firstName: "Gaëlle", lastName: "Chagny", commune: chagny))!
                _ = try await tx.openJourney(carrier: person, programme: network.network.mayIdESS, cohort: nil, on: LocalDate(iso: "2026-02-02")!)
                return chagny
            }
            func active(in code: String) async throws -> ReportValue? {
                let territory = try await store.transaction(as: .administrator) { try await $0.resolveTerritory(code) }
                return try await report(.activity, store, scope: ReportScope(territoryID: territory)).sections[0].value("carriers_active")
            }
            #expect(try await active(in: "71") == 1)
            #expect(try await active(in: "21") == 0)  // Côte-d'Or, where the EPCI has its seat
            #expect(try await active(in: "200006682") == 1)
            #expect(try await active(in: "R27") == 1)  // Bourgogne-Franche-Comté
            let saoneEtLoire = try await store.transaction(as: .administrator) { try await $0.resolveTerritory("71") }
            let byEPCI = try await report(.activity, store, scope: ReportScope(territoryID: saoneEtLoire), by: [.territory]).sections[0]
            #expect(byEPCI.value("carriers_active", where: ["territory": "CA Beaune, Côte et Sud - Communauté Beaune-Chagny-Nolay (200006682)"]) == 1)
            let byDepartment = try await report(.activity, store, by: [.territory]).sections[0]
            #expect(byDepartment.value("carriers_active", where: ["territory": "Saône-et-Loire (71)"]) == 1)
            #expect(byDepartment.value("carriers_active", where: ["territory": "Côte-d'Or (21)"]) == nil)
            // And the département lists it among its communes.
            let communes = try await store.transaction(as: .administrator) { tx in
                try await tx.territories(under: saoneEtLoire, kind: .commune).map(\.territory.id)
            }
            #expect(communes.contains(chagny))
        }
    }

    @Test("an operator's own zones are a breakdown's level and dashboard pages: one row per zone, a commune in two zones counted once under both, nobody lost")
    func operatorZones() async throws {
        try await withNetwork { store, network in
            let saoneEtLoire = try await store.transaction(as: .administrator) { tx in
                let department = try await tx.resolveTerritory("71")
                var people: [String: TerritoryID] = [:]
                for code in ["71073", "71270", "71076", "71106"] {  // Chagny, Mâcon, Chalon-sur-Saône, Charnay-lès-Mâcon
                    let commune = try await tx.resolveTerritory(code, kind: .commune)
                    people[code] = commune
                    let person = try await tx.addCarrier(NewCarrier(operatorID: network.network.apess, firstName: "Personne", lastName: code, commune: commune))!
                    _ = try await tx.openJourney(carrier: person, programme: network.network.mayIdESS, cohort: nil, on: LocalDate(iso: "2026-02-02")!)
                }
                let north = try await tx.addTerritory(code: "ZN71", name: "Zone nord", kind: .pays, parent: department, rural: true)
                try await tx.addMembers([people["71073"]!, people["71076"]!], to: north)
                let south = try await tx.addTerritory(code: "ZS71", name: "Zone sud", kind: .pays, parent: department, rural: true)
                try await tx.addMembers([people["71270"]!], to: south)
                // Charnay lies in both: the zones of a network may overlap.
                try await tx.addMembers([people["71106"]!], to: north)
                try await tx.addMembers([people["71106"]!], to: south)
                return department
            }
            let byZone = try await report(.activity, store, scope: ReportScope(territoryID: saoneEtLoire), by: [.territory], level: .pays).sections[0]
            #expect(byZone.value("carriers_active", where: ["territory": "Zone nord (ZN71)"]) == 2)
            #expect(byZone.value("carriers_active", where: ["territory": "Zone sud (ZS71)"]) == 1)
            #expect(byZone.value("carriers_active", where: ["territory": "Zone nord (ZN71) + Zone sud (ZS71)"]) == 1)
            #expect(byZone.value("carriers_active", inTotals: true) == 4)
            // A zone is a scope too: everyone of its communes.
            let north = try await store.transaction(as: .administrator) { try await $0.resolveTerritory("ZN71") }
            #expect(try await report(.activity, store, scope: ReportScope(territoryID: north)).sections[0].value("carriers_active") == 3)
            // And a page of the dashboards.
            let pages = try await store.transaction(as: .administrator) { try await $0.dashboardPages(networkTitle: "Réseau") }
            #expect(pages.contains { $0.slug == "territory-ZN71" && $0.scope.territoryID == north })
            #expect(pages.contains { $0.slug == "territory-ZS71" })
            // The network's page compares its exits by zone once someone of a zone has left.
            let network = try #require(pages.first { $0.kind == .network })
            let before = try await store.transaction(as: .administrator) { try await $0.dashboardData(for: network, period: period, comparison: nil) }
            #expect(before.outcomesByZone.isEmpty)
            try await store.transaction(as: .administrator) { tx in
                let chagny = try await tx.resolveTerritory("71073", kind: .commune)
                let person = try #require(try await tx.carriers().first { $0.carrier.communeID == chagny }).carrier
                let journey = try #require(try await tx.journeys(JourneyFilter(carrier: person.id)).first).journey
                _ = try await tx.change(journey: journey.id, .exit(.employed), on: LocalDate(iso: "2026-05-04")!, reason: nil, expectedVersion: nil)
            }
            let after = try await store.transaction(as: .administrator) { try await $0.dashboardData(for: network, period: period, comparison: nil) }
            #expect(after.outcomesByZone.map(\.level) == [.pays])
            let byPays = try #require(after.outcomesByZone.first?.report.section("exits"))
            #expect(byPays.value("exits", where: ["territory": "Zone nord (ZN71)"]) == 1)
            // The labels are kept with the tree (territory_place): a zone renamed, or a commune
            // leaving it, is what the next report says.
            try await store.withOwnerConnection { connection in
                _ = try await connection.query("UPDATE territory SET name = 'Zone nord-est' WHERE code = 'ZN71'", logger: store.logger).collect()
                _ = try await connection.query(
                    """
                    DELETE FROM territory_member
                    WHERE grouping_id = (SELECT id FROM territory WHERE code = 'ZS71')
                      AND member_id = (SELECT id FROM territory WHERE kind = 'commune' AND code = '71106')
                    """, logger: store.logger
                ).collect()
            }
            let renamed = try await report(.activity, store, scope: ReportScope(territoryID: saoneEtLoire), by: [.territory], level: .pays).sections[0]
            #expect(renamed.value("carriers_active", where: ["territory": "Zone nord-est (ZN71)"]) == 3)
            #expect(renamed.value("carriers_active", where: ["territory": "Zone sud (ZS71)"]) == 1)
            #expect(renamed.value("carriers_active", where: ["territory": "Zone nord (ZN71)"]) == nil)
        }
    }

    @Test("funnel: people who entered in the period, how far they went, phase to phase")
    func funnel() async throws {
        try await withNetwork { store, _ in
            let funnel = try await report(.funnel, store).sections[0]
            func row(_ programme: String, _ phase: String, _ key: String) -> ReportValue? {
                funnel.value(key, where: ["programme": .text(programme), "phase": .text(phase)])
            }
            // May'IdESS: Alice (twice, once), Bruno, Dan entered.
            #expect(row("May'IdESS", "idea", "carriers") == 3)
            #expect(row("May'IdESS", "modules", "carriers") == 2)
            #expect(row("May'IdESS", "pitch", "carriers") == 1)
            #expect(row("May'IdESS", "orientation", "carriers") == 1)
            #expect(row("May'IdESS", "modules", "share_of_entries_pct") == 66.7)
            #expect(row("May'IdESS", "pitch", "conversion_pct") == 50.0)
            #expect(row("May'IdESS", "orientation", "conversion_pct") == 100.0)
            #expect(row("May'IdESS", "idea", "conversion_pct") == ReportValue.none)
            #expect(row("Outille ton projet", "workshops", "carriers") == 1)
            #expect(row("Outille ton projet", "orientation", "carriers") == 0)
            #expect(row("Outille ton projet", "orientation", "conversion_pct") == 0.0)
            #expect(funnel.rows.count == 7)
        }
    }

    @Test("funnel: a phase skipped on the way to a later one counts as passed, so no conversion is above 100 %")
    func funnelSkippedPhase() async throws {
        try await withNetwork { store, network in
            // Dan goes from his idea straight to the pitch, past the modules.
            try await store.transaction(as: .administrator) { tx in
                let journey = try #require(try await tx.journeys(JourneyFilter(carrier: network.dan)).first).journey
                _ = try await tx.change(journey: journey.id, .advance(to: .pitch), on: LocalDate(iso: "2026-07-01")!, reason: nil, expectedVersion: nil)
            }
            let funnel = try await report(.funnel, store).sections[0]
            func row(_ phase: String, _ key: String) -> ReportValue? {
                funnel.value(key, where: ["programme": .text("May'IdESS"), "phase": .text(phase)])
            }
            #expect(row("modules", "carriers") == 3)  // Alice, Bruno, and Dan who skipped them
            #expect(row("pitch", "carriers") == 2)
            let conversions = funnel.rows.compactMap { $0[funnel.column("conversion_pct")!].decimal }
            #expect(!conversions.isEmpty && conversions.allSatisfy { $0 <= 100 })
        }
    }

    @Test("outcomes: exits by outcome, positive-exit rate, activities by legal form, 6-month situations")
    func outcomes() async throws {
        try await withNetwork { store, _ in
            let outcomes = try await report(.outcomes, store)
            let exits = try #require(outcomes.section("exits"))
            #expect(exits.value("exits") == 4)
            #expect(exits.value("activity_created") == 1)
            #expect(exits.value("employed") == 1)
            #expect(exits.value("training") == 1)
            #expect(exits.value("withdrawn") == 1)
            #expect(exits.value("handed_on") == 0)
            #expect(exits.value("positive_exits") == 3)
            #expect(exits.value("positive_exit_rate_pct") == 75.0)
            #expect(exits.value("jobs_fte") == 1.5)
            let activities = try #require(outcomes.section("activities"))
            #expect(activities.rows.count == 1)
            #expect(activities.value("activities", where: ["legal_form": "scop"]) == 1)
            let followUp = try #require(outcomes.section("follow_up_6_months"))
            #expect(followUp.value("carriers", where: ["situation": "employed"]) == 1)
            #expect(followUp.value("share_pct", where: ["situation": "employed"]) == 100.0)
            // Alice, Bruno and Eve left too recently for their 6-month follow-up.
            #expect(outcomes.exclusions == [Exclusion(.followUpMissing, count: 3)])

            let byGender = try #require(try await report(.outcomes, store, by: [.gender]).section("exits"))
            #expect(byGender.value("exits", where: ["gender": "woman"]) == 3)
            #expect(byGender.value("positive_exit_rate_pct", where: ["gender": "woman"]) == 66.7)
            #expect(byGender.value("positive_exit_rate_pct", where: ["gender": "man"]) == 100.0)
            #expect(byGender.value("exits", inTotals: true) == 4)
        }
    }

    @Test("durations: median and third quartile of days per phase and from entry to exit")
    func durations() async throws {
        try await withNetwork { store, _ in
            let durations = try await report(.durations, store).sections[0]
            func stage(_ name: String) -> (ReportValue?, ReportValue?, ReportValue?) {
                let filter: [String: ReportValue] = ["stage": .text(name)]
                return (durations.value("carriers", where: filter), durations.value("median_days", where: filter), durations.value("p75_days", where: filter))
            }
            // Idea: Alice 22 + 14 (two journeys, one person), Bruno 21, Eve 19.
            #expect(stage("idea") == (3, 21.0, 28.5))
            // Modules: Alice 28, Bruno 28, Chloé 35 (her stay ended in January).
            #expect(stage("modules") == (3, 28.0, 31.5))
            #expect(stage("pitch") == (1, 5.0, 5.0))
            #expect(stage("orientation") == (1, 61.0, 61.0))
            #expect(stage("workshops") == (1, 73.0, 73.0))
            // Entry to exit: 50 (Alice), 65 (Chloé), 92 (Eve), 115 (Bruno).
            #expect(stage("entry_to_exit") == (4, 78.5, 97.8))
        }
    }

    @Test("referrals: by partner kind and status, take-up and median days to answer")
    func referrals() async throws {
        try await withNetwork { store, _ in
            let referrals = try await report(.referrals, store).sections[0]
            #expect(referrals.value("referrals", where: ["partner_kind": "cae"]) == 2)
            #expect(referrals.value("accepted", where: ["partner_kind": "cae"]) == 1)
            #expect(referrals.value("proposed", where: ["partner_kind": "cae"]) == 1)
            #expect(referrals.value("take_up_pct", where: ["partner_kind": "cae"]) == 50.0)
            #expect(referrals.value("median_days_to_answer", where: ["partner_kind": "cae"]) == 8.0)
            #expect(referrals.value("declined", where: ["partner_kind": "financing"]) == 1)
            #expect(referrals.value("take_up_pct", where: ["partner_kind": "financing"]) == 0.0)
            #expect(referrals.value("referrals", where: ["partner_kind": "all"]) == 3)
            #expect(referrals.value("take_up_pct", where: ["partner_kind": "all"]) == 33.3)
            #expect(referrals.value("median_days_to_answer", where: ["partner_kind": "all"]) == 9.0)
        }
    }

    @Test("profile: the ESF+ breakdown at entry, counts and shares, sensitive data only with consent")
    func profile() async throws {
        try await withNetwork { store, _ in
            let profile = try await report(.profile, store)
            let gender = try #require(profile.section("gender"))
            #expect(gender.value("carriers", where: ["category": "woman"]) == 2)
            #expect(gender.value("share_pct", where: ["category": "woman"]) == 50.0)
            #expect(gender.value("share_pct", where: ["category": "unknown"]) == 25.0)
            let age = try #require(profile.section("age"))
            #expect(age.value("carriers", where: ["category": "30_54"]) == 2)  // Alice 35, Eve 45
            #expect(age.value("carriers", where: ["category": "18_29"]) == 1)  // Bruno 25
            let labour = try #require(profile.section("labour"))
            // At entry Alice was long-term unemployed, whatever her later profile says.
            #expect(labour.value("carriers", where: ["category": "long_term_unemployed"]) == 1)
            #expect(labour.value("carriers", where: ["category": "employed"]) == nil)
            let education = try #require(profile.section("education"))
            #expect(education.value("carriers", where: ["category": "isced_5_8"]) == 2)
            #expect(education.value("women", where: ["category": "isced_5_8"]) == 1)
            #expect(education.value("men", where: ["category": "isced_5_8"]) == 1)
            let disadvantage = try #require(profile.section("disadvantage"))
            // Of the two who consented (Alice, Eve): one disability, one foreign background.
            #expect(disadvantage.value("carriers", where: ["category": "disability"]) == 1)
            #expect(disadvantage.value("share_pct", where: ["category": "disability"]) == 50.0)
            #expect(disadvantage.value("carriers", where: ["category": "foreign_background"]) == 1)
            #expect(disadvantage.value("carriers", where: ["category": "homeless"]) == 0)
            #expect(Set(profile.exclusions) == [Exclusion(.noProfile, count: 1), Exclusion(.noConsent, count: 1)])
        }
    }

    @Test("a counsellor's report counts only their operator: row-level security decides")
    func tenancy() async throws {
        try await withNetwork { store, _ in
            let mine = try await report(.activity, store, as: SmallNetwork.apessCounsellor).sections[0]
            #expect(mine.value("carriers_active") == 4)
            let network = try await report(.activity, store, as: SmallNetwork.network).sections[0]
            #expect(network.value("carriers_active") == 5)
        }
    }

    @Test("ESF+ participants: accompanied on two days or more under the agreement")
    func participants() async throws {
        try await withNetwork { store, network in
            let file = try await store.transaction(as: .administrator) { try await $0.participants(of: network.funding) }
            // Alice (02-05, 05-05) and Bruno (02-05, 02-20); Chloé came once, Dan never.
            #expect(file.participants.map(\.identity?.firstName) == ["Alice", "Bruno"])
            #expect(file.oneDayOnly == 2)
            let alice = file.participants[0], bruno = file.participants[1]
            #expect(alice.entryOn == LocalDate(iso: "2026-01-10"))
            #expect(alice.ageAtEntry == 35)
            #expect(alice.labourStatus == .longTermUnemployed)
            #expect(alice.disadvantages?.disability == true)
            #expect(alice.qpv == true)
            #expect(alice.minutesAccompanied == 300)
            #expect(alice.exitSituation == .noExitYet)
            #expect(alice.exitOn == nil)
            #expect(bruno.disadvantages == nil)  // no consent
            #expect(bruno.ruralZoning == .frr && bruno.rural == true)  // FRR since July 2024, entered January 2026
            #expect(alice.ruralZoning == RuralZoning.none && alice.rural == false)  // Laval's ZRR ended in June 2024
            #expect(bruno.exitOn == LocalDate(iso: "2026-05-15"))
            #expect(bruno.exitSituation == .selfEmployed)
            #expect(alice.pseudonym.count == 10 && alice.pseudonym != bruno.pseudonym)

            // Only days inside the period count: in the first quarter Alice came once.
            let q1 = try await store.transaction(as: .administrator) {
                try await $0.participants(of: network.funding, period: try ReportPeriod(parsing: "2026-Q1"))
            }
            #expect(q1.participants.map(\.identity?.firstName) == ["Bruno"])

            // The same person keeps the same pseudonym from one export to the next.
            let again = try await store.transaction(as: .administrator) { try await $0.participants(of: network.funding) }
            #expect(again.participants.map(\.pseudonym) == file.participants.map(\.pseudonym))

            let indicators = file.indicators()
            #expect(indicators.value("total", where: ["indicator": "participants"]) == 2)
            #expect(indicators.value("women", where: ["indicator": "unemployed"]) == 1)
            #expect(indicators.value("men", where: ["indicator": "unemployed"]) == 1)
            #expect(indicators.value("women", where: ["indicator": "disability"]) == 1)
            #expect(indicators.value("men", where: ["indicator": "exit_self_employed"]) == 1)
            #expect(indicators.value("women", where: ["indicator": "exit_no_exit_yet"]) == 1)
            #expect(indicators.value("total", where: ["indicator": "age_18_29"]) == 1)
        }
    }

    @Test("what the auditor checks: a minority with consent, a declined question, the exit situation's date and qualification, a contact for the survey — and the 35 % rule")
    func dataQuality() async throws {
        try await withNetwork { store, network in
            let quality = { () async throws -> Report in
                try await store.transaction(as: .administrator) { tx in
                    // No period: the agreement's own.
                    try await tx.report(.quality, period: nil, scope: ReportScope(fundingID: network.funding.id), dimensions: [])
                }
            }
            // Both participants complete: nothing to do.
            let before = try await quality()
            #expect(before.section("quality")?.value("incomplete") == 0)
            #expect(before.section("quality")?.value("quality_level") == "ok")
            #expect(before.section("gaps")?.rows.isEmpty == true)

            // Bruno declines the education question, belongs to a minority, has no contact left; his
            // situation at exit (05-15) is recorded on 07-01, past the four weeks, with a qualification.
            try await store.transaction(as: .administrator) { tx in
                let bruno = try #require(try await tx.carriers().first { $0.carrier.firstName == "Bruno" }).carrier
                try await tx.recordProfile(
                    carrier: bruno.id,
                    CarrierProfile(labourStatus: .unemployed, consentOn: LocalDate(iso: "2026-01-20"), minority: true, declined: [.educationLevel]),
                    on: LocalDate(iso: "2026-01-20"))
                _ = try await tx.count("WITH d AS (UPDATE carrier SET email = NULL WHERE id = \(bruno.id.rawValue) RETURNING 1) SELECT count(*)::int FROM d")
                let journey = try #require(try await tx.journeys(JourneyFilter(carrier: bruno.id)).first).journey
                try await tx.recordFollowUp(
                    journey: journey.id, afterMonths: 0, situation: .selfEmployed, qualificationGained: true, on: LocalDate(iso: "2026-07-01"),
                    note: nil)
            }
            let file = try await store.transaction(as: .administrator) { try await $0.participants(of: network.funding) }
            let bruno = file.participants[1]
            #expect(bruno.disadvantages?.minority == true)
            #expect(bruno.declined == [.educationLevel] && bruno.educationLevel == nil)
            #expect(bruno.exitSituationRecordedOn == LocalDate(iso: "2026-07-01") && bruno.qualificationGained == true)
            #expect(bruno.reachable == false && file.participants[0].reachable)
            let indicators = file.indicators()
            #expect(indicators.value("men", where: ["code": "EECO15"]) == 1)
            #expect(indicators.value("men", where: ["code": "EECR03"]) == 1)

            let after = try await quality()
            #expect(after.section("quality")?.value("incomplete") == 1)
            #expect(after.section("quality")?.value("incomplete_share_pct") == .decimal(50))
            #expect(after.section("quality")?.value("quality_level") == "critical")
            let gaps = try #require(after.section("gaps"))
            #expect(gaps.rows.count == 1)
            #expect(gaps.value("missing") == "education_declined,contact_missing,exit_situation_late")
            #expect(gaps.value("complete") == .bool(false))

            // The worklist says it before the auditor does.
            let items = try await store.transaction(as: .administrator) { try await $0.worklist(within: 14) }
            #expect(items.contains { $0.kind == .surveyContactMissing && $0.values["number"] == "1" })
            #expect(items.contains { $0.kind == .dataQuality && $0.values["share"] == "50.0" })
            // Bounded, the soonest first, with how many there are in all.
            let (first, total) = try await store.transaction(as: .administrator) { try await $0.worklist(within: 14, limit: 1) }
            #expect(total == items.count && items.count > 1)
            #expect(first == [items[0]])

            // And so do the dashboards of the network and of the operator, not those of a territory.
            let period = try ReportPeriod(parsing: "2026")
            let pages = try await store.transaction(as: .administrator) { try await $0.dashboardPages(networkTitle: "Réseau") }
            let data = try await store.dashboardData(
                as: .administrator, pages: pages.filter { [.network, .operator, .territory].contains($0.kind) }, period: period, comparison: nil)
            #expect(data.first { $0.page.kind == .network }?.quality.map(\.level) == [.critical])
            #expect(data.first { $0.page.title == "APESS 53" }?.quality.first?.incomplete == 1)
            let territories = data.filter { $0.page.kind == .territory }
            #expect(!territories.isEmpty && territories.allSatisfy { $0.quality.isEmpty })
        }
    }

    @Test("a funder's site shows the programmes and cohorts its agreements cover, not the others of the operators it funds")
    func funderSitePages() async throws {
        try await withNetwork { store, network in
            let (other, cohort) = try await store.transaction(as: .administrator) { tx in
                let other = try await tx.addProgramme(name: "Hors convention", operatorID: network.network.apess, phases: ["idea", "orientation"])
                let cohort = try await tx.addCohort(name: "Hors convention 2026", programme: other, startsOn: LocalDate(iso: "2026-01-05")!)
                let funder = try #require(try await tx.funders().first { $0.name == network.funding.funderName })
                _ = try await tx.addStaff(email: "fse@region.example", displayName: "FSE+", role: .funder, operatorID: nil, funderID: funder.id)
                return (other.id, cohort)
            }
            let staff = try await store.transaction(as: .administrator) { try await $0.dashboardPages(networkTitle: "Réseau") }
            #expect(staff.contains { $0.scope.programmeID == other } && staff.contains { $0.scope.cohortID == cohort })
            let funder = try await store.transaction(as: .staff(email: "fse@region.example")) { try await $0.dashboardPages(networkTitle: "Réseau") }
            #expect(funder.filter { $0.kind == .programme }.map(\.scope.programmeID) == [network.network.mayIdESS.id])
            #expect(!funder.contains { $0.scope.cohortID == cohort })
            #expect(funder.contains { $0.kind == .operator && $0.scope.operatorID == network.network.apess })
        }
    }

    @Test("zoning in force at entry: a commune FRR at entry is rural, the same commune classified after the entry is not")
    func zoningAtEntry() async throws {
        try await withNetwork { store, network in
            let file = try await store.transaction(as: .administrator) { try await $0.participants(of: network.funding) }
            #expect(file.participants.map(\.rural) == [false, true])  // Alice (Laval, ZRR ended 2024), Bruno (Mayenne, FRR)
            #expect(file.participants.map(\.qpv) == [true, false])
            #expect(file.indicators().value("men", where: ["indicator": "rural"]) == 1)
            #expect(file.indicators().value("women", where: ["indicator": "qpv"]) == 1)
            let row = file.table(named: false).rows[1]
            let rural = file.table(named: false).columns.firstIndex { $0.key == "rural" }!
            #expect(row[rural] == .bool(true) && row[rural + 1] == .text("frr"))

            // Mayenne classified from February 2026 only: Bruno entered in January, he is not rural.
            try await store.transaction(as: .administrator) { tx in
                _ = try await tx.count("WITH d AS (DELETE FROM territory_zoning WHERE kind = 'frr' RETURNING 1) SELECT count(*)::int FROM d")
                _ = try await tx.importZoning(
                    [ZoningRow(line: 2, code: "53147", name: nil, communeCode: nil)], kind: .frr, from: LocalDate(iso: "2026-02-01")!, to: nil,
                    source: "test")
            }
            let later = try await store.transaction(as: .administrator) { try await $0.participants(of: network.funding) }
            #expect(later.participants.map(\.ruralZoning) == [RuralZoning.none, RuralZoning.none])
            #expect(later.indicators().value("total", where: ["indicator": "rural"]) == 0)
        }
    }

    @Test("a funding scope counts the journeys the agreement covers")
    func fundingScope() async throws {
        try await withNetwork { store, network in
            let covered = try await report(.activity, store, scope: ReportScope(fundingID: network.funding.id)).sections[0]
            // May'IdESS journeys overlapping 2025-07-01 → 2026-12-31: Alice, Bruno, Chloé, Dan (not Eve, not Franck).
            #expect(covered.value("carriers_active") == 4)
        }
    }

    @Test("an agreement that covers nothing, or ends before it starts, is refused")
    func badFunding() async throws {
        try await withNetwork { store, network in
            let funder = try await store.transaction(as: .administrator) { try await $0.addFunder(name: "Région", kind: .region).id }
            let day = LocalDate(year: 2026, month: 1, day: 1)!
            await #expect(throws: StoreError.invalid(Refusal(.fundingNeedsScope, fields: ["programme", "cohort", "territory"]))) {
                try await store.transaction(as: .administrator) { tx in
                    try await tx.addFunding(FundingDraft(operatorID: network.network.apess, funderID: funder, code: "R1", title: "t", startsOn: day, endsOn: day))
                }
            }
            await #expect(throws: StoreError.self) {
                try await store.transaction(as: .administrator) { tx in
                    try await tx.addFunding(
                        FundingDraft(
                            operatorID: network.network.apess, funderID: funder, code: "R2", title: "t", startsOn: day, endsOn: day.adding(days: -1),
                            programmes: [network.network.mayIdESS.id]))
                }
            }
            // Another operator's programme: the composite key refuses it.
            await #expect(throws: StoreError.self) {
                try await store.transaction(as: .administrator) { tx in
                    try await tx.addFunding(
                        FundingDraft(
                            operatorID: network.network.ronalpia, funderID: funder, code: "R3", title: "t", startsOn: day, endsOn: day,
                            programmes: [network.network.mayIdESS.id]))
                }
            }
            let count = try await store.transaction(as: .administrator) { try await $0.count("SELECT count(*)::int FROM funding") }
            #expect(count == 1)
        }
    }
}
