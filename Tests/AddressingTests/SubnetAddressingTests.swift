import Addressing
import Testing

struct SubnetAddressingTests {
    @Test(arguments: [
        ("10.0.0.0/24", ["10.0.0.0", "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.255"]),
        ("10.0.0.16/28", ["10.0.0.16", "10.0.0.17", "10.0.0.18", "10.0.0.19", "10.0.0.31"]),
        ("10.0.0.20/28", ["10.0.0.16", "10.0.0.17", "10.0.0.18", "10.0.0.19", "10.0.0.31"]),
        ("255.255.255.252/30", ["255.255.255.252", "255.255.255.253", "255.255.255.254", "255.255.255.255"]),
        ("10.0.0.7/32", ["10.0.0.7"]),
    ])
    func reservesFirstFourAndLast(subnet: String, reserved: [String]) throws {
        let subnet = try #require(IPv4CIDR(subnet))
        #expect(SubnetAddressing.reservedAddresses(in: subnet).map(\.description) == reserved)
        for address in reserved {
            #expect(SubnetAddressing.isReserved(try #require(IPv4Address(address)), in: subnet))
        }
    }

    @Test(arguments: [("10.0.0.4", false), ("10.0.0.254", false), ("10.0.0.3", true), ("10.0.0.255", true), ("10.0.1.0", false)])
    func tellsReservedFromAssignable(address: String, reserved: Bool) throws {
        let subnet = try #require(IPv4CIDR("10.0.0.0/24"))
        #expect(SubnetAddressing.isReserved(try #require(IPv4Address(address)), in: subnet) == reserved)
    }

    @Test(arguments: [("10.0.0.0/28", 11), ("10.0.0.0/24", 251), ("10.0.0.0/16", 65531), ("10.0.0.0/29", 3), ("10.0.0.0/31", 0)])
    func countsUsableAddresses(subnet: String, usable: Int) throws {
        #expect(SubnetAddressing.usableAddressCount(in: try #require(IPv4CIDR(subnet))) == usable)
    }

    @Test func findsTheFirstFreeAddress() throws {
        let subnet = try #require(IPv4CIDR("10.0.0.16/28"))
        #expect(SubnetAddressing.firstFreeAddress(in: subnet, excluding: []) == IPv4Address(10, 0, 0, 20))
        let used: Set = [IPv4Address(10, 0, 0, 20), IPv4Address(10, 0, 0, 21), IPv4Address(10, 0, 0, 23)]
        #expect(SubnetAddressing.firstFreeAddress(in: subnet, excluding: used) == IPv4Address(10, 0, 0, 22))
        // Addresses outside the subnet or reserved in it do not count against it.
        let unrelated: Set = [IPv4Address(10, 0, 0, 1), IPv4Address(10, 0, 0, 16), IPv4Address(192, 168, 0, 20)]
        #expect(SubnetAddressing.firstFreeAddress(in: subnet, excluding: unrelated) == IPv4Address(10, 0, 0, 20))
    }

    @Test func findsNothingInAFullSubnet() throws {
        let subnet = try #require(IPv4CIDR("10.0.0.16/28"))
        let everyUsable = Set((20...30).map { IPv4Address(10, 0, 0, UInt8($0)) })
        #expect(everyUsable.count == SubnetAddressing.usableAddressCount(in: subnet))
        #expect(SubnetAddressing.firstFreeAddress(in: subnet, excluding: everyUsable) == nil)
        #expect(
            SubnetAddressing.firstFreeAddress(in: subnet, excluding: everyUsable.subtracting([IPv4Address(10, 0, 0, 30)]))
                == IPv4Address(10, 0, 0, 30))
        #expect(SubnetAddressing.firstFreeAddress(in: try #require(IPv4CIDR("10.0.0.0/30")), excluding: []) == nil)
        #expect(SubnetAddressing.firstFreeAddress(in: try #require(IPv4CIDR("255.255.255.248/29")), excluding: []) == IPv4Address(255, 255, 255, 252))
    }

    @Test func fillsALargeSubnetInOrder() throws {
        let subnet = try #require(IPv4CIDR("10.0.0.0/16"))
        var used = Set<IPv4Address>()
        for _ in 0..<1000 {
            let address = try #require(SubnetAddressing.firstFreeAddress(in: subnet, excluding: used))
            #expect(!SubnetAddressing.isReserved(address, in: subnet))
            used.insert(address)
        }
        #expect(used.max() == IPv4Address(10, 0, 3, 235))
    }
    /// A search resumed from a start point skips what lies below it, and still never hands out the last (broadcast) address.
    @Test func resumesFromAStartPoint() throws {
        let subnet = try #require(IPv4CIDR("10.0.0.16/28"))
        #expect(SubnetAddressing.firstFreeAddress(in: subnet, excluding: [], from: IPv4Address(10, 0, 0, 25)) == IPv4Address(10, 0, 0, 25))
        #expect(SubnetAddressing.firstFreeAddress(in: subnet, excluding: [], from: IPv4Address(10, 0, 0, 17)) == IPv4Address(10, 0, 0, 20))
        #expect(SubnetAddressing.firstFreeAddress(in: subnet, excluding: [IPv4Address(10, 0, 0, 30)], from: IPv4Address(10, 0, 0, 30)) == nil)
    }
}
