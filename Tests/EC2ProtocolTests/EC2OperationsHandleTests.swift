import EC2Protocol
import Testing

/// `EC2Operations.handle`: action checks, decoding, dispatch and the response document.
struct EC2OperationsHandleTests {
    private let service = RecordingService()

    private func handle(_ body: String) async throws -> String {
        let parameters = QueryParameters(formEncoded: body)
        return try await service.handle(action: parameters["Action"], parameters: parameters, requestId: "req-1", context: "ctx").xml
    }

    @Test func createVpcRendersTheResultUnderItsResponseElement() async throws {
        let xml = try await handle(BotocoreQueries.createVpc)
        #expect(
            xml
                == "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CreateVpcResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                + "<requestId>req-1</requestId><vpc><vpcId>vpc-new</vpcId><state>pending</state><cidrBlock>10.0.0.0/16</cidrBlock></vpc>"
                + "</CreateVpcResponse>"
        )
    }

    @Test func operationsWithoutResultReturnTrue() async throws {
        let xml = try await handle(BotocoreQueries.deleteVpc)
        #expect(xml.hasSuffix("<requestId>req-1</requestId><return>true</return></DeleteVpcResponse>"))
    }

    @Test(arguments: [
        ("Version=2016-11-15", QueryDecodingError.missingAction),
        ("Action=&Version=2016-11-15", QueryDecodingError.missingAction),
        ("Action=LaunchRockets", QueryDecodingError.invalidAction("LaunchRockets")),
        ("Action=DeleteVpc", QueryDecodingError.missingParameter("VpcId")),
    ])
    func requestErrors(_ body: String, _ expected: QueryDecodingError) async {
        await #expect(throws: expected) {
            _ = try await handle(body)
        }
    }

    @Test func invalidActionMessage() {
        #expect(QueryDecodingError.invalidAction("LaunchRockets").message == "The action LaunchRockets is not valid for this web service.")
        #expect(QueryDecodingError.missingAction.message == "The request must contain the parameter Action")
    }

    @Test func errorsFromTheOperationPropagateUnchanged() async {
        await #expect(throws: RecordingService.NotFound()) {
            _ = try await handle("Action=DescribeVpcs&VpcId.1=vpc-missing")
        }
    }
}

/// Answers CreateVpc, DeleteVpc and DescribeVpcs; every other operation throws.
///
/// When operations.txt grows, add the new methods here (one line each).
private struct RecordingService: EC2Operations {
    struct NotFound: Error, Equatable {}
    struct NotImplemented: Error {}

    func createVpc(_ request: EC2.CreateVpcRequest, context: String) async throws -> EC2.CreateVpcResult {
        EC2.CreateVpcResult(vpc: EC2.Vpc(vpcId: "vpc-new", state: "pending", cidrBlock: request.cidrBlock))
    }

    func deleteVpc(_ request: EC2.DeleteVpcRequest, context: String) async throws {}

    func describeVpcs(_ request: EC2.DescribeVpcsRequest, context: String) async throws -> EC2.DescribeVpcsResult {
        throw NotFound()
    }

    func describeRegions(_ request: EC2.DescribeRegionsRequest, context: String) async throws -> EC2.DescribeRegionsResult {
        throw NotImplemented()
    }

    func describeAvailabilityZones(_ request: EC2.DescribeAvailabilityZonesRequest, context: String) async throws
        -> EC2.DescribeAvailabilityZonesResult
    {
        throw NotImplemented()
    }

    func modifyVpcTenancy(_ request: EC2.ModifyVpcTenancyRequest, context: String) async throws -> EC2.ModifyVpcTenancyResult {
        throw NotImplemented()
    }

    func modifyVpcAttribute(_ request: EC2.ModifyVpcAttributeRequest, context: String) async throws {
        throw NotImplemented()
    }

    func describeVpcAttribute(_ request: EC2.DescribeVpcAttributeRequest, context: String) async throws -> EC2.DescribeVpcAttributeResult {
        throw NotImplemented()
    }

    func associateVpcCidrBlock(_ request: EC2.AssociateVpcCidrBlockRequest, context: String) async throws -> EC2.AssociateVpcCidrBlockResult {
        throw NotImplemented()
    }

    func disassociateVpcCidrBlock(_ request: EC2.DisassociateVpcCidrBlockRequest, context: String) async throws -> EC2.DisassociateVpcCidrBlockResult
    {
        throw NotImplemented()
    }

    func createSubnet(_ request: EC2.CreateSubnetRequest, context: String) async throws -> EC2.CreateSubnetResult {
        throw NotImplemented()
    }

    func deleteSubnet(_ request: EC2.DeleteSubnetRequest, context: String) async throws {
        throw NotImplemented()
    }

    func describeSubnets(_ request: EC2.DescribeSubnetsRequest, context: String) async throws -> EC2.DescribeSubnetsResult {
        throw NotImplemented()
    }

