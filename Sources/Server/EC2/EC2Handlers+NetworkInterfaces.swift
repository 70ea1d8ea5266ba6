import Addressing
import CloudModel
import EC2Protocol
import Foundation

extension EC2Handlers {
    func createNetworkInterface(_ request: EC2.CreateNetworkInterfaceRequest, context: Context) async throws -> EC2.CreateNetworkInterfaceResult {
        try Unsupported.refuse(
            [
                "Ipv4PrefixCount": request.ipv4PrefixCount.map(String.init), "Ipv6PrefixCount": request.ipv6PrefixCount.map(String.init),
                "Ipv4Prefixes": request.ipv4Prefixes.map { _ in "" }, "Ipv6Prefixes": request.ipv6Prefixes.map { _ in "" },
            ])
        let (primary, secondaries) = try PrivateAddressParameters.split(
            privateIpAddress: request.privateIpAddress, entries: request.privateIpAddresses ?? [],
            secondaryCount: request.secondaryPrivateIpAddressCount)
        let interface = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            let tags = try TagSet.creating(NetworkInterface.resourceType, from: TagSpecification.from(request.tagSpecifications))
            return try transaction.createNetworkInterface(
                Transaction.InterfaceRequest(
                    subnetId: request.subnetId, description: request.description, groupIds: request.groups ?? [],
                    privateIpAddress: primary, secondaryPrivateIpAddressCount: request.secondaryPrivateIpAddressCount ?? 0,
                    secondaryPrivateIpAddresses: secondaries, ipv6AddressCount: request.ipv6AddressCount,
                    ipv6Addresses: (request.ipv6Addresses ?? []).compactMap(\.ipv6Address), clientToken: request.clientToken),
                tags: tags)
        }
        return EC2.CreateNetworkInterfaceResult(
            networkInterface: EC2.NetworkInterface(interface, in: cloud.snapshot()), clientToken: request.clientToken)
    }

    func deleteNetworkInterface(_ request: EC2.DeleteNetworkInterfaceRequest, context: Context) async throws {
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.deleteNetworkInterface(request.networkInterfaceId)
        }
    }

    func describeNetworkInterfaces(_ request: EC2.DescribeNetworkInterfacesRequest, context: Context) async throws
        -> EC2.DescribeNetworkInterfacesResult
    {
        let (page, state) = try await describe(
            NetworkInterface.self, context, dryRun: request.dryRun, ids: request.networkInterfaceIds, filters: request.filters,
            maxResults: request.maxResults, nextToken: request.nextToken)
        return EC2.DescribeNetworkInterfacesResult(
            networkInterfaces: page.items.map { EC2.NetworkInterface($0, in: state) }, nextToken: page.nextToken)
    }

    func attachNetworkInterface(_ request: EC2.AttachNetworkInterfaceRequest, context: Context) async throws -> EC2.AttachNetworkInterfaceResult {
        let attachment = try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.attachNetworkInterface(request.networkInterfaceId, instanceId: request.instanceId, deviceIndex: request.deviceIndex)
        }
        return EC2.AttachNetworkInterfaceResult(attachmentId: attachment.attachmentId, networkCardIndex: 0)
    }

    func detachNetworkInterface(_ request: EC2.DetachNetworkInterfaceRequest, context: Context) async throws {
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.detachNetworkInterface(attachmentId: request.attachmentId)
        }
    }

    func modifyNetworkInterfaceAttribute(_ request: EC2.ModifyNetworkInterfaceAttributeRequest, context: Context) async throws {
        var attributes: [Transaction.InterfaceAttribute] = []
        if let text = request.description?.value { attributes.append(.description(text)) }
        if let value = request.sourceDestCheck?.value { attributes.append(.sourceDestCheck(value)) }
        if let groups = request.groups { attributes.append(.groups(groups)) }
        if let change = request.attachment {
            guard let id = change.attachmentId, let value = change.deleteOnTermination else {
                throw EC2Error.missingParameter("Attachment.AttachmentId")
            }
            attributes.append(.deleteOnTermination(attachmentId: id, value))
        }
        guard attributes.count == 1, let attribute = attributes.first else {
            if attributes.isEmpty { throw EC2Error.missingParameter("Description, SourceDestCheck, SecurityGroupId or Attachment") }
            throw EC2Error.invalidParameterCombination("Fields for multiple attribute types specified.")
        }
        try await perform(context, dryRun: request.dryRun) { transaction throws(EC2Error) in
            try transaction.modifyNetworkInterfaceAttribute(request.networkInterfaceId, attribute)
        }
    }

    func assignPrivateIpAddresses(_ request: EC2.AssignPrivateIpAddressesRequest, context: Context) async throws -> EC2.AssignPrivateIpAddressesResult
    {
        try Unsupported.refuse(["Ipv4PrefixCount": request.ipv4PrefixCount.map(String.init), "Ipv4Prefixes": request.ipv4Prefixes.map { _ in "" }])
        let assigned = try await perform(context, dryRun: false) { transaction throws(EC2Error) in
            try transaction.assignPrivateIpAddresses(
                request.networkInterfaceId, addresses: request.privateIpAddresses ?? [], count: request.secondaryPrivateIpAddressCount)
        }
        return EC2.AssignPrivateIpAddressesResult(
            networkInterfaceId: request.networkInterfaceId,
            assignedPrivateIpAddresses: assigned.map { EC2.AssignedPrivateIpAddress(privateIpAddress: $0.description) })
    }

    func assignIpv6Addresses(_ request: EC2.AssignIpv6AddressesRequest, context: Context) async throws -> EC2.AssignIpv6AddressesResult {
        try Unsupported.refuse(
            ["Ipv6PrefixCount": request.ipv6PrefixCount.map(String.init), "Ipv6Prefixes": request.ipv6Prefixes.map { _ in "" }])
        let assigned = try await perform(context, dryRun: false) { transaction throws(EC2Error) in
            try transaction.assignIpv6Addresses(request.networkInterfaceId, addresses: request.ipv6Addresses ?? [], count: request.ipv6AddressCount)
        }
        return EC2.AssignIpv6AddressesResult(assignedIpv6Addresses: assigned.map(\.description), networkInterfaceId: request.networkInterfaceId)
    }

    func unassignIpv6Addresses(_ request: EC2.UnassignIpv6AddressesRequest, context: Context) async throws -> EC2.UnassignIpv6AddressesResult {
        try Unsupported.refuse(["Ipv6Prefixes": request.ipv6Prefixes.map { _ in "" }])
        let removed = try await perform(context, dryRun: false) { transaction throws(EC2Error) in
            try transaction.unassignIpv6Addresses(request.networkInterfaceId, addresses: request.ipv6Addresses ?? [])
        }
        return EC2.UnassignIpv6AddressesResult(networkInterfaceId: request.networkInterfaceId, unassignedIpv6Addresses: removed.map(\.description))
    }

    func unassignPrivateIpAddresses(_ request: EC2.UnassignPrivateIpAddressesRequest, context: Context) async throws {
        try Unsupported.refuse(["Ipv4Prefixes": request.ipv4Prefixes.map { _ in "" }])
        try await perform(context, dryRun: false) { transaction throws(EC2Error) in
            try transaction.unassignPrivateIpAddresses(request.networkInterfaceId, addresses: request.privateIpAddresses ?? [])
        }
    }
}

