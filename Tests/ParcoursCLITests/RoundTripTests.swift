import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParcoursCore
import ParcoursServer
import ParcoursStore
import ParcoursTestSupport
import Testing

/// What one HTTP request costs the database, counted in statements sent (each a round trip):
/// the service's own router, in process, over the test cluster.
@Suite("Requests in few round trips")
struct RoundTripTests {
    /// The statements `body` sends to PostgreSQL.
    static func statements(_ body: () async throws -> Void) async throws -> Int {
        let count = StatementCount()
        try await StatementCount.$current.withValue(count) { try await body() }
        return count.value
    }

    @Test("a read is its transaction, the token check and one statement (its audit entry inside); a journey's change writes the event and its entry in one, and never reads the journey again")
    func countedRoundTrips() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            let carrier = try await network.addCarrier(store, to: network.apess)
            let (journey, token) = try await store.transaction(as: .administrator) { tx in
                let journey = try await tx.openJourney(carrier: carrier, programme: network.mayIdESS, cohort: nil, on: tx.today.adding(days: -5))
                return (journey.id, try await tx.createToken(staffEmail: "claire@apess53.fr", expiresAt: nil, label: "test").token)
            }
            let app = Application(router: ParcoursServer(store: store, language: .fr, logger: TestDatabase.logger).buildRouter(), logger: TestDatabase.logger)
            try await app.test(.router) { client in
                let bearer: HTTPFields = [.authorization: "Bearer \(token)"]
                var status = HTTPResponse.Status.ok
                // BEGIN, the token check, the journey with its audit entry, COMMIT.
                let read = try await Self.statements {
                    status = try await client.execute(uri: "/journeys/\(journey)", method: .get, headers: bearer).status
                }
                #expect(status == .ok)
                #expect(read == 4, "GET /journeys/{id}: \(read) statements")
                let list = try await Self.statements {
                    status = try await client.execute(uri: "/carriers?limit=10", method: .get, headers: bearer).status
                }
                #expect(status == .ok)
                #expect(list == 4, "GET /carriers: \(list) statements")

                // BEGIN, the token check, the key's lock, its stored answer, the journey locked with what
                // the answer names, the event with its audit entry, the answer kept, COMMIT.
                var body = ""
                let change = try await Self.statements {
                    var headers = bearer
                    headers[HTTPField.Name("Idempotency-Key")!] = "advance-\(journey)"
                    headers[.contentType] = "application/json"
                    let response = try await client.execute(
                        uri: "/journeys/\(journey)/advance", method: .post, headers: headers, body: ByteBuffer(string: #"{"to": "modules"}"#))
                    status = response.status
                    body = String(buffer: response.body)
                }
                #expect(status == .ok, "\(body)")
                #expect(change == 8, "POST /journeys/{id}/advance: \(change) statements")
                // The answer built without a second read says what a read says.
                let reread = try await client.execute(uri: "/journeys/\(journey)", method: .get, headers: bearer)
                #expect(String(buffer: reread.body) == body)
            }
            // Each of the three requests left its audit entry for the person.
            let entries = try await store.transaction(as: .administrator) { tx in
                try await tx.auditEntries(carrier: carrier, staffEmail: "claire@apess53.fr", since: nil)
            }
            #expect(entries.map(\.action).sorted() == ["change", "read", "read", "read"])
        }
    }
}