    func modifySubnetAttribute(_ request: EC2.ModifySubnetAttributeRequest, context: String) async throws {
        throw NotImplemented()
    }

    func createInternetGateway(_ request: EC2.CreateInternetGatewayRequest, context: String) async throws -> EC2.CreateInternetGatewayResult {
        throw NotImplemented()
    }

    func attachInternetGateway(_ request: EC2.AttachInternetGatewayRequest, context: String) async throws {
        throw NotImplemented()
    }

    func detachInternetGateway(_ request: EC2.DetachInternetGatewayRequest, context: String) async throws {
        throw NotImplemented()
    }

    func deleteInternetGateway(_ request: EC2.DeleteInternetGatewayRequest, context: String) async throws {
        throw NotImplemented()
    }

    func describeInternetGateways(_ request: EC2.DescribeInternetGatewaysRequest, context: String) async throws -> EC2.DescribeInternetGatewaysResult
    {
        throw NotImplemented()
    }

    func createRouteTable(_ request: EC2.CreateRouteTableRequest, context: String) async throws -> EC2.CreateRouteTableResult {
        throw NotImplemented()
    }

    func deleteRouteTable(_ request: EC2.DeleteRouteTableRequest, context: String) async throws {
        throw NotImplemented()
    }

    func describeRouteTables(_ request: EC2.DescribeRouteTablesRequest, context: String) async throws -> EC2.DescribeRouteTablesResult {
        throw NotImplemented()
    }

    func associateRouteTable(_ request: EC2.AssociateRouteTableRequest, context: String) async throws -> EC2.AssociateRouteTableResult {
        throw NotImplemented()
    }

    func disassociateRouteTable(_ request: EC2.DisassociateRouteTableRequest, context: String) async throws {
        throw NotImplemented()
    }

    func replaceRouteTableAssociation(_ request: EC2.ReplaceRouteTableAssociationRequest, context: String) async throws
        -> EC2.ReplaceRouteTableAssociationResult
    {
        throw NotImplemented()
    }

    func createRoute(_ request: EC2.CreateRouteRequest, context: String) async throws -> EC2.CreateRouteResult {
        throw NotImplemented()
    }

    func replaceRoute(_ request: EC2.ReplaceRouteRequest, context: String) async throws {
        throw NotImplemented()
    }

    func deleteRoute(_ request: EC2.DeleteRouteRequest, context: String) async throws {
        throw NotImplemented()
    }

    func createTags(_ request: EC2.CreateTagsRequest, context: String) async throws {
        throw NotImplemented()
    }

    func deleteTags(_ request: EC2.DeleteTagsRequest, context: String) async throws {
        throw NotImplemented()
    }

    func describeTags(_ request: EC2.DescribeTagsRequest, context: String) async throws -> EC2.DescribeTagsResult {
        throw NotImplemented()
    }

    func describeSecurityGroups(_ request: EC2.DescribeSecurityGroupsRequest, context: String) async throws -> EC2.DescribeSecurityGroupsResult {
        throw NotImplemented()
    }

    func describeNetworkAcls(_ request: EC2.DescribeNetworkAclsRequest, context: String) async throws -> EC2.DescribeNetworkAclsResult {
        throw NotImplemented()
    }

    func createVpcPeeringConnection(_ request: EC2.CreateVpcPeeringConnectionRequest, context: String) async throws
        -> EC2.CreateVpcPeeringConnectionResult
    {
        throw NotImplemented()
    }

    func acceptVpcPeeringConnection(_ request: EC2.AcceptVpcPeeringConnectionRequest, context: String) async throws
        -> EC2.AcceptVpcPeeringConnectionResult
    {
        throw NotImplemented()
    }

    func rejectVpcPeeringConnection(_ request: EC2.RejectVpcPeeringConnectionRequest, context: String) async throws
        -> EC2.RejectVpcPeeringConnectionResult
    {
        throw NotImplemented()
    }

    func deleteVpcPeeringConnection(_ request: EC2.DeleteVpcPeeringConnectionRequest, context: String) async throws
        -> EC2.DeleteVpcPeeringConnectionResult
    {
        throw NotImplemented()
    }

    func describeVpcPeeringConnections(_ request: EC2.DescribeVpcPeeringConnectionsRequest, context: String) async throws
        -> EC2.DescribeVpcPeeringConnectionsResult
    {
        throw NotImplemented()
    }

    func modifyVpcPeeringConnectionOptions(_ request: EC2.ModifyVpcPeeringConnectionOptionsRequest, context: String) async throws
        -> EC2.ModifyVpcPeeringConnectionOptionsResult
    {
        throw NotImplemented()
    }

    func createSecurityGroup(_ request: EC2.CreateSecurityGroupRequest, context: String) async throws -> EC2.CreateSecurityGroupResult {
        throw NotImplemented()
    }

