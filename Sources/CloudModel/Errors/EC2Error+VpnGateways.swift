/// Refusals about virtual private gateways, customer gateways and route propagation, in AWS's codes (wording
/// LocalVPC's where AWS does not document its own).
extension EC2Error {
    static func amazonSideAsnInvalid(_ asn: Int) -> EC2Error {
        .invalidParameterValue(
            "Value (\(asn)) for parameter amazonSideAsn is invalid. A 16-bit ASN must be in 64512-65534, a 32-bit ASN in 4200000000-4294967294.")
    }

    static func vpnGatewayAttachmentLimitExceeded(_ gatewayId: String) -> EC2Error {
        .limitExceeded("VpnGatewayAttachmentLimitExceeded", "The virtual private gateway \(gatewayId) is already attached to a VPC.")
    }

    static func vpnGatewayAttachmentNotFound(_ gatewayId: String, vpcId: String) -> EC2Error {
        EC2Error(
            code: "InvalidVpnGatewayAttachment.NotFound",
            message: "The attachment with vpn gateway ID '\(gatewayId)' and vpc ID '\(vpcId)' does not exist")
    }

    static func vpnGatewayAttached(_ gatewayId: String, vpcId: String) -> EC2Error {
        EC2Error(code: "IncorrectState", message: "The virtual private gateway \(gatewayId) is attached to \(vpcId); detach it before deleting it.")
    }

    /// A gateway named for a route table of a VPC it is not attached to.
    static func gatewayNotAttached(_ gatewayId: String, vpcId: String) -> EC2Error {
        EC2Error(code: "Gateway.NotAttached", message: "resource \(gatewayId) is not attached to network \(vpcId)")
    }

    static func customerGatewayAsnInvalid(_ parameter: String, _ asn: Int) -> EC2Error {
        .invalidParameterValue("Value (\(asn)) for parameter \(parameter) is invalid.")
    }
}
