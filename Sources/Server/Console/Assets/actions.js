// What the console's buttons do, each through the EC2 operations a client would call, with the AWS console's labels.

import { asList, nameOf } from "./api.js";
import { h } from "./dom.js";
import { confirmPage, formPage, rowsEditor, rowsPage } from "./forms.js";
import { aclEntries, aclProtocol, protocolNames, routeDestination, routeTarget } from "./resources.js";
import { connectPage } from "./connect.js";

const stateOf = (instance) => instance.instanceState?.name;
const tags = (type, name) => (name ? [{ ResourceType: type, Tag: [{ Key: "Name", Value: name }] }] : undefined);
const labelled = (id, resource) => (nameOf(resource) ? `${id} / ${nameOf(resource)}` : id);

async function vpcOptions(context, ec2 = context.ec2) {
  const vpcs = await ec2.all("DescribeVpcs", "vpcSet");
  return vpcs.map((vpc) => [vpc.vpcId, `${labelled(vpc.vpcId, vpc)} (${vpc.cidrBlock})`]);
}

/** What a VPC holds: what the console deletes with it, and what must go first (AWS's console refuses those). */
async function vpcParts(context, vpcId) {
  const ec2 = context.ec2;
  const filter = (name) => ({ Filter: [{ Name: name, Value: [vpcId] }] });
  const [subnets, tables, groups, acls, gateways, egressOnly, reservations, nats, interfaces, peerings, attachments, endpoints] = await Promise.all([
    ec2.all("DescribeSubnets", "subnetSet", filter("vpc-id")), ec2.all("DescribeRouteTables", "routeTableSet", filter("vpc-id")),
    ec2.all("DescribeSecurityGroups", "securityGroupInfo", filter("vpc-id")), ec2.all("DescribeNetworkAcls", "networkAclSet", filter("vpc-id")),
    ec2.all("DescribeInternetGateways", "internetGatewaySet", filter("attachment.vpc-id")),
    ec2.all("DescribeEgressOnlyInternetGateways", "egressOnlyInternetGatewaySet"),
    ec2.all("DescribeInstances", "reservationSet", filter("vpc-id")), ec2.all("DescribeNatGateways", "natGatewaySet", filter("vpc-id")),
    ec2.all("DescribeNetworkInterfaces", "networkInterfaceSet", filter("vpc-id")),
    ec2.all("DescribeVpcPeeringConnections", "vpcPeeringConnectionSet"),
    ec2.all("DescribeTransitGatewayAttachments", "transitGatewayAttachments", filter("resource-id")),
    ec2.all("DescribeVpcEndpoints", "vpcEndpointSet", filter("vpc-id")),
  ]);
  const gone = ["deleted", "deleting", "failed", "rejected", "expired", "terminated", "shutting-down"];
  const instances = reservations.flatMap((r) => asList(r.instancesSet)).filter((i) => !gone.includes(i.instanceState?.name));
  return {
    instances: instances.map((i) => i.instanceId),
    natGateways: nats.filter((n) => !gone.includes(n.state)).map((n) => n.natGatewayId),
    // Interfaces of instances are theirs, and those AWS manages (NAT gateways', attachments', endpoints') go with
    // what they serve; any other left in the VPC is in the way too.
    interfaces: interfaces.filter((i) => !i.attachment?.instanceId && String(i.requesterManaged) !== "true" && i.interfaceType !== "nat_gateway")
      .map((i) => i.networkInterfaceId),
    peerings: peerings.filter((p) => [p.requesterVpcInfo?.vpcId, p.accepterVpcInfo?.vpcId].includes(vpcId) && !gone.includes(p.status?.code))
      .map((p) => p.vpcPeeringConnectionId),
    attachments: attachments.filter((a) => !gone.includes(a.state)).map((a) => a.transitGatewayAttachmentId),
    // Gateway endpoints go with the VPC (AWS: "deleting a VPC deletes its gateway endpoints"); interface endpoints
    // must go first.
    endpoints: endpoints.filter((e) => !gone.includes(String(e.state).toLowerCase()) && e.vpcEndpointType !== "Gateway").map((e) => e.vpcEndpointId),
    gatewayEndpoints: endpoints.filter((e) => !gone.includes(String(e.state).toLowerCase()) && e.vpcEndpointType === "Gateway")
      .map((e) => e.vpcEndpointId),
    subnets: subnets.map((s) => s.subnetId),
    routeTables: tables.filter((t) => !asList(t.associationSet).some((a) => String(a.main) === "true")).map((t) => t.routeTableId),
    securityGroups: groups.filter((g) => g.groupName !== "default").map((g) => g.groupId),
    groups,
    networkAcls: acls.filter((a) => String(a.default) !== "true").map((a) => a.networkAclId),
    internetGateways: gateways.map((g) => g.internetGatewayId),
    egressOnlyGateways: egressOnly.filter((g) => asList(g.attachmentSet).some((a) => a.vpcId === vpcId)).map((g) => g.egressOnlyInternetGatewayId),
  };
}

/** Deletes the VPC after what only it uses, in the order AWS allows: gateways, then rules naming groups, groups,
 * subnets, route tables and ACLs, and the VPC last. */
async function deleteVpcWithParts(context, vpcId, parts) {
  const ec2 = context.ec2;
  for (const id of parts.internetGateways) {
    await ec2.call("DetachInternetGateway", { InternetGatewayId: id, VpcId: vpcId });
    await ec2.call("DeleteInternetGateway", { InternetGatewayId: id });
  }
  for (const id of parts.egressOnlyGateways) await ec2.call("DeleteEgressOnlyInternetGateway", { EgressOnlyInternetGatewayId: id });
  if (parts.gatewayEndpoints.length) await ec2.call("DeleteVpcEndpoints", { VpcEndpointId: parts.gatewayEndpoints });
  // A group that a rule names cannot go: the rules naming the groups to delete go first (in the default group too,
  // whose rule naming itself stays).
  const deleting = new Set(parts.securityGroups);
  for (const group of parts.groups) {
    const named = (permission) => asList(permission.groups).some((pair) => deleting.has(pair.groupId));
    const ingress = asList(group.ipPermissions).filter(named);
    const egress = asList(group.ipPermissionsEgress).filter(named);
    if (ingress.length) await ec2.call("RevokeSecurityGroupIngress", { GroupId: group.groupId, IpPermissions: ingress.map((p) => permissionNaming(p, deleting)) });
    if (egress.length) await ec2.call("RevokeSecurityGroupEgress", { GroupId: group.groupId, IpPermissions: egress.map((p) => permissionNaming(p, deleting)) });
  }
  for (const id of parts.securityGroups) await ec2.call("DeleteSecurityGroup", { GroupId: id });
  for (const id of parts.subnets) await ec2.call("DeleteSubnet", { SubnetId: id });
  for (const id of parts.routeTables) await ec2.call("DeleteRouteTable", { RouteTableId: id });
  for (const id of parts.networkAcls) await ec2.call("DeleteNetworkAcl", { NetworkAclId: id });
  await ec2.call("DeleteVpc", { VpcId: vpcId });
}

/** The part of a rule that names the groups in `deleting`, as Revoke takes it back. */
function permissionNaming(permission, deleting) {
  return {
    IpProtocol: permission.ipProtocol, FromPort: permission.fromPort, ToPort: permission.toPort,
    Groups: asList(permission.groups).filter((pair) => deleting.has(pair.groupId)).map((pair) => ({ GroupId: pair.groupId, UserId: pair.userId })),
  };
}

/** The VPCs an internet gateway may attach to: those without one already, as AWS's console lists them. */
async function vpcsWithoutInternetGateway(context) {
  const gateways = await context.ec2.all("DescribeInternetGateways", "internetGatewaySet");
  const taken = new Set(gateways.flatMap((g) => asList(g.attachmentSet).map((a) => a.vpcId)));
  return (await vpcOptions(context)).filter(([vpcId]) => !taken.has(vpcId));
}

async function one(context, action, list, idKey, id) {
  const [item] = await context.ec2.all(action, list, { [idKey]: [id] });
  return item;
}

/** A box per subnet, as AWS's console has: a click changes one subnet, never the others. `here` are the ticked
 * ones, and `now(subnetId)` says where each is associated now. */
const subnetBoxes = (subnets, here, now) => subnets.map((subnet) => ({ name: `subnet-${subnet.subnetId}`, type: "checkbox",
  value: here.includes(subnet.subnetId), label: `${labelled(subnet.subnetId, subnet)} (${subnet.cidrBlock}; now ${now(subnet.subnetId)})` }));

