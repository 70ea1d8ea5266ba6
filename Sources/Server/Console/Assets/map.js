// The VPC resource map as the AWS console draws it — VPC, subnets by Availability Zone (public and private), route
// tables, network connections — plus what AWS leaves out: the instances and interfaces in each subnet, peering
// connections with their state and the VPC on the other side (any account or Region), transit gateways with the
// attachment's route table and the other VPCs attached to them, and the security groups and network ACL of each box on
// hover.

import { asList, nameOf } from "./api.js";
import { ruleRows, routeDestination, routeTarget } from "./resources.js";

const SVG = "http://www.w3.org/2000/svg";
const COLUMN = 270;
const WIDTH = 240;
/** Characters a box line holds; a longer one ends in "…" (the hover shows it whole). */
const LINE = 36;
const fit = (line) => (line.length > LINE ? `${line.slice(0, LINE - 1)}…` : line);

function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined && value !== null) element.setAttribute(key, value);
  for (const child of children.flat()) if (child) element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return element;
}

/** Everything the map shows of one VPC, read through the API. */
export async function readVpcMap(ec2, vpcId) {
  const byVpc = (name = "vpc-id") => ({ Filter: [{ Name: name, Value: [vpcId] }] });
  const [[vpc], subnets, tables, gateways, nats, peerings, reservations, groups, acls, endpoints, egressOnly] = await Promise.all([
    ec2.all("DescribeVpcs", "vpcSet", { VpcId: [vpcId] }),
    ec2.all("DescribeSubnets", "subnetSet", byVpc()),
    ec2.all("DescribeRouteTables", "routeTableSet", byVpc()),
    ec2.all("DescribeInternetGateways", "internetGatewaySet", byVpc("attachment.vpc-id")),
    ec2.all("DescribeNatGateways", "natGatewaySet", byVpc()),
    ec2.all("DescribeVpcPeeringConnections", "vpcPeeringConnectionSet"),
    ec2.all("DescribeInstances", "reservationSet", byVpc()),
    ec2.all("DescribeSecurityGroups", "securityGroupInfo", byVpc()),
    ec2.all("DescribeNetworkAcls", "networkAclSet", byVpc()),
    ec2.all("DescribeVpcEndpoints", "vpcEndpointSet", byVpc()),
    ec2.all("DescribeEgressOnlyInternetGateways", "egressOnlyInternetGatewaySet"),
  ]);
  const transitGateways = await readTransitGateways(ec2, vpcId);
  const instances = reservations.flatMap((r) => asList(r.instancesSet)).filter((i) => i.instanceState?.name !== "terminated");
  const main = tables.find((t) => asList(t.associationSet).some((a) => a.main === "true"));
  const tableOf = (subnetId) => tables.find((t) => asList(t.associationSet).some((a) => a.subnetId === subnetId)) ?? main;
  const isPublic = (table) => asList(table?.routeSet).some((r) => routeDestination(r) === "0.0.0.0/0" && routeTarget(r).startsWith("igw-"));
  return {
    vpc,
    subnets: subnets.sort((a, b) => a.availabilityZone.localeCompare(b.availabilityZone) || a.cidrBlock.localeCompare(b.cidrBlock))
      .map((subnet) => ({ subnet, table: tableOf(subnet.subnetId), public: isPublic(tableOf(subnet.subnetId)),
        acl: acls.find((acl) => asList(acl.associationSet).some((a) => a.subnetId === subnet.subnetId)),
        instances: instances.filter((i) => i.subnetId === subnet.subnetId) })),
    tables,
    connections: [
      ...gateways.map((g) => ({ id: g.internetGatewayId, name: nameOf(g), kind: "Internet gateway" })),
      ...nats.filter((n) => n.state !== "deleted").map((n) => ({ id: n.natGatewayId, name: nameOf(n), kind: `NAT gateway (${n.state})` })),
      ...egressOnly.filter((g) => asList(g.attachmentSet).some((a) => a.vpcId === vpcId))
        .map((g) => ({ id: g.egressOnlyInternetGatewayId, name: nameOf(g), kind: "Egress-only internet gateway" })),
      ...endpoints.map((e) => ({ id: e.vpcEndpointId, name: e.serviceName, kind: `${e.vpcEndpointType} endpoint` })),
      ...peerings.filter((p) => p.requesterVpcInfo?.vpcId === vpcId || p.accepterVpcInfo?.vpcId === vpcId)
        .filter((p) => !["deleted"].includes(p.status?.code))
        .map((p) => {
          const other = p.requesterVpcInfo?.vpcId === vpcId ? p.accepterVpcInfo : p.requesterVpcInfo;
          return { id: p.vpcPeeringConnectionId, name: nameOf(p), kind: `Peering (${p.status?.code})`, state: p.status?.code,
            detail: `${other?.vpcId} · ${other?.ownerId} · ${other?.region ?? ""}` };
        }),
      ...transitGateways,
    ],
    groups,
  };
}

