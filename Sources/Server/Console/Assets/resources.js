// The console's pages: for each resource kind, the Describe call that lists it, the columns and detail tabs the AWS
// console shows, and the actions it offers (defined in actions.js). Every column is a function of one item of the
// API's answer, so the console shows only what the API says.

import { asList, nameOf } from "./api.js";

const name = ["Name", (r) => nameOf(r)];
const joined = (values) => values.filter(Boolean).join(", ");

/** The names AWS's console gives a rule's type, by protocol and ports. */
const ruleTypeNames = { "tcp 22": "SSH", "tcp 80": "HTTP", "tcp 443": "HTTPS", "tcp 3389": "RDP", "tcp 0 - 65535": "All TCP",
  "udp 0 - 65535": "All UDP", "tcp 5432": "PostgreSQL", "tcp 3306": "MYSQL/Aurora", "udp 53": "DNS (UDP)", "tcp 53": "DNS (TCP)" };

function ruleType(protocol, ports) {
  if (protocol === "-1") return "All traffic";
  if (protocol === "icmp") return ports === "All" ? "All ICMP - IPv4" : "Custom ICMP - IPv4";
  if (protocol === "icmpv6" || protocol === "58") return "All ICMP - IPv6";
  return ruleTypeNames[`${protocol} ${ports}`] ?? (protocol === "tcp" ? "Custom TCP" : protocol === "udp" ? "Custom UDP" : "Custom protocol");
}

/** An IP permission as the console's rule rows show it: AWS's Type, Protocol and Port range columns. */
export function ruleRows(permissions) {
  const rows = [];
  for (const permission of asList(permissions)) {
    const everyPort = permission.ipProtocol === "-1" || permission.fromPort === undefined || String(permission.fromPort) === "-1";
    const ports =
      everyPort ? "All"
      : permission.fromPort === permission.toPort ? permission.fromPort
      : `${permission.fromPort} - ${permission.toPort}`;
    const type = ruleType(permission.ipProtocol, ports);
    const protocol = permission.ipProtocol === "-1" ? "All" : ["tcp", "udp", "icmp", "icmpv6"].includes(permission.ipProtocol)
      ? permission.ipProtocol.toUpperCase().replace("ICMPV6", "ICMPv6") : permission.ipProtocol;
    const sources = [
      ...asList(permission.ipRanges).map((r) => [r.cidrIp, r.description]),
      ...asList(permission.ipv6Ranges).map((r) => [r.cidrIpv6, r.description]),
      ...asList(permission.groups).map((g) => [g.groupId, g.description]),
      ...asList(permission.prefixListIds).map((p) => [p.prefixListId, p.description]),
    ];
    for (const [source, description] of sources) rows.push({ type, protocol, ports, source, description: description ?? "" });
  }
  return rows;
}

/** A route's target, whichever kind it is. */
export function routeTarget(route) {
  return (
    route.gatewayId || route.natGatewayId || route.vpcPeeringConnectionId || route.networkInterfaceId ||
    route.instanceId || route.egressOnlyInternetGatewayId || route.transitGatewayId || route.carrierGatewayId ||
    route.localGatewayId || route.coreNetworkArn || ""
  );
}

export function routeDestination(route) {
  return route.destinationCidrBlock || route.destinationIpv6CidrBlock || route.destinationPrefixListId || "";
}

/** The protocols a network ACL entry names by number that the console names as security group rules do. */
export const protocolNames = { "-1": "-1", 6: "tcp", 17: "udp", 1: "icmp", 58: "icmpv6" };

/** A network ACL entry's protocol as AWS's console writes it: "All", "TCP (6)", or the number. */
export const aclProtocol = (number) =>
  number === "-1" ? "All" : protocolNames[number] ? `${protocolNames[number].toUpperCase()} (${number})` : number;

