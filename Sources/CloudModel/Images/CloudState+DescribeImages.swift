public import Foundation

/// DescribeImages: the region's catalogue of public images, scoped as the call's parameters say.
extension CloudState {
    /// What DescribeImages asks for besides filters and a page.
    public struct ImageQuery: Sendable {
        public var imageIds: [String]
        /// `Owners`: account ids, `self`, `amazon`, `aws-marketplace`, `aws-backup-vault`.
        public var owners: [String]
        /// `ExecutableUsers`: account ids, `self`, `all`.
        public var executableUsers: [String]

        public init(imageIds: [String] = [], owners: [String] = [], executableUsers: [String] = []) {
            self.imageIds = imageIds
            self.owners = owners
            self.executableUsers = executableUsers
        }
    }

    /// The images of `scope`'s region that `images` and `query`'s filters select, by id, a page at a time.
    ///
    /// Every catalogue image is public and owned by Amazon, so `Owners=amazon` (or Amazon's account id) and
    /// `ExecutableUsers=all` keep them, and `self`, other accounts or other aliases keep none: the caller owns no
    /// images and none is shared with it explicitly. Deprecated and disabled images do not occur.
    public func describeImages(in scope: AccountRegion, images: ImageQuery, query: DescribeQuery) throws(EC2Error) -> Page<Image> {
        for filter in query.filters where !Image.accepts(filter: filter.name) { throw .invalidFilter(filter.name) }
        for owner in images.owners where !Self.isAccountId(owner) && !["self", "amazon", "aws-marketplace", "aws-backup-vault"].contains(owner) {
            throw .userIdMalformed(owner)
        }
        for user in images.executableUsers where !Self.isAccountId(user) && !["self", "all"].contains(user) {
            throw .userIdMalformed(user)
        }
        if !images.imageIds.isEmpty, query.maxResults != nil {
            throw .invalidParameterCombination("The parameter imagesSet cannot be used with the parameter maxResults")
        }
        let catalogue = ImageCatalog.images(inRegion: scope.region)
        var candidates = catalogue
        if !images.imageIds.isEmpty {
            for id in images.imageIds where !Image.isWellFormedId(id) { throw .imageIdMalformed(id) }
            var seen: Set<String> = []
            let unique = images.imageIds.filter { seen.insert($0).inserted }
            let missing = unique.filter { id in !catalogue.contains { $0.id == id } }
            guard missing.isEmpty else { throw .imagesNotFound(missing) }
            candidates = catalogue.filter { seen.contains($0.id) }
        }
        let selected = candidates.filter { image in
            (images.owners.isEmpty || images.owners.contains { Self.owner($0, owns: image, caller: scope.account) })
                && (images.executableUsers.isEmpty || images.executableUsers.contains("all") && image.isPublic)
                && image.matches(query.filters)
        }
        return try paginate(selected, query: query) { (Date(timeIntervalSince1970: 0), $0.id) }
    }

    /// Whether the `Owners` value `owner` names the owner of `image`.
    private static func owner(_ owner: String, owns image: Image, caller: String) -> Bool {
        switch owner {
        case "self": image.ownerId == caller
        case "amazon", "aws-marketplace", "aws-backup-vault": image.ownerAlias == owner
        default: image.ownerId == owner
        }
    }

    private static func isAccountId(_ text: String) -> Bool {
        text.utf8.count == 12 && text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
