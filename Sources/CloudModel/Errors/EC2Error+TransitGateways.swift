/// Refusals of transit gateways, their attachments, route tables and routes, worded as AWS words them where the
/// wording is known (codes from the EC2 API Reference and the Terraform AWS provider; messages marked LocalVPC's
/// where AWS's are not published).
extension EC2Error {
    static func transitGatewayHasAttachments(_ id: String, attachments: [String]) -> EC2Error {
        EC2Error(
            code: "IncorrectState",
            message: "\(id) has non-deleted Transit Gateway Attachments: \(attachments.joined(separator: ", ")).")
    }

    static func transitGatewayNotLive(_ id: String) -> EC2Error {
        EC2Error(code: "IncorrectState", message: "\(id) is in invalid state")
    }

    static func transitGatewayRouteTableAssociated(_ id: String) -> EC2Error {
        EC2Error(code: "IncorrectState", message: "\(id) has associations and cannot be deleted.")
    }

    static func duplicateTransitGatewayAttachment(_ transitGatewayId: String) -> EC2Error {
        EC2Error(
            code: "DuplicateTransitGatewayAttachment",
            message: "\(transitGatewayId) has non-deleted Transit Gateway Attachments with same VPC ID.")
    }

    static func duplicateAttachmentSubnetsInSameZone(_ subnetId: String) -> EC2Error {
        EC2Error(code: "DuplicateSubnetsInSameZone", message: "Duplicate Subnets for same AZ (\(subnetId)).")
    }

    /// LocalVPC's wording.
    static func attachmentSubnetElsewhere(_ subnetId: String, vpcId: String) -> EC2Error {
        .invalidParameterValue("The subnet \(subnetId) does not belong to the VPC \(vpcId) of the attachment.")
    }

    static let attachmentNeedsSubnets = EC2Error.invalidParameterValue("SubnetIds must contain at least one subnet.")

    /// LocalVPC's wording.
    static func attachmentOfAnotherTransitGateway(_ attachmentId: String, transitGatewayId: String) -> EC2Error {
        .invalidParameterValue("Transit Gateway Attachment \(attachmentId) does not belong to transit gateway \(transitGatewayId).")
    }

    static func transitGatewayAttachmentAlreadyAssociated(_ attachmentId: String) -> EC2Error {
        EC2Error(
            code: "Resource.AlreadyAssociated",
            message: "Transit Gateway Attachment \(attachmentId) is already associated to a route table.")
    }

    static func transitGatewayAssociationNotFound(_ attachmentId: String, routeTableId: String) -> EC2Error {
        EC2Error(
            code: "InvalidAssociation.NotFound",
            message: "Transit Gateway Attachment \(attachmentId) is not associated with route table \(routeTableId).")
    }

    static func transitGatewayPropagationDuplicate(_ attachmentId: String, routeTableId: String) -> EC2Error {
        EC2Error(
            code: "TransitGatewayRouteTablePropagation.Duplicate",
            message: "Propagation of Transit Gateway Attachment \(attachmentId) to route table \(routeTableId) already exists.")
    }

    /// LocalVPC's code and wording: AWS's is not published.
    static func transitGatewayPropagationNotFound(_ attachmentId: String, routeTableId: String) -> EC2Error {
        EC2Error(
            code: "TransitGatewayRouteTablePropagation.NotFound",
            message: "Transit Gateway Attachment \(attachmentId) does not propagate to route table \(routeTableId).")
    }

    static func transitGatewayRouteAlreadyExists(_ destination: String, routeTableId: String) -> EC2Error {
        EC2Error(
            code: "RouteAlreadyExists", message: "Route \(destination) already exists in Transit Gateway Route Table \(routeTableId).")
    }

    static func transitGatewayRouteNotFound(_ destination: String, routeTableId: String) -> EC2Error {
        EC2Error(
            code: "InvalidRoute.NotFound",
            message: "No route with destination-cidr-block \(destination) in Transit Gateway Route Table \(routeTableId).")
    }

    static let transitGatewayRouteTargetMissing = EC2Error.missingParameter("TransitGatewayAttachmentId")

    static let transitGatewayRouteTwoTargets = EC2Error.invalidParameterCombination(
        "A route may have either a transit gateway attachment or Blackhole, not both.")

    static func invalidTransitGatewayRouteDestination(_ destination: String) -> EC2Error {
        .invalidParameterValue("Value (\(destination)) for parameter destinationCidrBlock is invalid. This is not a valid IPv4 CIDR block.")
    }

    /// As VPC peering answers a requester that tries to accept (LocalVPC's wording).
    static func transitGatewayPeeringNotAccepter(_ id: String, action: String, accepter: AccountRegion) -> EC2Error {
        EC2Error(
            code: "OperationNotPermitted",
            message: "Only the peer transit gateway's owner (\(accepter.account)) can \(action) \(id), in \(accepter.region).")
    }

    static func transitGatewayPeeringNotLive(_ id: String, state: String) -> EC2Error {
        EC2Error(code: "IncorrectState", message: "\(id) is in invalid state \(state).")
    }

    static func invalidAmazonSideAsn(_ asn: Int) -> EC2Error {
        .invalidParameterValue("Value (\(asn)) for parameter amazonSideAsn is invalid. It must be in 64512-65534 or 4200000000-4294967294.")
    }

    static func invalidEnableDisable(_ parameter: String, _ value: String) -> EC2Error {
        .invalidParameterValue("Value (\(value)) for parameter \(parameter) is invalid. Valid values: enable, disable.")
    }
}
