/// Why something was refused, without words: a stable code, the input fields it concerns and the
/// values it quotes. The edges word it — the CLI in one line in the user's language, the API as
/// problem+json with the same `code` — from one message catalogue per language (ParcoursApp).
public struct Refusal: Error, Hashable, Sendable, CustomStringConvertible {
    public var code: RefusalCode
    /// The input fields concerned, by their API names (snake_case: `birth_date`); the CLI shows
    /// them as its options (`--birth-date`).
    public var fields: [String]
    /// The values the message quotes, by placeholder name (`{date}`).
    public var values: [String: String]
    /// For a refusal of many things at once (a file, a list): each one refused, with its line.
    public var problems: [Problem] = []

    public struct Problem: Hashable, Sendable {
        /// The line of the file (1 is the header), nil for a value typed on its own.
        public var line: Int?
        public var refusal: Refusal
        public init(line: Int?, _ refusal: Refusal) {
            self.line = line
            self.refusal = refusal
        }
    }

    /// Nothing was done: every problem is listed so that a person fixes them in one pass.
    public static func nothingDone(_ problems: [Problem]) -> Refusal {
        var refusal = Refusal(.nothingDone, ["count": "\(problems.count)"])
        refusal.problems = problems.sorted { ($0.line ?? 0) < ($1.line ?? 0) }
        return refusal
    }

    public init(_ code: RefusalCode, field: String? = nil, _ values: [String: String] = [:]) {
        self.code = code
        self.fields = field.map { [$0] } ?? []
        self.values = values
    }

    public init(_ code: RefusalCode, fields: [String], _ values: [String: String] = [:]) {
        self.code = code
        self.fields = fields
        self.values = values
    }

    public var field: String? { fields.first }

    /// For logs and tests: the code, the fields and the values, never a sentence.
    public var description: String {
        let quoted = values.keys.sorted().map { "\($0)=\(values[$0]!)" }.joined(separator: " ")
        let listed = problems.map { "\($0.line.map { "line \($0): " } ?? "")\($0.refusal)" }
        return ([code.rawValue] + (fields.isEmpty ? [] : ["[\(fields.joined(separator: ","))]"]) + (quoted.isEmpty ? [] : [quoted]) + listed)
            .joined(separator: " ")
    }
}

