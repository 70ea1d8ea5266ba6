import CloudModel
import Foundation
import TestSupport
import Testing

/// The rules of an instance's configuration: metadata defaults by image, CPU credits, protections, maintenance and
/// monitoring, and what state stored before LocalVPC kept them reads as.
struct InstanceOptionsRulesTests {
    typealias Fixture = SubnetFixture

    /// The first catalogue image of us-east-1 whose name starts with `prefix`, for `architecture`.
    static func image(_ prefix: String, architecture: String = "x86_64") throws -> Image {
        try #require(ImageCatalog.images(inRegion: "us-east-1").first { $0.name.hasPrefix(prefix) && $0.architecture == architecture })
    }

    @Test func metadataDefaultsFollowTheImageAndTheLaunchWins() throws {
        var f = try Fixture()
        let unknown = try f.launch()
        #expect(unknown.configuration.metadataOptions == InstanceMetadataOptions())
        let al2023 = try Self.image("al2023-ami-2023.")
        let strict = try f.launch { $0.imageId = al2023.id }
        #expect(strict.configuration.metadataOptions.httpTokens == .required)
        #expect(strict.configuration.metadataOptions.httpPutResponseHopLimit == 2)
        let loosened = try f.launch {
            $0.imageId = al2023.id
            $0.metadataOptions = .init(httpTokens: .optional)
        }
        #expect(loosened.configuration.metadataOptions.httpTokens == .optional)
        #expect(loosened.configuration.metadataOptions.httpPutResponseHopLimit == 2, "what the launch leaves out comes from the image")
    }

    @Test(arguments: [(0, false), (1, true), (64, true), (65, false)])
    func hopLimitsAreOneToSixtyFour(limit: Int, accepted: Bool) {
        let change = try? InstanceMetadataOptions.Change.parse(
            httpTokens: nil, httpPutResponseHopLimit: limit, httpEndpoint: nil, httpProtocolIpv6: nil, instanceMetadataTags: nil)
        #expect((change != nil) == accepted)
    }

