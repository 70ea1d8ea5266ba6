import CloudModel
import Reachability
import TestSupport

extension PeeredPair {
    var evaluator: Evaluator { Evaluator(state: cloud.state, scope: TestCloud.scope, at: cloud.now) }

    func analyze(from source: PathEndpoint, to destination: PathEndpoint, _ traffic: Traffic = Traffic(.icmp)) -> PathAnalysis {
        evaluator.analyze(PathQuery(scope: TestCloud.scope, source: source, destination: destination, traffic: traffic))
    }

    func ping(_ traffic: Traffic = Traffic(.icmp)) -> PathAnalysis {
        analyze(from: .instance(instanceA.id), to: .instance(instanceB.id), traffic)
    }
}
