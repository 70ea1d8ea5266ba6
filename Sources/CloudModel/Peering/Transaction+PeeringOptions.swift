/// ModifyVpcPeeringConnectionOptions: each owner sets its own side's options, on an active connection.
extension Transaction {
    /// Sets `AllowDnsResolutionFromRemoteVpc` on the requester's and/or the accepter's side.
    ///
    /// Only an active connection takes options; each side belongs to its VPC's owner (a caller owning both
    /// VPCs may set both); resolving the remote VPC's hostnames needs DNS support and hostnames on both VPCs.
    public mutating func modifyVpcPeeringConnectionOptions(
        _ id: String,
        requesterAllowDnsResolution: Bool?,
        accepterAllowDnsResolution: Bool?
    ) throws(EC2Error) -> VpcPeeringConnection {
        var peering = try requirePeering(id)
        guard requesterAllowDnsResolution != nil || accepterAllowDnsResolution != nil else {
            throw .missingParameter("RequesterPeeringConnectionOptions or AccepterPeeringConnectionOptions")
        }
        guard peering.status(at: now).carriesTraffic else { throw .peeringNotActive(id) }
        if requesterAllowDnsResolution != nil, scope.account != peering.requester.scope.account {
            throw EC2Error(code: "OperationNotPermitted", message: "User (\(scope.account)) cannot modify the requester options of peering \(id)")
        }
        if accepterAllowDnsResolution != nil, scope.account != peering.accepter.scope.account {
            throw EC2Error(code: "OperationNotPermitted", message: "User (\(scope.account)) cannot modify the accepter options of peering \(id)")
        }
        if requesterAllowDnsResolution == true || accepterAllowDnsResolution == true {
            for side in [peering.requester, peering.accepter] {
                let vpc = get(Vpc.self, side.vpcId, in: side.scope)
                guard let vpc, vpc.enableDnsHostnames, vpc.enableDnsSupport else {
                    throw EC2Error(
                        code: "InvalidVpcPeeringConnectionState.DnsHostnamesDisabled",
                        message: "Peering \(id) cannot resolve DNS: \(side.vpcId) must have DNS hostnames and DNS support enabled.")
                }
            }
        }
        if let value = requesterAllowDnsResolution { peering.requester.allowDnsResolutionFromRemoteVpc = value }
        if let value = accepterAllowDnsResolution { peering.accepter.allowDnsResolutionFromRemoteVpc = value }
        put(peering)
        return peering
    }
}