/// Every refusal Parcours can give. The raw values are the API's stable `code`s: never renamed.
/// Each has a message in every language's catalogue (a test checks it).
public enum RefusalCode: String, CaseIterable, Sendable {
    // Values typed by people
    case required, empty, notADate, notAPeriod, notAnID, notANumber, notADecimal, notAnEmail, notYesOrNo, unknownChoice
    case outOfRange, negative, tooLong, controlCharacter, dateTooEarly, dateInFuture, dateTooLate, implausibleBirthDate, onlyWith, requiredWith
    case periodReversed, notAFile, unreadableFile, valueRejected, notACode, ambiguous, ambiguousPlace, territoryGroupingKind, badRequestBody, bodyTooLarge
    case headerInvalid, idempotencyKeyMissing, idempotencyKeyReused, unknownReport, unknownBreakdown, unknownFormat
    case unknownLocale, nothingGiven, unknownField, notADateTime, notACursor, notAMonth, cannotWrite, scopeInvalid
    case noCarrierInTerritory, answerNotProposed, workbookToTerminal, periodOutsideAgreement, expiresInvalid, databaseURLSet
    case environmentNotSet, methodNotAllowed, requestRefused, auditCut, auditAltered, auditCheckpointLost, notACheckpoint, noHeadlessBrowser, shareTooLong, referralLinkTooLong, notAWebAddress
    // Records that do not exist (or are not visible)
    case notFound, mergedInto, unknownName, referenceNotFound, staffNotFound, noSuchRoute, postcodeNotCommune
    // The pathway (PathwayError)
    case phaseNotReachable, alreadyInPhase, phaseNotInProgramme, reworkNotBackward, journeyEnded, journeyPaused
    case journeyNotPaused, reasonRequired, changeInFuture, changeBeforeLastChange, versionConflict, capeRequired
    case juryDecisionRequired, referralRequired, activityRequired
    // Journeys and their content
    case programmeOfOtherOperator, alreadyInProgramme, journeyNotRunning, journeyNotExited, referralTransition, declineReasonNeeded
    case declineDetailsWithoutDecline, referralLinkClosed, referralLinkForeignForm, referralExpired, referralAnswered
    case referralAlreadyTakenOn, referralIntoOwnProgramme, juryNotInPitch, noPhaseBeforePitch
    case registrationPageClosed, registrationPageTooLong, registrationSessionClosed, registrationCommuneUnknown, registrationCommuneAmbiguous
    case registrationConsentNeeded, registrationContactNeeded, questionnaireLinkClosed, questionnaireLinkTooLong, signatureNeeded
    case questionnaireConsentNeeded, questionnaireNoExit, registrationTooMany
    case capePeriodTooLong, capeEndBeforeStart, capeTooManyRenewals, capeEnded, capeOverlap, capeBeforeJourney, capeEndOutside
    case capeNoContract, outsideCape, dateOutsideWindow, carrierNotInSession, sessionNotStarted, journeyNotOpenOnSessionDay
    case listedTwice, negativeMinutes, noJourneyInProgramme, attendanceTooLong, nothingDone, qualificationAtExitOnly
    case openingNotCorrectable, cancelAlone, onlyForExit, exitHasFollowUp, exitAfterFollowUp
    // History files (journey import)
    case historyMustOpen, historyAlreadyOpen, historyOpensInFirstPhase, historyEvidenceMisplaced, historyCohortChanged, historyAlreadyImported
    case attendanceNoOpenJourney, attendanceNotInCohort
    // Carriers
    case intakeDateBeforeContact, intakeOtherOperator, intakeNeedsLastName, intakeKnownPerson, intakePartnerOnlyRedirected, intakeDecided
    case intakeKnownContact, intakeKnownCarrier, intakeMergeSame, intakeMergeOtherOperator, intakeMergeDecided
    case dimensionNotInReport, tooManyCells, tooFewCells, refListedTwice, territoryOwnParent, territoryParentUnknown, unknownColumns, missingColumn, noSuchSheet, unknownEncoding, csvQuoteNotClosed, csvStrayQuote, notACommuneCode, notAQPVCode, unknownTerritoryCode, unknownQPV, zoningPeriod
    case probableDuplicate, knownPerson, duplicateInFile, mergeSameCarrier, mergeOtherOperator, mergeRunningJourneys, sensitiveWithoutConsent
    // Network, programmes, funding
    case territoryParentKind, phasesInvalid, noPhases, repeatedPhase, phasesOutOfOrder, staffNeedsOperator, staffFunderOnly, staffNeedsFunder, fundingNeedsScope
    case alreadyExists, tokenExpired, carrierErased
    // Who may do what
    case readOnlyRole, funderReadsAggregates, namesNotRequired, forbiddenChange, permissionDenied, coordinatorsOnly
    case administratorOnly, unauthenticated, tokenRequired, consoleOnly, shareUnknown, shareWithdrawn
    // The database itself
    case databaseUnavailable, databaseRule, databaseUnexpected, conflictRetry, importProblems
    // Setting up and reaching PostgreSQL
    case cannotRun, privilegedLogin, loginMakesTemporaryTables, consoleLoginServing, clusterNotAnswering, clusterSocketMissing, ownerConnectionNeeded
    case notMigrated, databaseTimeout, cannotConnect, olderCluster, postgresDidNotStop, initdbFailed, baseBackupFailed, postgresDidNotStart
    case systemUserMissing, homeUnreachable, lockFile, postgresNotInstalled, migrationNeedsOwner, migrationUnknown
    case migrationChanged, definitionFailed, databaseURL, mailSettingInvalid
}

extension RefusalCode {
    /// The API's spelling: snake_case (`not_a_date`).
    public var apiCode: String {
        var out = ""
        for character in rawValue {
            if character.isUppercase { out += "_" + character.lowercased() } else { out.append(character) }
        }
        return out
    }
}