const tickedSubnets = (subnets, values) => subnets.map((subnet) => subnet.subnetId).filter((subnetId) => values[`subnet-${subnetId}`]);

/** The "Create …" page of a resource made in a VPC with an optional Name (route tables, network ACLs): `action` makes
 * it as `resourceType` and answers it under `answerKey`, `idKey` names it, and `message(id, item)` is AWS's banner on
 * `page`. */
function createInVpc({ noun, description, action, resourceType, answerKey, idKey, page, message }) {
  const label = `Create ${noun}`;
  return {
    label,
    page: async (context) => formPage({
      title: label, description,
      sections: [{ title: `${noun[0].toUpperCase()}${noun.slice(1)} settings`, fields: [
        { name: "name", label: "Name - optional" }, { name: "vpc", label: "VPC", type: "select", options: await vpcOptions(context) }] }],
      submit: label,
      run: async (values) => {
        const item = (await context.ec2.call(action, { VpcId: values.vpc, TagSpecification: tags(resourceType, values.name) }))[answerKey];
        done(context, page, item[idKey], message(item[idKey], item));
      },
    }),
  };
}

/** Done: back to the list with the new or changed item selected, and AWS's banner. */
function done(context, page, id, message) {
  context.flash(message);
  context.navigate(`#/${page}/${encodeURIComponent(id)}`);
}

function confirmAction({ label, page, title, text, submit, run, message, enabled }) {
  return {
    label,
    enabled,
    page: async (context, id) =>
      confirmPage({ title: title(id), text: text(id), submit: submit ?? label, run: async () => {
        await run(context, id);
        done(context, page, id, message(id));
      } }),
  };
}

