import Addressing
import CloudModel
import Foundation
import TestSupport
import Testing

/// Issue 16, item 3: filters compiled once and matched as before, AWS's per-call limits, launches linear and bounded.
struct LoadLimitTests {
    /// The backtracking matcher filters used before patterns were compiled: the reference the compiled ones must agree with.
    static func referenceMatch(pattern: [Character], text: [Character]) -> Bool {
        var p = 0
        var t = 0
        var star: (p: Int, t: Int)?
        while t < text.count {
            if p < pattern.count {
                switch pattern[p] {
                case "*":
                    star = (p, t)
                    p += 1
                    continue
                case "?":
                    p += 1
                    t += 1
                    continue
                case "\\" where p + 1 < pattern.count && pattern[p + 1] == text[t]:
                    p += 2
                    t += 1
                    continue
                case let c where c == text[t] && c != "\\":
                    p += 1
                    t += 1
                    continue
                default: break
                }
            }
            guard let last = star else { return false }
            p = last.p + 1
            t = last.t + 1
            star = (last.p, last.t + 1)
        }
        while p < pattern.count && pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }

    @Test(arguments: [
        ("a*b*c", "aXbYc", true), ("a*b*c", "abcabc", true), ("a*b*c", "acb", false), ("*a", "bba", true), ("*a", "ab", false),
        ("a*", "a", true), ("?*?", "a", false), ("?*?", "ab", true), ("**", "", true), ("a**b", "ab", true), ("a\\?", "a?", true),
        ("a\\?", "ab", false), ("a\\\\", "a\\", true), ("a\\", "a\\", false), ("a\\", "a", false), ("*\\*", "x*", true), ("*\\*", "x", false),
        ("ab*ab", "ab", false), ("ab*ab", "abab", true), ("*ab*ab*", "xabyab", true), ("é*", "e\u{301}x", true),
    ])
    func compiledPatternsMatchAsAWSDocumentsThem(pattern: String, value: String, matches: Bool) {
        #expect(Filter(name: "any", values: [pattern]).matches(any: [value]) == matches)
        #expect(Self.referenceMatch(pattern: Array(pattern), text: Array(value)) == matches)
    }

