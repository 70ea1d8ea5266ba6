import AWSTimestamp
public import Foundation

extension CloudState {
    /// The template a request names by id or by name, in `scope`.
    public func launchTemplate(in scope: AccountRegion, id: String?, name: String?) throws(EC2Error) -> LaunchTemplate {
        let templates = self[scope].launchTemplates
        return try LaunchTemplate.named(id: id, name: name, byId: { templates[$0] }, byName: { name in templates.values.first { $0.name == name } })
    }

    /// The filters DescribeLaunchTemplateVersions documents.
    static let launchTemplateVersionFilters: Set<String> = [
        "create-time", "ebs-optimized", "host-resource-group-arn", "http-endpoint", "http-protocol-ipv4", "http-tokens", "iam-instance-profile",
        "image-id", "instance-type", "is-default-version", "kernel-id", "license-configuration-arn", "network-card-index", "ram-disk-id",
    ]

    /// DescribeLaunchTemplateVersions: one template's versions (those named, or between `minVersion` and `maxVersion`),
    /// or the named versions of every template when none is named, filtered and paged.
    public func describeLaunchTemplateVersions(
        in scope: AccountRegion, id: String?, name: String?, versions: [String], minVersion: String?, maxVersion: String?, query: DescribeQuery
    ) throws(EC2Error) -> Page<(template: LaunchTemplate, version: LaunchTemplate.Version)> {
        for filter in query.filters where !Self.launchTemplateVersionFilters.contains(filter.name) { throw .invalidFilter(filter.name) }
        let templates: [LaunchTemplate] =
            id == nil && name == nil ? Array(self[scope].launchTemplates.values) : [try launchTemplate(in: scope, id: id, name: name)]
        var selected: [(template: LaunchTemplate, version: LaunchTemplate.Version)] = []
        for template in templates {
            var chosen: [LaunchTemplate.Version]
            if versions.isEmpty {
                let low = try minVersion.map { text throws(EC2Error) in try template.version(text).number } ?? 1
                let high = try maxVersion.map { text throws(EC2Error) in try template.version(text).number } ?? Int.max
                chosen = template.versions.filter { (low...max(low, high)).contains($0.number) }
            } else {
                chosen = []
                for reference in versions { chosen.append(try template.version(reference)) }
            }
            for version in chosen where Self.matches(version, of: template, query.filters) { selected.append((template, version)) }
        }
        return try paginate(selected, query: query) { item in
            (
                item.version.createdAt,
                item.template.id + "/" + String(repeating: "0", count: 9 - String(item.version.number).count) + String(item.version.number)
            )
        }
    }

    private static func matches(_ version: LaunchTemplate.Version, of template: LaunchTemplate, _ filters: [Filter]) -> Bool {
        filters.allSatisfy { filter in
            let values: [String] =
                switch filter.name {
                case "create-time": [AWSTimestamp.format(version.createdAt)]
                case "ebs-optimized": version.data.ebsOptimized.map { [String($0)] } ?? []
                case "http-endpoint": version.data.metadataHttpEndpoint.map { [$0] } ?? []
                case "http-tokens": version.data.metadataHttpTokens.map { [$0] } ?? []
                // Every interface LocalVPC launches is on network card 0.
                case "network-card-index": (version.data.networkInterfaces ?? []).map { _ in "0" }
                case "iam-instance-profile": [version.data.iamInstanceProfileArn, version.data.iamInstanceProfileName].compactMap(\.self)
                case "image-id": version.data.imageId.map { [$0] } ?? []
                case "instance-type": version.data.instanceType.map { [$0] } ?? []
                case "is-default-version": [String(version.number == template.defaultVersionNumber)]
                // host-resource-group-arn, http-protocol-ipv4, kernel-id, license-configuration-arn, ram-disk-id: LocalVPC's
                // templates carry none of these.
                default: []
                }
            return filter.matches(any: values)
        }
    }
}
