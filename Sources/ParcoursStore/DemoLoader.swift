import ParcoursCore
import PostgresNIO

/// Journeys per operator and state, as the demo prints them.
public struct NetworkSummary: Sendable, Hashable {
    public var carriers: Int
    /// operator name → state name → journeys.
    public var journeys: [String: [String: Int]]
}

extension Store {
    /// Creates the demo network of `Demo` idempotently: what exists (by name, code, e-mail or
    /// carrier reference) is kept, the rest is added. Every journey change goes through the
    /// same rules as the CLI's, acting as the operator's coordinator.
    public func loadDemo() async throws -> NetworkSummary {
        try await transaction(as: .administrator) { tx in
            _ = try await tx.importTerritories(Demo.territories)
            for seed in Demo.operators { try await tx.ensureDemoOperator(seed) }
            try await tx.query(
                """
                INSERT INTO staff (email, display_name, role) VALUES (\(Demo.networkStaff.email), \(Demo.networkStaff.name), 'network')
                ON CONFLICT ((lower(email))) DO NOTHING
                """)
        }
        for (index, seed) in Demo.operators.enumerated() {
            try await transaction(as: .staff(email: seed.coordinator.email)) { tx in
                try await tx.loadDemoCarriers(of: seed, index: index)
            }
        }
        return try await transaction(as: .administrator) { try await $0.networkSummary() }
    }
}

extension Transaction {
    func ensureDemoOperator(_ seed: Demo.OperatorSeed) async throws {
        let id = try await rows(
            """
            WITH inserted AS (
                INSERT INTO operator (name) VALUES (\(seed.name)) ON CONFLICT (name) DO NOTHING RETURNING id
            )
            SELECT id FROM inserted UNION ALL SELECT id FROM operator WHERE name = \(seed.name)
            """
        ).first!.decode(Int64.self)
        try await query(
            """
            INSERT INTO operator_territory (operator_id, territory_id)
            SELECT \(id), id FROM territory WHERE code = ANY(\(seed.territories))
            ON CONFLICT DO NOTHING
            """)
        for (person, role) in [(seed.coordinator, "coordinator"), (seed.counsellor, "counsellor")] {
            try await query(
                """
                INSERT INTO staff (email, display_name, role, operator_id) VALUES (\(person.email), \(person.name), \(role), \(id))
                ON CONFLICT ((lower(email))) DO NOTHING
                """)
        }
        try await query(
            """
            INSERT INTO programme (operator_id, name, phases) VALUES (\(id), \(seed.programme), \(seed.phases.map(\.rawValue))::text[])
            ON CONFLICT (operator_id, name) DO NOTHING
            """)
        for cohort in seed.cohorts {
            try await query(
                """
                INSERT INTO cohort (operator_id, programme_id, name, starts_on)
                SELECT \(id), p.id, \(cohort.name), \(today.adding(days: -cohort.daysAgo).iso)::date
                FROM programme AS p WHERE p.operator_id = \(id) AND p.name = \(seed.programme)
                ON CONFLICT (programme_id, name) DO NOTHING
                """)
        }
    }

    func loadDemoCarriers(of seed: Demo.OperatorSeed, index: Int) async throws {
        let operatorID = try await resolveOperator(seed.name)
        let programme = try await resolveProgramme(seed.programme, operatorID: operatorID)
        var communes: [String: TerritoryID] = [:]
        for code in seed.communes { communes[code] = try await resolveTerritory(code) }
        var cohorts: [String: CohortID] = [:]
        for listing in try await self.cohorts(programme: programme.id) { cohorts[listing.cohort.name] = listing.cohort.id }

        for plan in Demo.carriers(of: seed, index: index, today: today) {
            let new = NewCarrier(
                operatorID: operatorID, firstName: plan.firstName, lastName: plan.lastName, gender: plan.gender,
                birthDate: plan.birthDate, commune: communes[plan.communeCode], externalRef: plan.ref)
            // An existing reference means this carrier (and their journey) came from an earlier run.
            guard let carrier = try await addCarrier(new, skippingExisting: true) else { continue }
            let journey = try await openJourney(
                carrier: carrier, programme: programme, cohort: plan.cohort.flatMap { cohorts[$0] }, on: plan.openedOn)
            for step in plan.steps {
                _ = try await change(journey: journey.id, step.change, on: step.on, reason: step.reason, expectedVersion: nil)
            }
        }
    }

    /// Carriers and journeys per operator and state, over what the acting staff member sees.
    public func networkSummary() async throws -> NetworkSummary {
        var journeys: [String: [String: Int]] = [:]
        for row in try await rows(
            """
            SELECT o.name, j.phase, count(*)::integer
            FROM journey AS j JOIN operator AS o ON o.id = j.operator_id
            GROUP BY o.name, j.phase
            """)
        {
            let (name, phase, count) = try row.decode((String, String, Int).self)
            journeys[name, default: [:]][phase] = count
        }
        let carriers = try await rows("SELECT count(*)::integer FROM carrier").first!.decode(Int.self)
        return NetworkSummary(carriers: carriers, journeys: journeys)
    }
}
