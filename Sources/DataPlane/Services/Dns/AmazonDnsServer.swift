import Addressing
import CloudModel
import NIOCore

/// The Amazon DNS server (Route 53 Resolver) of each VPC: in its router namespace on UDP and TCP port 53, at
/// 169.254.169.253, fd00:ec2::253 and the VPC's base + 2, answering by `AmazonDns`'s rules from the state at the
/// moment it is asked. It never forwards: a name that is not Amazon's is refused.
///
/// The internet namespace has one too (`internetEndpoints`), answering public names with public addresses, so a host
/// on LocalVPC's internet finds an instance by its public DNS name.
struct AmazonDnsServer: VpcService {
    let cloud: any DataPlaneCloud

    var name: String { "Amazon DNS server" }

    /// Where the internet's resolver listens: an address of the internet namespace's documentation ranges.
    static let internetAddress = IPv4Address(192, 0, 2, 53)

    func endpoints(of router: VpcRouter) -> [VpcServiceEndpoint] {
        let addresses = [VpcServiceAddress.resolver, VpcServiceAddress.ipv6Resolver] + (router.resolverAddress.map { [.v4($0)] } ?? [])
        return addresses.flatMap { address in
            [VpcServiceEndpoint(transport: .udp, address: address, port: 53), VpcServiceEndpoint(transport: .tcp, address: address, port: 53)]
        }
    }

    /// The internet resolver's endpoints.
    static var internetEndpoints: [VpcServiceEndpoint] {
        [.udp, .tcp].map { VpcServiceEndpoint(transport: $0, address: .v4(internetAddress), port: 53) }
    }

    func initialize(_ channel: any Channel, endpoint: VpcServiceEndpoint, router: VpcRouter) throws {
        try answer(on: channel, endpoint: endpoint, asker: .vpc(router.vpcId))
    }

    /// Adds the handler that answers `asker` on `channel` (a datagram channel, or a TCP connection).
    func answer(on channel: any Channel, endpoint: VpcServiceEndpoint, asker: AmazonDns.Asker) throws {
        let cloud = cloud
        let reply: @Sendable ([UInt8]) -> [UInt8]? = { query in
            Self.reply(to: query, from: asker) { DnsDirectory(state: cloud.snapshot(), at: cloud.now()) }
        }
        switch endpoint.transport {
        case .udp: try channel.pipeline.syncOperations.addHandler(DnsDatagramHandler(reply: reply))
        case .tcp:
            // An idle connection is closed: an open socket would keep its namespace alive after the router goes.
            try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: .seconds(10)))
            try channel.pipeline.syncOperations.addHandler(DnsStreamHandler(reply: reply))
        }
    }

    /// The response to the packet `bytes` from `asker`, or nil when none is sent: not a query, or a VPC whose DNS
    /// support is off. The directory is read only for a well-formed question.
    static func reply(to bytes: [UInt8], from asker: AmazonDns.Asker, directory: () -> DnsDirectory) -> [UInt8]? {
        guard let header = DnsQuery.header(of: bytes) else { return nil }
        let query: DnsQuery
        do {
            query = try DnsQuery.parse(bytes)
        } catch {
            return DnsResponse(id: header.id, opcode: header.opcode, recursionDesired: header.recursionDesired, code: .formatError, question: nil)
                .bytes
        }
        func respond(_ code: DnsResponse.ResponseCode, _ answers: [DnsResponse.Answer] = []) -> [UInt8] {
            var response = DnsResponse(
                id: query.id, opcode: query.opcode, recursionDesired: query.recursionDesired, code: code, question: query.question)
            response.answers = answers
            response.ttl = AmazonDns.ttl
            return response.bytes
        }
        guard query.opcode == 0 else { return respond(.notImplemented) }
        guard query.question.recordClass == DnsQuestion.classInternet else { return respond(.refused) }
        let type: AmazonDns.RecordType =
            switch query.question.type {
            case DnsQuestion.typeA: .a
            case DnsQuestion.typeAAAA: .aaaa
            case DnsQuestion.typePTR: .ptr
            default: .other
            }
        let resolution = AmazonDns.resolve(query.question.name, type, from: asker, in: directory())
        switch resolution.outcome {
        case .noResponse: return nil
        case .refused: return respond(.refused)
        case .noSuchName: return respond(.nameError)
        case .answered:
            return respond(
                .noError,
                resolution.records.map { record in
                    switch record {
                    case .address(.v4(let address)): .a(address)
                    case .address(.v6(let address)): .aaaa(address)
                    case .name(let name): .ptr(name)
                    }
                })
        }
    }
}
