import Addressing
import CloudModel
import Reachability

extension PathQuery {
    /// The evaluator's question for a stored path: its endpoints (an instance or interface, reached at the path's
    /// destination address when it gives one; an internet gateway, standing for the internet host or the
    /// path's address), its protocol and port.
    init(_ path: NetworkInsightsPath) {
        let source: PathEndpoint
        switch Self.kind(of: path.source) {
        case .instance: source = .instance(path.source)
        case .networkInterface: source = .networkInterface(path.source)
        default: source = path.analysedSourceIp.map { .address($0) } ?? .internetGateway(path.source)
        }
        let destination: PathEndpoint
        if let address = path.analysedDestinationIp {
            destination = .address(address)
        } else if let id = path.destination {
            switch Self.kind(of: id) {
            case .instance: destination = .instance(id)
            case .networkInterface: destination = .networkInterface(id)
            default: destination = .internetGateway(id)
            }
        } else {
            destination = .internetGateway(path.source)
        }
        let ipProtocol = Traffic.IPProtocol(rawValue: path.ipProtocol) ?? .tcp
        self.init(scope: path.scope, source: source, destination: destination, traffic: Traffic(ipProtocol, port: path.analysedPort))
    }

    /// Which of the kinds a path may start or end at an id names.
    private static func kind(of id: String) -> ResourceId.Prefix? {
        NetworkInsightsPathRequest.endpointPrefixes.first { id.hasPrefix($0.rawValue + "-") }
    }
}
