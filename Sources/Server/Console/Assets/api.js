// The EC2 Query API, called exactly as the AWS CLI calls it: a form POST to "/" with Action and Version. The
// account and region travel in the SigV4 credential scope of the Authorization header, where LocalVPC reads them
// (it does not check signatures), so the console acts as whichever account and region the picker says.

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
    const body = new URLSearchParams({ Action: action, Version: VERSION });
    for (const [key, value] of queryPairs(params)) body.append(key, value);
    const response = await fetch("/", {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
        Authorization: authorization(this.account, this.region),
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

/** The Authorization header naming `account` and `region` in its credential scope, where LocalVPC reads them (it
 * does not check signatures); also for the console's own routes, which read the scope the same way. */
export function authorization(account, region, service = "ec2") {
  const date = new Date().toISOString().slice(0, 10).replaceAll("-", "");
  return `AWS4-HMAC-SHA256 Credential=${account}/${date}/${region}/${service}/aws4_request, SignedHeaders=host, Signature=console`;
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
