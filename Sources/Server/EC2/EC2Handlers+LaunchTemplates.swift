import CloudModel
import EC2Protocol
import Foundation

extension EC2Handlers {
    func createLaunchTemplate(_ request: EC2.CreateLaunchTemplateRequest, context: Context) async throws -> EC2.CreateLaunchTemplateResult {
        let data = try LaunchTemplateData(request.launchTemplateData)
        let template = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            let tags = try TagSet.creating(LaunchTemplate.resourceType, from: TagSpecification.from(request.tagSpecifications))
            return try transaction.createLaunchTemplate(
                name: request.launchTemplateName, description: request.versionDescription, data: data, clientToken: request.clientToken, tags: tags)
        }
        return EC2.CreateLaunchTemplateResult(launchTemplate: EC2.LaunchTemplate(template))
    }

    func createLaunchTemplateVersion(_ request: EC2.CreateLaunchTemplateVersionRequest, context: Context) async throws
        -> EC2.CreateLaunchTemplateVersionResult
    {
        let data = try LaunchTemplateData(request.launchTemplateData)
        let (template, version) = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.createLaunchTemplateVersion(
                id: request.launchTemplateId, name: request.launchTemplateName, sourceVersion: request.sourceVersion,
                description: request.versionDescription, data: data, clientToken: request.clientToken)
        }
        return EC2.CreateLaunchTemplateVersionResult(launchTemplateVersion: EC2.LaunchTemplateVersion(version, of: template))
    }

    func modifyLaunchTemplate(_ request: EC2.ModifyLaunchTemplateRequest, context: Context) async throws -> EC2.ModifyLaunchTemplateResult {
        let template = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.modifyLaunchTemplate(
                id: request.launchTemplateId, name: request.launchTemplateName, defaultVersion: request.defaultVersion)
        }
        return EC2.ModifyLaunchTemplateResult(launchTemplate: EC2.LaunchTemplate(template))
    }

    func deleteLaunchTemplate(_ request: EC2.DeleteLaunchTemplateRequest, context: Context) async throws -> EC2.DeleteLaunchTemplateResult {
        let template = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.deleteLaunchTemplate(id: request.launchTemplateId, name: request.launchTemplateName)
        }
        return EC2.DeleteLaunchTemplateResult(launchTemplate: EC2.LaunchTemplate(template))
    }

    func deleteLaunchTemplateVersions(_ request: EC2.DeleteLaunchTemplateVersionsRequest, context: Context) async throws
        -> EC2.DeleteLaunchTemplateVersionsResult
    {
        let outcome = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.deleteLaunchTemplateVersions(id: request.launchTemplateId, name: request.launchTemplateName, versions: request.versions)
        }
        let template = outcome.template
        return EC2.DeleteLaunchTemplateVersionsResult(
            successfullyDeletedLaunchTemplateVersions: outcome.deleted.map {
                EC2.DeleteLaunchTemplateVersionsResponseSuccessItem(
                    launchTemplateId: template.id, launchTemplateName: template.name, versionNumber: $0)
            },
            unsuccessfullyDeletedLaunchTemplateVersions: outcome.failed.map {
                EC2.DeleteLaunchTemplateVersionsResponseErrorItem(
                    launchTemplateId: template.id, launchTemplateName: template.name, versionNumber: Int($0.version),
                    responseError: EC2.ResponseError(code: $0.code, message: $0.message))
            })
    }

    func describeLaunchTemplates(_ request: EC2.DescribeLaunchTemplatesRequest, context: Context) async throws
        -> EC2.DescribeLaunchTemplatesResult
    {
        var ids = request.launchTemplateIds ?? []
        if let names = request.launchTemplateNames, !names.isEmpty {
            let state = try await snapshot(context, dryRun: request.dryRun)
            for name in names { ids.append(try state.launchTemplate(in: context.scope, id: nil, name: name).id) }
        }
        let (page, _) = try await describe(
            LaunchTemplate.self, context, dryRun: request.dryRun, ids: ids, filters: request.filters, maxResults: request.maxResults,
            nextToken: request.nextToken, maxResultsRange: 1...200)
        return EC2.DescribeLaunchTemplatesResult(launchTemplates: page.items.map(EC2.LaunchTemplate.init), nextToken: page.nextToken)
    }

    func describeLaunchTemplateVersions(_ request: EC2.DescribeLaunchTemplateVersionsRequest, context: Context) async throws
        -> EC2.DescribeLaunchTemplateVersionsResult
    {
        let state = try await snapshot(context, dryRun: request.dryRun)
        let page = try state.describeLaunchTemplateVersions(
            in: context.scope, id: request.launchTemplateId, name: request.launchTemplateName, versions: request.versions ?? [],
            minVersion: request.minVersion, maxVersion: request.maxVersion,
            query: DescribeQuery(
                filters: try Filter.from(request.filters), maxResults: request.maxResults, nextToken: request.nextToken, maxResultsRange: 1...200))
        return EC2.DescribeLaunchTemplateVersionsResult(
            launchTemplateVersions: page.items.map { EC2.LaunchTemplateVersion($0.version, of: $0.template) }, nextToken: page.nextToken)
    }
}

extension EC2.LaunchTemplate {
    init(_ template: LaunchTemplate) {
        self.init(
            launchTemplateId: template.id, launchTemplateName: template.name, createTime: template.createdAt, createdBy: template.createdBy,
            defaultVersionNumber: template.defaultVersionNumber, latestVersionNumber: template.latestVersionNumber, tags: template.tags.wire)
    }
}

extension EC2.LaunchTemplateVersion {
    init(_ version: LaunchTemplate.Version, of template: LaunchTemplate) {
        self.init(
            launchTemplateId: template.id, launchTemplateName: template.name, versionNumber: version.number,
            versionDescription: version.description, createTime: version.createdAt, createdBy: template.createdBy,
            defaultVersion: version.number == template.defaultVersionNumber, launchTemplateData: EC2.ResponseLaunchTemplateData(version.data))
    }
}