export const actions = {
  createVpc: {
    label: "Create VPC",
    page: async (context) => formPage({
      title: "Create VPC",
      description: "A VPC is an isolated portion of the AWS Cloud populated by AWS objects, such as Amazon EC2 instances.",
      sections: [{ title: "VPC settings", fields: [
        { name: "mode", label: "Resources to create", type: "radio", value: "vpc", options: [["vpc", "VPC only"], ["more", "VPC and more"]] },
        { name: "name", label: "Name tag", placeholder: "my-vpc", when: (v) => v.mode === "vpc" },
        { name: "prefix", label: "Name tag auto-generation", value: "project", when: (v) => v.mode === "more" },
        { name: "cidr", label: "IPv4 CIDR", value: "10.0.0.0/16" },
        { name: "zones", label: "Number of Availability Zones (AZs)", type: "select", value: "2", options: [["1", "1"], ["2", "2"], ["3", "3"]],
          when: (v) => v.mode === "more" },
        { name: "publicSubnets", label: "Number of public subnets", type: "select", value: "1", options: [["0", "0"], ["1", "1 per AZ"]],
          when: (v) => v.mode === "more" },
        { name: "privateSubnets", label: "Number of private subnets", type: "select", value: "1", options: [["0", "0"], ["1", "1 per AZ"]],
          when: (v) => v.mode === "more" },
      ] }],
      submit: "Create VPC",
      run: async (values) => {
        if (values.mode === "more") return createVpcAndMore(context, values);
        const vpc = (await context.ec2.call("CreateVpc", { CidrBlock: values.cidr, TagSpecification: tags("vpc", values.name) })).vpc;
        done(context, "vpcs", vpc.vpcId, `You successfully created ${labelled(vpc.vpcId, vpc)}`);
      },
    }),
  },
  deleteVpc: {
    label: "Delete VPC",
    page: async (context, id) => {
      const parts = await vpcParts(context, id);
      const listed = (title, ids) => (ids.length ? h("li", {}, `${title}: ${ids.join(", ")}`) : null);
      const blockers = [listed("Instances", parts.instances), listed("NAT gateways", parts.natGateways),
        listed("Network interfaces", parts.interfaces), listed("Peering connections", parts.peerings),
        listed("Transit gateway attachments", parts.attachments), listed("VPC endpoints", parts.endpoints)].filter(Boolean);
      const alongside = [listed("Subnets", parts.subnets), listed("Route tables", parts.routeTables),
        listed("Security groups", parts.securityGroups), listed("Network ACLs", parts.networkAcls),
        listed("Internet gateways (detached and deleted)", parts.internetGateways),
        listed("Egress-only internet gateways", parts.egressOnlyGateways), listed("Gateway endpoints", parts.gatewayEndpoints)].filter(Boolean);
      const page = formPage({
        title: `Delete VPC ${id}`,
        description: blockers.length
          ? "These use the VPC and must be deleted first, as in AWS's console:"
          : "Deleting the VPC also deletes what only it uses, as AWS's console does. To confirm, type delete.",
        sections: blockers.length ? [] : [{ title: "Confirm", fields: [{ name: "confirm", label: "Type delete to confirm", placeholder: "delete" }] }],
        submit: "Delete",
        run: async (values) => {
          if (blockers.length) throw new Error("Delete what uses the VPC first.");
          if (values.confirm !== "delete") throw new Error("Type delete to confirm.");
          await deleteVpcWithParts(context, id, parts);
          done(context, "vpcs", id, `You successfully deleted ${id}`);
        },
      });
      const lists = [blockers.length ? h("ul", { class: "blockers" }, blockers) : null,
        alongside.length && !blockers.length ? h("div", {}, h("p", {}, "Deleted with it:"), h("ul", {}, alongside)) : null];
      page.querySelector(".form-errors").before(...lists.filter(Boolean));
      return page;
    },
  },
  editVpcSettings: {
    label: "Edit VPC settings",
    page: async (context, id) => {
      const vpc = await one(context, "DescribeVpcs", "vpcSet", "VpcId", id);
      const attribute = async (name) =>
        String((await context.ec2.call("DescribeVpcAttribute", { VpcId: id, Attribute: name }))[name]?.value) === "true";
      const [support, hostnames] = await Promise.all([attribute("enableDnsSupport"), attribute("enableDnsHostnames")]);
      return formPage({
        title: "Edit VPC settings", description: labelled(id, vpc),
        sections: [{ title: "DNS settings", fields: [
          { name: "support", type: "checkbox", label: "Enable DNS resolution", value: support },
          { name: "hostnames", type: "checkbox", label: "Enable DNS hostnames", value: hostnames }] }],
        submit: "Save",
        run: async (values) => {
          // One attribute per call, as the API takes them; hostnames need resolution, so resolution goes on first and
          // off last.
          const set = (name, value) => context.ec2.call("ModifyVpcAttribute", { VpcId: id, [name]: { Value: String(value) } });
          if (values.support && !support) await set("EnableDnsSupport", true);
          if (values.hostnames !== hostnames) await set("EnableDnsHostnames", values.hostnames);
          if (!values.support && support) await set("EnableDnsSupport", false);
          done(context, "vpcs", id, `You have successfully modified the settings for ${labelled(id, vpc)}.`);
        },
      });
    },
  },
  createSubnet: {
    label: "Create subnet",
    page: async (context) => {
      const zones = (await context.ec2.call("DescribeAvailabilityZones")).availabilityZoneInfo.map((z) => [z.zoneName, z.zoneName]);
      return formPage({
        title: "Create subnet",
        sections: [{ title: "Subnet settings", fields: [
          { name: "vpc", label: "VPC ID", type: "select", options: await vpcOptions(context) },
          { name: "name", label: "Subnet name" },
          { name: "zone", label: "Availability Zone", type: "select", options: [["", "No preference"], ...zones] },
          { name: "cidr", label: "IPv4 subnet CIDR block", placeholder: "10.0.1.0/24" },
        ] }],
        submit: "Create subnet",
        run: async (values) => {
          const subnet = (await context.ec2.call("CreateSubnet", { VpcId: values.vpc, CidrBlock: values.cidr, AvailabilityZone: values.zone,
            TagSpecification: tags("subnet", values.name) })).subnet;
          done(context, "subnets", subnet.subnetId, `You have successfully created 1 subnet: ${subnet.subnetId}`);
        },
      });
    },
  },
  editSubnetSettings: {
    label: "Edit subnet settings",
    page: async (context, id) => {
      const subnet = await one(context, "DescribeSubnets", "subnetSet", "SubnetId", id);
      return formPage({
        title: "Edit subnet settings", description: labelled(id, subnet),
        sections: [{ title: "Auto-assign IP settings", fields: [{ name: "mapPublicIp", type: "checkbox",
          label: "Enable auto-assign public IPv4 address", value: String(subnet.mapPublicIpOnLaunch) === "true" }] }],
        submit: "Save",
        run: async (values) => {
          await context.ec2.call("ModifySubnetAttribute", { SubnetId: id, MapPublicIpOnLaunch: { Value: String(values.mapPublicIp) } });
          done(context, "subnets", id, `You have successfully changed subnet settings: Enable auto-assign public IPv4 address`);
        },
      });
    },
  },
  deleteSubnet: confirmAction({
    label: "Delete subnet", page: "subnets", title: (id) => `Delete subnet ${id}`, text: () => "Nothing may be running in it.",
    submit: "Delete", run: (context, id) => context.ec2.call("DeleteSubnet", { SubnetId: id }), message: (id) => `You successfully deleted ${id}`,
  }),
  createRouteTable: createInVpc({
    noun: "route table", action: "CreateRouteTable", resourceType: "route-table", answerKey: "routeTable", idKey: "routeTableId",
    page: "routeTables", message: (id, table) => `Route table ${labelled(id, table)} was created successfully.`,
  }),
  editSubnetAssociations: {
    label: "Edit subnet associations",
    page: async (context, id) => {
      const table = await one(context, "DescribeRouteTables", "routeTableSet", "RouteTableId", id);
      const filter = { Filter: [{ Name: "vpc-id", Value: [table.vpcId] }] };
      const [subnets, tables] = await Promise.all([
        context.ec2.all("DescribeSubnets", "subnetSet", filter), context.ec2.all("DescribeRouteTables", "routeTableSet", filter)]);
      // Each subnet's explicit association, wherever it is: a subnet moves to this table by replacing it.
      const explicit = new Map(tables.flatMap((t) => asList(t.associationSet).filter((a) => a.subnetId)
        .map((a) => [a.subnetId, { tableId: t.routeTableId, associationId: a.routeTableAssociationId }])));
      const here = subnets.filter((subnet) => explicit.get(subnet.subnetId)?.tableId === id).map((subnet) => subnet.subnetId);
      return formPage({
        title: "Edit subnet associations", description: labelled(id, table),
        sections: [{ title: "Available subnets",
          fields: subnetBoxes(subnets, here, (subnetId) => explicit.get(subnetId)?.tableId ?? "the main route table") }],
        submit: "Save associations",
        run: async (values) => {
          values.subnets = tickedSubnets(subnets, values);
          for (const subnetId of values.subnets.filter((s) => !here.includes(s))) {
            const current = explicit.get(subnetId);
            if (current) await context.ec2.call("ReplaceRouteTableAssociation", { AssociationId: current.associationId, RouteTableId: id });
            else await context.ec2.call("AssociateRouteTable", { RouteTableId: id, SubnetId: subnetId });
          }
          for (const subnetId of here.filter((s) => !values.subnets.includes(s))) {
            await context.ec2.call("DisassociateRouteTable", { AssociationId: explicit.get(subnetId).associationId });
          }
          done(context, "routeTables", id, `You have successfully updated subnet associations for ${labelled(id, table)}.`);
        },
      });
    },
  },
  deleteRouteTable: confirmAction({
    label: "Delete route table", page: "routeTables", title: (id) => `Delete route table ${id}`, text: () => "It must have no subnet associations.",
    enabled: (table) => !asList(table.associationSet).some((a) => String(a.main) === "true"),
    submit: "Delete", run: (context, id) => context.ec2.call("DeleteRouteTable", { RouteTableId: id }),
    message: (id) => `You successfully deleted ${id}`,
  }),
  editRoutes: {
    label: "Edit routes",
    page: async (context, id) => {
      const table = await one(context, "DescribeRouteTables", "routeTableSet", "RouteTableId", id);
      const targets = await routeTargets(context, table.vpcId);
      const editor = rowsEditor({
        columns: ["Destination", "Target", "Status"],
        rows: asList(table.routeSet).filter((route) => route.origin !== "EnableVgwRoutePropagation")
          .map((route) => ({ destination: routeDestination(route), target: routeTarget(route), state: route.state,
            fixed: !editableTarget(routeTarget(route)) })),
        addLabel: "Add route",
        makeRow: (row) => routeRow(row, targets),
      });
      return rowsPage({
        title: "Edit routes", description: labelled(table.routeTableId, table), editor, submit: "Save changes",
        run: async (edited) => {
          await saveRoutes(context, table, edited);
          done(context, "routeTables", table.routeTableId, `Updated routes for ${labelled(table.routeTableId, table)} successfully`);
        },
      });
    },
  },
  createInternetGateway: {
    label: "Create internet gateway",
    page: async (context) => formPage({
      title: "Create internet gateway",
      description: "An internet gateway is a virtual router that connects a VPC to the internet.",
      sections: [{ title: "Internet gateway settings", fields: [{ name: "name", label: "Name tag" }] }],
      submit: "Create internet gateway",
      run: async (values) => {
        const gateway = (await context.ec2.call("CreateInternetGateway", { TagSpecification: tags("internet-gateway", values.name) }))
          .internetGateway;
        done(context, "internetGateways", gateway.internetGatewayId,
          `The following internet gateway was created: ${gateway.internetGatewayId}. You can now attach to a VPC to enable the VPC to communicate with the internet.`);
      },
    }),
  },
  attachInternetGateway: {
    label: "Attach to VPC",
    enabled: (gateway) => asList(gateway.attachmentSet).length === 0,
    page: async (context, id) => formPage({
      title: `Attach to VPC (${id})`,
      sections: [{ title: "VPC", fields: [{ name: "vpc", label: "Available VPCs", type: "select", options: await vpcsWithoutInternetGateway(context) }] }],
      submit: "Attach internet gateway",
      run: async (values) => {
        await context.ec2.call("AttachInternetGateway", { InternetGatewayId: id, VpcId: values.vpc });
        done(context, "internetGateways", id, `Internet gateway ${id} successfully attached to ${values.vpc}`);
      },
    }),
  },
  detachInternetGateway: {
    label: "Detach from VPC",
    enabled: (gateway) => asList(gateway.attachmentSet).length > 0,
    page: async (context, id) => {
      const gateway = await one(context, "DescribeInternetGateways", "internetGatewaySet", "InternetGatewayId", id);
      const vpc = asList(gateway.attachmentSet)[0]?.vpcId ?? "";
      return confirmPage({ title: `Detach from VPC (${id})`, text: `Detach ${id} from ${vpc || "no VPC"}?`, submit: "Detach internet gateway",
        run: async () => {
          await context.ec2.call("DetachInternetGateway", { InternetGatewayId: id, VpcId: vpc });
          done(context, "internetGateways", id, `Internet gateway ${id} successfully detached from ${vpc}`);
        } });
    },
  },
  deleteInternetGateway: confirmAction({
    label: "Delete internet gateway", page: "internetGateways", title: (id) => `Delete internet gateway ${id}`, text: () => "It must be detached.",
    submit: "Delete internet gateway", run: (context, id) => context.ec2.call("DeleteInternetGateway", { InternetGatewayId: id }),
    message: (id) => `You successfully deleted ${id}`,
  }),
  createPeeringConnection: {
    label: "Create peering connection",
    page: async (context) => {
      const own = await vpcOptions(context);
      const { session } = context;
      return formPage({
        title: "Create peering connection",
        description: "A VPC peering connection is a networking connection between two VPCs that enables you to route traffic between them.",
        sections: [
          { title: "Peering connection settings", fields: [
            { name: "name", label: "Name - optional", placeholder: "Lab-Peer" },
            { name: "requester", label: "VPC ID (Requester)", type: "select", options: own },
          ] },
          { title: "Select another VPC to peer with", fields: [
            { name: "account", label: "Account", type: "radio", value: "mine", options: [["mine", "My account"], ["another", "Another account"]] },
            { name: "accountId", label: "Account ID", placeholder: "123456789012", when: (v) => v.account === "another" },
            { name: "regionChoice", label: "Region", type: "radio", value: "this",
              options: [["this", `This Region (${session.region})`], ["another", "Another Region"]] },
            { name: "region", label: "Region", type: "select", value: session.region, options: session.regions.map((r) => [r, r]),
              when: (v) => v.regionChoice === "another" },
            { name: "accepter", label: "VPC ID (Accepter)", type: "select", options: own,
              when: (v) => v.account === "mine" && v.regionChoice === "this" },
            { name: "accepterId", label: "VPC ID (Accepter)", placeholder: "vpc-…",
              when: (v) => !(v.account === "mine" && v.regionChoice === "this") },
          ] },
        ],
        submit: "Create peering connection",
        run: async (values) => {
          const sameRegion = values.regionChoice === "this";
          const peering = (await context.ec2.call("CreateVpcPeeringConnection", {
            VpcId: values.requester,
            PeerVpcId: values.account === "mine" && sameRegion ? values.accepter : values.accepterId,
            PeerOwnerId: values.account === "another" ? values.accountId : undefined,
            PeerRegion: sameRegion ? undefined : values.region,
            TagSpecification: tags("vpc-peering-connection", values.name),
          })).vpcPeeringConnection;
          done(context, "peeringConnections", peering.vpcPeeringConnectionId,
            `A VPC peering connection ${labelled(peering.vpcPeeringConnectionId, peering)} has been requested.`);
        },
      });
    },
  },
  acceptPeeringConnection: confirmAction({
    label: "Accept request", page: "peeringConnections", title: () => "Accept VPC peering connection request",
    enabled: (peering) => peering.status?.code === "pending-acceptance",
    text: (id) => `Are you sure you want to accept this VPC peering connection request (${id})? Only the accepter VPC's account, in its Region, can.`,
    submit: "Accept request", run: (context, id) => context.ec2.call("AcceptVpcPeeringConnection", { VpcPeeringConnectionId: id }),
    message: (id) => `Your VPC peering connection (${id}) has been established. To send and receive traffic across this VPC peering connection, you must add a route to the peered VPC in one or more of your VPC route tables.`,
  }),
  rejectPeeringConnection: confirmAction({
    label: "Reject request", page: "peeringConnections", title: () => "Reject VPC peering connection request",
    enabled: (peering) => peering.status?.code === "pending-acceptance",
    text: (id) => `Are you sure you want to reject this VPC peering connection request (${id})?`,
    submit: "Reject request", run: (context, id) => context.ec2.call("RejectVpcPeeringConnection", { VpcPeeringConnectionId: id }),
    message: (id) => `The VPC peering connection request ${id} was rejected.`,
  }),
  editPeeringDns: {
    label: "Edit DNS settings",
    enabled: (peering) => peering.status?.code === "active",
    page: async (context, id) => {
      const [peering] = await context.ec2.all("DescribeVpcPeeringConnections", "vpcPeeringConnectionSet", { VpcPeeringConnectionId: [id] });
      const requester = peering.requesterVpcInfo ?? {};
      const accepter = peering.accepterVpcInfo ?? {};
      const { account, region } = context.session;
      const mine = (side) => side.ownerId === account && side.region === region;
      const enabled = (side) => side.peeringOptions?.allowDnsResolutionFromRemoteVpc === "true";
      const fields = [];
      if (mine(requester)) {
        fields.push({ name: "requester", type: "checkbox", value: enabled(requester),
          label: `Allow accepter VPC (${accepter.vpcId}) to resolve DNS of hosts in requester VPC (${requester.vpcId}) to private IP addresses` });
      }
      if (mine(accepter)) {
        fields.push({ name: "accepter", type: "checkbox", value: enabled(accepter),
          label: `Allow requester VPC (${requester.vpcId}) to resolve DNS of hosts in accepter VPC (${accepter.vpcId}) to private IP addresses` });
      }
      return formPage({
        title: "Edit DNS settings", description: labelled(id, peering),
        sections: [{ title: "DNS resolution", fields: fields.length ? fields : [{ name: "none", label: "Neither side of this peering is in this account and Region: switch to the owner's.", type: "checkbox", when: () => false }] }],
        submit: "Save changes",
        run: async (values) => {
          // Each side is its owner's to set: the requester's options by the requester, the accepter's by the accepter.
          await context.ec2.call("ModifyVpcPeeringConnectionOptions", {
            VpcPeeringConnectionId: id,
            RequesterPeeringConnectionOptions: mine(requester) ? { AllowDnsResolutionFromRemoteVpc: String(values.requester) } : undefined,
            AccepterPeeringConnectionOptions: mine(accepter) ? { AllowDnsResolutionFromRemoteVpc: String(values.accepter) } : undefined,
          });
          done(context, "peeringConnections", id, `DNS settings updated for ${labelled(id, peering)}`);
        },
      });
    },
  },
  deletePeeringConnection: confirmAction({
    label: "Delete peering connection", page: "peeringConnections", title: (id) => `Delete peering connection ${id}`,
    enabled: (peering) => !["deleted", "deleting", "rejected", "failed", "expired"].includes(peering.status?.code),
    text: () => "Routes that point to it become blackholes.", submit: "Delete",
    run: (context, id) => context.ec2.call("DeleteVpcPeeringConnection", { VpcPeeringConnectionId: id }),
    message: (id) => `You successfully deleted ${id}`,
  }),
  createSecurityGroup: {
    label: "Create security group",
    page: async (context) => formPage({
      title: "Create security group",
      sections: [{ title: "Basic details", fields: [
        { name: "name", label: "Security group name" }, { name: "description", label: "Description" },
        { name: "vpc", label: "VPC", type: "select", options: await vpcOptions(context) }] }],
      submit: "Create security group",
      run: async (values) => {
        const answer = await context.ec2.call("CreateSecurityGroup", { GroupName: values.name, GroupDescription: values.description,
          VpcId: values.vpc });
        done(context, "securityGroups", answer.groupId, `Security group (${answer.groupId} | ${values.name}) was created successfully`);
      },
    }),
  },
  deleteSecurityGroup: confirmAction({
    label: "Delete security groups", page: "securityGroups", title: (id) => `Delete security group ${id}`,
    enabled: (group) => group.groupName !== "default",
    text: () => "No instance or interface may use it, and no other group's rule may name it.", submit: "Delete",
    run: (context, id) => context.ec2.call("DeleteSecurityGroup", { GroupId: id }), message: (id) => `You successfully deleted ${id}`,
  }),
  editInboundRules: editRules("Inbound"),
  editOutboundRules: editRules("Outbound"),
  createNetworkAcl: createInVpc({
    noun: "network ACL", action: "CreateNetworkAcl", resourceType: "network-acl", answerKey: "networkAcl", idKey: "networkAclId",
    page: "networkAcls", message: (id, acl) => `You successfully created ${labelled(id, acl)}`,
    description: "A network ACL is an optional layer of security that acts as a firewall for controlling traffic in and out of a subnet.",
  }),
  editNetworkAclInboundRules: editAclEntries("Inbound"),
  editNetworkAclOutboundRules: editAclEntries("Outbound"),
  editNetworkAclAssociations: {
    label: "Edit subnet associations",
    page: async (context, id) => {
      const acl = await one(context, "DescribeNetworkAcls", "networkAclSet", "NetworkAclId", id);
      const filter = { Filter: [{ Name: "vpc-id", Value: [acl.vpcId] }] };
      const [subnets, acls] = await Promise.all([
        context.ec2.all("DescribeSubnets", "subnetSet", filter), context.ec2.all("DescribeNetworkAcls", "networkAclSet", filter)]);
      // Every subnet has one association, with the default ACL unless another took it: a subnet moves by replacing it.
      const association = new Map(acls.flatMap((a) => asList(a.associationSet)
        .map((s) => [s.subnetId, { aclId: a.networkAclId, associationId: s.networkAclAssociationId }])));
      const fallback = acls.find((a) => String(a.default) === "true").networkAclId;
      const here = subnets.filter((subnet) => association.get(subnet.subnetId)?.aclId === id).map((subnet) => subnet.subnetId);
      return formPage({
        title: "Edit subnet associations", description: labelled(id, acl),
        sections: [{ title: "Available subnets", fields: subnetBoxes(subnets, here, (subnetId) => association.get(subnetId)?.aclId) }],
        submit: "Save changes",
        run: async (values) => {
          const ticked = tickedSubnets(subnets, values);
          // A subnet unticked goes back to the VPC's default ACL, as AWS's console does.
          const moves = [...ticked.filter((s) => !here.includes(s)).map((s) => [s, id]), ...here.filter((s) => !ticked.includes(s)).map((s) => [s, fallback])];
          for (const [subnetId, aclId] of moves.filter(([subnetId, aclId]) => association.get(subnetId).aclId !== aclId)) {
            await context.ec2.call("ReplaceNetworkAclAssociation", { AssociationId: association.get(subnetId).associationId, NetworkAclId: aclId });
          }
          done(context, "networkAcls", id, `You have successfully updated subnet associations for ${labelled(id, acl)}.`);
        },
      });
    },
  },
  deleteNetworkAcl: confirmAction({
    label: "Delete network ACLs", page: "networkAcls", title: (id) => `Delete network ACL ${id}`,
    enabled: (acl) => String(acl.default) !== "true",
    text: () => "It must have no subnet associations.", submit: "Delete",
    run: (context, id) => context.ec2.call("DeleteNetworkAcl", { NetworkAclId: id }), message: (id) => `You successfully deleted ${id}`,
  }),
  allocateAddress: {
    label: "Allocate Elastic IP address",
    page: async (context) => formPage({
      title: "Allocate Elastic IP address",
      sections: [{ title: "Elastic IP address settings", fields: [
        { name: "group", label: "Network border group", type: "select", options: [[context.session.region, context.session.region]] },
        { name: "pool", label: "Public IPv4 address pool", type: "radio", value: "amazon", options: [["amazon", "Amazon's pool of IPv4 addresses"]] },
        { name: "name", label: "Name tag - optional" }] }],
      submit: "Allocate",
      run: async (values) => {
        const answer = await context.ec2.call("AllocateAddress", { Domain: "vpc", TagSpecification: tags("elastic-ip", values.name) });
        done(context, "addresses", answer.allocationId, `Elastic IP address allocated successfully. Elastic IP address ${answer.publicIp}`);
      },
    }),
  },
  associateAddress: {
    label: "Associate Elastic IP address",
    page: async (context, id) => {
      const instances = (await context.ec2.all("DescribeInstances", "reservationSet")).flatMap((r) => asList(r.instancesSet))
        .filter((i) => i.instanceState?.name !== "terminated");
      return formPage({
        title: "Associate Elastic IP address", description: `Elastic IP address: ${id}`,
        sections: [{ fields: [
          { name: "type", label: "Resource type", type: "radio", value: "instance", options: [["instance", "Instance"],
            ["interface", "Network interface"]] },
          { name: "instance", label: "Instance", type: "select", options: instances.map((i) => [i.instanceId, labelled(i.instanceId, i)]),
            when: (v) => v.type === "instance" },
          { name: "interface", label: "Network interface", placeholder: "eni-…", when: (v) => v.type === "interface" },
          { name: "privateIp", label: "Private IP address", placeholder: "(the primary one)" },
          { name: "reassociate", label: "Allow this Elastic IP address to be reassociated", type: "checkbox" }] }],
        submit: "Associate",
        run: async (values) => {
          await context.ec2.call("AssociateAddress", { AllocationId: id,
            InstanceId: values.type === "instance" ? values.instance : undefined,
            NetworkInterfaceId: values.type === "interface" ? values.interface : undefined,
            PrivateIpAddress: values.privateIp || undefined, AllowReassociation: values.reassociate ? "true" : undefined });
          done(context, "addresses", id, "Elastic IP address associated successfully.");
        },
      });
    },
  },
  disassociateAddress: {
    label: "Disassociate Elastic IP address",
    page: async (context, id) => {
      const [address] = await context.ec2.all("DescribeAddresses", "addressesSet", { AllocationId: [id] });
      return confirmPage({ title: "Disassociate Elastic IP address", text: `Disassociate ${address.publicIp}?`, submit: "Disassociate",
        run: async () => {
          await context.ec2.call("DisassociateAddress", { AssociationId: address.associationId });
          done(context, "addresses", id, "Elastic IP address disassociated successfully.");
        } });
    },
  },
  releaseAddress: confirmAction({
    label: "Release Elastic IP addresses", page: "addresses", title: () => "Release Elastic IP addresses", text: (id) => `Release ${id}?`,
    submit: "Release", run: (context, id) => context.ec2.call("ReleaseAddress", { AllocationId: id }),
    message: () => "Elastic IP address released successfully.",
  }),
  launchInstance: {
    label: "Launch instances",
    page: async (context) => {
      // AWS's Quick Start offers Amazon Linux 2023 on x86_64 first, which the default type runs; the newest first.
      const quickStart = (image) => image.architecture === "x86_64" && /^al2023-ami-2023\./.test(image.name ?? "") && !/minimal/.test(image.name);
      const images = (await context.ec2.all("DescribeImages", "imagesSet"))
        .sort((a, b) => quickStart(b) - quickStart(a) || (b.creationDate ?? "").localeCompare(a.creationDate ?? ""));
      const keys = await context.ec2.all("DescribeKeyPairs", "keySet");
      const subnets = await context.ec2.all("DescribeSubnets", "subnetSet");
      const groups = await context.ec2.all("DescribeSecurityGroups", "securityGroupInfo");
      return formPage({
        title: "Launch an instance",
        sections: [
          { title: "Name and tags", fields: [{ name: "name", label: "Name", placeholder: "e.g. My Web Server" }] },
          { title: "Application and OS Images (Amazon Machine Image)", fields: [
            { name: "image", label: "Amazon Machine Image (AMI)", type: "select", value: images[0]?.imageId,
              options: images.map((i) => [i.imageId, `${i.name ?? i.imageId} (${i.imageId}, ${i.architecture ?? "x86_64"})`]) }] },
          { title: "Instance type", fields: [{ name: "type", label: "Instance type", type: "select", value: "t2.micro",
            options: ["t2.micro", "t3.micro", "t3.small", "t3.medium", "m5.large", "c5.large", "t4g.micro", "t4g.small", "m6g.medium"]
              .map((t) => [t, t.includes("g.") ? `${t} (arm64)` : t]) }] },
          { title: "Key pair (login)", fields: [{ name: "key", label: "Key pair name", type: "select",
            options: [["", "Proceed without a key pair (Not recommended)"], ...keys.map((k) => [k.keyName, k.keyName])] }] },
          { title: "Network settings", fields: [
            { name: "subnet", label: "Subnet", type: "select", options: subnets.map((s) => [s.subnetId, `${labelled(s.subnetId, s)} (${s.vpcId}, ${s.cidrBlock}, ${s.availabilityZone})`]) },
            { name: "publicIp", label: "Auto-assign public IP", type: "select", value: "default",
              options: [["default", "Subnet default"], ["enable", "Enable"], ["disable", "Disable"]] },
            // The groups of the chosen subnet's VPC only, as AWS's console offers them: one list per VPC, shown with it.
            ...[...new Set(subnets.map((s) => s.vpcId))].map((vpcId) => ({ name: `groups-${vpcId}`, label: "Common security groups",
              type: "multiselect", when: (v) => subnets.find((s) => s.subnetId === v.subnet)?.vpcId === vpcId,
              options: groups.filter((g) => g.vpcId === vpcId).map((g) => [g.groupId, `${g.groupName} (${g.groupId})`]) })),
          ] },
        ],
        submit: "Launch instance",
        run: async (values) => {
          const subnet = subnets.find((s) => s.subnetId === values.subnet);
          values.groups = values[`groups-${subnet?.vpcId}`] ?? [];
          const interfaceSpec = values.publicIp === "default" ? undefined : [{ DeviceIndex: "0", SubnetId: values.subnet,
            AssociatePublicIpAddress: values.publicIp === "enable" ? "true" : "false", SecurityGroupId: values.groups }];
          const answer = await context.ec2.call("RunInstances", {
            ImageId: values.image, InstanceType: values.type, MinCount: "1", MaxCount: "1", KeyName: values.key || undefined,
            SubnetId: interfaceSpec ? undefined : subnet?.subnetId, SecurityGroupId: interfaceSpec ? undefined : values.groups,
            NetworkInterface: interfaceSpec, TagSpecification: tags("instance", values.name),
          });
          const instance = asList(answer.instancesSet)[0];
          done(context, "instances", instance.instanceId, `Successfully initiated launch of instance (${instance.instanceId})`);
        },
      });
    },
  },
  connect: { label: "Connect", enabled: (instance) => stateOf(instance) === "running", page: (context, id) => connectPage(context, id) },
  stopInstance: confirmAction({
    label: "Stop instance", page: "instances", title: () => "Stop instance?", text: (id) => `Stop ${id}?`, submit: "Stop",
    enabled: (instance) => ["pending", "running"].includes(stateOf(instance)),
    run: (context, id) => context.ec2.call("StopInstances", { InstanceId: [id] }), message: (id) => `Successfully stopping ${id}`,
  }),
  startInstance: confirmAction({
    label: "Start instance", page: "instances", title: () => "Start instance?", text: (id) => `Start ${id}?`, submit: "Start",
    enabled: (instance) => stateOf(instance) === "stopped",
    run: (context, id) => context.ec2.call("StartInstances", { InstanceId: [id] }), message: (id) => `Successfully started ${id}`,
  }),
  terminateInstance: confirmAction({
    label: "Terminate (delete) instance", page: "instances", title: () => "Terminate (delete) instance?",
    enabled: (instance) => !["shutting-down", "terminated"].includes(stateOf(instance)),
    text: (id) => `On an EBS-backed instance, the default action is for the root EBS volume to be deleted when the instance is terminated. ${id}`,
    submit: "Terminate (delete)", run: (context, id) => context.ec2.call("TerminateInstances", { InstanceId: [id] }),
    message: (id) => `Successfully terminated ${id}`,
  }),
};

