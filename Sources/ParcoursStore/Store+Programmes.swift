import ParcoursCore
import PostgresNIO

/// A cohort with its programme's name, as listed.
public struct CohortListing: Sendable, Hashable {
    public var cohort: Cohort
    public var programmeName: String
}

extension Transaction {
    // MARK: Programmes

    public func addProgramme(name: String, operatorID: OperatorID, phases phaseNames: [String]) async throws -> Programme {
        let name = try requireText(name, field: "name")
        let phases: [Phase]
        do { phases = try Programme.validatedPhases(phaseNames) } catch { throw StoreError.invalid(error.refusal) }
        let id = try await rows(
            """
            INSERT INTO programme (operator_id, name, phases)
            VALUES (\(operatorID.rawValue), \(name), \(phases.map(\.rawValue))::text[])
            RETURNING id
            """
        ).first!.decode(Int64.self)
        return Programme(id: ProgrammeID(id), operatorID: operatorID, name: name, phases: phases)
    }

    /// Programmes visible to the acting staff member, optionally of one operator or by id.
    public func programmes(operatorID: OperatorID? = nil, id: ProgrammeID? = nil) async throws -> [Programme] {
        try await rows(
            """
            SELECT id, operator_id, name, phases FROM programme
            WHERE (\(operatorID?.rawValue)::bigint IS NULL OR operator_id = \(operatorID?.rawValue))
              AND (\(id?.rawValue)::bigint IS NULL OR id = \(id?.rawValue))
            ORDER BY operator_id, name
            """
        ).map(Programme.init(row:))
    }

    /// A programme by id or exact name; a name used by several operators is ambiguous.
    public func resolveProgramme(_ reference: String, operatorID: OperatorID? = nil) async throws -> Programme {
        let id = Int64(reference)
        let found = try await rows(
            """
            SELECT id, operator_id, name, phases FROM programme
            WHERE (id = \(id) OR (\(id)::bigint IS NULL AND name = \(reference)))
              AND (\(operatorID?.rawValue)::bigint IS NULL OR operator_id = \(operatorID?.rawValue))
            """
        ).map(Programme.init(row:))
        guard let first = found.first else { throw StoreError.notFound(Refusal(.unknownName, field: "programme", ["record": "programme", "value": reference])) }
        guard found.count == 1 else {
            throw StoreError.invalid(Refusal(.ambiguous, field: "programme", ["record": "programme", "value": reference, "count": "\(found.count)"]))
        }
        return first
    }

    // MARK: Cohorts

    /// How far ahead a cohort may be planned: five years.
    static let cohortHorizonDays = 5 * 366

    public func addCohort(name: String, programme: Programme, startsOn: LocalDate?) async throws -> CohortID {
        let name = try requireText(name, field: "name")
        // A promotion is planned ahead, but not for the year 9999.
        if let startsOn, let refusal = FieldLimit.refusal(with: startsOn, notAfter: today.adding(days: Self.cohortHorizonDays), field: "starts_on") {
            throw StoreError.invalid(refusal.code == .dateInFuture
                ? Refusal(.dateTooLate, field: "starts_on", ["date": startsOn.iso, "latest": today.adding(days: Self.cohortHorizonDays).iso])
                : refusal)
        }
        let id = try await rows(
            """
            INSERT INTO cohort (operator_id, programme_id, name, starts_on)
            VALUES (\(programme.operatorID.rawValue), \(programme.id.rawValue), \(name), \(startsOn?.iso)::date)
            RETURNING id
            """
        ).first!.decode(Int64.self)
        return CohortID(id)
    }

    public func cohorts(programme: ProgrammeID? = nil) async throws -> [CohortListing] {
        try await rows(
            """
            SELECT c.id, c.operator_id, c.programme_id, c.name, to_char(c.starts_on, 'YYYY-MM-DD'), p.name
            FROM cohort AS c JOIN programme AS p ON p.id = c.programme_id
            WHERE \(programme?.rawValue)::bigint IS NULL OR c.programme_id = \(programme?.rawValue)
            ORDER BY p.name, c.starts_on NULLS LAST, c.name
            """
        ).map { row in
            let (id, operatorID, programmeID, name, startsOn, programmeName) = try row.decode((Int64, Int64, Int64, String, String?, String).self)
            return CohortListing(
                cohort: Cohort(id: CohortID(id), operatorID: OperatorID(operatorID), programmeID: ProgrammeID(programmeID), name: name, startsOn: try LocalDate.decoded(startsOn)),
                programmeName: programmeName)
        }
    }

    /// A cohort of `programme` by id or exact name.
    public func resolveCohort(_ reference: String, programme: Programme) async throws -> CohortID {
        let id = Int64(reference)
        let found = try await rows(
            """
            SELECT id FROM cohort
            WHERE programme_id = \(programme.id.rawValue) AND (id = \(id) OR (\(id)::bigint IS NULL AND name = \(reference)))
            """
        ).map { try $0.decode(Int64.self) }
        guard let first = found.first else {
            throw StoreError.notFound(Refusal(.unknownName, field: "cohort", ["record": "cohort", "value": reference]))
        }
        return CohortID(first)
    }
}

extension Programme {
    /// Row → Programme: `id, operator_id, name, phases`.
    init(row: PostgresRow) throws {
        let (id, operatorID, name, phases) = try row.decode((Int64, Int64, String, [String]).self)
        self.init(id: ProgrammeID(id), operatorID: OperatorID(operatorID), name: name, phases: phases.compactMap(Phase.init(rawValue:)))
    }
}

extension Transaction {
    /// A cohort by id or exact name among the cohorts the acting staff may see, whatever its programme.
    public func resolveCohort(_ reference: String) async throws -> CohortID {
        let id = Int64(reference)
        let found = try await rows(
            "SELECT id FROM cohort WHERE id = \(id) OR (\(id)::bigint IS NULL AND name = \(reference))"
        ).map { try $0.decode(Int64.self) }
        guard let first = found.first else { throw StoreError.notFound(Refusal(.unknownName, field: "cohort", ["record": "cohort", "value": reference])) }
        guard found.count == 1 else {
            throw StoreError.invalid(Refusal(.ambiguous, field: "cohort", ["record": "cohort", "value": reference, "count": "\(found.count)"]))
        }
        return CohortID(first)
    }
}
