import Foundation
import ParcoursApp
import ParcoursStore
import ParcoursTestSupport
import Testing

/// The command line and the HTTP API are one program: every verb that changes data has its route
/// and the other way round, and a route's body fields are the snake_case of the verb's long options.
@Suite("The CLI and the API in parity")
struct ParityTests {
    /// A leaf of the command tree: its words, its long options and its arguments.
    struct Verb: Hashable {
        var words: [String]
        var options: Set<String>
        var arguments: [String]
    }

    /// Every leaf command of `parcours --experimental-dump-help`.
    static func verbs() throws -> [Verb] {
        let dump = try ChildProcess.run(ParcoursCLI.executable, ["--experimental-dump-help"], captureOutput: true, separateErrors: true)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(dump.output.utf8)) as? [String: Any])
        var verbs: [Verb] = []
        func walk(_ command: [String: Any], _ words: [String]) {
            let subcommands = command["subcommands"] as? [[String: Any]] ?? []
            let name = command["commandName"] as? String ?? ""
            let path = words + (words.isEmpty && name == "parcours" ? [] : [name])
            if subcommands.isEmpty {
                let arguments = command["arguments"] as? [[String: Any]] ?? []
                let options = arguments.filter { $0["kind"] as? String != "positional" }.compactMap { argument in
                    (argument["names"] as? [[String: Any]])?.first { $0["kind"] as? String == "long" }?["name"] as? String
                }
                let positionals = arguments.filter { $0["kind"] as? String == "positional" }.compactMap { $0["valueName"] as? String }
                if !path.isEmpty { verbs.append(Verb(words: path, options: Set(options), arguments: positionals)) }
            }
            for sub in subcommands where sub["commandName"] as? String != "help" { walk(sub, path) }
        }
        walk(root["command"] as? [String: Any] ?? root, [])
        return verbs
    }

    /// Every operation of the OpenAPI document with the members of its JSON body ($ref and allOf resolved).
    static func operations() throws -> [String: Set<String>] {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "../../Sources/ParcoursServer/openapi.yaml").standardized
        let script = #"""
            import sys, yaml, json
            doc = yaml.safe_load(open(sys.argv[1]))
            def resolve(node):
                while isinstance(node, dict) and "$ref" in node:
                    target = doc
                    for part in node["$ref"][2:].split("/"): target = target[part]
                    node = target
                return node
            def members(schema):
                schema = resolve(schema or {})
                found = set(schema.get("properties", {}).keys())
                for part in schema.get("allOf", []): found |= members(part)
                return found
            out = {}
            for path, item in doc["paths"].items():
                for method, op in item.items():
                    body = resolve(op.get("requestBody", {}))
                    schema = body.get("content", {}).get("application/json", {}).get("schema") if body else None
                    out[f"{method.upper()} {path}"] = sorted(members(schema)) if schema else []
            print(json.dumps(out))
            """#
        let run = try ChildProcess.run("/usr/bin/env", ["python3", "-c", script, file.path], captureOutput: true, separateErrors: true)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: [String]], "\(run.output)")
        return parsed.mapValues(Set.init)
    }

    /// Reads only, and the installation's own tools (the database, the service itself, the demo, the
    /// administrator's tokens, files built on disk): no HTTP route, by design.
    static let consoleOnly: Set<[String]> = [
        ["db", "status"], ["db", "start"], ["db", "stop"], ["db", "migrate"], ["db", "url"], ["serve"], ["demo"],
        ["token", "create"], ["token", "list"], ["token", "revoke"], ["dashboard", "build"],
        // Share links are credentials, issued and withdrawn at the console like tokens; the service serves them (/share/…).
        ["dashboard", "share"], ["dashboard", "shares"], ["dashboard", "unshare"], ["referral", "link"], ["referral", "unlink"],
        ["intake", "page"], ["intake", "unpage"], ["carrier", "questionnaire"], ["carrier", "unquestionnaire"],
        // Files on the console's disk; over HTTP, rows come one by one (POST /carriers…).
        ["carrier", "import"], ["territory", "import"], ["zoning", "import"], ["manual"],
        // The reference data this build ships, reloaded by the installation's administrator.
        ["territory", "load-france"],
        // The mailer draws links' secrets as it sends them: the installation administrator's, at the console or on a timer.
        ["mail", "send"],
    ]
    /// Verbs that read (their routes are GETs, checked by the API tests).
    static let reads: Set<String> = ["list", "show", "history", "export-data", "verify", "todo", "report", "fse", "indicators"]

    /// Routes and verbs that changed data before the application layer, still to move onto it: the
    /// test records each as a known issue until it is an action with the same fields on both sides.
    static let pending: [String: [String]] = [:]
    /// Verbs that change data and have no route yet (each a known issue): the list only shrinks —
    /// a new verb is an action with its route, a console-only verb, or a failure here.
    static let withoutRoute: Set<[String]> = [
        ["bench", "generate"], ["carrier", "certificate"], ["export", "audit-pack"], ["journey", "import"], ["session", "import"],
        ["session", "sheet"],
    ]

    /// Pages for people without an account, each parsed by an action's own code and posted by a form
    /// instead of a staff member: the partner's answer is `referral update`'s (AnswerReferral), a
    /// registration `intake add`'s (RegisterFromPage), a signed questionnaire `carrier update`'s and
    /// `carrier profile`'s (SignEntryQuestionnaire).
    static let linkForms: Set<String> = ["POST /orientation/{token}", "POST /inscription/{token}", "POST /questionnaire/{token}"]

    /// The CLI's options every command shares, which are not the action's fields.
    static let shared: Set<String> = ["as", "json", "help", "version"]

    @Test("every action of the application layer is a verb and a route with the same fields")
    func actionsOnBothEdges() throws {
        let verbs = try Self.verbs(), operations = try Self.operations()
        for spec in Actions.specs {
            let verb = try #require(verbs.first { $0.words == spec.command }, "no CLI verb \(spec.command.joined(separator: " "))")
            let options = verb.options.subtracting(Self.shared).map { $0.replacingOccurrences(of: "-", with: "_") }
            let arguments = verb.arguments.map { $0.replacingOccurrences(of: "-", with: "_") }
            #expect(Set(options + arguments) == spec.allFields, "\(spec.command): CLI \(Set(options + arguments).sorted()) vs action \(spec.allFields.sorted())")
            let route = "\(spec.method) \(spec.path)"
            let body = try #require(operations[route], "\(route) is not in the OpenAPI document")
            // The path's id is not a body member; a structured member stands for the CLI option it replaces.
            var expected = Set(spec.fields)
            for (option, member) in spec.structured { expected.remove(option); expected.insert(member) }
            #expect(body == expected, "\(route): body \(body.sorted()) vs action \(expected.sorted())")
        }
    }

    @Test("every verb that changes data has its route, and every route that changes data its verb")
    func nothingOnOneSideOnly() throws {
        let verbs = try Self.verbs(), operations = try Self.operations()
        let actionRoutes = Set(Actions.specs.map { "\($0.method) \($0.path)" })
        let actionVerbs = Set(Actions.specs.map(\.command))
        let pendingVerbs = Set(Self.pending.values)
        for verb in verbs where !Self.reads.contains(verb.words.last ?? "") && !Self.consoleOnly.contains(verb.words) {
            if actionVerbs.contains(verb.words) { continue }
            let name = verb.words.joined(separator: " ")
            guard Self.withoutRoute.contains(verb.words) || pendingVerbs.contains(verb.words) else {
                Issue.record("parcours \(name): a verb that changes data without a route, neither console-only nor listed as waiting for one")
                continue
            }
            withKnownIssue("not yet an action of the application layer") {
                Issue.record(pendingVerbs.contains(verb.words)
                    ? "parcours \(name): its route's body is not yet its options" : "parcours \(name): no HTTP route yet")
            }
        }
        for (route, _) in operations where !route.hasPrefix("GET ") && !Self.linkForms.contains(route) {
            #expect(actionRoutes.contains(route) || Self.pending[route] != nil, "\(route) has no CLI verb")
            if Self.pending[route] != nil {
                withKnownIssue("not yet an action of the application layer") { Issue.record("\(route): its body's fields are not yet the verb's options") }
            }
        }
        for words in Self.withoutRoute {
            #expect(verbs.contains { $0.words == words }, "\(words) waits for a route but is not a verb")
        }
        // The pending list only shrinks: each of its verbs and routes still exists.
        for (route, words) in Self.pending {
            #expect(operations[route] != nil, "\(route) is pending but not documented")
            #expect(verbs.contains { $0.words == words }, "\(words) is pending but not a verb")
        }
    }
}