    /// Random patterns over a small alphabet (so stars, marks and escapes meet often) agree with the reference matcher.
    @Test func compiledPatternsAgreeWithTheBacktrackingMatcher() {
        var generator = SeededGenerator(seed: 16)
        let alphabet: [Character] = ["a", "b", "*", "?", "\\"]
        let textAlphabet: [Character] = ["a", "b", "*", "?", "\\"]
        for _ in 0..<20000 {
            let pattern = String((0..<Int.random(in: 0...7, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            let text = String((0..<Int.random(in: 0...7, using: &generator)).map { _ in textAlphabet.randomElement(using: &generator)! })
            let expected = Self.referenceMatch(pattern: Array(pattern), text: Array(text))
            #expect(Filter(name: "any", values: [pattern]).matches(any: [text]) == expected, "pattern \(pattern) text \(text)")
        }
    }

    /// A megabyte-long value is compiled once and refused by length against short candidates, so it matches like any other.
    @Test func aMegabyteLongValueMatchesOnlyWhatItDescribes() {
        let long = "*" + String(repeating: "x", count: 1 << 20)
        let filter = Filter(name: "any", values: [long])
        #expect(!filter.matches(any: (0..<1000).map { "value-\($0)" }))
        #expect(filter.matches(any: ["y" + String(repeating: "x", count: 1 << 20)]))
    }

    @Test(
        arguments: [([200], nil), ([201], "FilterLimitExceeded"), ([100, 100], nil), ([100, 50, 51], "FilterLimitExceeded"), ([], nil)]
            as [([Int], String?)])
    func twoHundredFilterValuesACallAtMost(counts: [Int], expectedCode: String?) {
        var refusal: EC2Error?
        do { try Filter.checkLimits(valueCounts: counts) } catch { refusal = error }
        #expect(refusal?.code == expectedCode)
        if let refusal { #expect(refusal.message == "The maximum number of filter values specified on a single call is 200") }
    }

    /// A VPC with a /16 subnet: room for every launch here.
    static func bigSubnet(_ cloud: inout TestCloud, mapPublicIp: Bool = false) throws -> Subnet {
        let vpc = try cloud.run { try $0.createVpc(cidrBlock: "10.0.0.0/16") }
        let vpcId = vpc.id
        let subnet = try cloud.run { try $0.createSubnet(vpcId: vpcId, cidrBlock: "10.0.0.0/16") }
        if mapPublicIp {
            let id = subnet.id
            try cloud.run { try $0.modifySubnetAttribute(id, .mapPublicIpOnLaunch(true)) }
        }
        return cloud.state[TestCloud.scope].subnets[subnet.id]!
    }

    @Test func maxCountBeyondTheQuotaOfOneLaunchLaunchesWhatTheQuotaAllows() throws {
        var cloud = TestCloud()
        cloud.configuration.instancesPerLaunch = 300
        let subnet = try Self.bigSubnet(&cloud, mapPublicIp: true)
        let launch = InstanceLaunch(imageId: "ami-12345678", minCount: 1, maxCount: 5000, subnetId: subnet.id)
        let instances = try cloud.run { try $0.runInstances(launch) }
        #expect(instances.count == 300)
        let region = cloud.state[TestCloud.scope]
        let interfaces = instances.map { region.networkInterfaces[$0.primaryNetworkInterfaceId]! }
        // The lowest free addresses, in order, each once; public addresses each once.
        #expect(interfaces.map(\.primaryPrivateIp) == (0..<300).map { IPv4Address(value: IPv4Address(10, 0, 0, 4).value + UInt32($0)) })
        #expect(Set(interfaces.compactMap(\.autoPublicIp)).count == 300)
        #expect(region.volumes.count == 300)
    }

    @Test func minCountBeyondTheQuotaOfOneLaunchIsInstanceLimitExceededAndChangesNothing() throws {
        var cloud = TestCloud()
        cloud.configuration.instancesPerLaunch = 300
        let subnet = try Self.bigSubnet(&cloud)
        let before = cloud.state[TestCloud.scope].resourceCount
        let launch = InstanceLaunch(imageId: "ami-12345678", minCount: 301, maxCount: 400, subnetId: subnet.id)
        let error = cloud.error { try $0.runInstances(launch) }
        #expect(error?.code == "InstanceLimitExceeded")
        #expect(error?.httpStatus == 400, "a client error: an absurd MinCount is never a 5xx")
        #expect(error?.message == "Your quota allows for 300 more running instance(s). You requested at least 301.")
        #expect(cloud.state[TestCloud.scope].resourceCount == before)
    }

    @Test func theDefaultQuotaOfOneLaunchIsAThousand() {
        #expect(CloudConfiguration().instancesPerLaunch == 1000)
    }

    /// Freed addresses below the last one handed out are found again: each launch searches from the block's start.
    @Test func aLaunchFillsTheGapsEarlierTerminationsLeft() throws {
        var cloud = TestCloud()
        let subnet = try Self.bigSubnet(&cloud)
        let first = try cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", maxCount: 10, subnetId: subnet.id)) }
        let gone = [first[2].id, first[5].id]
        try cloud.run { _ = try $0.terminateInstances(gone) }
        let second = try cloud.run { try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", maxCount: 3, subnetId: subnet.id)) }
        let region = cloud.state[TestCloud.scope]
        let addresses = second.map { region.networkInterfaces[$0.primaryNetworkInterfaceId]!.primaryPrivateIp.description }
        #expect(addresses == ["10.0.0.6", "10.0.0.9", "10.0.0.14"])
    }

    /// Terminating reads each instance's interfaces and volumes through the instance index: all of them go, in one
    /// command, even when the same command wrote them.
    @Test func terminatingALaunchTakesItsInterfacesAndVolumes() throws {
        var cloud = TestCloud()
        let subnet = try Self.bigSubnet(&cloud)
        let launch = InstanceLaunch(imageId: "ami-12345678", maxCount: 50, subnetId: subnet.id)
        let instances = try cloud.run { try $0.runInstances(launch) }
        let ids = instances.map(\.id)
        try cloud.run { _ = try $0.terminateInstances(ids) }
        let region = cloud.state[TestCloud.scope]
        #expect(region.networkInterfaces.values.filter { $0.subnetId == subnet.id }.isEmpty)
        #expect(region.volumes.isEmpty)
        let inOne = try cloud.run { transaction in
            let made = try transaction.runInstances(InstanceLaunch(imageId: "ami-12345678", maxCount: 3, subnetId: subnet.id))
            return try transaction.terminateInstances(made.map(\.id)).count
        }
        #expect(inOne == 3)
        #expect(cloud.state[TestCloud.scope].volumes.isEmpty)
    }
}