// MARK: Routes

/** Every target a route of this VPC's tables may name, by kind, as the console's Target menu offers them. */
async function routeTargets(context, vpcId) {
  const ec2 = context.ec2;
  const filter = (name) => ({ Filter: [{ Name: name, Value: [vpcId] }] });
  const [gateways, nats, peerings, interfaces, egressOnly, attachments] = await Promise.all([
    ec2.all("DescribeInternetGateways", "internetGatewaySet", filter("attachment.vpc-id")),
    ec2.all("DescribeNatGateways", "natGatewaySet", filter("vpc-id")),
    ec2.all("DescribeVpcPeeringConnections", "vpcPeeringConnectionSet"),
    ec2.all("DescribeNetworkInterfaces", "networkInterfaceSet", filter("vpc-id")),
    ec2.all("DescribeEgressOnlyInternetGateways", "egressOnlyInternetGatewaySet"),
    ec2.all("DescribeTransitGatewayAttachments", "transitGatewayAttachments", filter("resource-id")),
  ]);
  return {
    "Internet Gateway": gateways.map((g) => [g.internetGatewayId, labelled(g.internetGatewayId, g)]),
    "NAT Gateway": nats.filter((n) => n.state === "available").map((n) => [n.natGatewayId, labelled(n.natGatewayId, n)]),
    "Peering Connection": peerings.filter((p) => p.requesterVpcInfo?.vpcId === vpcId || p.accepterVpcInfo?.vpcId === vpcId)
      .filter((p) => !["deleted", "rejected", "failed", "expired"].includes(p.status?.code))
      .map((p) => [p.vpcPeeringConnectionId, labelled(p.vpcPeeringConnectionId, p)]),
    "Network Interface": interfaces.map((i) => [i.networkInterfaceId, i.networkInterfaceId]),
    "Egress Only Internet Gateway": egressOnly.filter((g) => asList(g.attachmentSet).some((a) => a.vpcId === vpcId))
      .map((g) => [g.egressOnlyInternetGatewayId, g.egressOnlyInternetGatewayId]),
    "Transit Gateway": [...new Set(attachments.filter((a) => !["deleted", "deleting", "failed", "rejected"].includes(a.state))
      .map((a) => a.transitGatewayId))].map((id) => [id, id]),
  };
}