/** The transit gateways `vpcId` is attached to, as network connections: the attachment, the route table that routes
 * what the VPC sends, and the other VPCs on the gateway (what AWS's map leaves out). */
async function readTransitGateways(ec2, vpcId) {
  const live = (attachment) => !["deleted", "deleting", "failed", "rejected"].includes(attachment.state);
  const own = (await ec2.all("DescribeTransitGatewayAttachments", "transitGatewayAttachments",
    { Filter: [{ Name: "resource-id", Value: [vpcId] }] })).filter(live);
  if (!own.length) return [];
  const all = (await ec2.all("DescribeTransitGatewayAttachments", "transitGatewayAttachments",
    { Filter: [{ Name: "transit-gateway-id", Value: own.map((a) => a.transitGatewayId) }] })).filter(live);
  return own.map((attachment) => {
    const others = all.filter((a) => a.transitGatewayId === attachment.transitGatewayId && a.transitGatewayAttachmentId !== attachment.transitGatewayAttachmentId);
    const table = attachment.association?.transitGatewayRouteTableId;
    return { id: attachment.transitGatewayId, name: nameOf(attachment), kind: `Transit gateway (${attachment.state})`,
      detail: attachment.transitGatewayAttachmentId,
      more: [table ? `routes by ${table}` : "no route table associated", others.length ? `also ${others.map((a) => a.resourceId).join(", ")}` : null],
      hover: [`${attachment.transitGatewayId} through ${attachment.transitGatewayAttachmentId} (${attachment.state})`,
        `Route table: ${table ?? "none associated, so nothing it sends is routed"}`,
        ...others.map((a) => `  ${a.resourceType} ${a.resourceId} by ${a.transitGatewayAttachmentId} (${a.state})`)].join("\n") };
  });
}

/** The picture of `vpcId`: an SVG element. */
export async function renderResourceMap(context, vpcId) {
  return drawVpcMap(await readVpcMap(context.ec2, vpcId));
}

