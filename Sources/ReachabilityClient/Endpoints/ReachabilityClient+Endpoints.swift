import EC2Client

extension ReachabilityClient {
    /// Resolves what the user typed: an instance, interface or gateway id; an address (an interface's private or
    /// public one, else a host outside); or the `Name` tag of an instance, then of an interface, then of a gateway.
    public func endpoint(_ reference: String) async throws -> Endpoint {
        if reference.hasPrefix("i-"), let instance = try await instances([("InstanceId.1", reference)], notFound: "InvalidInstanceID.NotFound").first
        {
            return instance
        }
        if reference.hasPrefix("eni-"),
            let interface = try await interfaces([("NetworkInterfaceId.1", reference)], notFound: "InvalidNetworkInterfaceID.NotFound").first
        {
            return interface
        }
        if reference.hasPrefix("igw-"),
            let gateway = try await gateways([("InternetGatewayId.1", reference)], notFound: "InvalidInternetGatewayID.NotFound").first
        {
            return gateway
        }
        if Self.isIPv4(reference) {
            for filter in ["addresses.private-ip-address", "association.public-ip"] {
                if var interface = try await interfaces(Self.filters([(filter, [reference])]), notFound: nil).first {
                    interface.address = reference
                    return interface
                }
            }
            return Endpoint(kind: .address, address: reference)
        }
        var named = try await instances(Self.filters([("tag:Name", [reference]), ("instance-state-name", Self.liveStates)]), notFound: nil)
        if named.isEmpty { named = try await interfaces(Self.filters([("tag:Name", [reference])]), notFound: nil) }
        if named.isEmpty { named = try await gateways(Self.filters([("tag:Name", [reference])]), notFound: nil) }
        guard let first = named.first else { throw ReachabilityClientError.endpointNotFound(reference, region: client.configuration.region) }
        guard named.count == 1 else { throw ReachabilityClientError.ambiguousName(reference, named.compactMap(\.id).sorted()) }
        return first
    }

    /// The instances of a VPC (or of the region), in every state but terminated, for `--matrix`.
    public func instances(inVpc vpc: String?) async throws -> [Endpoint] {
        var filters = [("instance-state-name", Self.liveStates)]
        if let vpc { filters.append(("vpc-id", [try await vpcId(vpc)])) }
        return try await instances(Self.filters(filters), notFound: nil).sorted { ($0.name ?? "~", $0.id ?? "") < ($1.name ?? "~", $1.id ?? "") }
    }

    /// A VPC id from an id or a `Name` tag.
    func vpcId(_ reference: String) async throws -> String {
        if reference.hasPrefix("vpc-") { return reference }
        let pages = try await client.callPages("DescribeVpcs", Self.filters([("tag:Name", [reference])]))
        let ids = pages.flatMap { $0.items("vpcSet") }.compactMap { $0.text("vpcId") }
        guard let id = ids.first else { throw ReachabilityClientError.endpointNotFound(reference, region: client.configuration.region) }
        guard ids.count == 1 else { throw ReachabilityClientError.ambiguousName(reference, ids.sorted()) }
        return id
    }

    /// The internet gateway attached to a VPC, if any.
    func attachedGateway(of vpcId: String) async throws -> String? {
        try await gateways(Self.filters([("attachment.vpc-id", [vpcId])]), notFound: nil).first?.id
    }

    static let liveStates = ["pending", "running", "stopping", "stopped"]

    private func instances(_ parameters: [(String, String)], notFound: String?) async throws -> [Endpoint] {
        try await describe("DescribeInstances", parameters, notFound: notFound).flatMap { $0.items("reservationSet") }
            .flatMap { $0.items("instancesSet") }
            .map { xml in
                Endpoint(
                    kind: .instance, id: xml.text("instanceId"), name: Self.name(xml), address: xml.text("privateIpAddress"), vpcId: xml.text("vpcId")
                )
            }
    }

    private func interfaces(_ parameters: [(String, String)], notFound: String?) async throws -> [Endpoint] {
        try await describe("DescribeNetworkInterfaces", parameters, notFound: notFound).flatMap { $0.items("networkInterfaceSet") }
            .map { xml in
                Endpoint(
                    kind: .networkInterface, id: xml.text("networkInterfaceId"), name: Self.name(xml, set: "tagSet"),
                    address: xml.text("privateIpAddress"), vpcId: xml.text("vpcId"))
            }
    }

    private func gateways(_ parameters: [(String, String)], notFound: String?) async throws -> [Endpoint] {
        try await describe("DescribeInternetGateways", parameters, notFound: notFound).flatMap { $0.items("internetGatewaySet") }
            .map { xml in
                Endpoint(
                    kind: .internetGateway, id: xml.text("internetGatewayId"), name: Self.name(xml),
                    vpcId: xml.items("attachmentSet").first?.text("vpcId"))
            }
    }

    /// Every page of a Describe call; an id that does not exist (`notFound`) is an empty answer, not an error.
    private func describe(_ action: String, _ parameters: [(String, String)], notFound: String?) async throws -> [XMLTree] {
        do {
            return try await client.callPages(action, parameters)
        } catch let error where error.code == notFound {
            return []
        }
    }

    private static func name(_ xml: XMLTree, set: String = "tagSet") -> String? {
        xml.items(set).first { $0.text("key") == "Name" }?.text("value")
    }

    static func isIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4
            && parts.allSatisfy { part in !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCII) && Int(part).map { $0 <= 255 } == true }
    }

    /// `Filter.N.Name` / `Filter.N.Value.M` parameters, in the given order.
    static func filters(_ filters: [(name: String, values: [String])]) -> [(String, String)] {
        filters.enumerated().flatMap { index, filter in
            [("Filter.\(index + 1).Name", filter.name)]
                + filter.values.enumerated().map { ("Filter.\(index + 1).Value.\($0.offset + 1)", $0.element) }
        }
    }
}
