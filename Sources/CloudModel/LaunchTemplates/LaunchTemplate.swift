public import Foundation

/// A launch template (`lt-…`): a name and numbered versions of launch parameters, one of them the default.
public struct LaunchTemplate: IdentifiedResource, IdempotentlyCreated {
    public static var table: WritableKeyPath<RegionState, PersistentDictionary<String, LaunchTemplate>> { \.launchTemplates }
    public static let resourceType = "launch-template"
    public static let idKind = ResourceIdKind.launchTemplate
    public var resource: Resource { .launchTemplate(self) }
    public static func unwrap(_ resource: Resource) -> Self? {
        if case .launchTemplate(let value) = resource { value } else { nil }
    }

    public let id: String
    public let scope: AccountRegion
    public let name: String
    /// The versions that exist, in number order (deleted ones are gone; numbers are never reused).
    public var versions: [Version]
    public var defaultVersionNumber: Int
    /// The number the next version gets.
    public var nextVersionNumber: Int
    public let clientToken: String?
    public var requestFingerprint: String?
    public var tags: TagSet
    public let createdAt: Date

    public var vpcId: String? { nil }

    /// The highest version number that exists.
    public var latestVersionNumber: Int { versions.last?.number ?? defaultVersionNumber }

    /// `arn:aws:iam::ACCOUNT:root`: who created the template, as AWS reports it for an account's own calls.
    public var createdBy: String { "arn:aws:iam::\(scope.account):root" }

    public init(id: String, scope: AccountRegion, name: String, firstVersion: Version, clientToken: String?, tags: TagSet, createdAt: Date) {
        self.id = id
        self.scope = scope
        self.name = name
        self.versions = [firstVersion]
        self.defaultVersionNumber = firstVersion.number
        self.nextVersionNumber = firstVersion.number + 1
        self.clientToken = clientToken
        self.tags = tags
        self.createdAt = createdAt
    }

    /// One numbered version.
    public struct Version: Sendable, Hashable, Codable {
        public let number: Int
        public let description: String?
        public let data: LaunchTemplateData
        public let createdAt: Date
        /// The `ClientToken` of the CreateLaunchTemplateVersion that made it, and what that request asked for
        /// (`IdempotentRequest.fingerprint`), so that a retry answers this version instead of adding another.
        public var clientToken: String?
        public var requestFingerprint: String?

        public init(number: Int, description: String?, data: LaunchTemplateData, createdAt: Date) {
            self.number = number
            self.description = description
            self.data = data
            self.createdAt = createdAt
        }
    }

    /// The template a request names by id or by name (not both), found with `byId` or `byName`: one rule for the
    /// transactions that change templates and the reads that use them.
    static func named(
        id: String?, name: String?, byId: (String) -> LaunchTemplate?, byName: (String) -> LaunchTemplate?
    ) throws(EC2Error) -> LaunchTemplate {
        switch (id, name) {
        case (let id?, nil):
            try idKind.validate(id)
            guard let template = byId(id) else { throw idKind.notFound([id]) }
            return template
        case (nil, let name?):
            guard let template = byName(name) else { throw .launchTemplateNameNotFound(name) }
            return template
        case (nil, nil): throw .launchTemplateIdOrName
        case (_?, _?): throw .launchTemplateIdAndName
        }
    }

    /// The version a request names: `$Latest`, `$Default`, a number, or the default when it names none.
    public func version(_ reference: String?) throws(EC2Error) -> Version {
        let number: Int
        switch reference {
        case nil, "$Default": number = defaultVersionNumber
        case "$Latest": number = latestVersionNumber
        case let text?:
            guard let parsed = Int(text), parsed > 0 else { throw .launchTemplateVersionMalformed(text) }
            number = parsed
        }
        guard let version = versions.first(where: { $0.number == number }) else { throw .launchTemplateVersionNotFound(number, id) }
        return version
    }
}
