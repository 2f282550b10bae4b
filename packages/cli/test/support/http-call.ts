import { request } from "node:http";

/** An answer from the admin server. */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request with exactly the headers given (Host, Origin and Sec-Fetch-Site included). */
export function httpCall(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const call = request(
      url,
      { method: options.method ?? "GET", headers: options.headers, timeout: 10_000 },
      (answer) => {
        let body = "";
        answer.setEncoding("utf8");
        answer.on("data", (chunk) => (body += chunk));
        answer.on("end", () => resolve({ status: answer.statusCode ?? 0, headers: answer.headers, body }));
      },
    );
    call.on("timeout", () => call.destroy(new Error(`${url} did not answer within 10 s`)));
    call.on("error", reject);
    call.end(options.body);
  });
}
