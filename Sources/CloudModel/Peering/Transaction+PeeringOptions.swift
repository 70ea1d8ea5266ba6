/// ModifyVpcPeeringConnectionOptions: each owner sets its own side's options, on an active connection.
extension Transaction {
    /// Sets `AllowDnsResolutionFromRemoteVpc` on the requester's and/or the accepter's side.
    ///
    /// Only an active connection takes options; each side is set by its VPC's owner from that VPC's region (a
    /// caller owning both VPCs in one region may set both).
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
        for (name, side, value) in [
            ("requester", peering.requester, requesterAllowDnsResolution), ("accepter", peering.accepter, accepterAllowDnsResolution),
        ]
        where value != nil {
            guard scope.account == side.scope.account else {
                throw EC2Error(
                    code: "OperationNotPermitted",
                    message: "User \(scope.account) does not have permission to modify the \(name) side peering options")
            }
            guard scope.region == side.scope.region else {
                throw EC2Error(
                    code: "OperationNotPermitted",
                    message:
                        "Incorrect region (\(scope.region)) specified for this request. The \(name) side options of \(id) must be modified in region \(side.scope.region)"
                )
            }
        }
        // Each side's option lets its own VPC's public hostnames resolve to private addresses for the peer, so it
        // needs DNS support and hostnames on that side's VPC.
        for (side, value) in [(peering.requester, requesterAllowDnsResolution), (peering.accepter, accepterAllowDnsResolution)] where value == true {
            guard let vpc = get(Vpc.self, side.vpcId, in: side.scope), vpc.enableDnsHostnames, vpc.enableDnsSupport else {
                throw EC2Error(
                    code: "InvalidVpcPeeringConnectionState.DnsHostnamesDisabled",
                    message:
                        "Peering \(id): DNS hostnames and DNS support must be enabled on \(side.vpcId) to resolve its hostnames from the peer VPC.")
            }
        }
        if let value = requesterAllowDnsResolution { peering.requester.allowDnsResolutionFromRemoteVpc = value }
        if let value = accepterAllowDnsResolution { peering.accepter.allowDnsResolutionFromRemoteVpc = value }
        put(peering)
        return peering
    }
}
