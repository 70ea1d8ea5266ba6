import CloudModel
import EC2Protocol

extension EC2Handlers {
    func createDhcpOptions(_ request: EC2.CreateDhcpOptionsRequest, context: Context) async throws -> EC2.CreateDhcpOptionsResult {
        var configurations: [(key: String, values: [String])] = []
        for configuration in request.dhcpConfigurations {
            guard let key = configuration.key else { throw EC2Error.missingParameter("dhcpConfiguration.key") }
            configurations.append((key, configuration.values ?? []))
        }
        let options = try await perform(context, dryRun: request.dryRun) { [configurations] transaction throws(EC2Error) in
            try transaction.createDhcpOptions(configurations, tagSpecifications: TagSpecification.from(request.tagSpecifications))
        }
        return EC2.CreateDhcpOptionsResult(dhcpOptions: EC2.DhcpOptions(options))
    }

    func deleteDhcpOptions(_ request: EC2.DeleteDhcpOptionsRequest, context: Context) async throws {
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.deleteDhcpOptions(request.dhcpOptionsId)
        }
    }

    func describeDhcpOptions(_ request: EC2.DescribeDhcpOptionsRequest, context: Context) async throws -> EC2.DescribeDhcpOptionsResult {
        let (page, _) = try await describe(
            DhcpOptions.self, context, dryRun: request.dryRun, ids: request.dhcpOptionsIds, filters: request.filters,
            maxResults: request.maxResults, nextToken: request.nextToken)
        return EC2.DescribeDhcpOptionsResult(nextToken: page.nextToken, dhcpOptions: page.items.map(EC2.DhcpOptions.init))
    }

    func associateDhcpOptions(_ request: EC2.AssociateDhcpOptionsRequest, context: Context) async throws {
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.associateDhcpOptions(request.dhcpOptionsId, vpcId: request.vpcId)
        }
    }
}

extension EC2.DhcpOptions {
    init(_ options: DhcpOptions) {
        self.init(
            ownerId: options.scope.account, tags: options.tags.wire, dhcpOptionsId: options.id,
            dhcpConfigurations: options.configurations.map { configuration in
                EC2.DhcpConfiguration(key: configuration.key.rawValue, values: configuration.values.map { EC2.AttributeValue(value: $0) })
            })
    }
}
