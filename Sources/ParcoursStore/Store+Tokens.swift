import Crypto
import Foundation
import ParcoursCore
import PostgresNIO

public struct TokenListing: Sendable, Hashable {
    public var id: Int64
    public var staffEmail: String
    public var label: String?
    public var createdAt: Date
    public var expiresAt: Date?
    public var revokedAt: Date?
}

/// A bearer token: `pcs_` and 43 characters of base64url randomness (256 bits).
public enum BearerToken {
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return "pcs_" + Data(bytes).base64URLEncoded
    }

    /// What the database keeps of a token.
    public static func digest(_ token: String) -> [UInt8] { Array(SHA256.hash(data: Data(token.utf8))) }
}

extension Transaction {
    /// Issues a token for a staff member; returns it (shown once) and its id.
    public func createToken(staffEmail: String, expiresAt: Date?, label: String?) async throws -> (id: Int64, token: String) {
        guard let staff = try await rows("SELECT id FROM staff WHERE lower(email) = lower(\(staffEmail)) AND active").first else {
            throw StoreError.notFound(Refusal(.staffNotFound, field: "staff", ["email": staffEmail]))
        }
        if let expiresAt, expiresAt <= Date() { throw StoreError.invalid(Refusal(.tokenExpired, field: "expires")) }
        let token = BearerToken.generate()
        let id = try await rows(
            """
            INSERT INTO api_token (staff_id, token_sha256, label, expires_at)
            VALUES (\(try staff.decode(Int64.self)), \(Data(BearerToken.digest(token)))::bytea, \(label), \(expiresAt))
            RETURNING id
            """
        ).first!.decode(Int64.self)
        return (id, token)
    }

    public func tokens() async throws -> [TokenListing] {
        try await rows(
            """
            SELECT t.id, s.email, t.label, t.created_at, t.expires_at, t.revoked_at
            FROM api_token AS t JOIN staff AS s ON s.id = t.staff_id
            ORDER BY t.id
            """
        ).map { row in
            let (id, email, label, created, expires, revoked) = try row.decode((Int64, String, String?, Date, Date?, Date?).self)
            return TokenListing(id: id, staffEmail: email, label: label, createdAt: created, expiresAt: expires, revokedAt: revoked)
        }
    }

    public func revokeToken(_ id: Int64) async throws {
        let revoked = try await rows("UPDATE api_token SET revoked_at = coalesce(revoked_at, now()) WHERE id = \(id) RETURNING id")
        guard !revoked.isEmpty else { throw StoreError.notFound("token", id) }
    }

    // MARK: Idempotent requests

    /// Serialises the requests that share a key: a concurrent retry waits for the first to commit
    /// (or fail), then finds its answer instead of acting a second time.
    public func lockIdempotencyKey(_ key: String) async throws {
        try await query("SELECT pg_advisory_xact_lock(hashtextextended(\(key), \(acting.id.rawValue)))")
    }

    /// The response kept for this key, if the same request was answered before; a different
    /// request under the same key is refused.
    public func storedResponse(key: String, request: [UInt8]) async throws -> (status: Int, body: String)? {
        guard let row = try await rows(
            """
            SELECT request_sha256, status, response FROM api_idempotency
            WHERE staff_id = \(acting.id.rawValue) AND idempotency_key = \(Self.keptKey(key))
            """
        ).first else { return nil }
        let (hash, status, body) = try row.decode((Data, Int, String).self)
        guard Array(hash) == request else {
            throw StoreError.invalid(Refusal(.idempotencyKeyReused, field: "Idempotency-Key"))
        }
        // The person it was about was erased since: the answer is gone, and the change is not made again.
        if status == 410, body.isEmpty { throw StoreError.refused(Refusal(.carrierErased)) }
        return (status, body)
    }

    /// A key is the client's text, which may quote anything (a person's name): only its SHA-256 is kept.
    static func keptKey(_ key: String) -> String {
        SHA256.hash(data: Data(key.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Keeps a response under its key, in the transaction that made the change.
    ///
    /// - Parameter people: the carriers the answer is about, besides those the transaction audited:
    ///   erasing any of them turns the answer into a tombstone (sql/0024).
    public func storeResponse(key: String, request: [UInt8], status: Int, body: String, people: Set<CarrierID> = []) async throws {
        let concerned = people.union(peopleConcerned).map(\.rawValue).sorted()
        try await query(
            """
            INSERT INTO api_idempotency (staff_id, idempotency_key, request_sha256, status, response, carrier_ids)
            VALUES (\(acting.id.rawValue), \(Self.keptKey(key)), \(Data(request))::bytea, \(status), \(body), \(concerned)::bigint[])
            """)
    }
}