const targetKinds = [
  ["igw-", "Internet Gateway", "GatewayId"], ["nat-", "NAT Gateway", "NatGatewayId"], ["pcx-", "Peering Connection", "VpcPeeringConnectionId"],
  ["eni-", "Network Interface", "NetworkInterfaceId"], ["eigw-", "Egress Only Internet Gateway", "EgressOnlyInternetGatewayId"],
  ["tgw-", "Transit Gateway", "TransitGatewayId"],
];

const kindOf = (target) => targetKinds.find(([prefix]) => target.startsWith(prefix))?.[1] ?? "";

const targetKey = (target) => targetKinds.find(([prefix]) => target.startsWith(prefix))?.[2] ?? "GatewayId";

/** Whether the Edit routes page may change a route to `target`: not the local route, nor what a gateway endpoint
 * made (it goes with the endpoint), nor a target the console cannot name. */
const editableTarget = (target) => target !== "local" && kindOf(target) !== "";

function routeRow(row, targets) {
  const destination = h("input", { type: "text", value: row?.destination ?? "", "aria-label": "Destination", disabled: row?.fixed || null,
    placeholder: "0.0.0.0/0" });
  const status = row ? (row.state === "active" ? "Active" : "Blackhole") : "-";
  if (row?.fixed) {
    return { elements: [destination, h("span", {}, row.target), h("span", {}, status)], read: () => ({ destination: row.destination, target: row.target }) };
  }
  // A route keeps its target until the user picks another, even one the menu would not offer for a new route (a
  // peering that is gone, a NAT gateway being deleted): it is listed first, as it is.
  const current = row?.target && !(targets[kindOf(row.target)] ?? []).some(([value]) => value === row.target) ? [[row.target, row.target]] : [];
  const kind = h("select", { "aria-label": "Target" }, h("option", { value: "" }, "Select target"),
    Object.keys(targets).map((k) => h("option", { value: k, selected: kindOf(row?.target ?? "") === k || null }, k)));
  const id = h("select", { "aria-label": "Target ID" });
  const fill = () => {
    const options = [...(kind.value === kindOf(row?.target ?? "") ? current : []), ...(targets[kind.value] ?? [])];
    id.replaceChildren(...options.map(([value, label]) => h("option", { value, selected: value === row?.target || null }, label)));
  };
  kind.addEventListener("change", fill);
  fill();
  return { elements: [destination, h("div", { class: "target" }, kind, id), h("span", {}, status)],
    read: () => ({ destination: destination.value.trim(), target: id.value }) };
}

