import Addressing

/// CreateCustomerGateway and DeleteCustomerGateway.
extension Transaction {
    /// What CreateCustomerGateway asks for, the ASN in whichever of `BgpAsn` and `BgpAsnExtended` it came.
    public struct CustomerGatewayRequest: Sendable, Hashable {
        public var type: String
        public var ipAddress: String?
        public var bgpAsn: Int?
        public var bgpAsnExtended: Int?
        public var deviceName: String?
        public var certificateArn: String?

        public init(
            type: String, ipAddress: String?, bgpAsn: Int? = nil, bgpAsnExtended: Int? = nil, deviceName: String? = nil,
            certificateArn: String? = nil
        ) {
            self.type = type
            self.ipAddress = ipAddress
            self.bgpAsn = bgpAsn
            self.bgpAsnExtended = bgpAsnExtended
            self.deviceName = deviceName
            self.certificateArn = certificateArn
        }
    }

    /// Records a customer gateway. As AWS documents, a request identical (type, address, ASN) to a gateway that
    /// exists answers that gateway instead of making a second one.
    public mutating func createCustomerGateway(_ request: CustomerGatewayRequest, tagSpecifications: [TagSpecification] = []) throws(EC2Error)
        -> CustomerGateway
    {
        guard request.type == "ipsec.1" else {
            throw .invalidParameterValue("Value (\(request.type)) for parameter type is invalid. Valid values: ipsec.1")
        }
        if request.bgpAsn != nil, request.bgpAsnExtended != nil {
            throw .invalidParameterCombination("Only one of BgpAsn and BgpAsnExtended may be specified.")
        }
        if let asn = request.bgpAsn, !(1...2_147_483_647).contains(asn) { throw .customerGatewayAsnInvalid("BgpAsn", asn) }
        if let asn = request.bgpAsnExtended, !(2_147_483_648...4_294_967_295).contains(asn) {
            throw .customerGatewayAsnInvalid("BgpAsnExtended", asn)
        }
        if request.ipAddress == nil, request.certificateArn == nil { throw .missingParameter("IpAddress") }
        if let address = request.ipAddress, IPAddress(address) == nil {
            throw .invalidParameterValue("Value (\(address)) for parameter ipAddress is invalid. Invalid format for IP address.")
        }
        let asn = request.bgpAsn ?? request.bgpAsnExtended ?? CustomerGateway.defaultBgpAsn
        if let existing = all(CustomerGateway.self).first(where: {
            $0.state == .available && $0.type == request.type && $0.ipAddress == request.ipAddress && $0.bgpAsn == asn
        }) {
            return existing
        }
        let tags = try TagSet.creating(CustomerGateway.resourceType, from: tagSpecifications)
        let gateway = CustomerGateway(
            id: newId(.customerGateway), scope: scope, type: request.type, ipAddress: request.ipAddress, bgpAsn: asn,
            deviceName: request.deviceName, certificateArn: request.certificateArn, tags: tags, createdAt: now)
        put(gateway)
        return gateway
    }

    /// Deletes a customer gateway; it stays visible as `deleted` for an hour.
    public mutating func deleteCustomerGateway(_ id: String) throws(EC2Error) {
        var gateway = try require(CustomerGateway.self, id)
        guard gateway.state != .deleted else { throw ResourceIdKind.customerGateway.notFound([id]) }
        gateway.state = .deleted
        gateway.deletedAt = now
        put(gateway)
    }
}
