import Addressing
import CloudModel
import Foundation
import HTTPTypes
import Hummingbird

/// The console's Connect: `POST /_localvpc/console/connect` checks EC2 Instance Connect's preconditions for an
/// instance, and `POST /_localvpc/console/shell` runs one command line in it (JSON in and out; account and Region
/// from the credential scope, as the API's).
///
/// These run commands as root on this machine (inside an instance's network namespace), so they answer only the
/// console's own page: a request must carry `X-LocalVPC-Console: 1` (a header a page of another origin cannot send
/// without a CORS preflight, which this server never grants), name this server in `Host` as a loopback address or
/// `localhost` (no DNS rebinding), and, when it says its `Origin`, come from that same host.
struct ConsoleShellRoutes: Sendable {
    let cloud: CloudService
    let shell: (any InstanceShell)?
    let configuration: ServerConfiguration
    /// Why there is no shell (the data plane is off), for the answer that says so.
    let unavailableReason: String

    /// The longest a command line may run.
    static let commandSeconds = 60

    func register(on router: Router<some RequestContext>) {
        router.post("/_localvpc/console/connect") { request, _ in try await connect(request) }
        router.post("/_localvpc/console/shell") { request, _ in try await run(request) }
    }

    func connect(_ request: Request) async throws -> Response {
        let (fields, scope, refusedAnswer) = try await admit(request)
        if let refusedAnswer { return refusedAnswer }
        guard let shell else { return unavailable }
        guard let instanceId = fields["instanceId"] else { return Self.badRequest("expected {\"instanceId\": \"i-…\"}") }
        if let refusal = await shell.refusal(instanceId: instanceId, scope: scope) {
            return AdminRoutes.json(["connected": false, "title": refusal.title, "detail": refusal.detail])
        }
        let state = cloud.snapshot()
        let address = state[scope].instances[instanceId].flatMap { state.primaryInterface(of: $0)?.primaryPrivateIp }
        let host = "ip-" + (address?.description ?? "").replacingOccurrences(of: ".", with: "-")
        return AdminRoutes.json(["connected": true, "prompt": "[ec2-user@\(host) ~]$ "])
    }

    func run(_ request: Request) async throws -> Response {
        let (fields, scope, refusedAnswer) = try await admit(request)
        if let refusedAnswer { return refusedAnswer }
        guard let shell else { return unavailable }
        guard let instanceId = fields["instanceId"], let command = fields["command"] else {
            return Self.badRequest("expected {\"instanceId\": \"i-…\", \"command\": \"…\"}")
        }
        // Each line is checked as a session is: the instance must still be reachable as Instance Connect needs.
        if let refusal = await shell.refusal(instanceId: instanceId, scope: scope) {
            return AdminRoutes.json(["connected": false, "title": refusal.title, "detail": refusal.detail])
        }
        let outcome = try await shell.run(command, instanceId: instanceId, seconds: Self.commandSeconds)
        return AdminRoutes.json(["connected": true, "output": outcome.output, "exitStatus": Int(outcome.status)])
    }

    /// The request's JSON fields and scope, or the answer that refuses it.
    private func admit(_ request: Request) async throws -> ([String: String], AccountRegion, Response?) {
        let scope = RequestIdentity(authorization: request.headers[.authorization]).scope(motoAccountHeader: nil, configuration: configuration)
        guard Self.isFromTheConsole(request, port: configuration.port) else {
            return ([:], scope, AdminRoutes.json(["error": "only the console's own page may do this"], status: .forbidden))
        }
        let body = try await request.body.collect(upTo: 64 * 1024)
        let object = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
        return (object.compactMapValues { $0 as? String }, scope, nil)
    }

    /// The checks that keep other pages and other hosts' names out (see the type's documentation).
    static func isFromTheConsole(_ request: Request, port: Int) -> Bool {
        isFromTheConsole(
            consoleHeader: request.headers[HTTPField.Name("X-LocalVPC-Console")!], authority: request.head.authority,
            origin: request.headers[.origin], port: port)
    }

    /// The same, on the header values: `X-LocalVPC-Console`, the request's host (`Host`) and its `Origin`.
    static func isFromTheConsole(consoleHeader: String?, authority: String?, origin: String?, port: Int) -> Bool {
        guard consoleHeader == "1", let host = authority?.lowercased() else { return false }
        let name = host.hasPrefix("[") ? String(host.prefix { $0 != "]" }) + "]" : String(host.prefix { $0 != ":" })
        guard ["127.0.0.1", "localhost", "[::1]"].contains(name) else { return false }
        // A server started on port 0 does not know its port here: the loopback name is what keeps other hosts out.
        if port != 0, host != "\(name):\(port)" { return false }
        if let origin { return origin.lowercased() == "http://\(host)" }
        return true
    }

    private var unavailable: Response {
        AdminRoutes.json(
            ["error": "Connect needs the data plane (serve --data-plane on, as root on Linux); it is \(unavailableReason)"], status: .conflict)
    }

    static func badRequest(_ message: String) -> Response { AdminRoutes.json(["error": message], status: .badRequest) }
}
