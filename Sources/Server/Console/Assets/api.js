// The EC2 Query API, called exactly as the AWS CLI calls it: a form POST to "/" with Action and Version. The
// account and region travel in the SigV4 credential scope of the Authorization header, where LocalVPC reads them.
// By default the server does not check signatures, so the console acts as whichever account and region the picker
// says. When it does (`serve --verify-signatures`, told by /_localvpc/health), the console signs every request with
// SigV4 (WebCrypto's HMAC-SHA256) using the keys the user entered once, kept in this tab's sessionStorage only.

export const VERSION = "2016-11-15";

/** An error document from the API: AWS's code and message, and the HTTP status. */
export class ApiError extends Error {
  constructor(code, message, status) {
    super(`${code}: ${message}`);
    this.code = code;
    this.status = status;
  }
}

/** One account and region, as the console's picker chose them. */
export class Ec2 {
  constructor(account, region) {
    this.account = account;
    this.region = region;
  }

  /** Calls `action` with `params` (nested objects and arrays become Query keys) and returns the parsed result. */
  async call(action, params = {}) {
    const form = new URLSearchParams({ Action: action, Version: VERSION });
    for (const [key, value] of queryPairs(params)) form.append(key, value);
    // The exact bytes sent, since a signature covers their hash.
    const body = form.toString();
    const response = await fetch("/", {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
        ...(await requestHeaders({ method: "POST", path: "/", body, account: this.account, region: this.region })),
      },
      body,
    });
    const text = await response.text();
    const document = new DOMParser().parseFromString(text, "application/xml");
    const error = document.querySelector("Errors > Error");
    if (!response.ok || error) {
      const code = error?.querySelector("Code")?.textContent ?? `HTTP ${response.status}`;
      const message = error?.querySelector("Message")?.textContent ?? text.slice(0, 200);
      throw new ApiError(code, message, response.status);
    }
    return elementValue(document.documentElement);
  }

  /** Makes `calls` (`[[action, params], …]`) in order, each sent first as a dry run: one the API refuses stops them
   * all before anything has changed. */
  async callAfterDryRuns(calls) {
    for (const [action, params] of calls) {
      try {
        await this.call(action, { ...params, DryRun: true });
      } catch (error) {
        if (error.code !== "DryRunOperation") throw error;
      }
    }
    for (const [action, params] of calls) await this.call(action, params);
  }

  /** Every page of a Describe call's list (`listKey`), following NextToken. */
  async all(action, listKey, params = {}) {
    const items = [];
    let token;
    do {
      const result = await this.call(action, token ? { ...params, NextToken: token } : params);
      items.push(...asList(result[listKey]));
      token = result.nextToken;
    } while (token);
    return items;
  }
}

/** The Authorization header naming `account` and `region` in its credential scope, where LocalVPC reads them when
 * it does not check signatures; also for the console's own routes, which read the scope the same way. */
export function authorization(account, region, service = "ec2") {
  const date = new Date().toISOString().slice(0, 10).replaceAll("-", "");
  return `AWS4-HMAC-SHA256 Credential=${account}/${date}/${region}/${service}/aws4_request, SignedHeaders=host, Signature=console`;
}

const KEYS = "lvpc.signingKeys";

/** The keys the user signed in with (`{accessKeyId, secretAccessKey, sessionToken}`), or null. */
export function signingKeys() {
  try {
    return JSON.parse(sessionStorage.getItem(KEYS) ?? "null");
  } catch {
    return null;
  }
}

/** Keeps `keys` for this tab (sessionStorage: gone when the tab closes), or forgets them with null. */
export function setSigningKeys(keys) {
  if (keys) sessionStorage.setItem(KEYS, JSON.stringify(keys));
  else sessionStorage.removeItem(KEYS);
}