    func deleteSecurityGroup(_ request: EC2.DeleteSecurityGroupRequest, context: String) async throws -> EC2.DeleteSecurityGroupResult {
        throw NotImplemented()
    }

    func authorizeSecurityGroupIngress(_ request: EC2.AuthorizeSecurityGroupIngressRequest, context: String) async throws
        -> EC2.AuthorizeSecurityGroupIngressResult
    {
        throw NotImplemented()
    }

    func authorizeSecurityGroupEgress(_ request: EC2.AuthorizeSecurityGroupEgressRequest, context: String) async throws
        -> EC2.AuthorizeSecurityGroupEgressResult
    {
        throw NotImplemented()
    }

    func revokeSecurityGroupIngress(_ request: EC2.RevokeSecurityGroupIngressRequest, context: String) async throws
        -> EC2.RevokeSecurityGroupIngressResult
    {
        throw NotImplemented()
    }

    func revokeSecurityGroupEgress(_ request: EC2.RevokeSecurityGroupEgressRequest, context: String) async throws
        -> EC2.RevokeSecurityGroupEgressResult
    {
        throw NotImplemented()
    }

    func describeSecurityGroupReferences(_ request: EC2.DescribeSecurityGroupReferencesRequest, context: String) async throws
        -> EC2.DescribeSecurityGroupReferencesResult
    {
        throw NotImplemented()
    }

    func describeStaleSecurityGroups(_ request: EC2.DescribeStaleSecurityGroupsRequest, context: String) async throws
        -> EC2.DescribeStaleSecurityGroupsResult
    {
        throw NotImplemented()
    }

    func describeSecurityGroupRules(_ request: EC2.DescribeSecurityGroupRulesRequest, context: String) async throws
        -> EC2.DescribeSecurityGroupRulesResult
    {
        throw NotImplemented()
    }

    func modifySecurityGroupRules(_ request: EC2.ModifySecurityGroupRulesRequest, context: String) async throws -> EC2.ModifySecurityGroupRulesResult
    {
        throw NotImplemented()
    }

    func updateSecurityGroupRuleDescriptionsIngress(_ request: EC2.UpdateSecurityGroupRuleDescriptionsIngressRequest, context: String) async throws
        -> EC2.UpdateSecurityGroupRuleDescriptionsIngressResult
    {
        throw NotImplemented()
    }

    func updateSecurityGroupRuleDescriptionsEgress(_ request: EC2.UpdateSecurityGroupRuleDescriptionsEgressRequest, context: String) async throws
        -> EC2.UpdateSecurityGroupRuleDescriptionsEgressResult
    {
        throw NotImplemented()
    }

    func createNetworkAcl(_ request: EC2.CreateNetworkAclRequest, context: String) async throws -> EC2.CreateNetworkAclResult {
        throw NotImplemented()
    }

    func deleteNetworkAcl(_ request: EC2.DeleteNetworkAclRequest, context: String) async throws {
        throw NotImplemented()
    }

    func createNetworkAclEntry(_ request: EC2.CreateNetworkAclEntryRequest, context: String) async throws {
        throw NotImplemented()
    }

    func replaceNetworkAclEntry(_ request: EC2.ReplaceNetworkAclEntryRequest, context: String) async throws {
        throw NotImplemented()
    }

    func deleteNetworkAclEntry(_ request: EC2.DeleteNetworkAclEntryRequest, context: String) async throws {
        throw NotImplemented()
    }

    func replaceNetworkAclAssociation(_ request: EC2.ReplaceNetworkAclAssociationRequest, context: String) async throws
        -> EC2.ReplaceNetworkAclAssociationResult
    {
        throw NotImplemented()
    }

    func runInstances(_ request: EC2.RunInstancesRequest, context: String) async throws -> EC2.Reservation {
        throw NotImplemented()
    }

    func describeInstances(_ request: EC2.DescribeInstancesRequest, context: String) async throws -> EC2.DescribeInstancesResult {
        throw NotImplemented()
    }

    func describeInstanceStatus(_ request: EC2.DescribeInstanceStatusRequest, context: String) async throws -> EC2.DescribeInstanceStatusResult {
        throw NotImplemented()
    }

    func startInstances(_ request: EC2.StartInstancesRequest, context: String) async throws -> EC2.StartInstancesResult {
        throw NotImplemented()
    }

    func stopInstances(_ request: EC2.StopInstancesRequest, context: String) async throws -> EC2.StopInstancesResult {
        throw NotImplemented()
    }

    func rebootInstances(_ request: EC2.RebootInstancesRequest, context: String) async throws {
        throw NotImplemented()
    }

    func terminateInstances(_ request: EC2.TerminateInstancesRequest, context: String) async throws -> EC2.TerminateInstancesResult {
        throw NotImplemented()
    }

    func modifyInstanceAttribute(_ request: EC2.ModifyInstanceAttributeRequest, context: String) async throws {
        throw NotImplemented()
    }

