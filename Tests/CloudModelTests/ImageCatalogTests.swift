import CloudModel
import Foundation
import TestSupport
import Testing

/// The image catalogue and DescribeImages' scoping rules.
struct ImageCatalogTests {
    @Test(arguments: ["us-east-1", "eu-west-1", "ap-southeast-2"])
    func everyRegionLocalVPCServesHasAmazonLinux(region: String) {
        let images = ImageCatalog.images(inRegion: region)
        #expect(images.contains { $0.name.hasPrefix("al2023-ami-2023.") && $0.architecture == "x86_64" })
        #expect(Set(images.map(\.id)).count == images.count)
        #expect(images.allSatisfy { Image.isWellFormedId($0.id) && $0.region == region && !$0.ownerId.isEmpty })
    }

    @Test func idsAreRegional() {
        let east = Set(ImageCatalog.images(inRegion: "us-east-1").map(\.id))
        let west = Set(ImageCatalog.images(inRegion: "us-west-2").map(\.id))
        #expect(east.isDisjoint(with: west))
        #expect(ImageCatalog.images(inRegion: "xx-nowhere-1").isEmpty)
    }

    @Test(arguments: [
        ("ami-12345678", true), ("ami-0123456789abcdef0", true), ("ami-1234567", false), ("ami-ABCDEF12", false), ("vpc-12345678", false),
    ])
    func imageIdShapes(id: String, wellFormed: Bool) {
        #expect(Image.isWellFormedId(id) == wellFormed)
    }

    @Test func scopingByOwnersExecutableUsersIdsAndFilters() throws {
        let state = CloudState()
        let scope = TestCloud.scope
        func ids(_ images: CloudState.ImageQuery = .init(), filters: [Filter] = []) throws -> [String] {
            try state.describeImages(in: scope, images: images, query: DescribeQuery(filters: filters)).items.map(\.id)
        }
        let all = try ids()
        #expect(all.count == ImageCatalog.images(inRegion: scope.region).count)
        #expect(try ids(.init(owners: ["amazon"])) == all)
        #expect(try ids(.init(owners: ["self"])).isEmpty)
        #expect(try ids(.init(executableUsers: ["all"])) == all)
        #expect(try ids(.init(executableUsers: ["self"])).isEmpty)
        let arm = try ids(filters: [Filter(name: "architecture", values: ["arm64"])])
        #expect(!arm.isEmpty && arm.count < all.count)
        #expect(try ids(.init(imageIds: [arm[0], arm[0]])) == [arm[0]])
        #expect(throws: EC2Error.imagesNotFound(["ami-12345678"])) { try ids(.init(imageIds: [arm[0], "ami-12345678"])) }
        #expect(throws: EC2Error.imageIdMalformed("ami-x")) { try ids(.init(imageIds: ["ami-x"])) }
        #expect(throws: EC2Error.userIdMalformed("canonical")) { try ids(.init(owners: ["canonical"])) }
        #expect(throws: EC2Error.invalidFilter("owner")) { try ids(filters: [Filter(name: "owner", values: ["amazon"])]) }
    }
}