/** A network ACL's entries of one direction, in rule order, as the console's rule rows show them. */
export const aclEntries = (acl, egress) =>
  asList(acl.entrySet)
    .filter((entry) => String(entry.egress) === String(egress))
    .sort((a, b) => Number(a.ruleNumber) - Number(b.ruleNumber))
    .map((entry) => {
      const { from, to } = entry.portRange ?? {};
      const ports = entry.portRange ? (from === to ? from : `${from} - ${to}`) : "All";
      const icmpType = entry.icmpTypeCode && String(entry.icmpTypeCode.type) !== "-1" ? entry.icmpTypeCode.type : null;
      const type = ruleType(protocolNames[entry.protocol] ?? entry.protocol, icmpType ?? ports);
      return {
        entry,
        rule: entry.ruleNumber === "32767" ? "*" : entry.ruleNumber,
        // AWS's network ACL pages name a one-port type's port: "SSH (22)", "HTTPS (443)".
        type: ruleTypeNames[`${protocolNames[entry.protocol]} ${ports}`] && /^\d+$/.test(ports) ? `${type} (${ports})` : type,
        protocol: aclProtocol(entry.protocol),
        ports,
        cidr: entry.cidrBlock || entry.ipv6CidrBlock,
        action: entry.ruleAction === "allow" ? "Allow" : "Deny",
      };
    });

export const sections = [
  {
    title: "Virtual private cloud",
    pages: ["vpcs", "subnets", "routeTables", "internetGateways", "egressOnlyInternetGateways", "dhcpOptions", "addresses",
      "prefixLists", "endpoints", "natGateways", "peeringConnections"],
  },
  { title: "Security", pages: ["networkAcls", "securityGroups"] },
  { title: "Transit gateways", pages: ["transitGateways", "transitGatewayAttachments", "transitGatewayRouteTables"] },
  { title: "Network analysis", pages: ["reachability", "flowLogs"] },
  { title: "EC2", pages: ["instances"] },
];

