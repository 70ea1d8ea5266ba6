import CloudModel
import TestSupport
import Testing

/// Launch templates: names, versions made from source versions, `$Latest`/`$Default`, and which versions may go.
struct LaunchTemplateRulesTests {
    static func data(imageId: String? = nil, instanceType: String? = nil) -> LaunchTemplateData {
        var data = LaunchTemplateData()
        data.imageId = imageId
        data.instanceType = instanceType
        return data
    }

    @Test(
        arguments: [
            ("web", nil), ("my-template_1.(a)/b", nil), ("ab", "InvalidLaunchTemplateName.MalformedException"),
            ("has space", "InvalidLaunchTemplateName.MalformedException"), ("a:bc", "InvalidLaunchTemplateName.MalformedException"),
        ] as [(String, String?)])
    func namesFollowAWSsRule(name: String, expectedCode: String?) {
        var cloud = TestCloud()
        #expect(cloud.error { try $0.createLaunchTemplate(name: name, description: nil, data: Self.data(), clientToken: nil) }?.code == expectedCode)
    }

    @Test func aNameIsTakenOnceAndAClientTokenAnswersTheFirstTemplate() throws {
        var cloud = TestCloud()
        let first = try cloud.run { try $0.createLaunchTemplate(name: "web", description: nil, data: Self.data(), clientToken: "t") }
        let again = try cloud.run { try $0.createLaunchTemplate(name: "web", description: nil, data: Self.data(), clientToken: "t") }
        #expect(first.id == again.id)
        #expect(
            cloud.error { try $0.createLaunchTemplate(name: "web", description: nil, data: Self.data(), clientToken: nil) }?.code
                == "InvalidLaunchTemplateName.AlreadyExistsException")
    }

    @Test func aVersionFromASourceVersionKeepsWhatItDoesNotChange() throws {
        var cloud = TestCloud()
        let template = try cloud.run {
            try $0.createLaunchTemplate(
                name: "web", description: "v1", data: Self.data(imageId: "ami-12345678", instanceType: "t3.micro"), clientToken: nil)
        }
        let (_, inherited) = try cloud.run {
            try $0.createLaunchTemplateVersion(
                id: template.id, name: nil, sourceVersion: "1", description: nil, data: Self.data(instanceType: "t3.large"))
        }
        #expect(inherited.number == 2 && inherited.data.imageId == "ami-12345678" && inherited.data.instanceType == "t3.large")
        let (updated, fresh) = try cloud.run {
            try $0.createLaunchTemplateVersion(id: nil, name: "web", sourceVersion: nil, description: nil, data: Self.data(instanceType: "m5.large"))
        }
        #expect(fresh.number == 3 && fresh.data.imageId == nil)
        #expect(try updated.version("$Latest").number == 3 && updated.version("$Default").number == 1 && updated.version(nil).number == 1)
        #expect(throws: EC2Error.self) { try updated.version("9") }
        #expect(
            cloud.error {
                _ = try $0.createLaunchTemplateVersion(id: template.id, name: nil, sourceVersion: "9", description: nil, data: Self.data())
            }?
            .code == "InvalidLaunchTemplateId.VersionNotFound")
    }

    @Test func theDefaultVersionStaysAndNumbersAreNeverReused() throws {
        var cloud = TestCloud()
        let template = try cloud.run { try $0.createLaunchTemplate(name: "web", description: nil, data: Self.data(), clientToken: nil) }
        let id = template.id
        for _ in 0..<2 {
            _ = try cloud.run { try $0.createLaunchTemplateVersion(id: id, name: nil, sourceVersion: nil, description: nil, data: Self.data()) }
        }
        let outcome = try cloud.run { try $0.deleteLaunchTemplateVersions(id: id, name: nil, versions: ["1", "3", "8"]) }
        #expect(outcome.deleted == [3] && outcome.failed.map(\.version) == ["1", "8"])
        let (_, next) = try cloud.run {
            try $0.createLaunchTemplateVersion(id: id, name: nil, sourceVersion: nil, description: nil, data: Self.data())
        }
        #expect(next.number == 4)
        let modified = try cloud.run { try $0.modifyLaunchTemplate(id: id, name: nil, defaultVersion: "4") }
        #expect(modified.defaultVersionNumber == 4 && modified.latestVersionNumber == 4)
        #expect(
            cloud.error { _ = try $0.modifyLaunchTemplate(id: id, name: nil, defaultVersion: "3") }?.code == "InvalidLaunchTemplateId.VersionNotFound"
        )
    }

    @Test func templatesAreNamedByIdOrByNameNotBoth() throws {
        var cloud = TestCloud()
        let template = try cloud.run { try $0.createLaunchTemplate(name: "web", description: nil, data: Self.data(), clientToken: nil) }
        let id = template.id
        #expect(cloud.error { _ = try $0.deleteLaunchTemplate(id: id, name: "web") }?.code == "InvalidParameterCombination")
        #expect(cloud.error { _ = try $0.deleteLaunchTemplate(id: nil, name: nil) }?.code == "MissingParameter")
        #expect(cloud.error { _ = try $0.deleteLaunchTemplate(id: nil, name: "other") }?.code == "InvalidLaunchTemplateName.NotFoundException")
        #expect(cloud.error { _ = try $0.deleteLaunchTemplate(id: "lt-0123456789abcdef0", name: nil) }?.code == "InvalidLaunchTemplateId.NotFound")
        _ = try cloud.run { try $0.deleteLaunchTemplate(id: nil, name: "web") }
        #expect(cloud.state[TestCloud.scope].launchTemplates.isEmpty)
    }
}
