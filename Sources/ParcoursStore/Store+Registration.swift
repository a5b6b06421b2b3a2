import Foundation
import ParcoursCore
import PostgresNIO

/// An operator's registration page for its information meetings: `pri_` and 43 characters of
/// base64url randomness (256 bits), kept only as its SHA-256; it shows the operator's next meetings
/// and adds first contacts, nothing else (sql/0041).
public enum RegistrationPageSecret {
    public static func generate() -> String { "pri_" + BearerToken.generate().dropFirst(4) }

    /// A page goes on leaflets and websites: six months unless told, 400 days at most.
    public static let defaultDays = 183
    public static let maximumDays = 400
}

/// What a registration page shows: the operator and its next information meetings.
public struct RegistrationPageView: Sendable, Hashable {
    public enum State: String, Sendable { case open, expired, revoked }

    public struct Meeting: Sendable, Hashable {
        public var sessionID: SessionID
        public var title: String
        public var startsAt: Date
        public var minutes: Int
    }

    public var pageID: Int64
    public var state: State
    public var operatorName: String
    public var expiresAt: Date
    /// The information meetings of the next 120 days, soonest first (none once the page is closed).
    public var meetings: [Meeting]
}

/// A registration as the page's form gives it, checked by `intake add`'s parser.
public struct Registration: Sendable, Hashable {
    public var firstName: String
    public var lastName: String
    public var email: String?
    public var phone: String?
    public var commune: String?
    public var prescriber: Prescriber
    public var session: SessionID?

    public init(firstName: String, lastName: String, email: String?, phone: String?, commune: String?, prescriber: Prescriber, session: SessionID?) {
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.phone = phone
        self.commune = commune
        self.prescriber = prescriber
        self.session = session
    }
}

extension Transaction {
    /// Publishes a registration page for `operatorID`'s information meetings until `expiresAt`;
    /// audited. Returns its id and its secret (shown once, never stored).
    public func publishRegistrationPage(for operatorID: OperatorID, expiresAt: Date) async throws -> (id: Int64, secret: String) {
        try requireWriter()
        try checkLinkExpiry(expiresAt, maximumDays: RegistrationPageSecret.maximumDays, tooLong: .registrationPageTooLong)
        let secret = RegistrationPageSecret.generate()
        let page = try await rows(
            """
            SELECT parcours_publish_registration(\(Data(BearerToken.digest(secret)))::bytea, \(operatorID.rawValue)::bigint,
                                                 \(expiresAt)::timestamptz, \(channel.rawValue))
            """
        ).first!.decode(Int64.self)
        return (page, secret)
    }

    /// When the person of first contact `id` registered from a page (and agreed to be contacted), if they did.
    public func registration(of id: IntakeID) async throws -> Date? {
        try await rows("SELECT consent_at FROM intake WHERE id = \(id.rawValue) AND registration_page_id IS NOT NULL").first?.decode(Date.self)
    }

    /// Withdraws a registration page at once: its publisher, a coordinator of its operator or the administrator; audited.
    public func withdrawRegistrationPage(_ id: Int64) async throws {
        try await query("SELECT parcours_withdraw_registration(\(id)::bigint, \(channel.rawValue))")
    }
}

extension Store {
    /// The page a registration secret opens, or nil for a secret nobody made. No identity: the
    /// secret is the capability, and the database answers for that one page only.
    public func registrationPage(_ secret: String) async throws -> RegistrationPageView? {
        guard secret.hasPrefix("pri_"), secret.count < 100 else { return nil }
        return try await withLoginConnection { connection in
            var view: RegistrationPageView?
            for try await row in try await connection.query(
                """
                SELECT page_id, page_state, operator_name, expires_at, session_id, session_title, session_starts_at, session_minutes
                FROM parcours_registration_by_page(\(Data(BearerToken.digest(secret)))::bytea)
                """, logger: logger
            ) {
                let (page, state, operatorName, expiresAt, session, title, startsAt, minutes) =
                    try row.decode((Int64, String, String, Date, Int64?, String?, Date?, Int?).self)
                if view == nil {
                    view = RegistrationPageView(
                        pageID: page, state: RegistrationPageView.State(rawValue: state) ?? .revoked, operatorName: operatorName,
                        expiresAt: expiresAt, meetings: [])
                }
                if let session, let title, let startsAt, let minutes {
                    view?.meetings.append(.init(sessionID: SessionID(session), title: title, startsAt: startsAt, minutes: minutes))
                }
            }
            return view
        }
    }

    /// Records a registration from page `secret` as a first contact of its operator, in the name of
    /// the page's publisher (the database refuses a page not open). Returns the first contact's id.
    public func register(_ registration: Registration, onPage secret: String) async throws -> IntakeID {
        let today = self.today
        do {
            return try await withLoginConnection { connection in
                IntakeID(try await connection.query(
                    """
                    SELECT parcours_register_by_page(\(Data(BearerToken.digest(secret)))::bytea, \(registration.firstName), \(registration.lastName),
                                                     \(registration.email), \(registration.phone), \(registration.commune),
                                                     \(registration.prescriber.rawValue), \(registration.session?.rawValue)::bigint,
                                                     \(today.iso)::date)
                    """, logger: logger
                ).collect().first!.decode(Int64.self))
            }
        } catch let error as StoreError where [.registrationCommuneUnknown, .registrationCommuneAmbiguous].contains(error.refusal.code) {
            // The database names the refusal; the page quotes what was typed, on its field.
            throw StoreError.invalid(Refusal(error.refusal.code, field: "commune", ["value": registration.commune ?? ""]))
        }
    }
}