export const pages = {
  vpcs: {
    title: "Your VPCs", singular: "VPC", action: "DescribeVpcs", list: "vpcSet", id: "vpcId",
    columns: [name, ["VPC ID", (r) => r.vpcId], ["State", (r) => r.state], ["IPv4 CIDR", (r) => r.cidrBlock],
      ["IPv6 CIDR", (r) => joined(asList(r.ipv6CidrBlockAssociationSet).map((a) => a.ipv6CidrBlock))],
      ["DHCP option set", (r) => r.dhcpOptionsId], ["Tenancy", (r) => r.instanceTenancy],
      ["Default VPC", (r) => (r.isDefault === "true" ? "Yes" : "No")], ["Owner ID", (r) => r.ownerId]],
    tabs: [
      { title: "Resource map", map: true },
      { title: "CIDRs", rows: (r) => [
        ...asList(r.cidrBlockAssociationSet).map((a) => ({ "Address type": "IPv4", CIDR: a.cidrBlock, Status: a.cidrBlockState?.state })),
        ...asList(r.ipv6CidrBlockAssociationSet).map((a) => ({ "Address type": "IPv6", CIDR: a.ipv6CidrBlock, Status: a.ipv6CidrBlockState?.state })),
      ] },
    ],
    actions: ["createVpc"], itemActions: ["editVpcSettings", "deleteVpc"],
  },
  subnets: {
    title: "Subnets", singular: "Subnet", action: "DescribeSubnets", list: "subnetSet", id: "subnetId",
    columns: [name, ["Subnet ID", (r) => r.subnetId], ["State", (r) => r.state], ["VPC", (r) => r.vpcId],
      ["IPv4 CIDR", (r) => r.cidrBlock], ["IPv6 CIDR", (r) => joined(asList(r.ipv6CidrBlockAssociationSet).map((a) => a.ipv6CidrBlock))],
      ["Available IPv4 addresses", (r) => r.availableIpAddressCount], ["Availability Zone", (r) => r.availabilityZone],
      ["Default subnet", (r) => (r.defaultForAz === "true" ? "Yes" : "No")],
      ["Auto-assign public IPv4 address", (r) => (r.mapPublicIpOnLaunch === "true" ? "Yes" : "No")]],
    actions: ["createSubnet"], itemActions: ["editSubnetSettings", "deleteSubnet"],
  },
  routeTables: {
    title: "Route tables", singular: "Route table", action: "DescribeRouteTables", list: "routeTableSet", id: "routeTableId",
    columns: [name, ["Route table ID", (r) => r.routeTableId],
      ["Explicit subnet associations", (r) => joined(asList(r.associationSet).map((a) => a.subnetId))],
      ["Main", (r) => (asList(r.associationSet).some((a) => a.main === "true") ? "Yes" : "No")],
      ["VPC", (r) => r.vpcId], ["Owner ID", (r) => r.ownerId]],
    tabs: [
      { title: "Routes", action: "editRoutes", rows: (r) => asList(r.routeSet).map((route) => ({
        Destination: routeDestination(route), Target: routeTarget(route), Status: route.state === "active" ? "Active" : "Blackhole",
        Propagated: route.origin === "EnableVgwRoutePropagation" ? "Yes" : "No" })) },
      { title: "Subnet associations", rows: (r) => asList(r.associationSet).filter((a) => a.subnetId).map((a) => ({
        "Subnet ID": a.subnetId, "Association ID": a.routeTableAssociationId })) },
    ],
    actions: ["createRouteTable"], itemActions: ["editRoutes", "editSubnetAssociations", "deleteRouteTable"],
  },
  internetGateways: {
    title: "Internet gateways", singular: "Internet gateway", action: "DescribeInternetGateways", list: "internetGatewaySet",
    id: "internetGatewayId",
    columns: [name, ["Internet gateway ID", (r) => r.internetGatewayId],
      ["State", (r) => (asList(r.attachmentSet)[0]?.state === "available" ? "Attached" : asList(r.attachmentSet)[0]?.state ?? "Detached")],
      ["VPC ID", (r) => asList(r.attachmentSet)[0]?.vpcId ?? ""], ["Owner", (r) => r.ownerId]],
    actions: ["createInternetGateway"], itemActions: ["attachInternetGateway", "detachInternetGateway", "deleteInternetGateway"],
  },
  egressOnlyInternetGateways: {
    title: "Egress-only internet gateways", singular: "Egress-only internet gateway", action: "DescribeEgressOnlyInternetGateways",
    list: "egressOnlyInternetGatewaySet", id: "egressOnlyInternetGatewayId",
    columns: [name, ["Egress-only internet gateway ID", (r) => r.egressOnlyInternetGatewayId],
      ["State", (r) => asList(r.attachmentSet)[0]?.state ?? ""], ["VPC ID", (r) => asList(r.attachmentSet)[0]?.vpcId ?? ""]],
  },
  dhcpOptions: {
    title: "DHCP option sets", singular: "DHCP option set", action: "DescribeDhcpOptions", list: "dhcpOptionsSet", id: "dhcpOptionsId",
    columns: [name, ["DHCP option set ID", (r) => r.dhcpOptionsId],
      ...["domain-name", "domain-name-servers", "ntp-servers"].map((key) => [key.replace(/^./, (c) => c.toUpperCase()).replaceAll("-", " "),
        (r) => joined(asList(asList(r.dhcpConfigurationSet).find((c) => c.key === key)?.valueSet).map((v) => v.value))]),
      ["Owner", (r) => r.ownerId]],
  },
  addresses: {
    title: "Elastic IP addresses", singular: "Elastic IP address", action: "DescribeAddresses", list: "addressesSet", id: "allocationId",
    columns: [name, ["Allocated IPv4 address", (r) => r.publicIp], ["Type", () => "Public IP"], ["Allocation ID", (r) => r.allocationId],
      ["Associated instance ID", (r) => r.instanceId ?? ""], ["Private IP address", (r) => r.privateIpAddress ?? ""],
      ["Association ID", (r) => r.associationId ?? ""], ["Network interface ID", (r) => r.networkInterfaceId ?? ""]],
    actions: ["allocateAddress"], itemActions: ["associateAddress", "disassociateAddress", "releaseAddress"],
  },
  prefixLists: {
    title: "Managed prefix lists", singular: "Prefix list", action: "DescribeManagedPrefixLists", list: "prefixListSet", id: "prefixListId",
    columns: [["Prefix list ID", (r) => r.prefixListId], ["Prefix list name", (r) => r.prefixListName], ["Max entries", (r) => r.maxEntries ?? ""],
      ["Address family", (r) => r.addressFamily], ["State", (r) => r.state], ["Version", (r) => r.version ?? ""], ["Owner ID", (r) => r.ownerId]],
  },
  endpoints: {
    title: "Endpoints", singular: "Endpoint", action: "DescribeVpcEndpoints", list: "vpcEndpointSet", id: "vpcEndpointId",
    columns: [name, ["VPC endpoint ID", (r) => r.vpcEndpointId], ["VPC ID", (r) => r.vpcId], ["Service name", (r) => r.serviceName],
      ["Endpoint type", (r) => r.vpcEndpointType], ["Status", (r) => r.state], ["Creation time", (r) => r.creationTimestamp]],
  },
  natGateways: {
    title: "NAT gateways", singular: "NAT gateway", action: "DescribeNatGateways", list: "natGatewaySet", id: "natGatewayId",
    columns: [name, ["NAT gateway ID", (r) => r.natGatewayId], ["Connectivity type", (r) => r.connectivityType], ["State", (r) => r.state],
      ["Primary public IPv4 address", (r) => asList(r.natGatewayAddressSet)[0]?.publicIp ?? ""],
      ["Primary private IPv4 address", (r) => asList(r.natGatewayAddressSet)[0]?.privateIp ?? ""],
      ["VPC", (r) => r.vpcId], ["Subnet", (r) => r.subnetId]],
  },
  peeringConnections: {
    title: "Peering connections", singular: "Peering connection", action: "DescribeVpcPeeringConnections",
    list: "vpcPeeringConnectionSet", id: "vpcPeeringConnectionId",
    columns: [name, ["Peering connection ID", (r) => r.vpcPeeringConnectionId], ["Status", (r) => peeringStatus(r)],
      ["Requester VPC", (r) => r.requesterVpcInfo?.vpcId], ["Accepter VPC", (r) => r.accepterVpcInfo?.vpcId],
      ["Requester CIDRs", (r) => r.requesterVpcInfo?.cidrBlock ?? ""], ["Accepter CIDRs", (r) => r.accepterVpcInfo?.cidrBlock ?? ""],
      ["Requester owner ID", (r) => r.requesterVpcInfo?.ownerId], ["Accepter owner ID", (r) => r.accepterVpcInfo?.ownerId],
      ["Requester Region", (r) => r.requesterVpcInfo?.region], ["Accepter Region", (r) => r.accepterVpcInfo?.region]],
    tabs: [
      { title: "DNS", action: "editPeeringDns", rows: (r) => [
        { Setting: "Requester DNS resolution (allow the accepter VPC to resolve the requester's public DNS names to private IPs)",
          Value: r.requesterVpcInfo?.peeringOptions?.allowDnsResolutionFromRemoteVpc === "true" ? "Enabled" : "Disabled" },
        { Setting: "Accepter DNS resolution (allow the requester VPC to resolve the accepter's public DNS names to private IPs)",
          Value: r.accepterVpcInfo?.peeringOptions?.allowDnsResolutionFromRemoteVpc === "true" ? "Enabled" : "Disabled" },
      ] },
    ],
    actions: ["createPeeringConnection"],
    itemActions: ["acceptPeeringConnection", "rejectPeeringConnection", "editPeeringDns", "deletePeeringConnection"],
  },
  networkAcls: {
    title: "Network ACLs", singular: "Network ACL", action: "DescribeNetworkAcls", list: "networkAclSet", id: "networkAclId",
    columns: [name, ["Network ACL ID", (r) => r.networkAclId], ["Associated with", (r) => joined(asList(r.associationSet).map((a) => a.subnetId))],
      ["Default", (r) => (r.default === "true" ? "Yes" : "No")], ["VPC ID", (r) => r.vpcId],
      ["Inbound rules count", (r) => String(aclEntries(r, false).length)], ["Outbound rules count", (r) => String(aclEntries(r, true).length)],
      ["Owner", (r) => r.ownerId]],
    tabs: [
      { title: "Inbound rules", action: "editNetworkAclInboundRules", rows: (r) => aclEntries(r, false).map((e) => ({
        "Rule number": e.rule, Type: e.type, Protocol: e.protocol, "Port range": e.ports, Source: e.cidr, "Allow/Deny": e.action })) },
      { title: "Outbound rules", action: "editNetworkAclOutboundRules", rows: (r) => aclEntries(r, true).map((e) => ({
        "Rule number": e.rule, Type: e.type, Protocol: e.protocol, "Port range": e.ports, Destination: e.cidr, "Allow/Deny": e.action })) },
      { title: "Subnet associations", action: "editNetworkAclAssociations", rows: (r) => asList(r.associationSet).map((a) => ({
        "Subnet ID": a.subnetId, "Association ID": a.networkAclAssociationId })) },
    ],
    actions: ["createNetworkAcl"],
    itemActions: ["editNetworkAclInboundRules", "editNetworkAclOutboundRules", "editNetworkAclAssociations", "deleteNetworkAcl"],
  },
  securityGroups: {
    title: "Security groups", singular: "Security group", action: "DescribeSecurityGroups", list: "securityGroupInfo", id: "groupId",
    columns: [name, ["Security group ID", (r) => r.groupId], ["Security group name", (r) => r.groupName], ["VPC ID", (r) => r.vpcId],
      ["Description", (r) => r.groupDescription], ["Owner", (r) => r.ownerId],
      ["Inbound rules count", (r) => String(ruleRows(r.ipPermissions).length)],
      ["Outbound rules count", (r) => String(ruleRows(r.ipPermissionsEgress).length)]],
    tabs: [
      { title: "Inbound rules", action: "editInboundRules", rows: (r) => ruleRows(r.ipPermissions).map((row) => ({
        Type: row.type, Protocol: row.protocol, "Port range": row.ports, Source: row.source, Description: row.description })) },
      { title: "Outbound rules", action: "editOutboundRules", rows: (r) => ruleRows(r.ipPermissionsEgress).map((row) => ({
        Type: row.type, Protocol: row.protocol, "Port range": row.ports, Destination: row.source, Description: row.description })) },
    ],
    actions: ["createSecurityGroup"], itemActions: ["editInboundRules", "editOutboundRules", "deleteSecurityGroup"],
  },
  transitGateways: {
    title: "Transit gateways", singular: "Transit gateway", action: "DescribeTransitGateways", list: "transitGatewaySet",
    id: "transitGatewayId",
    columns: [name, ["Transit gateway ID", (r) => r.transitGatewayId], ["Owner ID", (r) => r.ownerId], ["State", (r) => r.state],
      ["Amazon side ASN", (r) => r.options?.amazonSideAsn], ["Description", (r) => r.description ?? ""],
      ["Association route table ID", (r) => r.options?.associationDefaultRouteTableId ?? ""],
      ["Propagation route table ID", (r) => r.options?.propagationDefaultRouteTableId ?? ""],
      ["DNS support", (r) => r.options?.dnsSupport], ["CIDR blocks", (r) => joined(asList(r.options?.transitGatewayCidrBlocks))]],
    tabs: [
      { title: "Attachments", load: async (ec2, r) => (await ec2.all("DescribeTransitGatewayAttachments", "transitGatewayAttachments",
        { Filter: [{ Name: "transit-gateway-id", Value: [r.transitGatewayId] }] })).map(attachmentRow) },
    ],
  },
  transitGatewayAttachments: {
    title: "Transit gateway attachments", singular: "Transit gateway attachment", action: "DescribeTransitGatewayAttachments",
    list: "transitGatewayAttachments", id: "transitGatewayAttachmentId",
    columns: [name, ["Transit gateway attachment ID", (r) => r.transitGatewayAttachmentId], ["Transit gateway ID", (r) => r.transitGatewayId],
      ["Resource type", (r) => r.resourceType], ["Resource ID", (r) => r.resourceId], ["State", (r) => r.state],
      ["Association route table ID", (r) => r.association?.transitGatewayRouteTableId ?? ""],
      ["Association state", (r) => r.association?.state ?? ""], ["Resource owner ID", (r) => r.resourceOwnerId]],
  },
  transitGatewayRouteTables: {
    title: "Transit gateway route tables", singular: "Transit gateway route table", action: "DescribeTransitGatewayRouteTables",
    list: "transitGatewayRouteTables", id: "transitGatewayRouteTableId",
    columns: [name, ["Transit gateway route table ID", (r) => r.transitGatewayRouteTableId], ["Transit gateway ID", (r) => r.transitGatewayId],
      ["State", (r) => r.state], ["Default association route table", (r) => (r.defaultAssociationRouteTable === "true" ? "Yes" : "No")],
      ["Default propagation route table", (r) => (r.defaultPropagationRouteTable === "true" ? "Yes" : "No")]],
    tabs: [
      { title: "Associations", load: async (ec2, r) => asList((await ec2.call("GetTransitGatewayRouteTableAssociations",
        { TransitGatewayRouteTableId: r.transitGatewayRouteTableId })).associations).map((a) => ({
        "Attachment ID": a.transitGatewayAttachmentId, "Resource type": a.resourceType, "Resource ID": a.resourceId, State: a.state })) },
      { title: "Propagations", load: async (ec2, r) => asList((await ec2.call("GetTransitGatewayRouteTablePropagations",
        { TransitGatewayRouteTableId: r.transitGatewayRouteTableId })).transitGatewayRouteTablePropagations).map((p) => ({
        "Attachment ID": p.transitGatewayAttachmentId, "Resource type": p.resourceType, "Resource ID": p.resourceId, State: p.state })) },
      { title: "Routes", load: async (ec2, r) => transitGatewayRoutes(ec2, r.transitGatewayRouteTableId).then((routes) => routes.map((route) => ({
        CIDR: route.destinationCidrBlock ?? route.prefixListId ?? "",
        Attachment: joined(asList(route.transitGatewayAttachments).map((a) => a.transitGatewayAttachmentId)),
        "Resource ID": joined(asList(route.transitGatewayAttachments).map((a) => a.resourceId)),
        "Route type": route.type, "Route state": route.state }))) },
    ],
  },
  reachability: { title: "Reachability Analyzer", custom: "reachability" },
  flowLogs: {
    title: "Flow logs", singular: "Flow log", action: "DescribeFlowLogs", list: "flowLogSet", id: "flowLogId",
    columns: [name, ["Flow log ID", (r) => r.flowLogId], ["Filter", (r) => r.trafficType], ["Destination type", (r) => r.logDestinationType],
      ["Destination name", (r) => r.logGroupName || r.logDestination || ""], ["Resource ID", (r) => r.resourceId],
      ["Maximum aggregation interval", (r) => r.maxAggregationInterval], ["Log record format", (r) => r.logFormat]],
  },
  instances: {
    title: "Instances", singular: "Instance", action: "DescribeInstances", list: "reservationSet", id: "instanceId",
    flatten: (reservations) => reservations.flatMap((reservation) => asList(reservation.instancesSet)),
    columns: [name, ["Instance ID", (r) => r.instanceId], ["Instance state", (r) => r.instanceState?.name],
      ["Instance type", (r) => r.instanceType], ["Availability Zone", (r) => r.placement?.availabilityZone],
      ["Public IPv4 address", (r) => r.ipAddress ?? ""], ["Private IPv4 address", (r) => r.privateIpAddress ?? ""],
      ["VPC ID", (r) => r.vpcId ?? ""], ["Subnet ID", (r) => r.subnetId ?? ""], ["Key name", (r) => r.keyName ?? ""],
      ["Security groups", (r) => joined(asList(r.groupSet).map((g) => g.groupName))]],
    tabs: [
      { title: "Networking", rows: (r) => asList(r.networkInterfaceSet).map((eni) => ({ "Interface ID": eni.networkInterfaceId,
        "Device index": eni.attachment?.deviceIndex, "Private IPv4": eni.privateIpAddress, "Public IPv4": eni.association?.publicIp ?? "",
        MAC: eni.macAddress, Subnet: eni.subnetId })) },
      { title: "Security", rows: (r) => asList(r.groupSet).map((g) => ({ "Security group ID": g.groupId, "Security group name": g.groupName })) },
    ],
    actions: ["launchInstance"], itemActions: ["connect", "stopInstance", "startInstance", "terminateInstance"],
  },
};

/** A transit gateway attachment as a row of the gateway's Attachments tab. */
function attachmentRow(a) {
  return { "Attachment ID": a.transitGatewayAttachmentId, Name: nameOf(a), "Resource type": a.resourceType, "Resource ID": a.resourceId,
    State: a.state, "Route table": a.association?.transitGatewayRouteTableId ?? "" };
}

/** Every route of a transit gateway route table, active and blackhole, as SearchTransitGatewayRoutes lists them. */
export async function transitGatewayRoutes(ec2, routeTableId) {
  const result = await ec2.call("SearchTransitGatewayRoutes", { TransitGatewayRouteTableId: routeTableId,
    Filter: [{ Name: "state", Value: ["active", "blackhole"] }] });
  return asList(result.routeSet);
}

export function peeringStatus(peering) {
  const code = peering.status?.code ?? "";
  return code.split("-").map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(" ");
}

