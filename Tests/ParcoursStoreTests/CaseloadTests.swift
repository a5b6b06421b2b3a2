import Foundation
import ParcoursCore
import ParcoursStore
import ParcoursTestSupport
import Testing

/// Counsellors follow their own carriers; coordinators their whole operator. PostgreSQL decides.
@Suite("A counsellor's caseload")
struct CaseloadTests {
    @Test("a counsellor sees the carriers they follow (and unassigned ones), not a colleague's; the coordinator sees all")
    func caseload() async throws {
        try await TestDatabase.withStore { store in
            let network = try await SmallNetwork.seed(store)
            let hugo = Acting.staff(email: "hugo@apess53.fr"), anne = Acting.staff(email: "anne@apess53.fr")
            try await store.transaction(as: .administrator) { tx in
                _ = try await tx.addStaff(email: "hugo@apess53.fr", displayName: "Hugo", role: .counsellor, operatorID: network.apess)
                _ = try await tx.addStaff(email: "anne@apess53.fr", displayName: "Anne", role: .coordinator, operatorID: network.apess)
            }
            // Each counsellor adds a carrier and opens a journey: theirs.
            func add(_ name: String, as acting: Acting) async throws -> (CarrierID, JourneyID) {
                try await store.transaction(as: acting) { tx in
                    let carrier = try await tx.addCarrier(NewCarrier(operatorID: network.apess, firstName: name, lastName: "Martin"))!
                    return (carrier, try await tx.openJourney(carrier: carrier, programme: network.mayIdESS, cohort: nil, on: nil).id)
                }
            }
            let (claires, clairesJourney) = try await add("Ana", as: SmallNetwork.apessCounsellor)
            let (hugos, hugosJourney) = try await add("Léo", as: hugo)
            let unassigned = try await network.addCarrier(store, to: network.apess, name: "Sam")

            func carriers(_ acting: Acting) async throws -> Set<CarrierID> {
                Set(try await store.transaction(as: acting) { try await $0.carriers() }.map(\.carrier.id))
            }
            #expect(try await carriers(SmallNetwork.apessCounsellor) == [claires, unassigned])
            #expect(try await carriers(hugo) == [hugos, unassigned])
            #expect(try await carriers(anne) == [claires, hugos, unassigned])

            // A colleague's journey is not found, its history neither, and it cannot be changed.
            await #expect(throws: StoreError.notFound("journey", hugosJourney)) {
                try await store.transaction(as: SmallNetwork.apessCounsellor) { try await $0.journey(hugosJourney) }
            }
            await #expect(throws: StoreError.self) {
                try await store.transaction(as: SmallNetwork.apessCounsellor) {
                    try await $0.change(journey: hugosJourney, .advance(to: .modules), on: nil, reason: nil, expectedVersion: nil)
                }
            }
            let events = try await store.transaction(as: SmallNetwork.apessCounsellor) {
                try await $0.count("SELECT count(*)::int FROM journey_event")
            }
            #expect(events == 1)  // her own journey's opening only

            // The coordinator hands Hugo's carrier to Claire: now hers, no longer his.
            try await store.transaction(as: anne) { try await $0.assignCarrier(hugos, to: "claire@apess53.fr") }
            #expect(try await carriers(SmallNetwork.apessCounsellor) == [claires, hugos, unassigned])
            #expect(try await carriers(hugo) == [unassigned])
            _ = try await store.transaction(as: SmallNetwork.apessCounsellor) {
                try await $0.change(journey: hugosJourney, .advance(to: .modules), on: nil, reason: nil, expectedVersion: nil)
            }
            // A counsellor cannot give their carrier away, nor to someone outside the operator.
            await #expect(throws: StoreError.self) {
                try await store.transaction(as: SmallNetwork.apessCounsellor) { try await $0.assignCarrier(claires, to: "hugo@apess53.fr") }
            }
            await #expect(throws: StoreError.self) {
                try await store.transaction(as: anne) { try await $0.assignCarrier(claires, to: "marc@ronalpia.fr") }
            }
            _ = clairesJourney
        }
    }
}
