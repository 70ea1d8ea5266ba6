import EC2Client
import PeeringSetup
import Synchronization
import Testing

/// The whole run against ``FakeEC2``: idempotence, conflicts, failures, cross-account, dry runs.
struct PeeringSetupTests {
    static let allow = try! AllowedTraffic.parseList("icmp,tcp:22")

    /// Two VPCs as in the seed walkthrough; VPC1's first subnet has its own table.
    static func seedCloud(peerOwner: String = "000000000000", peerCidr: String = "172.16.0.0/16") -> FakeEC2 {
        let fake = FakeEC2()
        fake.addVpc("vpc-00000001", "10.0.0.0/16", name: "VPC1", subnets: ["subnet-1a", "subnet-1b"])
        fake.addVpc("vpc-00000002", peerCidr, name: "VPC2", owner: peerOwner, subnets: ["subnet-2a"])
        fake.state.withLock { $0.tables.append(RouteTable(routeTableId: "rtb-own", vpcId: "vpc-00000001", subnetIds: ["subnet-1a"])) }
        return fake
    }

    static func setup(_ fake: FakeEC2, accepterAccount: String = "000000000000", _ options: PeeringSetup.Options) -> PeeringSetup {
        PeeringSetup(requester: fake.client(), accepter: fake.client(account: accepterAccount), options: options)
    }

