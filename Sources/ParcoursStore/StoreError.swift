import Logging
import ParcoursCore
import PostgresNIO

/// Every failure that crosses the store boundary, worded for a counsellor; database detail goes
/// to the log, never to the user.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Bad input: a value that cannot be right (names the field).
    case invalid(String)
    /// Not found — or not visible to the acting staff member (row-level security says the same).
    case notFound(String)
    /// A rule of the field refused the action.
    case refused(String)
    /// Someone else changed the record meanwhile: reload and retry.
    case conflict(String)
    /// The acting staff member may not do this.
    case forbidden(String)
    /// Nobody to act as: an unknown e-mail, an unknown, revoked or expired token.
    case unauthenticated(String)
    /// Something with that name or key already exists.
    case duplicate(String)
    /// The database cannot be reached or started.
    case unavailable(String)
    /// An unexpected database error (logged in full).
    case database(String)

    public var description: String {
        switch self {
        case .invalid(let m), .notFound(let m), .refused(let m), .conflict(let m), .forbidden(let m), .unauthenticated(let m),
            .duplicate(let m), .unavailable(let m), .database(let m):
            m
        }
    }

    init(_ refusal: JourneyRefusal) {
        self = refusal.isConflict ? .conflict(refusal.description) : .refused(refusal.description)
    }

    /// Maps a PostgreSQL error to what the user needs to know; logs the full error.
    static func from(_ error: PSQLError, logger: Logger) -> StoreError {
        guard error.serverInfo != nil else {
            // A client-side failure: the connection broke or could not be made.
            logger.warning("database connection failed", metadata: ["error": "\(String(reflecting: error))"])
            return .unavailable("the database is not available; retry shortly")
        }
        let sqlState = error.serverInfo?[.sqlState] ?? ""
        let message = error.serverInfo?[.message] ?? ""
        let constraint = error.serverInfo?[.constraintName] ?? ""
        switch sqlState {
        case "PA409":
            return .conflict(message)
        case "PA001":
            return .refused(message)
        case "PA401":
            return .unauthenticated(message)
        case "PA403":
            return .forbidden(message)
        case "PA404":
            return .notFound(message)
        case "42501" where message.hasPrefix("permission denied"):
            // A privilege the login lacks: e.g. a login used without its identity, or a revoked column.
            logger.warning("permission denied", metadata: ["error": "\(String(reflecting: error))"])
            return .forbidden("the database refused this to your login (permission denied)")
        case "42501":
            // Includes "new row violates row-level security policy for table …".
            let table = error.serverInfo?[.tableName] ?? message.split(separator: "\"").dropFirst().first.map(String.init) ?? "this record"
            return .forbidden("you may not change \(table) records of another operator (or with your role)")
        case "23505":
            if constraint == "journey_event_seq_key" {
                return .conflict("the journey was changed by someone else meanwhile; reload it and try again")
            }
            return .duplicate(duplicateMessages[constraint] ?? "this record already exists (\(constraint))")
        case "23503":
            return .notFound("a referenced record does not exist or is not visible to you (\(constraint))")
        case "22021", "22P05", "54000":
            // A NUL byte or an unencodable character in a text, an index row too large: bad input.
            logger.info("value rejected by the database", metadata: ["error": "\(String(reflecting: error))"])
            return .invalid("a value contains a character or a length the database does not accept (NUL byte, oversized text)")
        case "23514", "23502", "22007", "22008", "22P02", "22001", "22003":
            if let field = limitedField(constraint) {
                return .invalid("\(field): too long, or a date before 1900")
            }
            return .invalid(constraint.isEmpty ? message : (checkMessages[constraint] ?? "value rejected by rule \(constraint)"))
        case "57P01", "57P03", "08006", "08001", "08004":
            return .unavailable("the database is not available: \(message)")
        default:
            logger.error("unexpected database error", metadata: ["error": "\(String(reflecting: error))"])
            return .database("unexpected database error (\(sqlState.isEmpty ? "no connection" : sqlState)); see the log")
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

    private static let duplicateMessages: [String: String] = [
        "operator_name_key": "an operator with this name already exists",
        "territory_code_key": "a territory with this code already exists",
        "staff_email_key": "a staff member with this e-mail already exists",
        "programme_name_key": "this operator already has a programme with this name",
        "cohort_name_key": "this programme already has a cohort with this name",
        "carrier_external_ref_key": "this operator already has a carrier with this reference",
        "operator_territory_pkey": "the operator already covers this territory",
        "funder_name_key": "a funder with this name already exists",
        "funding_code_key": "a funding agreement with this code already exists",
    ]

    private static let checkMessages: [String: String] = [
        "staff_operator_bound": "counsellors and coordinators belong to an operator (--operator)",
        "staff_email_check": "--email: not an e-mail address",
        "territory_region_is_root": "a region has no parent territory",
        "programme_phases_check": "--phases: phases must be known and in the pathway's order",
        "funding_code_check": "--code: letters, digits, '.', '_', '/' or '-' only",
        "funding_dates_ordered": "--to: the agreement ends before it starts",
        "funding_budget_check": "--budget: must not be negative",
        "funding_share_percent_check": "--share: a percentage above 0 and at most 100",
    ]
}
