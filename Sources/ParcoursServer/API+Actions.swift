import Foundation
import HTTPTypes
import Hummingbird
import ParcoursApp
import ParcoursCore
import ParcoursReports
import ParcoursStore

// The routes of the application layer's actions: the path, the method and the body's fields are
// the action's (the snake_case of the CLI's long options); the handler only gathers the fields,
// runs the action once per Idempotency-Key and renders its output.

/// One value of a JSON body, before an action reads it.
enum BodyValue: Decodable {
    case null, text(String), flag(Bool), list([BodyValue]), object

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let flag = try? container.decode(Bool.self) { self = .flag(flag) }
        else if let number = try? container.decode(Int64.self) { self = .text(String(number)) }
        else if let number = try? container.decode(Double.self) { self = .text(String(number)) }
        else if let text = try? container.decode(String.self) { self = .text(text) }
        else if let list = try? container.decode([BodyValue].self) { self = .list(list) }
        else { self = .object }
    }

    /// The text of a scalar (a list item), nil for anything else.
    var scalar: String? {
        switch self {
        case .text(let text): text
        case .flag(let flag): flag ? "true" : "false"
        case .null, .list, .object: nil
        }
    }
}

extension ParcoursServer {
    /// The route of `A`: `POST /journeys/{id}/exit` for `ExitJourney`.
    func route<A: Action>(
        _: A.Type, render: @escaping @Sendable (A.Output, Transaction) async throws -> JSONValue
    ) -> Route {
        Route(HTTPRequest.Method(A.spec.method)!, A.spec.path) { request, context in
            let (bytes, fields, structured) = try await body(A.self, request, context)
            if let member = structured.sorted().first { throw Refusal(.badRequestBody, field: member) }
            let action = try A(fields, today: store.today)
            return try await idempotent(request, context, bytes) { tx in
                (A.spec.creates ? .created : .ok, try await render(try await action.perform(in: tx), tx))
            }
        }
    }

    /// The fields of an action's request: the JSON body's members, the path's `{id}`, and the
    /// version a client saw (`If-Match`, as the CLI's `--expect-version`).
    /// Structured members (objects, lists of objects) are named apart: only a route that reads
    /// them itself (attendance entries) accepts them.
    func body<A: Action>(_: A.Type, _ request: Request, _ context: APIContext) async throws -> ([UInt8], Fields, structured: Set<String>) {
        let (bytes, members) = try await decode([String: BodyValue].self, request, context)
        var fields = Fields()
        var structured: Set<String> = []
        for (name, value) in members {
            switch value {
            case .null: continue
            case .text(let text): fields[name] = .text(text)
            case .flag(let flag): fields[name] = .flag(flag)
            case .list(let items) where items.allSatisfy({ $0.scalar != nil }): fields[name] = .list(items.compactMap(\.scalar))
            case .list, .object: structured.insert(name)
            }
        }
        if A.spec.path.contains("{id}") {
            guard let id = context.parameters.get("id"), let raw = Int64(id), raw > 0 else { throw Problem(.notFound, .noSuchRoute) }
            fields["id"] = .text(String(raw))
        }
        if A.spec.fields.contains("expect_version"), let match = request.headers[.ifMatch] {
            let version = match.trimmingCharacters(in: CharacterSet(charactersIn: "\"W/ "))
            guard Int(version) != nil else { throw Refusal(.headerInvalid, field: "If-Match", ["value": match]) }
            fields["expect_version"] = .text(version)
        }
        return (bytes, fields, structured)
    }

