import Addressing
import CloudModel
import ReachabilityClient
import Testing

/// What `localvpc reach`/`doctor` say about a name, and the AWS CLI command each reason's fix is.
struct DnsExplanationTests {
    @Test(arguments: [
        (
            DnsReason.peeringOptionOff(peeringId: "pcx-1", side: .accepter, ownerVpcId: "vpc-b"),
            "aws ec2 modify-vpc-peering-connection-options --vpc-peering-connection-id pcx-1 "
                + "--accepter-peering-connection-options AllowDnsResolutionFromRemoteVpc=true --region eu-west-1"
        ),
        (
            .peeringOptionOff(peeringId: "pcx-1", side: .requester, ownerVpcId: "vpc-a"),
            "aws ec2 modify-vpc-peering-connection-options --vpc-peering-connection-id pcx-1 "
                + "--requester-peering-connection-options AllowDnsResolutionFromRemoteVpc=true --region eu-west-1"
        ),
        (.dnsSupportOff(vpcId: "vpc-a"), "aws ec2 modify-vpc-attribute --vpc-id vpc-a --enable-dns-support '{\"Value\":true}' --region eu-west-1"),
        (
            .dnsHostnamesOff(vpcId: "vpc-b"),
            "aws ec2 modify-vpc-attribute --vpc-id vpc-b --enable-dns-hostnames '{\"Value\":true}' --region eu-west-1"
        ),
        (
            .resourceNameRecordOff(subnetId: "subnet-1", ipv6: true),
            "aws ec2 modify-subnet-attribute --subnet-id subnet-1 --enable-resource-name-dns-aaaa-record-on-launch --region eu-west-1"
        ),
    ])
    func eachReasonHasItsFix(_ reason: DnsReason, _ command: String) {
        #expect(Remedy.remedy(for: reason)?.awsCommand(suffix: "--region eu-west-1") == command)
    }

    @Test(arguments: [DnsReason.notServed, .noSuchAddress(IPv4Address(10, 0, 0, 9)), .sameVpc(vpcId: "vpc-a"), .notPeered(ownerVpcId: "vpc-b")])
    func reasonsNoApiCallChangesHaveNoFix(_ reason: DnsReason) {
        #expect(Remedy.remedy(for: reason) == nil)
    }

    @Test func theReportSaysWhichSideAndTheFix() {
        let lookup = DnsLookup(
            name: "ec2-198-18-0-7.compute-1.amazonaws.com", vpcId: "vpc-a",
            resolution: DnsResolution(
                .answered, records: [.address(.v4(IPv4Address(198, 18, 0, 7)))],
                reasons: [.peeringOptionOff(peeringId: "pcx-1", side: .accepter, ownerVpcId: "vpc-b")]))
        let lines = ReportText.dns(lookup).split(separator: "\n").map(String.init)
        #expect(lines[0] == "DNS  ec2-198-18-0-7.compute-1.amazonaws.com from vpc-a -> 198.18.0.7")
        #expect(
            lines[1]
                == "  the name does not resolve to its private address from vpc-a because AllowDnsResolutionFromRemoteVpc is off on the "
                + "accepter side of pcx-1 (vpc-b's side): the public address, as from anywhere")
        #expect(lines[2].hasPrefix("  fix: aws ec2 modify-vpc-peering-connection-options --vpc-peering-connection-id pcx-1 --accepter-"))
    }

    @Test(arguments: [
        ("ec2-198-18-0-7.compute-1.amazonaws.com", true), ("ip-10-0-1-5.ec2.internal", true), ("web", false), ("10.0.1.5", false),
        ("i-0123456789abcdef0", false),
    ])
    func dnsNamesAreToldFromOtherReferences(_ reference: String, _ isName: Bool) {
        #expect(ReachabilityClient.isDnsName(reference) == isName)
    }
}