    func describeInstanceAttribute(_ request: EC2.DescribeInstanceAttributeRequest, context: String) async throws -> EC2.InstanceAttribute {
        throw NotImplemented()
    }

    func createNetworkInterface(_ request: EC2.CreateNetworkInterfaceRequest, context: String) async throws -> EC2.CreateNetworkInterfaceResult {
        throw NotImplemented()
    }

    func deleteNetworkInterface(_ request: EC2.DeleteNetworkInterfaceRequest, context: String) async throws {
        throw NotImplemented()
    }

    func describeNetworkInterfaces(_ request: EC2.DescribeNetworkInterfacesRequest, context: String) async throws
        -> EC2.DescribeNetworkInterfacesResult
    {
        throw NotImplemented()
    }

    func attachNetworkInterface(_ request: EC2.AttachNetworkInterfaceRequest, context: String) async throws -> EC2.AttachNetworkInterfaceResult {
        throw NotImplemented()
    }

    func detachNetworkInterface(_ request: EC2.DetachNetworkInterfaceRequest, context: String) async throws {
        throw NotImplemented()
    }

    func modifyNetworkInterfaceAttribute(_ request: EC2.ModifyNetworkInterfaceAttributeRequest, context: String) async throws {
        throw NotImplemented()
    }

    func assignPrivateIpAddresses(_ request: EC2.AssignPrivateIpAddressesRequest, context: String) async throws -> EC2.AssignPrivateIpAddressesResult
    {
        throw NotImplemented()
    }

    func unassignPrivateIpAddresses(_ request: EC2.UnassignPrivateIpAddressesRequest, context: String) async throws {
        throw NotImplemented()
    }

    func allocateAddress(_ request: EC2.AllocateAddressRequest, context: String) async throws -> EC2.AllocateAddressResult {
        throw NotImplemented()
    }

    func associateAddress(_ request: EC2.AssociateAddressRequest, context: String) async throws -> EC2.AssociateAddressResult {
        throw NotImplemented()
    }

    func disassociateAddress(_ request: EC2.DisassociateAddressRequest, context: String) async throws {
        throw NotImplemented()
    }

    func releaseAddress(_ request: EC2.ReleaseAddressRequest, context: String) async throws {
        throw NotImplemented()
    }

    func describeAddresses(_ request: EC2.DescribeAddressesRequest, context: String) async throws -> EC2.DescribeAddressesResult {
        throw NotImplemented()
    }

    func describeAddressesAttribute(_ request: EC2.DescribeAddressesAttributeRequest, context: String) async throws
        -> EC2.DescribeAddressesAttributeResult
    {
        throw NotImplemented()
    }

    func createNetworkInsightsPath(_ request: EC2.CreateNetworkInsightsPathRequest, context: String) async throws
        -> EC2.CreateNetworkInsightsPathResult
    {
        throw NotImplemented()
    }

    func deleteNetworkInsightsPath(_ request: EC2.DeleteNetworkInsightsPathRequest, context: String) async throws
        -> EC2.DeleteNetworkInsightsPathResult
    {
        throw NotImplemented()
    }

    func describeNetworkInsightsPaths(_ request: EC2.DescribeNetworkInsightsPathsRequest, context: String) async throws
        -> EC2.DescribeNetworkInsightsPathsResult
    {
        throw NotImplemented()
    }

    func startNetworkInsightsAnalysis(_ request: EC2.StartNetworkInsightsAnalysisRequest, context: String) async throws
        -> EC2.StartNetworkInsightsAnalysisResult
    {
        throw NotImplemented()
    }

    func describeNetworkInsightsAnalyses(_ request: EC2.DescribeNetworkInsightsAnalysesRequest, context: String) async throws
        -> EC2.DescribeNetworkInsightsAnalysesResult
    {
        throw NotImplemented()
    }

    func deleteNetworkInsightsAnalysis(_ request: EC2.DeleteNetworkInsightsAnalysisRequest, context: String) async throws
        -> EC2.DeleteNetworkInsightsAnalysisResult
    {
        throw NotImplemented()
    }

    func describeAccountAttributes(_ request: EC2.DescribeAccountAttributesRequest, context: String) async throws
        -> EC2.DescribeAccountAttributesResult
    {
        throw NotImplemented()
    }

    func describeInstanceTypes(_ request: EC2.DescribeInstanceTypesRequest, context: String) async throws -> EC2.DescribeInstanceTypesResult {
        throw NotImplemented()
    }

    func describeInstanceTypeOfferings(_ request: EC2.DescribeInstanceTypeOfferingsRequest, context: String) async throws
        -> EC2.DescribeInstanceTypeOfferingsResult
    {
        throw NotImplemented()
    }

    func createDefaultVpc(_ request: EC2.CreateDefaultVpcRequest, context: String) async throws -> EC2.CreateDefaultVpcResult {
        throw NotImplemented()
    }

