// Reachability Analyzer: pick a source and a destination, run an analysis through the Network Insights API, and see
// the path hop by hop, the blocking hop and its explanation highlighted.

import { asList, nameOf, requestHeaders } from "./api.js";
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
        replace(result, await runAnalysis(context, {
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

async function runAnalysis(context, path) {
  const created = (await context.ec2.call("CreateNetworkInsightsPath", { ...path, ClientToken: crypto.randomUUID() })).networkInsightsPath;
  return analyzePath(context, created.networkInsightsPathId);
}

/** Analyses the path again (after a fix) and draws the answer, with the evaluator's fix for each explanation. */
async function analyzePath(context, pathId) {
  const ec2 = context.ec2;
  let analysis = (await ec2.call("StartNetworkInsightsAnalysis", { NetworkInsightsPathId: pathId, ClientToken: crypto.randomUUID() }))
    .networkInsightsAnalysis;
  for (let attempt = 0; analysis.status === "running" && attempt < 50; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    [analysis] = await ec2.all("DescribeNetworkInsightsAnalyses", "networkInsightsAnalysisSet",
      { NetworkInsightsAnalysisId: [analysis.networkInsightsAnalysisId] });
  }
  const drawn = drawAnalysis(analysis);
  if (analysis.networkPathFound !== "true") drawn.append(await fixesOf(context, analysis, drawn));
  return drawn;
}

/** The fixes the evaluator proposes (what `localvpc doctor` would), each applied with one click through the EC2 API,
 * in the account and Region that owns what it changes; the path is then analysed again. */
async function fixesOf(context, analysis, drawn) {
  const { account, region } = context.session;
  const id = analysis.networkInsightsAnalysisId;
  const path = "/_localvpc/console/fixes";
  const response = await fetch(`${path}?analysis=${encodeURIComponent(id)}`, {
    headers: await requestHeaders({ method: "GET", path, query: [["analysis", id]], account, region }),
  });
  const answer = await response.json();
  if (!response.ok) return h("div", { class: "flash error" }, answer.error ?? `HTTP ${response.status}`);
  if (!answer.fixes.length) return h("p", { class: "fixes none" }, "No fix is known for this: see the explanation.");
  return h("div", { class: "fixes" }, h("h3", {}, "Fixes"),
    answer.fixes.map((fix) => {
      const status = h("span", { class: "fix-status" });
      const button = h("button", { class: "primary", type: "button", onclick: async () => {
          button.disabled = true;
          try {
            const ec2 = context.ec2For(fix.account, fix.region);
            let previous = {};
            for (const call of fix.calls) {
              const parameters = Object.fromEntries(Object.entries(call.parameters).map(([key, value]) =>
                [key, value === "$AllocationId" ? previous.allocationId : value]));
              previous = await ec2.call(call.action, parameters);
            }
            replace(drawn, await analyzePath(context, analysis.networkInsightsPathId));
          } catch (error) {
            replace(status, errorBox(error));
            button.disabled = false;
          }
        } }, "Apply fix");
      return h("div", { class: "fix" }, h("strong", {}, fix.code), " ",
        h("code", {}, fix.command + (fix.account !== account || fix.region !== region ? `  # as ${fix.account} in ${fix.region}` : "")),
        " ", button, status);
    }));
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
