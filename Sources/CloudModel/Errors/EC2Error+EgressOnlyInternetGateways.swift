/// Refusals about egress-only internet gateways, in AWS's codes.
extension EC2Error {
    /// A route to an egress-only internet gateway with an IPv4 destination: the gateway carries IPv6 only.
    ///
    /// AWS answers `InvalidParameterValue`; the wording here is LocalVPC's (AWS's exact sentence is not documented).
    public static func egressOnlyInternetGatewayNeedsIpv6(_ destination: String, gatewayId: String) -> EC2Error {
        .invalidParameterValue(
            "Route destination \(destination) is not an IPv6 CIDR block: egress-only internet gateway \(gatewayId) carries IPv6 traffic only.")
    }
}
