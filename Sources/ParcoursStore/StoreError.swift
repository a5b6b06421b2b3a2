import Logging
import ParcoursCore
import PostgresNIO

/// Every failure that crosses the store boundary, as a typed refusal (a code, the fields, the
/// values) that each edge words in the user's language; database detail goes to the log, never
/// to the user.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Bad input: a value that cannot be right (names the field).
    case invalid(Refusal)
    /// Not found — or not visible to the acting staff member (row-level security says the same).
    case notFound(Refusal)
    /// A rule of the field refused the action.
    case refused(Refusal)
    /// Someone else changed the record meanwhile: reload and retry.
    case conflict(Refusal)
    /// The acting staff member may not do this.
    case forbidden(Refusal)
    /// Nobody to act as: an unknown e-mail, an unknown, revoked or expired token.
    case unauthenticated(Refusal)
    /// Something with that name or key already exists.
    case duplicate(Refusal)
    /// The database cannot be reached or started.
    case unavailable(Refusal)
    /// An unexpected database error (logged in full).
    case database(Refusal)

    public var refusal: Refusal {
        switch self {
        case .invalid(let r), .notFound(let r), .refused(let r), .conflict(let r), .forbidden(let r), .unauthenticated(let r),
            .duplicate(let r), .unavailable(let r), .database(let r):
            r
        }
    }

    public var description: String { refusal.description }

    /// `record` (carrier, journey, session…) number `id` does not exist or is not visible.
    public static func notFound(_ record: String, _ id: some CustomStringConvertible, field: String? = nil) -> StoreError {
        .notFound(Refusal(.notFound, field: field, ["record": record, "id": id.description]))
    }

    /// The database could not be reached or started; `detail` is the system's own words (a log tail).
    public static func unavailable(detail: String) -> StoreError {
        .unavailable(Refusal(.databaseUnavailable, ["detail": detail]))
    }

    /// A row the store decodes has a shape it does not expect: a bug, logged.
    static func unexpected(_ what: String) -> StoreError {
        .database(Refusal(.databaseUnexpected, ["detail": what]))
    }

    init(_ refusal: JourneyRefusal) {
        self = refusal.isConflict ? .conflict(refusal.refusal) : .refused(refusal.refusal)
    }

    /// Maps a PostgreSQL error to what the user needs to know; logs the full error.
    static func from(_ error: PSQLError, logger: Logger) -> StoreError {
        guard error.serverInfo != nil else {
            // A client-side failure: the connection broke or could not be made.
            logger.warning("database connection failed", metadata: ["error": "\(String(reflecting: error))"])
            return .unavailable(Refusal(.databaseUnavailable))
        }
        let sqlState = error.serverInfo?[.sqlState] ?? ""
        let message = error.serverInfo?[.message] ?? ""
        let constraint = error.serverInfo?[.constraintName] ?? ""
        // NB: the SQL rules word their refusals in English; they are a safety net behind the
        // application's own checks, so their sentence is quoted as the detail.
        let detail = ["detail": message]
        // A rule that names its refusal in DETAIL (sql/0013 on) gives the API its code.
        let named = (error.serverInfo?[.detail]).flatMap { code in RefusalCode.allCases.first { $0.apiCode == code } }
        if let named, ["PA001", "PA401", "PA404"].contains(sqlState) {
            switch sqlState {
            case "PA404": return .notFound(Refusal(named, detail))
            case "PA401": return .unauthenticated(Refusal(named, detail))
            default: return .refused(Refusal(named, detail))
            }
        }
        switch sqlState {
        case "PA409":
            return .conflict(Refusal(.conflictRetry, detail))
        case "PA001":
            return .refused(Refusal(.databaseRule, detail))
        case "PA401":
            return .unauthenticated(Refusal(.unauthenticated, detail))
        case "PA403":
            return .forbidden(Refusal(.permissionDenied, detail))
        case "PA404":
            // The SQL functions say "<record> <id> not found".
            let words = message.split(separator: " ")
            if words.count == 4, words[2...] == ["not", "found"], let id = Int64(words[1]) { return .notFound(String(words[0]), id) }
            return .notFound(Refusal(.databaseRule, detail))
        case "42501" where message.hasPrefix("permission denied"):
            // A privilege the login lacks: e.g. a login used without its identity, or a revoked column.
            logger.warning("permission denied", metadata: ["error": "\(String(reflecting: error))"])
            return .forbidden(Refusal(.permissionDenied))
        case "42501":
            // Includes "new row violates row-level security policy for table …".
            let table = error.serverInfo?[.tableName] ?? message.split(separator: "\"").dropFirst().first.map(String.init) ?? ""
            return .forbidden(Refusal(.forbiddenChange, ["record": table]))
        case "23505":
            if constraint == "journey_event_seq_key" { return .conflict(Refusal(.conflictRetry)) }
            return .duplicate(Refusal(.alreadyExists, field: duplicateFields[constraint], ["constraint": constraint]))
        case "23503":
            return .notFound(Refusal(.referenceNotFound, ["constraint": constraint]))
        case "22021", "22P05", "54000":
            // A NUL byte or an unencodable character in a text, an index row too large: bad input.
            logger.info("value rejected by the database", metadata: ["error": "\(String(reflecting: error))"])
            return .invalid(Refusal(.controlCharacter))
        case "23514", "23502", "22007", "22008", "22P02", "22001", "22003":
            if let field = limitedField(constraint) { return .invalid(Refusal(.valueRejected, field: field)) }
            if let known = checkRefusals[constraint] { return .invalid(known) }
            return .invalid(Refusal(.valueRejected, ["constraint": constraint.isEmpty ? message : constraint]))
        case "57P01", "57P03", "08006", "08001", "08004":
            return .unavailable(Refusal(.databaseUnavailable, detail))
        default:
            logger.error("unexpected database error", metadata: ["error": "\(String(reflecting: error))"])
            return .database(Refusal(.databaseUnexpected, ["detail": sqlState.isEmpty ? "no connection" : sqlState]))
        }
    }

    /// The column a `<table>_<column>_limit` constraint of sql/0010 guards.
    private static func limitedField(_ constraint: String) -> String? {
        guard constraint.hasSuffix("_limit") else { return nil }
        let tables = ["carrier_profile", "journey_event", "jury_decision", "follow_up", "cape_contract", "cape_period", "api_token",
                      "carrier", "referral", "staff", "operator", "programme", "cohort", "territory", "partner", "funder", "funding",
                      "session", "activity", "journey"]
        let stem = constraint.dropLast("_limit".count)
        guard let table = tables.first(where: { stem.hasPrefix($0 + "_") }) else { return nil }
        return String(stem.dropFirst(table.count + 1))
    }

    /// The field a unique constraint concerns.
    private static let duplicateFields: [String: String] = [
        "operator_name_key": "name", "territory_code_key": "code", "staff_email_key": "email", "programme_name_key": "name",
        "cohort_name_key": "name", "carrier_external_ref_key": "ref", "operator_territory_pkey": "territory",
        "funder_name_key": "name", "funding_code_key": "code",
    ]

    private static let checkRefusals: [String: Refusal] = [
        "staff_operator_bound": Refusal(.staffNeedsOperator, field: "operator"),
        "staff_email_check": Refusal(.notAnEmail, field: "email"),
        "territory_region_is_root": Refusal(.territoryParentKind, field: "parent", ["kind": "region", "parent": "-"]),
        "programme_phases_check": Refusal(.phasesInvalid, field: "phases"),
        "funding_code_check": Refusal(.notACode, field: "code"),
        "funding_dates_ordered": Refusal(.periodReversed, field: "to"),
        "funding_budget_check": Refusal(.negative, field: "budget", ["value": "-"]),
        "funding_share_percent_check": Refusal(.outOfRange, field: "share", ["value": "-", "minimum": "0", "maximum": "100"]),
    ]
}
