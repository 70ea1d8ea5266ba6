// Measures the evaluator: one analysis, and the all-pairs matrix over 100 VPCs and 1,000 instances.
// Run: swift run -c release reachability-bench [--vpcs 100] [--instances-per-vpc 10]
import Addressing
import CloudModel
import Foundation
import Reachability
import TestSupport

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: Int) -> Int {
    arguments.firstIndex(of: name).flatMap { arguments.indices.contains($0 + 1) ? Int(arguments[$0 + 1]) : nil } ?? fallback
}
let vpcCount = option("--vpcs", 100)
let perVpc = option("--instances-per-vpc", 10)

/// VPC i is 10.i.0.0/16 with one subnet and `perVpc` instances; neighbours are peered with routes both ways,
/// and every group admits 10.0.0.0/8 — so some pairs reach each other and most (no transit) do not.
func buildCloud() throws -> (TestCloud, [Instance]) {
    var cloud = TestCloud()
    cloud.configuration.enforcesPeeringQuotas = false
    var vpcs: [String] = []
    var instances: [Instance] = []
    for index in 0..<vpcCount {
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.\(index).0.0/16") }.id
        let subnet = try cloud.run { try $0.createSubnet(vpcId: vpc, cidrBlock: "10.\(index).1.0/24") }.id
        let group = cloud.state[TestCloud.scope].securityGroups.values.first { $0.groupVpcId == vpc && $0.isDefault }!.id
        try cloud.run {
            _ = try $0.authorizeSecurityGroup(
                .ingress, groupId: group, groupName: nil,
                permissions: [IpPermission(ipProtocol: "-1", ipv4Ranges: [(cidr: "10.0.0.0/8", description: nil)])])
        }
        instances += try cloud.run {
            try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", minCount: perVpc, maxCount: perVpc, subnetId: subnet))
        }
        vpcs.append(vpc)
    }
    func main(_ vpc: String) -> String { cloud.state[TestCloud.scope].routeTables.values.first { $0.tableVpcId == vpc && $0.isMain }!.id }
    for index in 0..<(vpcCount - 1) {
        let (left, right) = (vpcs[index], vpcs[index + 1])
        let pcx = try cloud.run { try $0.createVpcPeeringConnection(vpcId: left, peerVpcId: right) }.id
        try cloud.run { _ = try $0.acceptVpcPeeringConnection(pcx) }
        let (tl, tr) = (main(left), main(right))
        try cloud.run { try $0.createRoute(tl, destination: "10.\(index + 1).0.0/16", target: .vpcPeeringConnection(pcx)) }
        try cloud.run { try $0.createRoute(tr, destination: "10.\(index).0.0/16", target: .vpcPeeringConnection(pcx)) }
    }
    return (cloud, instances)
}

func seconds(_ duration: Duration) -> Double { Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18 }

let clock = ContinuousClock()
var built: (TestCloud, [Instance])!
let buildTime = try clock.measure { built = try buildCloud() }
let (cloud, instances) = built!
var evaluator: Evaluator!
let indexTime = clock.measure { evaluator = Evaluator(state: cloud.state, scope: TestCloud.scope, at: cloud.now) }

// One analysis: a reachable neighbour ping, repeated to average out the clock's resolution.
let query = PathQuery(
    scope: TestCloud.scope, source: .instance(instances[0].id), destination: .instance(instances[perVpc].id), traffic: Traffic(.icmp))
precondition(evaluator.analyze(query).isReachable, "the benchmark's neighbour path should be reachable")
let repetitions = 10_000
let singleTime = clock.measure { for _ in 0..<repetitions { _ = evaluator.analyze(query) } }

// The matrix: every instance to every other.
var reachable = 0
let matrixTime = clock.measure {
    for source in instances {
        for destination in instances where source.id != destination.id {
            let analysis = evaluator.analyze(
                PathQuery(
                    scope: TestCloud.scope, source: .instance(source.id), destination: .instance(destination.id), traffic: Traffic(.tcp, port: 22)))
            if analysis.isReachable { reachable += 1 }
        }
    }
}
let pairs = instances.count * (instances.count - 1)
print(
    "cloud: \(vpcCount) VPCs, \(instances.count) instances, \(cloud.state.resourceCount) resources (built in \(String(format: "%.2f", seconds(buildTime))) s)"
)
print("index the state once:       \(String(format: "%8.1f", seconds(indexTime) * 1000)) ms")
print("one analysis (reachable):   \(String(format: "%8.1f", seconds(singleTime) / Double(repetitions) * 1e6)) µs   (goal: under 1 ms)")
print(
    "all-pairs matrix:           \(String(format: "%8.2f", seconds(matrixTime))) s    for \(pairs) pairs, \(reachable) reachable (goal: under 10 s)")
print("                            \(String(format: "%8.1f", seconds(matrixTime) / Double(pairs) * 1e6)) µs per pair")
