/// Refusals about VPC endpoints and endpoint services.
///
/// The codes are AWS's (its error-code reference, and what Terraform and Ansible match: `InvalidServiceName`,
/// `DuplicateSubnetsInSameZone`, `InvalidPolicyDocument`, `InvalidVpcEndpoint.NotFound`, `RouteAlreadyExists`,
/// `VpcEndpointLimitExceeded`). Messages are AWS's where its wording could be found, and marked as LocalVPC's
/// wording where it could not.
extension EC2Error {
    /// A service name that is not a service of the caller's region (or not an AWS service at all).
    public static func invalidServiceName(_ name: String) -> EC2Error {
        EC2Error(code: "InvalidServiceName", message: "The Vpc Endpoint Service '\(name)' does not exist")
    }

    /// `InvalidParameter`, the code AWS uses for the endpoint rules below (not `InvalidParameterValue`).
    static func invalidEndpointParameter(_ message: String) -> EC2Error {
        EC2Error(code: "InvalidParameter", message: message)
    }

    /// A service that exists, but not with endpoints of the type asked for (Gateway is the default type).
    static func endpointTypeMismatch(_ type: String, available: [VpcEndpoint.EndpointType]) -> EC2Error {
        .invalidEndpointParameter(
            "Endpoint type (\(type)) does not match available service types ([\(available.map(\.rawValue).joined(separator: ", "))]).")
    }

    static func invalidVpcEndpointType(_ value: String) -> EC2Error {
        EC2Error(
            code: "InvalidVpcEndpointType",
            message: "Value (\(value)) for parameter vpcEndpointType is invalid. Valid values: Interface, Gateway, GatewayLoadBalancer, "
                + "Resource, ServiceNetwork.")
    }

    static let invalidPolicyDocument = EC2Error(
        code: "InvalidPolicyDocument", message: "The specified policy document is not a valid JSON policy document.")

    /// LocalVPC's wording.
    static func endpointPolicyNotSupported(_ serviceName: String) -> EC2Error {
        .invalidEndpointParameter("The service \(serviceName) does not support endpoint policies.")
    }

    static func duplicateSubnetsInSameZone(_ subnetId: String) -> EC2Error {
        EC2Error(
            code: "DuplicateSubnetsInSameZone",
            message: "Found another VPC endpoint subnet in the availability zone of \(subnetId). VPC endpoint subnets should be in different "
                + "availability zones supported by the VPC endpoint service.")
    }

    static func privateDnsNeedsDnsAttributes(_ vpcId: String) -> EC2Error {
        .invalidEndpointParameter(
            "Enabling private DNS requires both enableDnsSupport and enableDnsHostnames VPC attributes set to true for \(vpcId)")
    }

    static func conflictingPrivateDns(_ name: String, vpcId: String) -> EC2Error {
        .invalidEndpointParameter(
            "private-dns-enabled cannot be set because there is already a conflicting DNS domain for \(name) in the VPC \(vpcId)")
    }

    /// LocalVPC's wording.
    static func privateDnsNotOffered(_ serviceName: String) -> EC2Error {
        .invalidEndpointParameter("Private DNS can't be enabled because the service \(serviceName) does not provide a private DNS name.")
    }

    static func inboundResolverOnlyNeedsGateway(_ vpcId: String) -> EC2Error {
        .invalidEndpointParameter(
            "To set PrivateDnsOnlyForInboundResolverEndpoint to true, the VPC \(vpcId) must have a Gateway endpoint for the service.")
    }

    /// LocalVPC's wording.
    static func inboundResolverOnlyNotApplicable(_ serviceName: String) -> EC2Error {
        .invalidEndpointParameter(
            "PrivateDnsOnlyForInboundResolverEndpoint applies only to interface endpoints with private DNS of a service that also has "
                + "gateway endpoints; \(serviceName) is not one.")
    }

    static let routeTablesOnlyForGateways = EC2Error.invalidEndpointParameter(
        "Route table IDs are only supported for Gateway type VPC Endpoint.")

    /// A parameter of interface endpoints given to a gateway endpoint (LocalVPC's wording).
    static func notForGatewayEndpoints(_ parameter: String) -> EC2Error {
        .invalidEndpointParameter("\(parameter) is only supported for Interface type VPC Endpoint.")
    }

