import ParcoursCore
import PostgresNIO

extension Transaction {
    // MARK: CAPE contracts

    /// The CAPE contracts of a journey, oldest first, with their periods.
    public func capeContracts(journey id: JourneyID) async throws -> [(id: Int64, contract: CapeContract)] {
        try requirePersonReader()
        var contracts: [(id: Int64, contract: CapeContract)] = []
        for row in try await rows(
            """
            SELECT c.id, to_char(c.ended_on, 'YYYY-MM-DD'), to_char(p.starts_on, 'YYYY-MM-DD'), to_char(p.ends_on, 'YYYY-MM-DD')
            FROM cape_contract AS c JOIN cape_period AS p ON p.contract_id = c.id
            WHERE c.journey_id = \(id.rawValue)
            ORDER BY c.id, p.seq
            """)
        {
            let (contractID, endedOn, startsOn, endsOn) = try row.decode((Int64, String?, String, String).self)
            let period = CapePeriod(startsOn: try LocalDate.decoded(startsOn), endsOn: try LocalDate.decoded(endsOn))
            if contracts.last?.id == contractID {
                contracts[contracts.count - 1].contract.periods.append(period)
            } else {
                contracts.append((contractID, CapeContract(journeyID: id, periods: [period], endedOn: try LocalDate.decoded(endedOn))))
            }
        }
        return contracts
    }

    /// Signs a CAPE for a journey's test in a couveuse (checked by `CapeRules`, then by the database).
    public func addCape(journey id: JourneyID, from start: LocalDate, to end: LocalDate, couveuse: PartnerListing?) async throws -> CapeContract {
        let listing = try await journey(id)
        guard !listing.journey.state.isTerminal else { throw StoreError.refused(Refusal(.journeyNotRunning, ["journey": id.description])) }
        let previous = try await capeContracts(journey: id).map(\.contract)
        let period: CapePeriod
        do {
            period = try CapeRules.firstPeriod(from: start, to: end, journeyOpenedOn: listing.journey.openedOn, previous: previous)
        } catch { throw StoreError.invalid(error.refusal(journey: id)) }
        let contractID = try await rows(
            """
            INSERT INTO cape_contract (operator_id, journey_id, couveuse_partner_id)
            VALUES (\(listing.journey.operatorID.rawValue), \(id.rawValue), \(couveuse?.id))
            RETURNING id
            """
        ).first!.decode(Int64.self)
        try await insertPeriod(contract: contractID, operatorID: listing.journey.operatorID, seq: 0, period)
        return CapeContract(journeyID: id, periods: [period], endedOn: nil)
    }

    /// Renews the journey's running CAPE until `end`.
    public func renewCape(journey id: JourneyID, until end: LocalDate) async throws -> CapeContract {
        let (contractID, contract) = try await runningCape(journey: id)
        let period: CapePeriod
        do { period = try CapeRules.renewal(of: contract, until: end) } catch { throw StoreError.refused(error.refusal(journey: id)) }
        let operatorID = try await journey(id).journey.operatorID
        try await insertPeriod(contract: contractID, operatorID: operatorID, seq: contract.periods.count, period)
        var renewed = contract
        renewed.periods.append(period)
        return renewed
    }

    /// Ends the journey's running CAPE early (or records its end), with a reason.
    public func endCape(journey id: JourneyID, on date: LocalDate, reason: String) async throws -> CapeContract {
        try requireWriter()
        let (contractID, contract) = try await runningCape(journey: id)
        let endedOn: LocalDate
        do { endedOn = try CapeRules.end(of: contract, on: date, reason: reason) } catch { throw StoreError.refused(error.refusal(journey: id)) }
        try await updateOne(
            "UPDATE cape_contract SET ended_on = \(endedOn.iso)::date, end_reason = \(reason) WHERE id = \(contractID) RETURNING id",
            notFound: .refused(CapeError.noContract.refusal(journey: id)))
        var ended = contract
        ended.endedOn = endedOn
        return ended
    }

    /// Records the test turnover of a month of the journey's latest CAPE (replacing an earlier figure).
    public func recordCapeTurnover(journey id: JourneyID, month: LocalDate, cents: Int64) async throws {
        guard let (contractID, contract) = try await capeContracts(journey: id).last else {
            throw StoreError.refused(CapeError.noContract.refusal(journey: id))
        }
        let first = LocalDate(year: month.year, month: month.month, day: 1)!
        guard first.adding(months: 1) > contract.startsOn, first <= contract.endsOn else {
            throw StoreError.invalid(Refusal(.outsideCape, field: "month", ["month": String(first.iso.prefix(7)), "start": contract.startsOn.iso, "end": contract.endsOn.iso]))
        }
        guard cents >= 0 else { throw StoreError.invalid(Refusal(.negative, field: "amount", ["value": "\(cents)"])) }
        try await query(
            """
            INSERT INTO cape_turnover (operator_id, contract_id, month, amount_cents)
            SELECT operator_id, id, \(first.iso)::date, \(cents) FROM cape_contract WHERE id = \(contractID)
            ON CONFLICT (contract_id, month, operator_id) DO UPDATE SET amount_cents = excluded.amount_cents
            """)
    }

    private func runningCape(journey id: JourneyID) async throws -> (Int64, CapeContract) {
        guard let last = try await capeContracts(journey: id).last, last.contract.endedOn == nil else {
            throw StoreError.refused(CapeError.noContract.refusal(journey: id))
        }
        return last
    }

    private func insertPeriod(contract: Int64, operatorID: OperatorID, seq: Int, _ period: CapePeriod) async throws {
        try await query(
            """
            INSERT INTO cape_period (operator_id, contract_id, seq, starts_on, ends_on)
            VALUES (\(operatorID.rawValue), \(contract), \(seq), \(period.startsOn.iso)::date, \(period.endsOn.iso)::date)
            """)
    }

    // MARK: Jury

    /// Records a jury's decision on a journey in `pitch`; `rework` also sends the journey back to
    /// the programme's rework phase, as an explicit rework event.
    public func decideJury(
        journey id: JourneyID, decision: JuryDecision, on date: LocalDate?, note: String?
    ) async throws -> Journey {
        let listing = try await journey(id)
        guard listing.journey.state == .active(.pitch) else {
            throw StoreError.refused(Refusal(.juryNotInPitch, ["journey": id.description, "state": listing.journey.state.name]))
        }
        let decidedOn = date ?? today
        guard decidedOn >= listing.journey.lastChangeOn, decidedOn <= today else {
            throw StoreError.invalid(Refusal(.dateOutsideWindow, field: "on", ["from": listing.journey.lastChangeOn.iso, "to": today.iso]))
        }
        let override = try await rows("SELECT jury_rework_phase FROM programme WHERE id = \(listing.journey.programme.id.rawValue)")
            .first?.decode(String?.self).flatMap(Phase.init(rawValue:))
        try await query(
            """
            INSERT INTO jury_decision (operator_id, journey_id, decision, decided_on, note, staff_id)
            VALUES (\(listing.journey.operatorID.rawValue), \(id.rawValue), \(decision.rawValue), \(decidedOn.iso)::date, \(note), 0)
            """)
        guard decision == .rework else { return listing.journey }
        guard let target = listing.journey.programme.juryReworkPhase(override: override) else {
            throw StoreError.refused(Refusal(.noPhaseBeforePitch, ["programme": listing.journey.programme.name]))
        }
        // The reason of the rework is the jury's own words (the timeline shows the decision beside it).
        let reason = note?.isEmpty == false ? note! : "jury"
        return try await change(journey: id, .rework(to: target), on: decidedOn, reason: reason, expectedVersion: nil)
    }
}
