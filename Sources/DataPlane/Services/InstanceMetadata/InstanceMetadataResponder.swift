import CloudModel
import Foundation

/// AWS's rules for one request to the instance metadata service, from the state and clock at the moment it came:
/// IMDSv2 tokens (`PUT /latest/api/token`), IMDSv1 unless `HttpTokens=required`, `HttpEndpoint=disabled`, the IPv6
/// endpoint, and the metadata tree itself. Pure apart from the token store, so it is tested without a kernel.
struct InstanceMetadataResponder: Sendable {
    let tokens: MetadataTokens

    /// The header a client asks for a token with, and AWS answers the token's lifetime in.
    static let tokenLifetimeHeader = "X-aws-ec2-metadata-token-ttl-seconds"
    /// The header a client presents its token in.
    static let tokenHeader = "X-aws-ec2-metadata-token"
    /// Where tokens come from (no dated version has one).
    static let tokenPath = ["latest", "api", "token"]

    /// The answer to `request` from `instance` (nil: the source is no instance of the VPC), or nil when the service
    /// does not answer at all and the connection is closed: a stranger, or the IPv6 endpoint with
    /// `HttpProtocolIpv6=disabled` (on AWS that address is then not there).
    func respond(to request: MetadataRequest, from instance: Instance?, in state: CloudState, at now: Date) -> MetadataResponse? {
        guard let instance else { return nil }
        return answer(request, from: instance, in: state, at: now)?.dated(now)
    }

    private func answer(_ request: MetadataRequest, from instance: Instance, in state: CloudState, at now: Date) -> MetadataResponse? {
        let options = instance.configuration.metadataOptions
        if request.overIPv6, options.httpProtocolIpv6 == .disabled { return nil }
        // AWS: "403 - Forbidden: the request is not allowed or the IMDS is turned off".
        guard options.httpEndpoint == .enabled else { return .forbidden }
        let path = request.pathComponents
        if path == Self.tokenPath { return token(request, for: instance, options: options, at: now) }
        guard request.method == "GET" || request.method == "HEAD" else {
            return .error(405, "Method Not Allowed", headers: [MetadataResponse.Header(name: "Allow", value: "OPTIONS, GET, HEAD")])
        }
        var headers: [MetadataResponse.Header] = []
        if let token = request.header(Self.tokenHeader) {
            // A token that is wrong is refused even where IMDSv1 would answer: the client meant to use v2.
            guard let left = tokens.secondsLeft(of: token, for: instance.id, now: now) else { return .unauthorized }
            headers.append(MetadataResponse.Header(name: Self.tokenLifetimeHeader, value: String(left)))
        } else if options.httpTokens == .required {
            return .unauthorized
        }
        guard let node = InstanceMetadata(instance: instance, state: state).root.node(at: path) else { return .notFound }
        return .ok(node.body, headers: headers)
    }

    /// `PUT /latest/api/token`: a token for `seconds` (1–21600, else 400), refused (403) when the request went
    /// through a proxy (`X-Forwarded-For`), answered with the instance's hop limit as the packets' TTL.
    private func token(_ request: MetadataRequest, for instance: Instance, options: InstanceMetadataOptions, at now: Date) -> MetadataResponse {
        guard request.method == "PUT" else {
            return .error(405, "Method Not Allowed", headers: [MetadataResponse.Header(name: "Allow", value: "OPTIONS, PUT")])
        }
        guard request.header("X-Forwarded-For") == nil else { return .forbidden }
        guard let text = request.header(Self.tokenLifetimeHeader), let seconds = Int(text.trimmingCharacters(in: .whitespaces)),
            MetadataTokens.lifetimes.contains(seconds)
        else { return .badRequest }
        let token = tokens.issue(for: instance.id, seconds: seconds, now: now)
        return .ok(
            Array(token.utf8), headers: [MetadataResponse.Header(name: Self.tokenLifetimeHeader, value: String(seconds))],
            hopLimit: options.httpPutResponseHopLimit)
    }
}