    func createDefaultSubnet(_ request: EC2.CreateDefaultSubnetRequest, context: String) async throws -> EC2.CreateDefaultSubnetResult {
        throw NotImplemented()
    }

    func associateSubnetCidrBlock(_ request: EC2.AssociateSubnetCidrBlockRequest, context: String) async throws -> EC2.AssociateSubnetCidrBlockResult
    {
        throw NotImplemented()
    }

    func disassociateSubnetCidrBlock(_ request: EC2.DisassociateSubnetCidrBlockRequest, context: String) async throws
        -> EC2.DisassociateSubnetCidrBlockResult
    {
        throw NotImplemented()
    }

    func assignIpv6Addresses(_ request: EC2.AssignIpv6AddressesRequest, context: String) async throws -> EC2.AssignIpv6AddressesResult {
        throw NotImplemented()
    }

    func unassignIpv6Addresses(_ request: EC2.UnassignIpv6AddressesRequest, context: String) async throws -> EC2.UnassignIpv6AddressesResult {
        throw NotImplemented()
    }

    func createNatGateway(_ request: EC2.CreateNatGatewayRequest, context: String) async throws -> EC2.CreateNatGatewayResult {
        throw NotImplemented()
    }

    func deleteNatGateway(_ request: EC2.DeleteNatGatewayRequest, context: String) async throws -> EC2.DeleteNatGatewayResult {
        throw NotImplemented()
    }

    func describeNatGateways(_ request: EC2.DescribeNatGatewaysRequest, context: String) async throws -> EC2.DescribeNatGatewaysResult {
        throw NotImplemented()
    }

    func createEgressOnlyInternetGateway(_ request: EC2.CreateEgressOnlyInternetGatewayRequest, context: String) async throws
        -> EC2.CreateEgressOnlyInternetGatewayResult
    {
        throw NotImplemented()
    }

    func deleteEgressOnlyInternetGateway(_ request: EC2.DeleteEgressOnlyInternetGatewayRequest, context: String) async throws
        -> EC2.DeleteEgressOnlyInternetGatewayResult
    {
        throw NotImplemented()
    }

    func describeEgressOnlyInternetGateways(_ request: EC2.DescribeEgressOnlyInternetGatewaysRequest, context: String) async throws
        -> EC2.DescribeEgressOnlyInternetGatewaysResult
    {
        throw NotImplemented()
    }

    func createDhcpOptions(_ request: EC2.CreateDhcpOptionsRequest, context: String) async throws -> EC2.CreateDhcpOptionsResult {
        throw NotImplemented()
    }

    func deleteDhcpOptions(_ request: EC2.DeleteDhcpOptionsRequest, context: String) async throws {
        throw NotImplemented()
    }

    func describeDhcpOptions(_ request: EC2.DescribeDhcpOptionsRequest, context: String) async throws -> EC2.DescribeDhcpOptionsResult {
        throw NotImplemented()
    }

    func associateDhcpOptions(_ request: EC2.AssociateDhcpOptionsRequest, context: String) async throws {
        throw NotImplemented()
    }

    func createVpnGateway(_ request: EC2.CreateVpnGatewayRequest, context: String) async throws -> EC2.CreateVpnGatewayResult {
        throw NotImplemented()
    }

    func attachVpnGateway(_ request: EC2.AttachVpnGatewayRequest, context: String) async throws -> EC2.AttachVpnGatewayResult {
        throw NotImplemented()
    }

    func detachVpnGateway(_ request: EC2.DetachVpnGatewayRequest, context: String) async throws {
        throw NotImplemented()
    }

    func deleteVpnGateway(_ request: EC2.DeleteVpnGatewayRequest, context: String) async throws {
        throw NotImplemented()
    }

    func describeVpnGateways(_ request: EC2.DescribeVpnGatewaysRequest, context: String) async throws -> EC2.DescribeVpnGatewaysResult {
        throw NotImplemented()
    }

    func createCustomerGateway(_ request: EC2.CreateCustomerGatewayRequest, context: String) async throws -> EC2.CreateCustomerGatewayResult {
        throw NotImplemented()
    }

    func deleteCustomerGateway(_ request: EC2.DeleteCustomerGatewayRequest, context: String) async throws {
        throw NotImplemented()
    }

    func describeCustomerGateways(_ request: EC2.DescribeCustomerGatewaysRequest, context: String) async throws -> EC2.DescribeCustomerGatewaysResult
    {
        throw NotImplemented()
    }

    func enableVgwRoutePropagation(_ request: EC2.EnableVgwRoutePropagationRequest, context: String) async throws {
        throw NotImplemented()
    }

    func disableVgwRoutePropagation(_ request: EC2.DisableVgwRoutePropagationRequest, context: String) async throws {
        throw NotImplemented()
    }

    func createKeyPair(_ request: EC2.CreateKeyPairRequest, context: String) async throws -> EC2.KeyPair {
        throw NotImplemented()
    }