    @Test func secondRunChangesNothing() async throws {
        let fake = Self.seedCloud()
        let options = PeeringSetup.Options(vpcA: "VPC1", vpcB: "VPC2", routes: true, allow: Self.allow)
        let first = await Self.setup(fake, options).run()
        #expect(first.error == nil)
        #expect(first.succeeded)
        #expect(first.steps.first?.message == "created pcx-1 (no peering between vpc-00000001 (VPC1) and vpc-00000002 (VPC2))")
        #expect(first.steps.contains { $0.message == "accepted pcx-1 as account 000000000000 in us-east-1" })
        #expect(first.steps.contains { $0.message == "route 172.16.0.0/16 → pcx-1 in rtb-own of vpc-00000001 (used by subnet-1a)" })
        #expect(
            first.steps.contains {
                $0.message == "route 172.16.0.0/16 → pcx-1 in rtb-main-vpc-00000001 of vpc-00000001 (main table, used by subnet-1b)"
            })
        #expect(
            first.steps.contains {
                $0.message == "route 10.0.0.0/16 → pcx-1 in rtb-main-vpc-00000002 of vpc-00000002 (main table, used by subnet-2a)"
            })
        #expect(first.steps.contains { $0.message == "allow icmp from 10.0.0.0/16 in sg-vpc-00000002 (default group of vpc-00000002)" })
        #expect(first.changes == 9)  // create, accept, 3 routes, 4 rules
        let mutations = fake.state.withLock { $0.mutations }

        let second = await Self.setup(fake, options).run()
        #expect(second.succeeded)
        #expect(second.changes == 0)
        #expect(second.summary == "no changes: everything was already in place")
        #expect(second.steps.allSatisfy { $0.action == .alreadyThere })
        #expect(second.steps.count == 8)
        #expect(fake.state.withLock { $0.mutations } == mutations)
    }

    @Test func overlappingBlocksFailWithTheStatusMessage() async {
        let fake = Self.seedCloud(peerCidr: "10.0.0.0/16")
        let outcome = await Self.setup(fake, PeeringSetup.Options(vpcA: "VPC1", vpcB: "VPC2", routes: true)).run()
        #expect(!outcome.succeeded)
        #expect(outcome.error?.code == "VpcPeeringConnectionFailed")
        #expect(outcome.error?.message.contains("Overlapping CIDR blocks") == true)
        #expect(outcome.steps.map(\.action) == [.created, .failed])
        #expect(outcome.status == "failed")
    }

    @Test func aRouteToAnotherTargetIsAConflictAndStaysAsItIs() async {
        let fake = Self.seedCloud()
        fake.state.withLock { $0.tables[0].routes.append(Route(destinationCidrBlock: "172.16.0.0/16", target: "igw-1")) }
        let outcome = await Self.setup(fake, PeeringSetup.Options(vpcA: "VPC1", vpcB: "VPC2", routes: true)).run()
        #expect(!outcome.succeeded)
        #expect(outcome.conflicts == 1)
        #expect(
            outcome.steps.contains {
                $0.action == .conflict
                    && $0.message.hasPrefix("conflict: rtb-main-vpc-00000001 of vpc-00000001 already routes 172.16.0.0/16 to igw-1")
            })
        #expect(fake.state.withLock { $0.tables[0].route(to: "172.16.0.0/16")?.target } == "igw-1")
        #expect(outcome.summary.contains("1 conflicting route"))
    }

    @Test func crossAccountWithoutAccepterCredentialsStopsPending() async {
        let fake = Self.seedCloud(peerOwner: "222222222222")
        let options = PeeringSetup.Options(vpcA: "VPC1", vpcB: "vpc-00000002", peerOwner: "222222222222", routes: true)
        let outcome = await Self.setup(fake, options).run()
        #expect(outcome.error == nil)
        #expect(!outcome.succeeded)
        #expect(outcome.incomplete?.contains("waits for account 222222222222") == true)
        #expect(fake.state.withLock { $0.peerings.map(\.status) } == ["pending-acceptance"])

        let named = await Self.setup(fake, PeeringSetup.Options(vpcA: "VPC1", vpcB: "VPC2", peerOwner: "222222222222")).run()
        #expect(named.error?.message.contains("must be a VPC id") == true)
    }

    @Test func crossAccountWithAccepterCredentialsFinishes() async {
        let fake = Self.seedCloud(peerOwner: "222222222222")
        let options = PeeringSetup.Options(
            vpcA: "VPC1", vpcB: "VPC2", peerOwner: "222222222222", hasAccepterCredentials: true, routes: true, allow: Self.allow)
        let outcome = await Self.setup(fake, accepterAccount: "222222222222", options).run()
        #expect(outcome.succeeded)
        #expect(outcome.steps.contains { $0.message == "accepted pcx-1 as account 222222222222 in us-east-1" })
        #expect(outcome.steps.filter { $0.action == .added }.count == 7)
    }

    @Test func aPendingRequestFromTheOtherSideIsAcceptedNotDuplicated() async {
        let fake = Self.seedCloud()
        _ = await Self.setup(fake, PeeringSetup.Options(vpcA: "VPC2", vpcB: "VPC1", dryRun: false)).run()
        fake.state.withLock { $0.peerings[0].status = "pending-acceptance" }
        let outcome = await Self.setup(fake, PeeringSetup.Options(vpcA: "VPC1", vpcB: "VPC2")).run()
        #expect(outcome.succeeded)
        #expect(outcome.steps.map(\.action) == [.status, .accepted])
        #expect(fake.state.withLock { $0.peerings.count } == 1)
    }

    @Test func dryRunChangesNothing() async {
        let fake = Self.seedCloud()
        let outcome = await Self.setup(fake, PeeringSetup.Options(vpcA: "VPC1", vpcB: "VPC2", routes: true, allow: Self.allow, dryRun: true)).run()
        #expect(outcome.succeeded)
        #expect(outcome.changes == 0)
        #expect(outcome.steps.allSatisfy { $0.action == .planned })
        #expect(outcome.steps.count == 9)
        #expect(fake.state.withLock { $0.mutations }.isEmpty)
    }

    @Test func unknownAndAmbiguousNames() async {
        let fake = Self.seedCloud()
        fake.addVpc("vpc-00000003", "192.168.0.0/16", name: "VPC2")
        let missing = await Self.setup(fake, PeeringSetup.Options(vpcA: "nope", vpcB: "VPC1")).run()
        #expect(missing.error?.code == "VpcNotFound")
        let ambiguous = await Self.setup(fake, PeeringSetup.Options(vpcA: "VPC1", vpcB: "VPC2")).run()
        #expect(ambiguous.error?.code == "AmbiguousVpcName")
        let same = await Self.setup(fake, PeeringSetup.Options(vpcA: "VPC1", vpcB: "vpc-00000001")).run()
        #expect(same.error?.code == "InvalidParameterValue")
    }
}
