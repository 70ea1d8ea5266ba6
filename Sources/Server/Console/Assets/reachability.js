// Reachability Analyzer: pick a source and a destination, run an analysis through the Network Insights API, and see
// the path hop by hop, the blocking hop and its explanation highlighted.

import { asList, nameOf } from "./api.js";
import { h, replace } from "./dom.js";
import { errorBox } from "./app.js";

export async function renderReachability(context) {
  const ec2 = context.ec2;
  const instances = (await ec2.all("DescribeInstances", "reservationSet")).flatMap((r) => asList(r.instancesSet))
    .filter((i) => i.instanceState?.name !== "terminated");
  const gateways = await ec2.all("DescribeInternetGateways", "internetGatewaySet");
  const endpoints = [
    ...instances.map((i) => [i.instanceId, `${i.instanceId}${nameOf(i) ? ` / ${nameOf(i)}` : ""} (${i.privateIpAddress ?? ""})`]),
    ...gateways.map((g) => [g.internetGatewayId, `${g.internetGatewayId}${nameOf(g) ? ` / ${nameOf(g)}` : ""}`]),
  ];
  const select = (label, name) => h("label", { class: "field" }, label,
    h("select", { name, "aria-label": label }, endpoints.map(([value, text]) => h("option", { value }, text))));
  const source = select("Source", "source");
  const destination = select("Destination", "destination");
  if (endpoints.length > 1) destination.querySelector("select").selectedIndex = 1;
  const protocol = h("select", { name: "protocol", "aria-label": "Protocol" }, h("option", { value: "tcp" }, "TCP"), h("option", { value: "udp" }, "UDP"));
  const port = h("input", { name: "port", "aria-label": "Destination port", placeholder: "22", value: "" });
  const result = h("div", { class: "analysis" });
  const analyze = h("button", { class: "primary", type: "submit" }, "Create and analyze path");
  return h("form", { class: "page reachability", onsubmit: async (event) => {
      event.preventDefault();
      analyze.disabled = true;
      replace(result, h("p", {}, "Analyzing…"));
      try {
        replace(result, await runAnalysis(ec2, {
          Source: source.querySelector("select").value, Destination: destination.querySelector("select").value,
          Protocol: protocol.value, DestinationPort: port.value || undefined,
        }));
      } catch (error) {
        replace(result, errorBox(error));
      }
      analyze.disabled = false;
    } },
    h("h1", {}, "Reachability Analyzer"),
    h("p", { class: "description" }, "The same evaluator decides the data plane's packets: what it says here is what a ping or a connection does."),
    h("div", { class: "form-section inline" }, source, destination, h("label", { class: "field" }, "Protocol", protocol),
      h("label", { class: "field" }, "Destination port - optional", port)),
    h("div", { class: "buttons" }, analyze), result);
}

async function runAnalysis(ec2, path) {
  const created = (await ec2.call("CreateNetworkInsightsPath", { ...path, ClientToken: crypto.randomUUID() })).networkInsightsPath;
  let analysis = (await ec2.call("StartNetworkInsightsAnalysis", { NetworkInsightsPathId: created.networkInsightsPathId, ClientToken: crypto.randomUUID() })).networkInsightsAnalysis;
  for (let attempt = 0; analysis.status === "running" && attempt < 50; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    [analysis] = await ec2.all("DescribeNetworkInsightsAnalyses", "networkInsightsAnalysisSet",
      { NetworkInsightsAnalysisId: [analysis.networkInsightsAnalysisId] });
  }
  return drawAnalysis(analysis);
}

/** What each explanation code means, in the words of AWS's Reachability Analyzer console. */
const meanings = {
  ENI_SG_RULES_MISMATCH: "None of the rules of the security groups of this network interface apply to the traffic",
  SG_HAS_NO_RULES: "The security group has no rules in this direction",
  SUBNET_ACL_RESTRICTION: "The network ACL of the subnet does not allow the traffic",
  NO_ROUTE_TO_DESTINATION: "The route table has no route to the destination",
  BAD_STATE_ROUTE: "The route's target is not in a state that carries traffic",
  BAD_STATE: "The component is not in a state that carries traffic",
  IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS: "The network interface has no public IPv4 address for the internet gateway",
  IGW_PUBLIC_IP_ASSOCIATION_FOR_INGRESS: "The network interface has no public IPv4 address for the internet gateway",
  NO_PATH: "No path leads to the destination",
};

export function drawAnalysis(analysis) {
  const reachable = analysis.networkPathFound === "true";
  const explanations = asList(analysis.explanationSet);
  const hops = asList(analysis.forwardPathComponentSet).sort((a, b) => Number(a.sequenceNumber) - Number(b.sequenceNumber))
    .map((hop) => ({ id: hop.component?.id ?? "?", name: hop.component?.name ?? "" }));
  // The component that blocks is the path's last hop, drawn in red, even where AWS's path stops before it.
  const blocking = new Set(explanations.map((e) => e.component?.id).filter(Boolean));
  for (const id of blocking) if (!hops.some((hop) => hop.id === id)) hops.push({ id, name: "" });
  const ids = (e) => [...new Set([e.component?.id, e.securityGroup?.id, e.acl?.id, e.routeTable?.id, e.vpcPeeringConnection?.id].filter(Boolean))];
  return h("div", { class: `analysis-result ${reachable ? "reachable" : "not-reachable"}` },
    h("h2", {}, reachable ? "Reachable" : "Not reachable"),
    h("p", {}, `${analysis.networkInsightsAnalysisId} · ${analysis.status}`),
    h("ol", { class: "hops" }, hops.map((hop) => h("li", { class: blocking.has(hop.id) ? "blocking" : null },
      h("span", { class: "hop-id" }, hop.id), " ", hop.name, blocking.has(hop.id) ? " ✗ blocks the traffic" : ""))),
    explanations.length ? h("div", { class: "explanations" }, h("h3", {}, "Explanations"),
      explanations.map((e) => h("div", { class: "explanation blocking" }, h("strong", {}, e.explanationCode), " ",
        meanings[e.explanationCode] ? `${meanings[e.explanationCode]} · ` : "", [e.direction, ...ids(e)].filter(Boolean).join(" · ")))) : null);
}