    /// The routes of the application layer's actions.
    var actionRoutes: [Route] {
        [
            route(OpenJourney.self) { listing, _ in .of(listing) },
            route(AdvanceJourney.self) { listing, _ in .of(listing) },
            route(ReworkJourney.self) { listing, _ in .of(listing) },
            route(PauseJourney.self) { listing, _ in .of(listing) },
            route(ResumeJourney.self) { listing, _ in .of(listing) },
            route(ExitJourney.self) { listing, _ in .of(listing) },
            route(CorrectJourney.self) { listing, _ in .of(listing) },
            route(AddCarrier.self) { listing, _ in .of(listing) },
            route(UpdateCarrier.self) { listing, _ in .of(listing) },
            route(MergeCarriers.self) { listing, _ in .of(listing) },
            attendanceRoute,
            signedSheetRoute,
            route(AddCape.self) { contract, tx in try await Self.cape(of: contract.journeyID, tx) },
            route(RenewCape.self) { contract, tx in try await Self.cape(of: contract.journeyID, tx) },
            route(EndCape.self) { contract, tx in try await Self.cape(of: contract.journeyID, tx) },
            route(DecideJury.self) { listing, _ in .of(listing) },
            route(AddReferral.self) { referral, _ in .of(referral) },
            route(AnswerReferral.self) { referral, _ in .of(referral) },
            route(AddSession.self) { session, _ in .of(session) },
            route(AddPartner.self) { partner, _ in .of(partner) },
            route(EraseCarrier.self) { carrier, _ in .object(["carrier_id": .id(carrier), "erased": .bool(true)]) },
            route(WithdrawConsent.self) { changed, _ in .object(["profiles_changed": .int(changed)]) },
            route(ApplyRetention.self) { done, _ in .retention(done.people, intakes: done.intakes, answersDropped: done.answers, dryRun: false) },
            route(RecordProfile.self) { carrier, _ in .object(["carrier_id": .id(carrier), "recorded": .bool(true)]) },
            route(AssignCarrier.self) { listing, _ in .of(listing) },
            route(RecordCapeTurnover.self) { recorded, tx in try await Self.cape(of: recorded.journey, tx) },
            route(AddProgramme.self) { programme, _ in .of(programme) },
            route(AddCohort.self) { cohort, _ in .of(cohort) },
            route(AddFunder.self) { funder, _ in .of(funder) },
            route(TakeReferral.self) { listing, _ in .of(listing) },
            route(AddOperator.self) { listing, _ in .of(listing) },
            route(UpdateOperator.self) { listing, _ in .of(listing) },
            route(AddTerritory.self) { territory, _ in .of(territory, depth: 0) },
            route(AddStaff.self) { listing, _ in .of(listing) },
            route(AddFunding.self) { funding, _ in .of(funding) },
            route(AddIntake.self) { listing, _ in .of(listing) },
            route(AdmitIntake.self) { listing, _ in .of(listing) },
            route(DeclineIntake.self) { listing, _ in .of(listing) },
            route(UpdateIntake.self) { listing, _ in .of(listing) },
            route(MergeIntakes.self) { listing, _ in .of(listing) },
            route(EraseIntake.self) { listing, _ in .of(listing) },
            route(RecordFollowUp.self) { recorded, _ in
                .object(["journey_id": .id(recorded.journey), "after_months": .int(recorded.afterMonths), "situation": .string(recorded.situation.rawValue)])
            },
        ]
    }

    /// `POST /sessions/{id}/signed`: `scan {sha256, file_name, bytes}`, as the CLI computes them from its `--file`.
    var signedSheetRoute: Route {
        Route(.post, RecordSignedSheet.spec.path) { request, context in
            let (bytes, fields, structured) = try await body(RecordSignedSheet.self, request, context)
            if let member = structured.subtracting(["scan"]).sorted().first { throw Refusal(.badRequestBody, field: member) }
            var action = try RecordSignedSheet(fields, today: store.today)
            if structured.contains("scan") {
                struct Body: Decodable { var scan: Scan }
                struct Scan: Decodable { var sha256: String; var file_name: String; var bytes: Int64 }
                guard let scan = try? JSONDecoder().decode(Body.self, from: Data(bytes)).scan else {
                    throw Refusal(.badRequestBody, field: "scan")
                }
                action.scan = SheetScan(sha256: scan.sha256.lowercased(), fileName: scan.file_name, bytes: scan.bytes)
            }
            return try await idempotent(request, context, bytes) { [action] tx in (.created, .of(try await action.perform(in: tx))) }
        }
    }

    /// `POST /sessions/{id}/attendance`: the lists of the CLI (`present`, `excused`, `absent`) and,
    /// as its `--file`, `entries` with minutes per person.
    var attendanceRoute: Route {
        Route(.post, RecordAttendance.spec.path) { request, context in
            let (bytes, fields, structured) = try await body(RecordAttendance.self, request, context)
            if let member = structured.subtracting(["entries"]).sorted().first { throw Refusal(.badRequestBody, field: member) }
            var action = try RecordAttendance(fields, today: store.today)
            if structured.contains("entries") {
                struct Entries: Decodable { var entries: [Entry] }
                struct Entry: Decodable { var carrier_id: BodyValue; var status: String; var minutes: BodyValue? }
                let entries: [Entry]
                do {
                    entries = try JSONDecoder().decode(Entries.self, from: Data(bytes)).entries
                } catch let error as DecodingError {
                    // An entry without its status, a carrier given as an object…: the client's mistake, named.
                    throw Problem(.badRequest, Self.refusal(error))
                }
                for (index, entry) in entries.enumerated() {
                    let field = "entries[\(index)]"
                    action.entries.append(AttendanceEntry(
                        carrierID: try Input.id(entry.carrier_id.scalar ?? "", as: CarrierID.self, field: field + ".carrier_id"),
                        status: try Input.choice(entry.status, as: AttendanceStatus.self, field: field + ".status"),
                        minutes: try entry.minutes?.scalar.map { try Input.integer($0, field: field + ".minutes", in: 0...1440) }))
                }
            }
            return try await idempotent(request, context, bytes) { [action] tx in
                let recorded = try await action.perform(in: tx)
                return (.ok, .object(["session_id": .int(action.session), "recorded": .int(recorded)]))
            }
        }
    }
}
