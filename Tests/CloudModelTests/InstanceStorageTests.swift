import CloudModel
import Foundation
import TestSupport
import Testing

/// An instance keeps its fields in a box its copies share (`Instance`): copies stay values, and what is stored is
/// what was stored before the box.
struct InstanceStorageTests {
    private func launched() throws -> Instance {
        var f = try InstanceRulesTests.Fixture()
        return try #require(f.launch(1).first)
    }

    @Test func aChangedCopyLeavesTheOriginalAsItWas() throws {
        let original = try launched()
        var copy = original
        #expect(copy == original)
        copy.state = .stopped
        copy.tags = ["Name": "changed"]
        #expect(original.state == .running)
        #expect(original.tags.isEmpty)
        #expect(copy.state == .stopped)
        #expect(copy != original)
        var again = copy
        again.state = .running
        #expect(copy.state == .stopped, "a copy of a copy is a value too")
    }

    /// The keys are the stored properties' names from before the box, so a state stored by an earlier LocalVPC loads,
    /// and one stored now loads in it.
    @Test func storesTheSameKeysAsBeforeAndReadsItsOwnJSONBack() throws {
        let instance = try launched()
        let json = try JSONEncoder().encode(instance)
        let keys = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any]).keys
        let stored: Set<String> = [
            "id", "scope", "reservationId", "imageId", "instanceType", "subnetId", "instanceVpcId", "availabilityZone",
            "primaryNetworkInterfaceId", "amiLaunchIndex", "wantsPublicIp", "state", "stateChangedAt", "launchTime", "tags",
            "storedConfiguration",
        ]
        let optional: Set<String> = ["keyName", "launchPublicKey", "userData", "clientToken", "launchFingerprint", "stateReason", "consoleOutput"]
        #expect(stored.isSubset(of: Set(keys)))
        #expect(Set(keys).subtracting(stored).isSubset(of: optional))
        #expect(try JSONDecoder().decode(Instance.self, from: json) == instance)
        // A state stored before configurations were kept decodes them as the defaults.
        var older = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        older["storedConfiguration"] = nil
        let decoded = try JSONDecoder().decode(Instance.self, from: JSONSerialization.data(withJSONObject: older))
        #expect(decoded.id == instance.id)
        #expect(decoded.rootDeviceName == InstanceConfiguration().rootDeviceName)
    }
}
