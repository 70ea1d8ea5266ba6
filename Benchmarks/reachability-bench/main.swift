// Measures the evaluator: one analysis, the all-pairs matrix over 100 VPCs and 1,000 instances, and first packets
// decided for the data plane (the seeds' peered pair, and neighbours in the 100 VPCs).
// Run: swift run -c release reachability-bench [--vpcs 100] [--instances-per-vpc 10] [--packets 100000]
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
let packetCount = option("--packets", 100_000)

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

// First packets, as the data plane asks: TCP to port 22 from a new source port each, across the seeds' peered pair.
var pair = try PeeredPair()
try pair.peer()
try pair.openGroups()
let pairEvaluator = Evaluator(state: pair.cloud.state, scope: TestCloud.scope, at: pair.cloud.now)
let (interfaceA, interfaceB) = (pair.interface(of: pair.instanceA), pair.interface(of: pair.instanceB))
func firstPacket(_ index: Int, from source: NetworkInterface, to destination: NetworkInterface) -> FlowPacket {
    FlowPacket(
        source: .v4(source.primaryPrivateIp), destination: .v4(destination.primaryPrivateIp), ipProtocol: FlowPacket.tcp,
        sourcePort: UInt16(1024 + index % 64_000), destinationPort: 22)
}
precondition(pairEvaluator.decide(firstPacket(0, from: interfaceA, to: interfaceB), from: .networkInterface(interfaceA.id)).isAccepted)
var accepted = 0
let pairTime = clock.measure {
    for index in 0..<packetCount {
        if pairEvaluator.decide(firstPacket(index, from: interfaceA, to: interfaceB), from: .networkInterface(interfaceA.id)).isAccepted {
            accepted += 1
        }
    }
}
precondition(accepted == packetCount, "every flow across the open pair should be accepted")

// The same across the 100 VPCs: each instance to one in the next VPC (peered) or the one after (not: dropped).
let interfaces = instances.map { cloud.state[TestCloud.scope].networkInterfaces[$0.primaryNetworkInterfaceId]! }
var acceptedInCloud = 0
let cloudTime = clock.measure {
    for index in 0..<packetCount {
        let source = interfaces[index % interfaces.count]
        let hop = index % 2 == 0 ? perVpc : 2 * perVpc
        let destination = interfaces[(index % interfaces.count + hop) % interfaces.count]
        if evaluator.decide(firstPacket(index, from: source, to: destination), from: .networkInterface(source.id)).isAccepted {
            acceptedInCloud += 1
        }
    }
}
func rate(_ count: Int, _ duration: Duration) -> String { String(format: "%10.0f", Double(count) / seconds(duration)) }
print("first packets, peered pair:  \(rate(packetCount, pairTime)) decisions/s   (\(packetCount) flows, \(accepted) accepted; goal: over 20,000/s)")
print("first packets, \(vpcCount) VPCs:     \(rate(packetCount, cloudTime)) decisions/s   (\(packetCount) flows, \(acceptedInCloud) accepted)")