    /// LocalVPC's wording.
    static func routeTableElsewhere(_ routeTableId: String, vpcId: String) -> EC2Error {
        .invalidEndpointParameter("The route table \(routeTableId) does not belong to the VPC \(vpcId) of the endpoint.")
    }

    /// LocalVPC's wording.
    static func subnetElsewhere(_ subnetId: String, vpcId: String) -> EC2Error {
        .invalidEndpointParameter("The subnet \(subnetId) does not belong to the VPC \(vpcId) of the endpoint.")
    }

    /// LocalVPC's wording.
    static func endpointNeedsIpv4Subnet(_ subnetId: String) -> EC2Error {
        .invalidEndpointParameter("The subnet \(subnetId) has no IPv4 CIDR block, which an endpoint of IP address type ipv4 needs.")
    }

    /// LocalVPC's wording.
    static func endpointNeedsIpv6Subnet(_ subnetId: String) -> EC2Error {
        .invalidEndpointParameter("The subnet \(subnetId) has no IPv6 CIDR block, which a dualstack endpoint needs.")
    }

    /// LocalVPC's wording.
    static func endpointIpv6AddressWithoutIpv6(_ address: String) -> EC2Error {
        .invalidEndpointParameter("The IPv6 address \(address) cannot be used: the endpoint's IP address type is ipv4.")
    }

    /// LocalVPC's wording.
    static func ipAddressTypeNotSupported(_ type: String, serviceName: String) -> EC2Error {
        .invalidEndpointParameter("The service \(serviceName) does not support the IP address type \(type).")
    }

    /// LocalVPC's wording.
    static func dnsRecordIpTypeMismatch(_ recordType: String, ipAddressType: String) -> EC2Error {
        .invalidEndpointParameter("The DNS record IP type \(recordType) is not valid for an endpoint of IP address type \(ipAddressType).")
    }

    /// Two gateway endpoints of one service in one route table: their routes would have the same destination.
    static func endpointRouteExists(_ routeTableId: String, prefixListId: String) -> EC2Error {
        EC2Error(
            code: "RouteAlreadyExists", message: "route table \(routeTableId) already has a route with destination-prefix-list-id \(prefixListId)")
    }

    /// ReplaceRoute or DeleteRoute on a gateway endpoint's route, which only ModifyVpcEndpoint's route tables change
    /// (AWS: "You cannot explicitly delete or modify the endpoint route"; the code and wording are LocalVPC's guess).
    static func vpcEndpointRoute(_ destination: String, endpointId: String) -> EC2Error {
        .invalidParameterValue(
            "The route to \(destination) belongs to the VPC endpoint \(endpointId): change the endpoint's route tables with ModifyVpcEndpoint.")
    }

    /// LocalVPC's wording.
    static func routeTableNotOfEndpoint(_ routeTableId: String, endpointId: String) -> EC2Error {
        .invalidEndpointParameter("The route table \(routeTableId) is not associated with the endpoint \(endpointId).")
    }

    /// LocalVPC's wording.
    static func subnetNotOfEndpoint(_ subnetId: String, endpointId: String) -> EC2Error {
        .invalidEndpointParameter("The subnet \(subnetId) is not associated with the endpoint \(endpointId).")
    }

    /// LocalVPC's wording.
    static func endpointNeedsSecurityGroup(_ endpointId: String) -> EC2Error {
        .invalidEndpointParameter("The endpoint \(endpointId) must keep at least one security group.")
    }

    /// A deleted endpoint, or one that is not there, in DeleteVpcEndpoints' `Unsuccessful` (LocalVPC's wording).
    static func vpcEndpointNotFound(_ id: String) -> EC2Error {
        EC2Error(code: "InvalidVpcEndpoint.NotFound", message: "The vpcEndpoint ID '\(id)' does not exist")
    }

    /// IPv6-only endpoints live in IPv6-only subnets, where LocalVPC has no interfaces yet.
    static let unsupportedEndpointIpv6Only = EC2Error(
        code: "UnsupportedOperation", message: "The IP address type ipv6 (IPv6-only endpoints) is not supported by LocalVPC yet.")

    static let gatewayEndpointLimitExceeded = EC2Error.limitExceeded(
        "VpcEndpointLimitExceeded", "The maximum number of gateway VPC endpoints in this Region has been reached.")

    static let interfaceEndpointLimitExceeded = EC2Error.limitExceeded(
        "VpcEndpointLimitExceeded", "The maximum number of interface VPC endpoints in this VPC has been reached.")
}
