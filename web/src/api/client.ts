/** One small typed client for the operator API: JSON in and out, problem+json turned into ApiError. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Per-field messages from a validation problem, keyed by the field name in lower camelCase. */
    readonly fields: Record<string, string[]> = {},
  ) {
    super(message);
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? { Accept: "application/json" } : { Accept: "application/json", "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, "The server cannot be reached; check that it is running.");
  }
  if (!response.ok) throw await toError(response);
  if (response.status === 204) return undefined as T;
  const type = response.headers.get("Content-Type") ?? "";
  return (type.includes("json") ? await response.json() : await response.text()) as T;
}

async function toError(response: Response): Promise<ApiError> {
  const text = await response.text();
  try {
    const problem = JSON.parse(text) as { title?: string; detail?: string; errors?: Record<string, string[]> };
    const fields: Record<string, string[]> = {};
    for (const [key, messages] of Object.entries(problem.errors ?? {})) {
      const name = key.length > 0 ? key[0].toLowerCase() + key.slice(1) : key;
      fields[name] = messages;
    }
    return new ApiError(response.status, problem.detail ?? problem.title ?? `HTTP ${response.status}`, fields);
  } catch {
    return new ApiError(response.status, text.trim().slice(0, 300) || `HTTP ${response.status}`);
  }
}

export const api = {
  get: <T>(path: string) => request<T>("GET", path),
  post: <T>(path: string, body: unknown = {}) => request<T>("POST", path, body),
  put: <T>(path: string, body: unknown) => request<T>("PUT", path, body),
  del: (path: string) => request<void>("DELETE", path),
  text: async (path: string): Promise<string> => {
    const response = await fetch(path, { headers: { Accept: "text/plain" } });
    if (!response.ok) throw await toError(response);
    return response.text();
  },
};
