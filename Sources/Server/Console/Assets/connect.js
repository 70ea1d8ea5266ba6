// "Connect" with EC2 Instance Connect: the preconditions checked by the server with real packets (public address,
// internet gateway route, port 22 open to the internet in the group and the ACL), each refusal in the console's
// words; then a terminal whose lines run inside the instance (its network namespace).

import { asList, nameOf, requestHeaders } from "./api.js";
import { h, replace } from "./dom.js";
import { errorBox } from "./app.js";

/** A POST to the console's own Connect routes, with the header that tells them the console sent it. */
async function post(context, path, body) {
  const { account, region } = context.session;
  const text = JSON.stringify(body);
  const response = await fetch(path, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-LocalVPC-Console": "1",
      ...(await requestHeaders({ method: "POST", path, body: text, account, region })),
    },
    body: text,
  });
  const answer = await response.json();
  if (!response.ok) throw new Error(answer.error ?? `HTTP ${response.status}`);
  return answer;
}

function refusal(answer) {
  return h("div", { class: "flash error connect-refusal", role: "alert" }, h("strong", {}, answer.title), h("p", {}, answer.detail));
}

export async function connectPage(context, instanceId) {
  const [reservation] = await context.ec2.all("DescribeInstances", "reservationSet", { InstanceId: [instanceId] });
  const instance = asList(reservation?.instancesSet)[0] ?? {};
  const place = h("div", { class: "connect-place" });
  const button = h("button", { class: "primary", type: "button", onclick: async () => {
      button.disabled = true;
      replace(place, h("p", {}, "Connecting…"));
      try {
        const answer = await post(context, "/_localvpc/console/connect", { instanceId });
        if (!answer.connected) {
          replace(place, refusal(answer));
          button.disabled = false;
          return;
        }
        replace(place, terminal(context, instanceId, answer.prompt));
        place.querySelector("input.command")?.focus();
      } catch (error) {
        replace(place, errorBox(error));
        button.disabled = false;
      }
    } }, "Connect");
  return h("div", { class: "page action-page connect" },
    h("h1", {}, "Connect to instance"),
    h("p", { class: "description" }, `Connect to your instance ${instanceId}${nameOf(instance) ? ` (${nameOf(instance)})` : ""} using EC2 Instance Connect.`),
    h("section", { class: "form-section" }, h("h2", {}, "EC2 Instance Connect"),
      h("dl", { class: "details" },
        h("dt", {}, "Instance ID"), h("dd", {}, instanceId),
        h("dt", {}, "Public IPv4 address"), h("dd", {}, instance.ipAddress ?? "–"),
        h("dt", {}, "Username"), h("dd", {}, "ec2-user"))),
    h("div", { class: "buttons" }, h("button", { type: "button", onclick: () => history.back() }, "Cancel"), button),
    place);
}

/** A line terminal: each line typed runs in the instance; ↑ and ↓ walk the lines typed before. */
function terminal(context, instanceId, prompt) {
  const screen = h("pre", { class: "screen", "aria-label": "Terminal output" },
    `Connected to ${instanceId} with EC2 Instance Connect. Each line runs in the instance.\n`);
  const input = h("input", { class: "command", type: "text", "aria-label": "Command", autocomplete: "off", spellcheck: "false" });
  const typed = [];
  let back = 0;
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowUp" && back < typed.length) input.value = typed[typed.length - ++back];
    else if (event.key === "ArrowDown" && back > 0) input.value = --back === 0 ? "" : typed[typed.length - back];
    else return;
    event.preventDefault();
  });
  const form = h("form", { class: "command-line", onsubmit: async (event) => {
      event.preventDefault();
      const line = input.value;
      if (!line.trim()) return;
      typed.push(line);
      back = 0;
      input.value = "";
      input.disabled = true;
      screen.append(`${prompt}${line}\n`);
      try {
        const answer = await post(context, "/_localvpc/console/shell", { instanceId, command: line });
        if (!answer.connected) {
          screen.append(`${answer.title}\n${answer.detail}\n`);
        } else {
          screen.append(answer.output);
          if (answer.output && !answer.output.endsWith("\n")) screen.append("\n");
          if (answer.exitStatus === 124) screen.append("(stopped: a line may run for a minute at most)\n");
        }
      } catch (error) {
        screen.append(`${error.message}\n`);
      }
      input.disabled = false;
      input.focus();
      screen.scrollTop = screen.scrollHeight;
    } }, h("span", { class: "prompt" }, prompt), input);
  return h("div", { class: "terminal" }, screen, form);
}