const destinationKey = (destination) =>
  destination.startsWith("pl-") ? "DestinationPrefixListId" : destination.includes(":") ? "DestinationIpv6CidrBlock" : "DestinationCidrBlock";

/** An IPv4 block as CreateRoute stores it, its host bits dropped (`10.0.1.7/24` is `10.0.1.0/24`); anything else as
 * typed, for the API to judge. */
function canonicalDestination(text) {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!match || match.slice(1, 5).some((octet) => Number(octet) > 255) || Number(match[5]) > 32) return text;
  const address = match.slice(1, 5).reduce((value, octet) => value * 256 + Number(octet), 0);
  const size = 2 ** (32 - Number(match[5]));
  const network = address - (address % size);
  return `${[24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join(".")}/${match[5]}`;
}

/** The calls that make the table's routes the edited ones, against the table as it is now (not as the page found
 * it). Two rows for one destination are refused, as AWS's console refuses them; every call is first sent as a dry
 * run, so that a change the API refuses changes nothing; then additions and replacements go before deletions, so
 * that a route whose destination was edited is gone only once its successor exists. */
async function saveRoutes(context, table, edited) {
  const current = await one(context, "DescribeRouteTables", "routeTableSet", "RouteTableId", table.routeTableId);
  const before = new Map(asList(current.routeSet).filter((r) => editableTarget(routeTarget(r)) && r.origin !== "EnableVgwRoutePropagation")
    .map((route) => [routeDestination(route), routeTarget(route)]));
  const fixed = new Set(edited.filter((e) => e.original?.fixed).map((e) => e.value.destination));
  const after = new Map();
  for (const { value } of edited.filter((e) => !e.original?.fixed)) {
    if (!value.destination || !value.target) throw new Error("Each route needs a destination and a target.");
    const destination = canonicalDestination(value.destination);
    if (after.has(destination) || fixed.has(destination)) throw new Error(`Two routes have the destination ${destination}: a destination takes one route.`);
    after.set(destination, value.target);
  }
  const calls = [];
  for (const [destination, target] of after) {
    const params = { RouteTableId: table.routeTableId, [destinationKey(destination)]: destination, [targetKey(target)]: target };
    if (!before.has(destination)) calls.push(["CreateRoute", params]);
    else if (before.get(destination) !== target) calls.push(["ReplaceRoute", params]);
  }
  for (const destination of before.keys()) {
    if (!after.has(destination)) calls.push(["DeleteRoute", { RouteTableId: table.routeTableId, [destinationKey(destination)]: destination }]);
  }
  await context.ec2.callAfterDryRuns(calls);
}

// MARK: Security group rules

/** An "Edit inbound rules" or "Edit outbound rules" action (`direction` "Inbound" or "Outbound"), whose rows name a
 * Source or a Destination: `load(context, id, egress)` reads the item and its rows of that direction,
 * `makeRow(row, peer)` draws one, `save(context, id, egress, edited)` makes the edited rows so, and `message(id, item)`
 * is AWS's banner. */
function rulesAction(direction, { page, addLabel, submit, columns, load, makeRow, save, message }) {
  const egress = direction === "Outbound";
  const peer = egress ? "Destination" : "Source";
  const label = `Edit ${direction.toLowerCase()} rules`;
  return {
    label,
    page: async (context, id) => {
      const { item, description, rows } = await load(context, id, egress);
      const editor = rowsEditor({ columns: columns(peer), rows, addLabel, makeRow: (row) => makeRow(row, peer) });
      return rowsPage({
        title: label, description, editor, submit,
        run: async (edited) => {
          await save(context, id, egress, edited);
          done(context, page, id, message(id, item));
        },
      });
    },
  };
}

