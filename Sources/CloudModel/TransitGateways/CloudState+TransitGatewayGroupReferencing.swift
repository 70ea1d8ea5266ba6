/// Security group referencing across a transit gateway.
extension CloudState {
    /// Whether a group rule in `vpcId` may refer to a group of `otherVpcId` across a transit gateway in `scope`: AWS
    /// allows it when the gateway and both VPCs' attachments to it have security group referencing support ("Enables
    /// you to reference a security group across VPCs attached to a transit gateway", TransitGatewayOptions and the VPC
    /// attachment options).
    public func transitGatewayReferencesGroups(between vpcId: String, _ otherVpcId: String, in scope: AccountRegion) -> Bool {
        let attachments = self[scope].transitGatewayAttachments.values.filter { $0.isLive && $0.options.securityGroupReferencingSupport }
        return attachments.contains { mine in
            guard mine.attachmentVpcId == vpcId, self[scope].transitGateways[mine.transitGatewayId]?.options.securityGroupReferencingSupport == true
            else { return false }
            return attachments.contains { $0.attachmentVpcId == otherVpcId && $0.transitGatewayId == mine.transitGatewayId }
        }
    }
}
