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

export function drawAnalysis(analysis) {
  const reachable = analysis.networkPathFound === "true";
  const explanations = asList(analysis.explanationSet);
  const blocking = new Set(explanations.map((e) => e.component?.id).filter(Boolean));
  const hops = asList(analysis.forwardPathComponentSet).sort((a, b) => Number(a.sequenceNumber) - Number(b.sequenceNumber));
  return h("div", { class: `analysis-result ${reachable ? "reachable" : "not-reachable"}` },
    h("h2", {}, reachable ? "Reachable" : "Not reachable"),
    h("p", {}, `${analysis.networkInsightsAnalysisId} · ${analysis.status}`),
    h("ol", { class: "hops" }, hops.map((hop) => h("li", { class: blocking.has(hop.component?.id) ? "blocking" : null },
      h("span", { class: "hop-id" }, hop.component?.id ?? "?"), " ", hop.component?.name ?? ""))),
    explanations.length ? h("div", { class: "explanations" }, h("h3", {}, "Explanations"),
      explanations.map((e) => h("div", { class: "explanation blocking" }, h("strong", {}, e.explanationCode), " ",
        [e.direction, e.component?.id, e.securityGroup?.id, e.acl?.id, e.routeTable?.id].filter(Boolean).join(" · ")))) : null);
}
