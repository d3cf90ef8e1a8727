// Sends one event to `metering serve` as a user of the official CloudEvents JavaScript SDK would: the SDK builds the
// CloudEvent and HTTP.binary(event) gives the headers and body of binary content mode, which Node's fetch posts as
// they are. Run by EventsEndpointJavaScriptSdkTests; `cloudevents` comes from the repository's node_modules (npm ci).
//
//   node send-binary.mjs URL EVENT_JSON
//
// EVENT_JSON holds the event's attributes and data, as the CloudEvent constructor takes them. Prints the response
// status on the first line and the response body after it. Only loopback URLs are accepted.
import { CloudEvent, HTTP } from "cloudevents";

const [url, eventJson] = process.argv.slice(2);
if (!url || !eventJson) {
  console.error("usage: node send-binary.mjs URL EVENT_JSON");
  process.exit(2);
}

const target = new URL(url);
if (!/^127\.\d+\.\d+\.\d+$/.test(target.hostname) && target.hostname !== "[::1]" && target.hostname !== "localhost") {
  console.error(`refusing to send to ${target.hostname}: loopback addresses only`);
  process.exit(2);
}

const event = new CloudEvent(JSON.parse(eventJson));
const { headers, body } = HTTP.binary(event);
const response = await fetch(target, { method: "POST", headers, body });
console.log(response.status);
console.log(await response.text());
