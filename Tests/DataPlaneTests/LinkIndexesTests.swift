import Foundation
import Testing

@testable import DataPlane

struct LinkIndexesTests {
    @Test func indexesAreStablePerNameAndReusedOnceFreed() throws {
        var indexes = LinkIndexes()
        let a = try indexes.allocate("lvpc-ea")
        let b = try indexes.allocate("lvpc-eb")
        #expect(a != b)
        #expect(try indexes.allocate("lvpc-ea") == a)
        indexes.release("lvpc-ea")
        #expect(indexes["lvpc-ea"] == nil)
        #expect(try indexes.allocate("lvpc-ec") == a)
        #expect(LinkIndexes.table(of: a) == 1000 + a)
    }

    @Test func macsAreStableLocallyAdministeredAndDifferPerEnd() {
        let here = LinkAddress.mac(of: "lvpc-p123456789", in: "lvpc-vpc-a")
        let there = LinkAddress.mac(of: "lvpc-p123456789", in: "lvpc-vpc-b")
        #expect(here == LinkAddress.mac(of: "lvpc-p123456789", in: "lvpc-vpc-a"))
        #expect(here != there)
        #expect(here.hasPrefix("0a:") && here.split(separator: ":").count == 6)
    }
}

/// Which namespaces a starting server may remove: its own from before, and those of processes that are gone.
struct NamespaceOwnershipTests {
    @Test func leftoversAreOurOwnOrAnEndedProcesssNeverAnotherLiveServers() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lvpc-ownership-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let ours = NamespaceOwnership(key: "port=4566 state=/a", directory: directory)
        let theirs = NamespaceOwnership(key: "port=4567 state=/b", directory: directory)
        ours.claim("lvpc-i-0000000000000000a")
        theirs.claim("lvpc-i-0000000000000000b")
        // A record left by a process that has ended (pid 2^22 + 1 is above Linux's pid_max).
        try "4194305\nport=4568 state=/c\n".write(toFile: "\(directory)/lvpc-i-0000000000000000c", atomically: true, encoding: .utf8)
        let names = ["lvpc-i-0000000000000000a", "lvpc-i-0000000000000000b", "lvpc-i-0000000000000000c", "lvpc-kt-unrecorded", "docker0"]
        #expect(Set(ours.leftovers(among: names)) == ["lvpc-i-0000000000000000a", "lvpc-i-0000000000000000c"])
        ours.release("lvpc-i-0000000000000000a")
        #expect(ours.leftovers(among: names) == ["lvpc-i-0000000000000000c"])
    }
}