const ruleTypes = [
  ["custom-tcp", "Custom TCP", "tcp", null], ["custom-udp", "Custom UDP", "udp", null], ["all-icmp", "All ICMP - IPv4", "icmp", "-1"],
  ["all-traffic", "All traffic", "-1", "-1"], ["all-tcp", "All TCP", "tcp", "0-65535"], ["all-udp", "All UDP", "udp", "0-65535"],
  ["ssh", "SSH", "tcp", "22"], ["http", "HTTP", "tcp", "80"], ["https", "HTTPS", "tcp", "443"], ["rdp", "RDP", "tcp", "3389"],
];

const portsText = (rule) => (rule.fromPort === rule.toPort ? rule.fromPort : `${rule.fromPort}-${rule.toPort}`);

function typeOfRule(rule) {
  if (!rule) return "custom-tcp";
  if (rule.ipProtocol === "-1") return "all-traffic";
  if (rule.ipProtocol === "icmp" && rule.fromPort === "-1") return "all-icmp";
  const known = ruleTypes.find(([, , protocol, fixed]) => protocol === rule.ipProtocol && fixed === portsText(rule));
  return known ? known[0] : rule.ipProtocol === "udp" ? "custom-udp" : "custom-tcp";
}

/** A rule row's Type menu (labelled by `label` from a `ruleTypes` entry) and Port range box, the box filled and
 * locked for a type whose ports are fixed. */
function typeAndPorts(rule, label = ([, name]) => name) {
  const type = h("select", { "aria-label": "Type" },
    ruleTypes.map((entry) => h("option", { value: entry[0], selected: entry[0] === typeOfRule(rule) || null }, label(entry))));
  const ports = h("input", { type: "text", "aria-label": "Port range", value: rule ? portsText(rule) : "" });
  const sync = () => {
    const fixed = ruleTypes.find(([value]) => value === type.value)[3];
    ports.disabled = fixed !== null;
    if (fixed !== null) ports.value = fixed === "-1" ? "All" : fixed;
  };
  type.addEventListener("change", sync);
  sync();
  return { type, ports };
}

/** The protocol and port range a rule of this type covers (`["-1", "-1"]` for every port). */
function protocolAndPorts(type, ports) {
  const [, , protocol, fixed] = ruleTypes.find(([value]) => value === type);
  const range = fixed === "-1" ? ["-1", "-1"] : (fixed ?? ports).split("-").map((p) => p.trim());
  return { protocol, from: range[0], to: range[1] ?? range[0] };
}

/** A security group rule's row; `peer` is "Source" (inbound) or "Destination" (outbound). */
function ruleRow(rule, peer) {
  const { type, ports } = typeAndPorts(rule);
  const source = h("input", { type: "text", "aria-label": peer, placeholder: "0.0.0.0/0 or sg-…",
    value: rule ? rule.cidrIpv4 ?? rule.cidrIpv6 ?? rule.referencedGroupInfo?.groupId ?? rule.prefixListId ?? "" : "" });
  const description = h("input", { type: "text", "aria-label": "Description", value: rule?.description ?? "" });
  return { elements: [type, ports, source, description],
    read: () => ({ type: type.value, ports: ports.value.trim(), source: source.value.trim(), description: description.value.trim() }) };
}

function permissionOf({ type, ports, source, description }) {
  const { protocol, from, to } = protocolAndPorts(type, ports);
  const permission = { IpProtocol: protocol };
  if (protocol !== "-1") Object.assign(permission, { FromPort: from, ToPort: to });
  if (source.startsWith("sg-")) permission.Groups = [{ GroupId: source, Description: description || undefined }];
  else if (source.startsWith("pl-")) permission.PrefixListIds = [{ PrefixListId: source, Description: description || undefined }];
  else if (source.includes(":")) permission.Ipv6Ranges = [{ CidrIpv6: source, Description: description || undefined }];
  else permission.IpRanges = [{ CidrIp: source, Description: description || undefined }];
  return permission;
}

/** The group's rules of one direction, by rule id. */
async function groupRules(context, groupId, egress) {
  const rules = await context.ec2.all("DescribeSecurityGroupRules", "securityGroupRuleSet", { Filter: [{ Name: "group-id", Value: [groupId] }] });
  return rules.filter((rule) => String(rule.isEgress) === String(egress));
}

/** AWS's "Edit inbound rules" or "Edit outbound rules" page of a security group (`direction` "Inbound" or
 * "Outbound"). */
function editRules(direction) {
  return rulesAction(direction, {
    page: "securityGroups", addLabel: "Add rule", submit: "Save rules",
    columns: (peer) => ["Type", "Port range", peer, "Description - optional"],
    load: async (context, id, egress) => {
      const group = await one(context, "DescribeSecurityGroups", "securityGroupInfo", "GroupId", id);
      return { item: group, description: `${group.groupId} - ${group.groupName}`,
        rows: (await groupRules(context, id, egress)).map((rule) => ({ rule })) };
    },
    makeRow: (row, peer) => ruleRow(row?.rule, peer),
    save: saveRules,
    message: (id, group) => `${direction} security group rules successfully modified on security group (${id} | ${group.groupName})`,
  });
}

/** What ModifySecurityGroupRules takes for a rule changed in place. */
function ruleRequestOf({ type, ports, source, description }) {
  const { protocol, from, to } = protocolAndPorts(type, ports);
  const peer = source.startsWith("sg-") ? { ReferencedGroupId: source } : source.startsWith("pl-") ? { PrefixListId: source }
    : source.includes(":") ? { CidrIpv6: source } : { CidrIpv4: source };
  return { IpProtocol: protocol, FromPort: from, ToPort: to, ...peer, Description: description || undefined };
}

/** The calls that make the group's rules of one direction the edited ones, as AWS's console makes them: a changed rule
 * is modified in place by its id (ModifySecurityGroupRules; authorizing it again would be a duplicate of itself when
 * only its description changed), new rules are authorized in one call, removed ones revoked. Every call is first sent
 * as a dry run, so that a rule the API refuses changes nothing. */
async function saveRules(context, groupId, egress, edited) {
  const keptIds = new Set();
  const added = [];
  const modified = [];
  for (const { original, value } of edited) {
    if (!value.source) throw new Error(`Each rule needs a ${egress ? "destination" : "source"}.`);
    const rule = original?.rule;
    if (!rule) {
      added.push(permissionOf(value));
      continue;
    }
    keptIds.add(rule.securityGroupRuleId);
    const unchanged = typeOfRule(rule) === value.type &&
      (rule.cidrIpv4 ?? rule.cidrIpv6 ?? rule.referencedGroupInfo?.groupId ?? rule.prefixListId) === value.source &&
      (rule.description ?? "") === value.description &&
      (ruleTypes.find(([v]) => v === value.type)[3] !== null || value.ports === portsText(rule));
    if (!unchanged) modified.push({ SecurityGroupRuleId: rule.securityGroupRuleId, SecurityGroupRule: ruleRequestOf(value) });
  }
  const removed = (await groupRules(context, groupId, egress)).filter((rule) => !keptIds.has(rule.securityGroupRuleId))
    .map((rule) => rule.securityGroupRuleId);
  const [authorize, revoke] = egress
    ? ["AuthorizeSecurityGroupEgress", "RevokeSecurityGroupEgress"] : ["AuthorizeSecurityGroupIngress", "RevokeSecurityGroupIngress"];
  const calls = [];
  if (modified.length) calls.push(["ModifySecurityGroupRules", { GroupId: groupId, SecurityGroupRule: modified }]);
  if (added.length) calls.push([authorize, { GroupId: groupId, IpPermissions: added }]);
  if (removed.length) calls.push([revoke, { GroupId: groupId, SecurityGroupRuleId: removed }]);
  await context.ec2.callAfterDryRuns(calls);
}

// MARK: Network ACL rules

/** The Type menu's names in a network ACL, as AWS's console writes them: a one-port type names its port. */
const aclTypeLabel = ([, name, , fixed]) => (/^\d+$/.test(fixed ?? "") ? `${name} (${fixed})` : name);

const protocolNumber = (name) => Object.keys(protocolNames).find((number) => protocolNames[number] === name);

