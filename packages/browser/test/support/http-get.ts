import { request } from "node:http";

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request to the browser, with a deadline; `host` overrides the Host header. */
export function httpGet(
  url: string,
  options: { method?: string; host?: string } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const headers = options.host === undefined ? {} : { host: options.host };
    const outgoing = request(
      url,
      { method: options.method ?? "GET", headers, timeout: 20_000 },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      },
    );
    outgoing.on("timeout", () => outgoing.destroy(new Error(`no answer from ${url} in 20 s`)));
    outgoing.on("error", reject);
    outgoing.end();
  });
}

export async function getJson<T>(
  base: string,
  path: string,
  query: Record<string, string> = {},
): Promise<T> {
  const url = new URL(path, base);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  const answer = await httpGet(url.toString());
  if (answer.status !== 200)
    throw new Error(`${url.pathname} answered ${answer.status}: ${answer.body}`);
  return JSON.parse(answer.body) as T;
}
