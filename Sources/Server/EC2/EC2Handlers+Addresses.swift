import Addressing
import CloudModel
import EC2Protocol
import Foundation

extension EC2Handlers {
    func allocateAddress(_ request: EC2.AllocateAddressRequest, context: Context) async throws -> EC2.AllocateAddressResult {
        if let domain = request.domain, domain != "vpc" {
            throw EC2Error.invalidParameterValue("Invalid value '\(domain)' for domain. EC2-Classic addresses no longer exist; use vpc.")
        }
        if request.address != nil || request.publicIpv4Pool != nil || request.ipamPoolId != nil || request.customerOwnedIpv4Pool != nil {
            throw EC2Error(code: "UnsupportedOperation", message: "Choosing an address or a pool is not supported by LocalVPC yet.")
        }
        let address = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.allocateAddress(tags: TagSet.creating(Address.resourceType, from: TagSpecification.from(request.tagSpecifications)))
        }
        return EC2.AllocateAddressResult(
            allocationId: address.id, publicIpv4Pool: "amazon", networkBorderGroup: context.scope.region, domain: "vpc",
            publicIp: address.publicIp.description)
    }

    func associateAddress(_ request: EC2.AssociateAddressRequest, context: Context) async throws -> EC2.AssociateAddressResult {
        let association = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            let address = try transaction.findAddress(allocationId: request.allocationId, publicIp: request.publicIp, for: .associate)
            return try transaction.associateAddress(
                address, instanceId: request.instanceId, networkInterfaceId: request.networkInterfaceId, privateIpAddress: request.privateIpAddress,
                allowReassociation: request.allowReassociation ?? true)
        }
        return EC2.AssociateAddressResult(associationId: association.associationId)
    }

    func disassociateAddress(_ request: EC2.DisassociateAddressRequest, context: Context) async throws {
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.disassociateAddress(associationId: request.associationId, publicIp: request.publicIp)
        }
    }

    func releaseAddress(_ request: EC2.ReleaseAddressRequest, context: Context) async throws {
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            let address = try transaction.findAddress(allocationId: request.allocationId, publicIp: request.publicIp, for: .release)
            // "If you provide an incorrect network border group, you receive an InvalidAddress.NotFound error" (the API
            // reference): every address is in its region's group.
            if let group = request.networkBorderGroup, group != context.scope.region { throw EC2Error.addressNotFound(address.id) }
            try transaction.releaseAddress(address)
        }
    }

    func describeAddresses(_ request: EC2.DescribeAddressesRequest, context: Context) async throws -> EC2.DescribeAddressesResult {
        var filters = request.filters ?? []
        if let ips = request.publicIps, !ips.isEmpty {
            let state = try await snapshot(context, dryRun: request.dryRun)
            let known = Set(state[context.scope].addresses.values.map(\.publicIp.description))
            if let unknown = ips.first(where: { !known.contains($0) }) {
                throw EC2Error.addressNotFound(unknown)
            }
            filters.append(EC2.Filter(name: "public-ip", values: ips))
        }
        let (page, _) = try await describe(
            Address.self, context, dryRun: request.dryRun, ids: request.allocationIds, filters: filters, maxResults: nil, nextToken: nil)
        return EC2.DescribeAddressesResult(addresses: page.items.map(EC2.Address.init))
    }
}

extension EC2Handlers {
    /// The `domain-name` attribute (reverse DNS) of Elastic IPs. LocalVPC keeps no PTR records, so each address is
    /// answered without one, as AWS answers an address nobody set one for. Terraform's provider reads it for every
    /// `aws_eip` (`ptr_record`).
    func describeAddressesAttribute(_ request: EC2.DescribeAddressesAttributeRequest, context: Context) async throws
        -> EC2.DescribeAddressesAttributeResult
    {
        if let attribute = request.attribute, attribute != "domain-name" {
            throw EC2Error.invalidParameterValue("Value (\(attribute)) for parameter attribute is invalid. Valid values: domain-name")
        }
        let (page, _) = try await describe(
            Address.self, context, dryRun: request.dryRun, ids: request.allocationIds, filters: nil, maxResults: request.maxResults,
            nextToken: request.nextToken, maxResultsRange: 1...1000)
        return EC2.DescribeAddressesAttributeResult(
            addresses: page.items.map { EC2.AddressAttribute(publicIp: $0.publicIp.description, allocationId: $0.id) }, nextToken: page.nextToken)
    }
}

extension EC2.Address {
    init(_ address: Address) {
        self.init()
        allocationId = address.id
        associationId = address.association?.associationId
        domain = "vpc"
        networkInterfaceId = address.association?.networkInterfaceId
        networkInterfaceOwnerId = address.association == nil ? nil : address.scope.account
        privateIpAddress = address.association?.privateIpAddress.description
        instanceId = address.association?.instanceId
        tags = address.tags.wire
        publicIpv4Pool = "amazon"
        networkBorderGroup = address.scope.region
        publicIp = address.publicIp.description
    }
}