    @Test func modifyingMetadataKeepsWhatTheChangeLeavesOut() throws {
        var f = try Fixture()
        let id = try f.launch().id
        _ = try f.cloud.run { try $0.modifyInstanceMetadataOptions(id, .init(httpTokens: .required, instanceMetadataTags: .enabled)) }
        _ = try f.cloud.run { try $0.modifyInstanceMetadataOptions(id, .init(httpPutResponseHopLimit: 3)) }
        #expect(
            f.instance(id).configuration.metadataOptions
                == InstanceMetadataOptions(httpTokens: .required, httpPutResponseHopLimit: 3, instanceMetadataTags: .enabled))
        #expect(f.instance(id).filterValues("metadata-options.http-tokens", in: f.cloud.state, at: f.cloud.now) == ["required"])
    }

    @Test func creditChangesApplyPerInstance() throws {
        var f = try Fixture()
        let burstable = try f.launch().id
        let steady = try f.launch { $0.instanceType = "m5.large" }.id
        let changes = try f.cloud.run {
            try $0.modifyInstanceCreditSpecification([(burstable, .standard), (steady, .unlimited), ("i-0123456789abcdef0", .standard)])
        }
        #expect(changes.successful == [burstable])
        #expect(changes.unsuccessful.map(\.error.code) == ["InstanceCreditSpecification.NotSupported", "InvalidInstanceID.NotFound"])
        #expect(f.instance(burstable).cpuCredits == .standard)
        #expect(f.instance(steady).cpuCredits == nil)
        #expect(
            f.cloud.error { _ = try $0.runInstances(InstanceLaunch(imageId: "ami-12345678", instanceType: "m5.large", subnetId: f.subnetId)) } == nil)
        var launch = InstanceLaunch(imageId: "ami-12345678", instanceType: "m5.large", subnetId: f.subnetId)
        launch.cpuCredits = .unlimited
        let request = launch
        #expect(f.cloud.error { _ = try $0.runInstances(request) }?.code == "InvalidParameterCombination")
    }

    @Test func protectedInstancesRefuseStopAndTerminationAndNothingChanges() throws {
        var f = try Fixture()
        let guarded = try f.launch {
            $0.disableApiTermination = true
            $0.disableApiStop = true
        }.id
        let free = try f.launch().id
        #expect(f.cloud.error { _ = try $0.terminateInstances([free, guarded]) }?.code == "OperationNotPermitted")
        #expect(f.instance(free).state == .running, "all or none")
        #expect(f.cloud.error { _ = try $0.stopInstances([guarded]) }?.code == "OperationNotPermitted")
        try f.cloud.run { try $0.modifyInstanceAttribute(guarded, .disableApiTermination(false)) }
        _ = try f.cloud.run { try $0.terminateInstances([free, guarded]) }
        #expect(f.instance(guarded).state == .terminated)
    }

    @Test func anArm64ImageRefusesAnX86TypeAndTheRootVolumeFollowsTheImage() throws {
        var f = try Fixture()
        let arm = try Self.image("al2023-ami-2023.", architecture: "arm64")
        let mismatched = InstanceLaunch(imageId: arm.id, instanceType: "t3.micro", subnetId: f.subnetId)
        let error = f.cloud.error { _ = try $0.runInstances(mismatched) }
        #expect(error?.code == "InvalidParameterValue")
        let graviton = try f.launch {
            $0.imageId = arm.id
            $0.instanceType = "t4g.micro"
        }
        #expect(graviton.architecture == "arm64" && graviton.currentInstanceBootMode == "uefi")
        let gp2 = try #require(
            ImageCatalog.images(inRegion: "us-east-1").first { $0.name.hasPrefix("amzn2-ami-hvm-") && $0.name.hasSuffix("-x86_64-gp2") })
        let instance = try f.launch { $0.imageId = gp2.id }
        let volumes = f.cloud.state.volumes(of: instance)
        #expect(volumes.map(\.volumeType.rawValue) == ["gp2"] && volumes.map(\.size) == [8])
        #expect(volumes.first?.attachment?.device == instance.rootDeviceName)
    }

    @Test func monitoringAnswersTheTransitionalStatesAndAllOrNone() throws {
        var f = try Fixture()
        let id = try f.launch().id
        #expect(try f.cloud.run { try $0.setMonitoring([id], enabled: true) }.map(\.state) == ["pending"])
        #expect(try f.cloud.run { try $0.setMonitoring([id], enabled: true) }.map(\.state) == ["enabled"])
        #expect(f.cloud.error { _ = try $0.setMonitoring([id, "i-0123456789abcdef0"], enabled: false) }?.code == "InvalidInstanceID.NotFound")
        #expect(f.instance(id).configuration.monitoring)
    }

    @Test func anInstanceStoredBeforeItsConfigurationReadsAsTheDefaults() throws {
        var f = try Fixture()
        let instance = try f.launch { $0.monitoring = true }
        var object = try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(Resource.instance(instance))) as? [String: Any])
        var value = try #require(object["value"] as? [String: Any])
        #expect(value["storedConfiguration"] != nil)
        value["storedConfiguration"] = nil
        object["value"] = value
        let old = try JSONDecoder().decode(Resource.self, from: JSONSerialization.data(withJSONObject: object))
        guard case .instance(let decoded) = old else { throw CancellationError() }
        #expect(decoded.configuration == InstanceConfiguration())
        // A configuration written by an older LocalVPC, with fewer fields, keeps what it has.
        value["storedConfiguration"] = ["monitoring": true]
        object["value"] = value
        guard case .instance(let partial) = try JSONDecoder().decode(Resource.self, from: JSONSerialization.data(withJSONObject: object)) else {
            throw CancellationError()
        }
        #expect(partial.configuration.monitoring && partial.configuration.metadataOptions == InstanceMetadataOptions())
    }
}
