import { CloudEvent, HTTP } from "cloudevents";
const [url, id, subject] = process.argv.slice(2);
const event = new CloudEvent({ specversion: "1.0", id, source: "app://crm", type: "user.login", time: "2024-03-05T12:00:00Z", subject, tenantid: "acme" });
const { headers, body } = HTTP.binary(event);
console.error(JSON.stringify(headers), JSON.stringify(body));
const response = await fetch(url, { method: "POST", headers, body });
console.log(response.status);
console.log(await response.text());