export function drawVpcMap(map) {
  const boxes = [];
  const links = [];
  const place = (column, y, height, lines, { id, kind, hover, className }) => {
    const x = 10 + column * COLUMN;
    boxes.push(svg("g", { class: `node ${className ?? ""}`, "data-id": id, transform: `translate(${x},${y})` },
      svg("title", {}, hover ?? lines.join("\n")),
      svg("rect", { width: WIDTH, height, rx: 6 }),
      lines.map((line, index) => svg("text", { x: 10, y: 18 + index * 16, class: index === 0 ? "title" : index === 1 && kind ? "kind" : "" }, fit(line)))));
    return { x, y, height };
  };
  const heightOf = (lines) => 12 + lines.length * 16;
  const positions = new Map();

  const vpcLines = [`${map.vpc.vpcId}`, "VPC", nameOf(map.vpc), map.vpc.cidrBlock].filter(Boolean);
  positions.set(map.vpc.vpcId, place(0, 30, heightOf(vpcLines), vpcLines, { id: map.vpc.vpcId, kind: true, className: "vpc" }));

  let y = 30;
  for (const entry of map.subnets) {
    const groupsOf = (instance) => asList(instance.groupSet).map((g) => map.groups.find((group) => group.groupId === g.groupId)).filter(Boolean);
    const lines = [entry.subnet.subnetId, `${entry.public ? "Public" : "Private"} subnet · ${entry.subnet.availabilityZone}`,
      nameOf(entry.subnet), entry.subnet.cidrBlock,
      ...entry.instances.map((i) => `▣ ${nameOf(i) || i.instanceId} ${i.privateIpAddress ?? ""} ${i.instanceState?.name}`)].filter(Boolean);
    const hover = [`${entry.subnet.subnetId} ${entry.subnet.cidrBlock}`,
      `Network ACL ${entry.acl?.networkAclId ?? "?"}:`,
      ...asList(entry.acl?.entrySet).sort((a, b) => Number(a.ruleNumber) - Number(b.ruleNumber))
        .map((e) => `  ${e.egress === "true" ? "out" : "in "} ${e.ruleNumber === "32767" ? "*" : e.ruleNumber} ${e.protocol === "-1" ? "all" : e.protocol} ${e.cidrBlock ?? e.ipv6CidrBlock} ${e.ruleAction}`),
      ...entry.instances.flatMap((i) => [`Instance ${i.instanceId}:`, ...groupsOf(i).flatMap((g) =>
        [`  ${g.groupId} (${g.groupName}) inbound:`, ...ruleRows(g.ipPermissions).map((r) => `    ${r.protocol} ${r.ports} from ${r.source}`)])])].join("\n");
    const height = heightOf(lines);
    positions.set(entry.subnet.subnetId, place(1, y, height, lines, { id: entry.subnet.subnetId, kind: true, hover,
      className: entry.public ? "subnet public" : "subnet private" }));
    links.push([map.vpc.vpcId, entry.subnet.subnetId, ""]);
    if (entry.table) links.push([entry.subnet.subnetId, entry.table.routeTableId, ""]);
    y += height + 12;
  }

  y = 30;
  for (const table of map.tables) {
    const routes = asList(table.routeSet).map((r) => `${routeDestination(r)} → ${routeTarget(r)}${r.state === "blackhole" ? " ✗" : ""}`);
    const lines = [table.routeTableId, asList(table.associationSet).some((a) => a.main === "true") ? "Route table (main)" : "Route table",
      nameOf(table), ...routes].filter(Boolean);
    const height = heightOf(lines);
    positions.set(table.routeTableId, place(2, y, height, lines, { id: table.routeTableId, kind: true, className: "route-table" }));
    for (const route of asList(table.routeSet)) {
      const target = routeTarget(route);
      if (target && target !== "local") links.push([table.routeTableId, target, route.state === "blackhole" ? "blackhole" : ""]);
    }
    y += height + 12;
  }

  y = 30;
  for (const connection of map.connections) {
    const lines = [connection.id, connection.kind, connection.name, connection.detail, ...(connection.more ?? [])].filter(Boolean);
    const height = heightOf(lines);
    positions.set(connection.id, place(3, y, height, lines, { id: connection.id, kind: true, hover: connection.hover,
      className: `connection ${connection.state ? `peering ${connection.state}` : ""}` }));
    y += height + 12;
  }

  const lines = links.filter(([from, to]) => positions.has(from) && positions.has(to)).map(([from, to, kind]) => {
    const a = positions.get(from);
    const b = positions.get(to);
    const x1 = a.x + WIDTH;
    const y1 = a.y + 14;
    const x2 = b.x;
    const y2 = b.y + 14;
    const middle = (x1 + x2) / 2;
    return svg("path", { class: `link ${kind}`, "data-from": from, "data-to": to, d: `M${x1},${y1} C${middle},${y1} ${middle},${y2} ${x2},${y2}` });
  });
  const bottom = Math.max(...Array.from(positions.values()).map((p) => p.y + p.height), 100) + 20;
  const headings = ["VPC", "Subnets", "Route tables", "Network connections"].map((title, column) =>
    svg("text", { x: 10 + column * COLUMN, y: 18, class: "heading" }, title));
  return svg("svg", { class: "resource-map", width: 10 + 4 * COLUMN, height: bottom, viewBox: `0 0 ${10 + 4 * COLUMN} ${bottom}` },
    headings, lines, boxes);
}