    func importKeyPair(_ request: EC2.ImportKeyPairRequest, context: String) async throws -> EC2.ImportKeyPairResult {
        throw NotImplemented()
    }

    func describeKeyPairs(_ request: EC2.DescribeKeyPairsRequest, context: String) async throws -> EC2.DescribeKeyPairsResult {
        throw NotImplemented()
    }

    func deleteKeyPair(_ request: EC2.DeleteKeyPairRequest, context: String) async throws -> EC2.DeleteKeyPairResult {
        throw NotImplemented()
    }

    func createFlowLogs(_ request: EC2.CreateFlowLogsRequest, context: String) async throws -> EC2.CreateFlowLogsResult {
        throw NotImplemented()
    }

    func describeFlowLogs(_ request: EC2.DescribeFlowLogsRequest, context: String) async throws -> EC2.DescribeFlowLogsResult {
        throw NotImplemented()
    }

    func deleteFlowLogs(_ request: EC2.DeleteFlowLogsRequest, context: String) async throws -> EC2.DeleteFlowLogsResult {
        throw NotImplemented()
    }

    func createVolume(_ request: EC2.CreateVolumeRequest, context: String) async throws -> EC2.Volume {
        throw NotImplemented()
    }

    func deleteVolume(_ request: EC2.DeleteVolumeRequest, context: String) async throws {
        throw NotImplemented()
    }

    func describeVolumes(_ request: EC2.DescribeVolumesRequest, context: String) async throws -> EC2.DescribeVolumesResult {
        throw NotImplemented()
    }

    func attachVolume(_ request: EC2.AttachVolumeRequest, context: String) async throws -> EC2.VolumeAttachment {
        throw NotImplemented()
    }

    func detachVolume(_ request: EC2.DetachVolumeRequest, context: String) async throws -> EC2.VolumeAttachment {
        throw NotImplemented()
    }

    func modifyVolume(_ request: EC2.ModifyVolumeRequest, context: String) async throws -> EC2.ModifyVolumeResult {
        throw NotImplemented()
    }

    func describeVolumesModifications(_ request: EC2.DescribeVolumesModificationsRequest, context: String) async throws
        -> EC2.DescribeVolumesModificationsResult
    {
        throw NotImplemented()
    }

    func describeInstanceCreditSpecifications(_ request: EC2.DescribeInstanceCreditSpecificationsRequest, context: String) async throws
        -> EC2.DescribeInstanceCreditSpecificationsResult
    {
        throw NotImplemented()
    }

    func createLaunchTemplate(_ request: EC2.CreateLaunchTemplateRequest, context: String) async throws -> EC2.CreateLaunchTemplateResult {
        throw NotImplemented()
    }

    func createLaunchTemplateVersion(_ request: EC2.CreateLaunchTemplateVersionRequest, context: String) async throws
        -> EC2.CreateLaunchTemplateVersionResult
    {
        throw NotImplemented()
    }

    func modifyLaunchTemplate(_ request: EC2.ModifyLaunchTemplateRequest, context: String) async throws -> EC2.ModifyLaunchTemplateResult {
        throw NotImplemented()
    }

    func describeLaunchTemplates(_ request: EC2.DescribeLaunchTemplatesRequest, context: String) async throws -> EC2.DescribeLaunchTemplatesResult {
        throw NotImplemented()
    }

    func describeLaunchTemplateVersions(_ request: EC2.DescribeLaunchTemplateVersionsRequest, context: String) async throws
        -> EC2.DescribeLaunchTemplateVersionsResult
    {
        throw NotImplemented()
    }

    func deleteLaunchTemplate(_ request: EC2.DeleteLaunchTemplateRequest, context: String) async throws -> EC2.DeleteLaunchTemplateResult {
        throw NotImplemented()
    }

    func deleteLaunchTemplateVersions(_ request: EC2.DeleteLaunchTemplateVersionsRequest, context: String) async throws
        -> EC2.DeleteLaunchTemplateVersionsResult
    {
        throw NotImplemented()
    }

    func createManagedPrefixList(_ request: EC2.CreateManagedPrefixListRequest, context: String) async throws -> EC2.CreateManagedPrefixListResult {
        throw NotImplemented()
    }

    func deleteManagedPrefixList(_ request: EC2.DeleteManagedPrefixListRequest, context: String) async throws -> EC2.DeleteManagedPrefixListResult {
        throw NotImplemented()
    }

    func describeManagedPrefixLists(_ request: EC2.DescribeManagedPrefixListsRequest, context: String) async throws
        -> EC2.DescribeManagedPrefixListsResult
    {
        throw NotImplemented()
    }

    func modifyManagedPrefixList(_ request: EC2.ModifyManagedPrefixListRequest, context: String) async throws -> EC2.ModifyManagedPrefixListResult {
        throw NotImplemented()
    }

    func getManagedPrefixListEntries(_ request: EC2.GetManagedPrefixListEntriesRequest, context: String) async throws
        -> EC2.GetManagedPrefixListEntriesResult
    {
        throw NotImplemented()
    }