extension PathwayError {
    /// The refusal of this change on journey `journey`.
    public func refusal(journey: JourneyID) -> Refusal {
        let id = journey.description
        switch self {
        case .notForward(let from, let to):
            return Refusal(.phaseNotReachable, field: "to", ["journey": id, "from": from.rawValue, "to": to.rawValue])
        case .alreadyInPhase(let phase):
            return Refusal(.alreadyInPhase, field: "to", ["journey": id, "phase": phase.rawValue])
        case .phaseNotInProgramme(let phase, let programme, let phases):
            return Refusal(.phaseNotInProgramme, field: "to", [
                "journey": id, "phase": phase.rawValue, "programme": programme, "phases": phases.map(\.rawValue).joined(separator: ", "),
            ])
        case .reworkNotBackward(let from, let to):
            return Refusal(.reworkNotBackward, field: "to", ["journey": id, "from": from.rawValue, "to": to.rawValue])
        case .ended(let outcome):
            return Refusal(.journeyEnded, ["journey": id, "outcome": outcome.rawValue])
        case .paused(let from):
            return Refusal(.journeyPaused, ["journey": id, "phase": from.rawValue])
        case .notPaused(let state):
            return Refusal(.journeyNotPaused, ["journey": id, "state": state.name])
        case .reasonRequired:
            return Refusal(.reasonRequired, field: "reason", ["journey": id])
        case .dateInFuture(let date, let today):
            return Refusal(.changeInFuture, field: "on", ["journey": id, "date": date.iso, "today": today.iso])
        case .dateBeforePreviousEvent(let date, let previous):
            return Refusal(.changeBeforeLastChange, field: "on", ["journey": id, "date": date.iso, "previous": previous.iso])
        case .versionConflict(let expected, let actual):
            return Refusal(.versionConflict, field: "expect_version", ["journey": id, "expected": "\(expected)", "actual": "\(actual)"])
        case .capeRequired:
            return Refusal(.capeRequired, ["journey": id])
        case .juryDecisionRequired:
            return Refusal(.juryDecisionRequired, ["journey": id])
        case .referralRequired(let target):
            return Refusal(.referralRequired, ["journey": id, "state": target.name])
        case .activityRequired:
            return Refusal(.activityRequired, fields: ["legal_form", "activity_date"], ["journey": id])
        }
    }
}

extension JourneyRefusal {
    public var refusal: Refusal { reason.refusal(journey: journeyID) }
}

extension CapeError {
    public func refusal(journey: JourneyID) -> Refusal {
        let id = journey.description
        switch self {
        case .periodTooLong(let start, let end, let latest):
            return Refusal(.capePeriodTooLong, field: "until", ["journey": id, "start": start.iso, "end": end.iso, "latest": latest.iso])
        case .endBeforeStart(let start, let end):
            return Refusal(.capeEndBeforeStart, field: "until", ["journey": id, "start": start.iso, "end": end.iso])
        case .tooManyRenewals(let count):
            return Refusal(.capeTooManyRenewals, ["journey": id, "count": "\(count)"])
        case .ended:
            return Refusal(.capeEnded, ["journey": id])
        case .overlap(let previousEnd):
            return Refusal(.capeOverlap, field: "from", ["journey": id, "end": previousEnd.iso])
        case .beforeJourney(let start, let opened):
            return Refusal(.capeBeforeJourney, field: "from", ["journey": id, "start": start.iso, "opened": opened.iso])
        case .endOutside(let date, let start, let end):
            return Refusal(.capeEndOutside, field: "on", ["journey": id, "date": date.iso, "start": start.iso, "end": end.iso])
        case .reasonRequired:
            return Refusal(.reasonRequired, field: "reason", ["journey": id])
        case .noContract:
            return Refusal(.capeNoContract, ["journey": id])
        }
    }
}

extension ProgrammeError {
    public var refusal: Refusal {
        switch self {
        case .unknownPhase(let name):
            Refusal(.unknownChoice, field: "phases", ["value": name, "expected": Phase.allCases.map(\.rawValue).joined(separator: ", ")])
        case .noPhases: Refusal(.noPhases, field: "phases")
        case .repeatedPhase(let phase): Refusal(.repeatedPhase, field: "phases", ["phase": phase.rawValue])
        case .outOfOrder(let earlier, let later):
            Refusal(.phasesOutOfOrder, field: "phases", ["earlier": earlier.rawValue, "later": later.rawValue])
        }
    }
}

extension FieldLimit {
    /// The refusal of a text typed into `field`, if it cannot be stored.
    public static func refusal(with value: String, maximum: Int, field: String) -> Refusal? {
        if value.unicodeScalars.contains(where: { $0.value == 0 || ($0.properties.generalCategory == .control && !["\t", "\n", "\r"].contains($0)) }) {
            return Refusal(.controlCharacter, field: field)
        }
        if value.count > maximum { return Refusal(.tooLong, field: field, ["maximum": "\(maximum)"]) }
        return nil
    }

    /// The refusal of a date typed into `field`, if it is not plausible.
    public static func refusal(with date: LocalDate, notAfter latest: LocalDate? = nil, field: String) -> Refusal? {
        if date < earliestDate { return Refusal(.dateTooEarly, field: field, ["date": date.iso]) }
        if let latest, date > latest { return Refusal(.dateInFuture, field: field, ["date": date.iso, "today": latest.iso]) }
        return nil
    }
}
