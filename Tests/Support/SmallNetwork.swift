import Foundation
import ParcoursCore
import ParcoursStore
import PostgresNIO

/// Two operators with their staff and a May'IdESS-shaped programme each, plus a network reader.
public struct SmallNetwork: Sendable {
    public var apess: OperatorID
    public var ronalpia: OperatorID
    public var mayIdESS: Programme
    public var outille: Programme
    public static let apessCounsellor = Acting.staff(email: "claire@apess53.fr")
    public static let ronalpiaCoordinator = Acting.staff(email: "marc@ronalpia.fr")
    public static let network = Acting.staff(email: "eval@reseau-ess.fr")

    public static func seed(_ store: Store) async throws -> SmallNetwork {
        try await store.transaction(as: .administrator) { tx in
            let apess = try await tx.addOperator(name: "APESS 53")
            let ronalpia = try await tx.addOperator(name: "Ronalpia")
            _ = try await tx.addStaff(email: "claire@apess53.fr", displayName: "Claire", role: .counsellor, operatorID: apess)
            _ = try await tx.addStaff(email: "marc@ronalpia.fr", displayName: "Marc", role: .coordinator, operatorID: ronalpia)
            _ = try await tx.addStaff(email: "eval@reseau-ess.fr", displayName: "Évaluation", role: .network, operatorID: nil)
            return SmallNetwork(
                apess: apess, ronalpia: ronalpia,
                mayIdESS: try await tx.addProgramme(name: "May'IdESS", operatorID: apess, phases: ["idea", "modules", "pitch", "orientation"]),
                outille: try await tx.addProgramme(name: "Outille ton projet", operatorID: ronalpia, phases: ["idea", "workshops", "orientation"]))
        }
    }

    /// Opens a journey 30 days ago, moves it to `pitch` 10 days ago, records the jury's go and a
    /// referral: it may then leave `pitch` forward (orientation) or back (rework).
    public static func journeyInPitch(carrier: CarrierID, programme: Programme, tx: Transaction) async throws -> JourneyID {
        let journey = try await tx.openJourney(carrier: carrier, programme: programme, cohort: nil, on: tx.today.adding(days: -30))
        let id = try await tx.change(journey: journey.id, .advance(to: .pitch), on: tx.today.adding(days: -10), reason: nil, expectedVersion: nil).id
        _ = try await tx.decideJury(journey: id, decision: .go, on: tx.today.adding(days: -9), note: "projet solide")
        var partner = try await tx.partners().first?.id
        if partner == nil {
            partner = try await tx.addPartner(name: "Coopérer pour Entreprendre", kind: .cae, contact: "contact@cpe.example", operatorID: nil, territories: [])
        }
        _ = try await tx.addReferral(
            journey: id, partner: try await tx.partners(id: partner!)[0], reason: "test en CAE", consentToShare: false, on: tx.today.adding(days: -9))
        return id
    }

    public func addCarrier(_ store: Store, to operatorID: OperatorID, name: String = "Ana") async throws -> CarrierID {
        try await store.transaction(as: .administrator) { tx in
            try await tx.addCarrier(NewCarrier(operatorID: operatorID, firstName: name, lastName: "Martin"))!
        }
    }
}

extension Transaction {
    /// Runs raw SQL inside a savepoint and returns the server's message if PostgreSQL refuses it.
    public func refusal(_ sql: PostgresQuery) async throws -> String? {
        try await connection.query("SAVEPOINT probe", logger: logger)
        do {
            // Read to the end: an error raised while the statement runs comes with its rows.
            _ = try await connection.query(sql, logger: logger).collect()
            try await connection.query("RELEASE SAVEPOINT probe", logger: logger)
            return nil
        } catch let error as PSQLError {
            try await connection.query("ROLLBACK TO SAVEPOINT probe", logger: logger)
            return error.serverInfo?[.message] ?? "\(error.code)"
        }
    }

    public func count(_ sql: PostgresQuery) async throws -> Int {
        try await connection.query(sql, logger: logger).collect().first!.decode(Int.self)
    }
}