    func getManagedPrefixListAssociations(_ request: EC2.GetManagedPrefixListAssociationsRequest, context: String) async throws
        -> EC2.GetManagedPrefixListAssociationsResult
    {
        throw NotImplemented()
    }

    func restoreManagedPrefixListVersion(_ request: EC2.RestoreManagedPrefixListVersionRequest, context: String) async throws
        -> EC2.RestoreManagedPrefixListVersionResult
    {
        throw NotImplemented()
    }

    func describePrefixLists(_ request: EC2.DescribePrefixListsRequest, context: String) async throws -> EC2.DescribePrefixListsResult {
        throw NotImplemented()
    }

    func createVpcEndpoint(_ request: EC2.CreateVpcEndpointRequest, context: String) async throws -> EC2.CreateVpcEndpointResult {
        throw NotImplemented()
    }

    func deleteVpcEndpoints(_ request: EC2.DeleteVpcEndpointsRequest, context: String) async throws -> EC2.DeleteVpcEndpointsResult {
        throw NotImplemented()
    }

    func describeVpcEndpoints(_ request: EC2.DescribeVpcEndpointsRequest, context: String) async throws -> EC2.DescribeVpcEndpointsResult {
        throw NotImplemented()
    }

    func modifyVpcEndpoint(_ request: EC2.ModifyVpcEndpointRequest, context: String) async throws -> EC2.ModifyVpcEndpointResult {
        throw NotImplemented()
    }

    func describeVpcEndpointServices(_ request: EC2.DescribeVpcEndpointServicesRequest, context: String) async throws
        -> EC2.DescribeVpcEndpointServicesResult
    {
        throw NotImplemented()
    }

    func modifyInstanceMetadataOptions(_ request: EC2.ModifyInstanceMetadataOptionsRequest, context: String) async throws
        -> EC2.ModifyInstanceMetadataOptionsResult
    {
        throw NotImplemented()
    }

    func modifyInstanceCreditSpecification(_ request: EC2.ModifyInstanceCreditSpecificationRequest, context: String) async throws
        -> EC2.ModifyInstanceCreditSpecificationResult
    {
        throw NotImplemented()
    }

    func modifyInstanceMaintenanceOptions(_ request: EC2.ModifyInstanceMaintenanceOptionsRequest, context: String) async throws
        -> EC2.ModifyInstanceMaintenanceOptionsResult
    {
        throw NotImplemented()
    }

    func describeImages(_ request: EC2.DescribeImagesRequest, context: String) async throws -> EC2.DescribeImagesResult {
        throw NotImplemented()
    }

    func monitorInstances(_ request: EC2.MonitorInstancesRequest, context: String) async throws -> EC2.MonitorInstancesResult {
        throw NotImplemented()
    }

    func unmonitorInstances(_ request: EC2.UnmonitorInstancesRequest, context: String) async throws -> EC2.UnmonitorInstancesResult {
        throw NotImplemented()
    }

    func getConsoleOutput(_ request: EC2.GetConsoleOutputRequest, context: String) async throws -> EC2.GetConsoleOutputResult {
        throw NotImplemented()
    }

    func createTransitGateway(_ request: EC2.CreateTransitGatewayRequest, context: String) async throws -> EC2.CreateTransitGatewayResult {
        throw NotImplemented()
    }

    func describeTransitGateways(_ request: EC2.DescribeTransitGatewaysRequest, context: String) async throws -> EC2.DescribeTransitGatewaysResult {
        throw NotImplemented()
    }

    func deleteTransitGateway(_ request: EC2.DeleteTransitGatewayRequest, context: String) async throws -> EC2.DeleteTransitGatewayResult {
        throw NotImplemented()
    }

    func createTransitGatewayVpcAttachment(_ request: EC2.CreateTransitGatewayVpcAttachmentRequest, context: String) async throws
        -> EC2.CreateTransitGatewayVpcAttachmentResult
    {
        throw NotImplemented()
    }

    func describeTransitGatewayVpcAttachments(_ request: EC2.DescribeTransitGatewayVpcAttachmentsRequest, context: String) async throws
        -> EC2.DescribeTransitGatewayVpcAttachmentsResult
    {
        throw NotImplemented()
    }

    func deleteTransitGatewayVpcAttachment(_ request: EC2.DeleteTransitGatewayVpcAttachmentRequest, context: String) async throws
        -> EC2.DeleteTransitGatewayVpcAttachmentResult
    {
        throw NotImplemented()
    }

    func createTransitGatewayRouteTable(_ request: EC2.CreateTransitGatewayRouteTableRequest, context: String) async throws
        -> EC2.CreateTransitGatewayRouteTableResult
    {
        throw NotImplemented()
    }