/** Whether the Edit rules page may change an entry: not the "*" rule, which is AWS's own, nor one whose protocol or
 * ICMP type the Type menu cannot name (it is kept as it is). */
const editableEntry = ({ rule, entry }) => rule !== "*" && ["-1", "6", "17", "1"].includes(entry.protocol) &&
  (entry.protocol !== "1" || String(entry.icmpTypeCode?.type) === "-1");

/** An entry as its Edit rules row reads, with the rule its Type menu shows. */
function entryValue(entry) {
  const rule = { ipProtocol: protocolNames[entry.protocol], fromPort: entry.portRange?.from ?? "-1", toPort: entry.portRange?.to ?? "-1" };
  return { rule, number: entry.ruleNumber, type: typeOfRule(rule), ports: portsText(rule), cidr: entry.cidrBlock || entry.ipv6CidrBlock,
    action: entry.ruleAction };
}

/** The entry an edited row makes, as CreateNetworkAclEntry and ReplaceNetworkAclEntry take it (without the ACL and
 * the direction); the API takes protocol numbers, and ICMP with every type and code. */
function entryParams({ number, type, ports, cidr, action }) {
  const { protocol, from, to } = protocolAndPorts(type, ports);
  return {
    RuleNumber: number, Protocol: protocolNumber(protocol), RuleAction: action,
    [cidr.includes(":") ? "Ipv6CidrBlock" : "CidrBlock"]: canonicalDestination(cidr),
    PortRange: ["tcp", "udp"].includes(protocol) ? { From: from, To: to } : undefined,
    Icmp: protocol === "icmp" ? { Type: "-1", Code: "-1" } : undefined,
  };
}

/** A network ACL rule's row; `peer` is "Source" (inbound) or "Destination" (outbound). */
function aclEntryRow(row, peer) {
  if (row?.fixed) {
    return { elements: [row.rule, row.type, row.protocol, row.ports, row.cidr, row.action].map((text) => h("span", {}, text)), read: () => null };
  }
  const value = row && entryValue(row.entry);
  const number = h("input", { type: "text", "aria-label": "Rule number", value: value?.number ?? "" });
  const { type, ports } = typeAndPorts(value?.rule, aclTypeLabel);
  const protocol = h("span", {});
  const showProtocol = () => { protocol.textContent = aclProtocol(protocolNumber(ruleTypes.find(([v]) => v === type.value)[2])); };
  type.addEventListener("change", showProtocol);
  showProtocol();
  const cidr = h("input", { type: "text", "aria-label": peer, placeholder: "0.0.0.0/0", value: value?.cidr ?? "" });
  const action = h("select", { "aria-label": "Allow/Deny" },
    [["allow", "Allow"], ["deny", "Deny"]].map(([v, label]) => h("option", { value: v, selected: v === value?.action || null }, label)));
  return { elements: [number, type, protocol, ports, cidr, action],
    read: () => ({ number: number.value.trim(), type: type.value, ports: ports.value.trim(), cidr: cidr.value.trim(), action: action.value }) };
}

/** AWS's "Edit inbound rules" or "Edit outbound rules" page of a network ACL (`direction` "Inbound" or "Outbound"). */
function editAclEntries(direction) {
  return rulesAction(direction, {
    page: "networkAcls", addLabel: "Add new rule", submit: "Save changes",
    columns: (peer) => ["Rule number", "Type", "Protocol", "Port range", peer, "Allow/Deny"],
    load: async (context, id, egress) => {
      const acl = await one(context, "DescribeNetworkAcls", "networkAclSet", "NetworkAclId", id);
      return { item: acl, description: labelled(id, acl), rows: aclEntries(acl, egress).map((row) => ({ ...row, fixed: !editableEntry(row) })) };
    },
    makeRow: aclEntryRow,
    save: saveAclEntries,
    message: (id, acl) => `You have successfully updated the ${direction.toLowerCase()} rules of ${labelled(id, acl)}.`,
  });
}

/** The calls that make the ACL's entries of one direction the edited ones, against the ACL as it is now (not as the
 * page found it). Two rows for one rule number are refused before anything is called; every call is first sent as a
 * dry run, so that an entry the API refuses changes nothing; then creations and replacements go before deletions. */
async function saveAclEntries(context, aclId, egress, edited) {
  const current = await one(context, "DescribeNetworkAcls", "networkAclSet", "NetworkAclId", aclId);
  const before = new Map(aclEntries(current, egress).filter(editableEntry).map(({ entry }) => [entry.ruleNumber, entryParams(entryValue(entry))]));
  const after = new Map();
  for (const { value } of edited.filter((e) => !e.original?.fixed)) {
    if (!value.number || !value.cidr) throw new Error(`Each rule needs a rule number and a ${egress ? "destination" : "source"}.`);
    if (after.has(value.number)) throw new Error(`Two rules have the rule number ${value.number}: a rule number takes one rule.`);
    after.set(value.number, entryParams(value));
  }
  const calls = [];
  for (const [number, entry] of after) {
    const params = { NetworkAclId: aclId, Egress: String(egress), ...entry };
    if (!before.has(number)) calls.push(["CreateNetworkAclEntry", params]);
    else if (JSON.stringify(before.get(number)) !== JSON.stringify(entry)) calls.push(["ReplaceNetworkAclEntry", params]);
  }
  for (const number of before.keys()) {
    if (!after.has(number)) calls.push(["DeleteNetworkAclEntry", { NetworkAclId: aclId, Egress: String(egress), RuleNumber: number }]);
  }
  await context.ec2.callAfterDryRuns(calls);
}

// MARK: VPC and more

/** AWS's "VPC and more": the VPC, /20 subnets per zone (public and private), an internet gateway, a public route
 * table with the default route to it, and a private route table per zone, named as the AWS console names them. */
async function createVpcAndMore(context, values) {
  const ec2 = context.ec2;
  const prefix = values.prefix || "project";
  const zones = (await ec2.call("DescribeAvailabilityZones")).availabilityZoneInfo.map((z) => z.zoneName).slice(0, Number(values.zones));
  const vpc = (await ec2.call("CreateVpc", { CidrBlock: values.cidr, TagSpecification: tags("vpc", `${prefix}-vpc`) })).vpc;
  await ec2.call("ModifyVpcAttribute", { VpcId: vpc.vpcId, "EnableDnsHostnames.Value": "true" });
  const [base, length] = values.cidr.split("/");
  const start = base.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
  const subnetLength = Math.min(28, Number(length) + 4);
  const size = 2 ** (32 - subnetLength);
  const address = (n) => [24, 16, 8, 0].map((shift) => (n >>> shift) & 255).join(".");
  let next = 0;
  const subnet = async (name, zone) => {
    const cidr = `${address(start + size * next++)}/${subnetLength}`;
    return (await ec2.call("CreateSubnet", { VpcId: vpc.vpcId, CidrBlock: cidr, AvailabilityZone: zone, TagSpecification: tags("subnet", name) })).subnet;
  };
  if (values.publicSubnets !== "0") {
    const gateway = (await ec2.call("CreateInternetGateway", { TagSpecification: tags("internet-gateway", `${prefix}-igw`) })).internetGateway;
    await ec2.call("AttachInternetGateway", { InternetGatewayId: gateway.internetGatewayId, VpcId: vpc.vpcId });
    const table = (await ec2.call("CreateRouteTable", { VpcId: vpc.vpcId, TagSpecification: tags("route-table", `${prefix}-rtb-public`) })).routeTable;
    await ec2.call("CreateRoute", { RouteTableId: table.routeTableId, DestinationCidrBlock: "0.0.0.0/0", GatewayId: gateway.internetGatewayId });
    for (const [index, zone] of zones.entries()) {
      const made = await subnet(`${prefix}-subnet-public${index + 1}-${zone}`, zone);
      await ec2.call("AssociateRouteTable", { RouteTableId: table.routeTableId, SubnetId: made.subnetId });
    }
  }
  if (values.privateSubnets !== "0") {
    for (const [index, zone] of zones.entries()) {
      const made = await subnet(`${prefix}-subnet-private${index + 1}-${zone}`, zone);
      const table = (await ec2.call("CreateRouteTable", { VpcId: vpc.vpcId,
        TagSpecification: tags("route-table", `${prefix}-rtb-private${index + 1}-${zone}`) })).routeTable;
      await ec2.call("AssociateRouteTable", { RouteTableId: table.routeTableId, SubnetId: made.subnetId });
    }
  }
  done(context, "vpcs", vpc.vpcId, `You successfully created ${vpc.vpcId} / ${prefix}-vpc and its subnets, gateway and route tables`);
}
