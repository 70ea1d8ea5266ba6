public import Foundation

/// CreateLaunchTemplate, CreateLaunchTemplateVersion, ModifyLaunchTemplate, DeleteLaunchTemplate and
/// DeleteLaunchTemplateVersions.
extension Transaction {
    public mutating func createLaunchTemplate(
        name: String, description: String?, data: LaunchTemplateData, clientToken: String?, tags: TagSet = [:]
    ) throws(EC2Error) -> LaunchTemplate {
        let fingerprint = IdempotentRequest.fingerprint([name, description, data.fingerprint])
        if let earlier = try madeEarlier(LaunchTemplate.self, clientToken: clientToken, fingerprint: fingerprint) { return earlier }
        try Self.checkLaunchTemplateName(name)
        guard !all(LaunchTemplate.self).contains(where: { $0.name == name }) else { throw .launchTemplateNameExists(name) }
        var template = LaunchTemplate(
            id: newId(.launchTemplate), scope: scope, name: name,
            firstVersion: LaunchTemplate.Version(number: 1, description: description, data: data, createdAt: now), clientToken: clientToken,
            tags: tags, createdAt: now)
        template.requestFingerprint = clientToken.map { _ in fingerprint }
        put(template)
        return template
    }

    /// Adds a version: `data` alone, or laid over the source version's when one is named. A repeated `clientToken`
    /// answers the version it made while that version exists (Terraform's provider retries with the same token), and
    /// the same token asking for something else is `IdempotentParameterMismatch`, as for the other creates.
    public mutating func createLaunchTemplateVersion(
        id: String?, name: String?, sourceVersion: String?, description: String?, data: LaunchTemplateData, clientToken: String? = nil
    ) throws(EC2Error) -> (LaunchTemplate, LaunchTemplate.Version) {
        var template = try findLaunchTemplate(id: id, name: name)
        let fingerprint = IdempotentRequest.fingerprint([template.id, sourceVersion, description, data.fingerprint])
        if let clientToken, let earlier = launchTemplateVersion(clientToken: clientToken) {
            guard earlier.version.requestFingerprint == fingerprint else { throw .idempotentParameterMismatch }
            return earlier
        }
        let base = try sourceVersion.map { reference throws(EC2Error) in try template.version(reference).data }
        var version = LaunchTemplate.Version(
            number: template.nextVersionNumber, description: description, data: base.map { $0.overlaid(by: data) } ?? data, createdAt: now)
        version.clientToken = clientToken
        version.requestFingerprint = clientToken.map { _ in fingerprint }
        template.versions.append(version)
        template.nextVersionNumber += 1
        put(template)
        return (template, version)
    }

    /// The version a CreateLaunchTemplateVersion with `clientToken` made, with its template, while both exist.
    private func launchTemplateVersion(clientToken: String) -> (template: LaunchTemplate, version: LaunchTemplate.Version)? {
        let template = first(LaunchTemplate.self) { $0.versions.contains { $0.clientToken == clientToken } }
        return template.flatMap { template in template.versions.first { $0.clientToken == clientToken }.map { (template: template, version: $0) } }
    }

    /// Sets the default version.
    public mutating func modifyLaunchTemplate(id: String?, name: String?, defaultVersion: String?) throws(EC2Error) -> LaunchTemplate {
        var template = try findLaunchTemplate(id: id, name: name)
        if let defaultVersion { template.defaultVersionNumber = try template.version(defaultVersion).number }
        put(template)
        return template
    }

    public mutating func deleteLaunchTemplate(id: String?, name: String?) throws(EC2Error) -> LaunchTemplate {
        let template = try findLaunchTemplate(id: id, name: name)
        delete(template)
        return template
    }

    /// Deletes versions one by one, as AWS does: the default version and versions that do not exist stay, each
    /// reported with its reason, and the others go.
    public mutating func deleteLaunchTemplateVersions(id: String?, name: String?, versions: [String]) throws(EC2Error) -> (
        template: LaunchTemplate, deleted: [Int], failed: [(version: String, code: String, message: String)]
    ) {
        var template = try findLaunchTemplate(id: id, name: name)
        guard !versions.isEmpty else { throw .missingParameter("LaunchTemplateVersion") }
        var deleted: [Int] = []
        var failed: [(String, String, String)] = []
        for text in versions {
            guard let number = Int(text), template.versions.contains(where: { $0.number == number }) else {
                let (code, message) = EC2Error.versionToDeleteNotFound(text)
                failed.append((text, code, message))
                continue
            }
            guard number != template.defaultVersionNumber else {
                let (code, message) = EC2Error.defaultVersionCannotGo(number)
                failed.append((text, code, message))
                continue
            }
            template.versions.removeAll { $0.number == number }
            deleted.append(number)
        }
        put(template)
        return (template, deleted, failed)
    }

    /// The template a request names by id or by name (not both).
    public func findLaunchTemplate(id: String?, name: String?) throws(EC2Error) -> LaunchTemplate {
        try LaunchTemplate.named(
            id: id, name: name, byId: { get(LaunchTemplate.self, $0) }, byName: { name in all(LaunchTemplate.self).first { $0.name == name } })
    }

    /// AWS's rule for template names: 3 to 128 of letters, digits and `-().`/`_` (the API model's pattern, and the
    /// characters AWS's refusal lists).
    static func checkLaunchTemplateName(_ name: String) throws(EC2Error) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-()./_")
        guard (3...128).contains(name.count), name.allSatisfy(allowed.contains) else { throw .launchTemplateNameMalformed(name) }
    }
}
