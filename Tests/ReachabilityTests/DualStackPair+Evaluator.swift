import CloudModel
import Reachability
import TestSupport

extension DualStackPair {
    func analyze(_ source: PathEndpoint, _ destination: PathEndpoint, _ traffic: Traffic = Traffic(.icmp)) -> PathAnalysis {
        Evaluator(state: cloud.state, scope: TestCloud.scope, at: cloud.now)
            .analyze(PathQuery(scope: TestCloud.scope, source: source, destination: destination, traffic: traffic))
    }

    func pingIpv6() -> PathAnalysis { analyze(.instance(instanceA.id), .address(ipv6(of: instanceB))) }
}