/** The headers that say who asks: a real SigV4 signature with the signed-in keys, else the unsigned scope. */
export async function requestHeaders({ method, path, query = [], body = "", account, region, service = "ec2" }) {
  const keys = signingKeys();
  if (!keys) return { Authorization: authorization(account, region, service) };
  return signatureV4({ method, path, query, body, keys, region, service, host: location.host, date: new Date() });
}

/** SigV4 as AWS specifies it (the server checks it with the same steps as EC2Client signs): the canonical request
 * over `host` and `x-amz-date` (and the session token), the string to sign, the key derived from the secret through
 * day, region and service, and the signature. `query` is `[[name, value], …]`. */
export async function signatureV4({ method, path, query = [], body = "", keys, region, service, host, date }) {
  const timestamp = date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  const day = timestamp.slice(0, 8);
  const headers = { host, "x-amz-date": timestamp };
  if (keys.sessionToken) headers["x-amz-security-token"] = keys.sessionToken;
  const names = Object.keys(headers).sort();
  const canonicalQuery = (Array.isArray(query) ? query : [])
    .map(([name, value]) => [awsEncode(name), awsEncode(value)])
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : x > y ? 1 : 0) : a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
  const canonical = [
    method, path.split("/").map(awsEncode).join("/") || "/", canonicalQuery,
    names.map((name) => `${name}:${headers[name]}\n`).join(""), names.join(";"), await sha256Hex(body),
  ].join("\n");
  const scope = `${day}/${region}/${service}/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", timestamp, scope, await sha256Hex(canonical)].join("\n");
  let key = new TextEncoder().encode(`AWS4${keys.secretAccessKey}`);
  for (const part of [day, region, service, "aws4_request"]) key = await hmac(key, part);
  const signature = hex(await hmac(key, toSign));
  const signed = {
    "X-Amz-Date": timestamp,
    Authorization: `AWS4-HMAC-SHA256 Credential=${keys.accessKeyId}/${scope}, SignedHeaders=${names.join(";")}, Signature=${signature}`,
  };
  if (keys.sessionToken) signed["X-Amz-Security-Token"] = keys.sessionToken;
  return signed;
}

/** RFC 3986 percent-encoding, as SigV4 wants it: only A-Z a-z 0-9 - _ . ~ stay as they are. */
export function awsEncode(text) {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

async function hmac(key, text) {
  const imported = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", imported, new TextEncoder().encode(text)));
}

async function sha256Hex(text) {
  return hex(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text))));
}

function hex(bytes) {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The Query keys of nested parameters: `{Filter: [{Name: "vpc-id", Value: ["vpc-1"]}]}` gives `Filter.1.Name`
 * and `Filter.1.Value.1`, as botocore serialises EC2's lists. Empty values are left out. */
export function queryPairs(params, prefix = "") {
  const pairs = [];
  for (const [key, value] of Object.entries(params)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        if (typeof item === "object") pairs.push(...queryPairs(item, `${name}.${index + 1}`));
        else pairs.push([`${name}.${index + 1}`, String(item)]);
      });
    } else if (typeof value === "object") {
      pairs.push(...queryPairs(value, name));
    } else {
      pairs.push([name, String(value)]);
    }
  }
  return pairs;
}

/** An EC2 XML element as a plain value: text for a leaf, an array for a list of `<item>`s (and for an empty
 * `…Set`), an object by tag name otherwise. */
export function elementValue(element) {
  const children = Array.from(element.children);
  if (children.length === 0) {
    return element.tagName.endsWith("Set") ? [] : element.textContent;
  }
  if (children.every((child) => child.tagName === "item")) return children.map(elementValue);
  const object = {};
  for (const child of children) object[child.tagName] = elementValue(child);
  return object;
}

/** A value the API gives as a list: an array as it is, nothing as empty. */
export function asList(value) {
  if (Array.isArray(value)) return value;
  return value === undefined || value === "" ? [] : [value];
}

/** The Name tag of a resource, or "". */
export function nameOf(resource) {
  return asList(resource?.tagSet).find((tag) => tag.key === "Name")?.value ?? "";
}