    func describeTransitGatewayRouteTables(_ request: EC2.DescribeTransitGatewayRouteTablesRequest, context: String) async throws
        -> EC2.DescribeTransitGatewayRouteTablesResult
    {
        throw NotImplemented()
    }

    func deleteTransitGatewayRouteTable(_ request: EC2.DeleteTransitGatewayRouteTableRequest, context: String) async throws
        -> EC2.DeleteTransitGatewayRouteTableResult
    {
        throw NotImplemented()
    }

    func associateTransitGatewayRouteTable(_ request: EC2.AssociateTransitGatewayRouteTableRequest, context: String) async throws
        -> EC2.AssociateTransitGatewayRouteTableResult
    {
        throw NotImplemented()
    }

    func disassociateTransitGatewayRouteTable(_ request: EC2.DisassociateTransitGatewayRouteTableRequest, context: String) async throws
        -> EC2.DisassociateTransitGatewayRouteTableResult
    {
        throw NotImplemented()
    }

    func enableTransitGatewayRouteTablePropagation(_ request: EC2.EnableTransitGatewayRouteTablePropagationRequest, context: String) async throws
        -> EC2.EnableTransitGatewayRouteTablePropagationResult
    {
        throw NotImplemented()
    }

    func disableTransitGatewayRouteTablePropagation(_ request: EC2.DisableTransitGatewayRouteTablePropagationRequest, context: String) async throws
        -> EC2.DisableTransitGatewayRouteTablePropagationResult
    {
        throw NotImplemented()
    }

    func createTransitGatewayRoute(_ request: EC2.CreateTransitGatewayRouteRequest, context: String) async throws
        -> EC2.CreateTransitGatewayRouteResult
    {
        throw NotImplemented()
    }

    func deleteTransitGatewayRoute(_ request: EC2.DeleteTransitGatewayRouteRequest, context: String) async throws
        -> EC2.DeleteTransitGatewayRouteResult
    {
        throw NotImplemented()
    }

    func searchTransitGatewayRoutes(_ request: EC2.SearchTransitGatewayRoutesRequest, context: String) async throws
        -> EC2.SearchTransitGatewayRoutesResult
    {
        throw NotImplemented()
    }

    func createTransitGatewayPeeringAttachment(_ request: EC2.CreateTransitGatewayPeeringAttachmentRequest, context: String) async throws
        -> EC2.CreateTransitGatewayPeeringAttachmentResult
    {
        throw NotImplemented()
    }

    func acceptTransitGatewayPeeringAttachment(_ request: EC2.AcceptTransitGatewayPeeringAttachmentRequest, context: String) async throws
        -> EC2.AcceptTransitGatewayPeeringAttachmentResult
    {
        throw NotImplemented()
    }

    func rejectTransitGatewayPeeringAttachment(_ request: EC2.RejectTransitGatewayPeeringAttachmentRequest, context: String) async throws
        -> EC2.RejectTransitGatewayPeeringAttachmentResult
    {
        throw NotImplemented()
    }

    func describeTransitGatewayPeeringAttachments(_ request: EC2.DescribeTransitGatewayPeeringAttachmentsRequest, context: String) async throws
        -> EC2.DescribeTransitGatewayPeeringAttachmentsResult
    {
        throw NotImplemented()
    }

    func deleteTransitGatewayPeeringAttachment(_ request: EC2.DeleteTransitGatewayPeeringAttachmentRequest, context: String) async throws
        -> EC2.DeleteTransitGatewayPeeringAttachmentResult
    {
        throw NotImplemented()
    }

    func modifyTransitGateway(_ request: EC2.ModifyTransitGatewayRequest, context: String) async throws -> EC2.ModifyTransitGatewayResult {
        throw NotImplemented()
    }

    func modifyTransitGatewayVpcAttachment(_ request: EC2.ModifyTransitGatewayVpcAttachmentRequest, context: String) async throws
        -> EC2.ModifyTransitGatewayVpcAttachmentResult
    {
        throw NotImplemented()
    }

    func describeTransitGatewayAttachments(_ request: EC2.DescribeTransitGatewayAttachmentsRequest, context: String) async throws
        -> EC2.DescribeTransitGatewayAttachmentsResult
    {
        throw NotImplemented()
    }

    func getTransitGatewayRouteTableAssociations(_ request: EC2.GetTransitGatewayRouteTableAssociationsRequest, context: String) async throws
        -> EC2.GetTransitGatewayRouteTableAssociationsResult
    {
        throw NotImplemented()
    }

    func getTransitGatewayRouteTablePropagations(_ request: EC2.GetTransitGatewayRouteTablePropagationsRequest, context: String) async throws
        -> EC2.GetTransitGatewayRouteTablePropagationsResult
    {
        throw NotImplemented()
    }

    func replaceTransitGatewayRoute(_ request: EC2.ReplaceTransitGatewayRouteRequest, context: String) async throws
        -> EC2.ReplaceTransitGatewayRouteResult
    {
        throw NotImplemented()
    }
}
