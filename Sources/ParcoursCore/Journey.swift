/// One carrier's passage through one programme.
public struct Journey: Hashable, Sendable {
    public var id: JourneyID
    public var operatorID: OperatorID
    public var carrierID: CarrierID
    public var programme: Programme
    public var cohortID: CohortID?
    public var state: JourneyState
    /// The number of events recorded; the optimistic-concurrency token.
    public var version: Int
    public var openedOn: LocalDate
    /// The effective date of the latest event: no later change may be dated before it.
    public var lastChangeOn: LocalDate

    public init(
        id: JourneyID, operatorID: OperatorID, carrierID: CarrierID, programme: Programme,
        cohortID: CohortID?, state: JourneyState, version: Int, openedOn: LocalDate, lastChangeOn: LocalDate
    ) {
        self.id = id
        self.operatorID = operatorID
        self.carrierID = carrierID
        self.programme = programme
        self.cohortID = cohortID
        self.state = state
        self.version = version
        self.openedOn = openedOn
        self.lastChangeOn = lastChangeOn
    }

    /// Decides a change: the journey after it, or why it is refused.
    ///
    /// - Parameters:
    ///   - expectedVersion: the version the staff member last saw; a mismatch is a conflict, never a lost update.
    ///   - today: the current business date, passed in so that the rule is testable.
    ///   - evidence: what the records say for the guarded steps (CAPE, jury, referral, activity).
    public func applying(
        _ change: JourneyChange, on date: LocalDate, today: LocalDate, reason: String?,
        evidence: JourneyEvidence, expectedVersion: Int? = nil
    ) throws(JourneyRefusal) -> Journey {
        do throws(PathwayError) {
            if let expectedVersion, expectedVersion != version {
                throw PathwayError.versionConflict(expected: expectedVersion, actual: version)
            }
            try Pathway.checkEffectiveDate(date, previous: lastChangeOn, today: today)
            var next = self
            next.state = try Pathway.state(
                after: change, from: state, programme: programme.name, phases: programme.phases, reason: reason,
                evidence: evidence)
            next.version += 1
            next.lastChangeOn = date
            return next
        } catch {
            throw JourneyRefusal(journeyID: id, reason: error)
        }
    }
}

/// A change refused on a given journey: "journey 42 is in phase 'pitch'; …".
public struct JourneyRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    public var journeyID: JourneyID
    public var reason: PathwayError

    public init(journeyID: JourneyID, reason: PathwayError) {
        self.journeyID = journeyID
        self.reason = reason
    }

    public var isConflict: Bool {
        if case .versionConflict = reason { true } else { false }
    }

    public var description: String { "journey \(journeyID) \(reason.clause)" }
}