extension EC2.NetworkInterface {
    init(_ interface: NetworkInterface, in state: CloudState) {
        self.init()
        let region = interface.scope.region
        networkInterfaceId = interface.id
        availabilityZone = interface.availabilityZone
        description = interface.interfaceDescription
        groups = interface.groupIds.map { EC2.GroupIdentifier(id: $0, in: state, scope: interface.scope) }
        interfaceType = interface.interfaceType.rawValue
        ipv6Addresses = interface.ipv6Addresses.map { EC2.NetworkInterfaceIpv6Address(ipv6Address: $0.description, isPrimaryIpv6: false) }
        ipv6Address = interface.ipv6Addresses.first?.description
        ipv6Native = false
        macAddress = interface.macAddress
        ownerId = interface.scope.account
        privateIpAddress = interface.primaryPrivateIp.description
        privateDnsName = CloudState.privateDnsName(interface.primaryPrivateIp, region: region)
        requesterManaged = interface.requesterManaged
        sourceDestCheck = interface.sourceDestCheck
        status = interface.status
        subnetId = interface.subnetId
        vpcId = interface.interfaceVpcId
        tagSet = interface.tags.wire ?? []
        if let attachment = interface.attachment {
            self.attachment = EC2.NetworkInterfaceAttachment(
                attachTime: attachment.attachTime, attachmentId: attachment.attachmentId, deleteOnTermination: attachment.deleteOnTermination,
                deviceIndex: attachment.deviceIndex, networkCardIndex: 0, instanceId: attachment.instanceId, instanceOwnerId: interface.scope.account,
                status: "attached")
        }
        func association(_ address: IPv4Address) -> EC2.NetworkInterfaceAssociation? {
            state.publicAssociation(of: interface, privateIp: address).map {
                EC2.NetworkInterfaceAssociation(
                    allocationId: $0.allocationId, associationId: $0.associationId, ipOwnerId: $0.owner, publicDnsName: $0.dnsName, publicIp: $0.ip)
            }
        }
        self.association = association(interface.primaryPrivateIp)
        privateIpAddresses = interface.privateIpAddresses.enumerated().map { index, address in
            EC2.NetworkInterfacePrivateIpAddress(
                association: association(address), primary: index == 0, privateDnsName: CloudState.privateDnsName(address, region: region),
                privateIpAddress: address.description)
        }
    }
}
