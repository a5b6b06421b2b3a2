import Foundation
import HTTPTypes
import Hummingbird
import ParcoursApp
import ParcoursCore
import ParcoursReports
import ParcoursStore

// The personal data lifecycle over HTTP: erasure, subject access, consent withdrawal, retention and
// the audit log — the same store methods as the CLI, for coordinators and the administrator.

extension ParcoursServer {
    var personalDataRoutes: [Route] {
        return [
            Route(.get, "/carriers/{id}/personal-data") { _, context in
                let id = try context.id(CarrierID.self)
                let document = try await read(context) { try await $0.personalData(of: id) }
                return Response(
                    status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: document)))
            },
            Route(.get, "/retention") { request, context in
                let years = try Query(request).int("years", in: 1...50) ?? Defaults.retentionYears
                let (due, intakes) = try await read(context) { tx in
                    (try await tx.retentionDue(years: years), try await tx.retentionIntakesDue(years: years))
                }
                return .json(.retention(due, intakes: intakes, answersDropped: 0, dryRun: true))
            },
            Route(.get, "/audit") { request, context in
                let query = try Query(request)
                let carrier = try query.id("carrier_id", as: CarrierID.self)
                let since = try Body.optionalDate(query.text("since"), "since")
                let staff = query.text("staff")
                let entries = try await read(context) { try await $0.auditEntries(carrier: carrier, staffEmail: staff, since: since) }
                return .json(.object(["items": .array(entries.map(JSONValue.of))]))
            },
            Route(.get, "/audit/verify") { request, context in
                // A checkpoint an audit pack gave, as `audit verify --checkpoint` takes it.
                let kept = try Query(request).text("checkpoint").map(AuditCheckpoint.parsing)
                let (checked, broken, holds) = try await read(context) { tx in
                    let (checked, broken) = try await tx.verifyAudit()
                    return (checked, broken, try await kept.asyncMap { try await tx.auditCheckpointHolds($0) })
                }
                return .json(.object([
                    "checked": .int(checked), "intact": .bool(broken == nil), "first_broken": broken.map { .int(Int($0)) } ?? .null,
                    "checkpoint_holds": holds.map(JSONValue.bool) ?? .null,
                ]))
            },
        ]
    }
}
