import Foundation
import ParcoursCore
import PostgresNIO

/// What a share link lets its holder see: the pages of one scope, public (masked) or not.
public struct DashboardShareGrant: Sendable, Hashable {
    public var id: Int64
    public var scope: DashboardScope
    public var isPublic: Bool

    public init(id: Int64, scope: DashboardScope, isPublic: Bool) {
        self.id = id
        self.scope = scope
        self.isPublic = isPublic
    }
}

/// A share link as its maker (or a coordinator, the administrator) lists it; never its secret.
public struct DashboardShareListing: Sendable, Hashable {
    public var id: Int64
    public var staffEmail: String
    public var scope: DashboardScope
    /// The operator's name, the territory's name and code; empty for the network.
    public var scopeName: String
    public var isPublic: Bool
    public var label: String?
    public var createdAt: Date
    public var expiresAt: Date
    public var revokedAt: Date?

    public func isActive(at now: Date) -> Bool { revokedAt == nil && expiresAt > now }
}

/// A share link's secret: `psh_` and 43 characters of base64url randomness (256 bits), kept
/// only as its SHA-256, like a bearer token.
public enum ShareSecret {
    public static func generate() -> String { "psh_" + BearerToken.generate().dropFirst(4) }

    /// The longest a link may live (sql/0018 checks it too).
    public static let maximumDays = 366
}

extension Transaction {
    /// Makes a link to the pages of `scope` as they are for the acting staff member, until
    /// `expiresAt`; recorded in the audit log. Returns its id and its secret (shown once).
    public func shareDashboard(scope: DashboardScope, isPublic: Bool, expiresAt: Date, label: String?) async throws -> (id: Int64, secret: String) {
        try checkLinkExpiry(expiresAt, maximumDays: ShareSecret.maximumDays, tooLong: .shareTooLong)
        if let label, let refusal = FieldLimit.refusal(with: label, maximum: 200, field: "label") { throw StoreError.invalid(refusal) }
        // The pages must exist for the maker: an empty territory or an unseen operator is refused now, not on opening.
        _ = try await dashboardPages(networkTitle: "", scope: scope)
        let secret = ShareSecret.generate()
        let (kind, scopeID) = scope.stored
        let id = try await rows(
            """
            SELECT parcours_share_dashboard(\(Data(BearerToken.digest(secret)))::bytea, \(kind), \(scopeID)::bigint, \(isPublic),
                                            \(expiresAt)::timestamptz, \(label)::text, \(channel.rawValue))
            """
        ).first!.decode(Int64.self)
        return (id, secret)
    }

    /// The links the caller may see: their own; their operator's for a coordinator; all for the administrator and the network.
    public func dashboardShares() async throws -> [DashboardShareListing] {
        try await rows(
            """
            SELECT d.id, coalesce(parcours_staff_email(d.staff_id), '-'), d.scope_kind, d.scope_id,
                   coalesce(o.name, t.name || ' (' || t.code || ')', ''), d.public, d.label, d.created_at, d.expires_at, d.revoked_at
            FROM dashboard_share AS d
            LEFT JOIN operator AS o ON d.scope_kind = 'operator' AND o.id = d.scope_id
            LEFT JOIN territory AS t ON d.scope_kind = 'territory' AND t.id = d.scope_id
            ORDER BY d.id
            """
        ).map { row in
            let (id, email, kind, scopeID, scopeName, isPublic, label, created, expires, revoked) =
                try row.decode((Int64, String, String, Int64?, String, Bool, String?, Date, Date, Date?).self)
            guard let scope = DashboardScope(kind: kind, id: scopeID) else { throw StoreError.unexpected("dashboard_share \(id): scope \(kind)") }
            return DashboardShareListing(
                id: id, staffEmail: email, scope: scope, scopeName: scopeName, isPublic: isPublic, label: label, createdAt: created, expiresAt: expires, revokedAt: revoked)
        }
    }

    /// Withdraws a link for good; recorded in the audit log.
    public func unshareDashboard(_ id: Int64) async throws {
        try await query("SELECT parcours_unshare_dashboard(\(id), \(channel.rawValue))")
    }
}

extension Transaction {
    /// A personal link's expiry — a share, a partner's link, a registration page, a questionnaire:
    /// ahead, and at most `maximumDays` away (`tooLong` says so with the kind's own words).
    func checkLinkExpiry(_ expiresAt: Date, maximumDays: Int, tooLong: RefusalCode) throws {
        guard expiresAt > now else { throw StoreError.invalid(Refusal(.tokenExpired, field: "expires")) }
        guard expiresAt <= now.addingTimeInterval(Double(maximumDays) * 86_400) else {
            throw StoreError.invalid(Refusal(tooLong, field: "expires", ["days": "\(maximumDays)"]))
        }
    }
}
