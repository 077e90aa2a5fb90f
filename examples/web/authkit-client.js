// authkit-client.js: a small browser client for authkit-server (better-auth's HTTP API) and a
// resource server that accepts its JWTs. No dependencies, no build step; an ES module.
//
//   import { createAuthkitClient } from "/auth/assets/authkit-client.js";
//   const client = createAuthkitClient({ authBase: "/api/v1/auth",
//                                        resourceBase: "https://api.example.com" });
//   await client.auth.post("/sign-in/email", { email, password });   // session cookie
//   const res = await client.api.fetch(`/api/${userId}/tasks`);      // Authorization: Bearer
//
// The session lives in an HttpOnly cookie the script never sees. The JWT for the resource
// server is fetched from GET {authBase}/token with that cookie and kept in memory only (never in
// localStorage or sessionStorage, where any injected script could read it for as long as it
// lives); a reload simply fetches a new one.

/**
 * An error answer of the auth API or the resource server, or a network failure.
 * `message` is a sentence for the user.
 */
export class ApiError extends Error {
  /**
   * @param {number} status HTTP status; 0 when the request never got an answer.
   * @param {string} code   The API's error code ("EMAIL_NOT_VERIFIED"), "" when none.
   * @param {string} message
   */
  constructor(status, code, message) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
  }
}

/**
 * The outcome of an auth API call: `ok` with the parsed JSON `data`, or `error`.
 * @typedef {object} AuthResult
 * @property {boolean} ok
 * @property {number} status
 * @property {*} data             The JSON body (null when empty).
 * @property {ApiError|null} error Set when !ok.
 */

/**
 * @typedef {object} AuthkitClientOptions
 * @property {string} authBase        The auth API's base URL or path, e.g. "/api/v1/auth".
 * @property {string|null} [resourceBase] The resource server's base URL, e.g.
 *     "https://api.example.com"; api.fetch() needs it.
 * @property {number} [refreshMarginSeconds=60] Fetch a new JWT this long before the current
 *     one expires, so a request never leaves with a token that dies on the way.
 * @property {typeof fetch} [fetch] The fetch implementation (for tests); window.fetch by default.
 */

const NETWORK_ERROR = "The server could not be reached. Check your connection and try again.";

/**
 * Decodes the payload of a JWT without checking it (the resource server checks; the client
 * only needs `exp` and `iat` to know when to refresh).
 * @param {string} jwt
 * @returns {object|null} The claims, or null when `jwt` is not a decodable JWT.
 */
export function decodeJwtPayload(jwt) {
  const part = String(jwt).split(".")[1];
  if (!part) return null;
  try {
    const base64 = part.replace(/-/g, "+").replace(/_/g, "/");
    const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}

/**
 * Reads a Response body as JSON; null for an empty or non-JSON body.
 * @param {Response} response
 * @returns {Promise<*>}
 */
async function readJson(response) {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Turns an error answer into an ApiError ({message, code} bodies, as better-auth sends them).
 * @param {number} status
 * @param {*} body
 * @returns {ApiError}
 */
export function toApiError(status, body) {
  const code = body && typeof body.code === "string" ? body.code : "";
  let message = body && typeof body.message === "string" ? body.message : "";
  if (!message) {
    message = status === 429 ? "Too many requests. Please wait a moment and try again."
            : status >= 500 ? "The server had a problem. Please try again later."
            : `The request failed (HTTP ${status}).`;
  }
  return new ApiError(status, code, message);
}

/**
 * Creates a client for one auth server and, optionally, one resource server.
 * @param {AuthkitClientOptions} options
 */
export function createAuthkitClient(options) {
  const authBase = String(options.authBase).replace(/\/+$/, "");
  const resourceBase = options.resourceBase ? String(options.resourceBase).replace(/\/+$/, "") : null;
  const marginMs = (options.refreshMarginSeconds ?? 60) * 1000;
  const doFetch = options.fetch ?? ((...args) => window.fetch(...args));

  /** The current JWT and the local time (ms) after which it is refreshed. Memory only. */
  let token = null;
  let refreshAt = 0;
  /** The /token request in flight, shared so that parallel calls fetch one token. */
  let pending = null;

  /**
   * Calls the auth API with the session cookie and JSON.
   * @param {string} route  e.g. "/sign-in/email" or "/verify-email?token=..."
   * @param {RequestInit} [init]
   * @returns {Promise<AuthResult>}
   */
  async function authRequest(route, init = {}) {
    const headers = new Headers(init.headers);
    if (init.body !== undefined && !headers.has("Content-Type")) {
      headers.set("Content-Type", "application/json");
    }
    let response;
    try {
      response = await doFetch(authBase + route, { ...init, headers, credentials: "include" });
    } catch {
      return { ok: false, status: 0, data: null, error: new ApiError(0, "", NETWORK_ERROR) };
    }
    const data = await readJson(response);
    if (response.ok) return { ok: true, status: response.status, data, error: null };
    return { ok: false, status: response.status, data, error: toApiError(response.status, data) };
  }

  /**
   * When to refresh `jwt`: `refreshMargin` before it expires. The lifetime (exp - iat) is
   * measured from now rather than comparing `exp` with the local clock, which may be off.
   * @param {string} jwt
   * @returns {number} a Date.now() value
   */
  function refreshTime(jwt) {
    const claims = decodeJwtPayload(jwt);
    if (!claims || typeof claims.exp !== "number") return 0;  // unknown: refresh every time
    const lifetimeMs = typeof claims.iat === "number"
      ? (claims.exp - claims.iat) * 1000
      : claims.exp * 1000 - Date.now();
    return Date.now() + Math.max(0, lifetimeMs - Math.min(marginMs, lifetimeMs / 2));
  }

  /**
   * Fetches a new JWT from GET {authBase}/token with the session cookie.
   * @returns {Promise<string>}
   * @throws {ApiError} 401 UNAUTHORIZED once the session is gone.
   */
  async function fetchToken() {
    const result = await authRequest("/token");
    if (!result.ok || !result.data || typeof result.data.token !== "string") {
      token = null;
      throw result.error ?? toApiError(result.status, null);
    }
    token = result.data.token;
    refreshAt = refreshTime(token);
    return token;
  }

  /**
   * The JWT for the resource server: the one in memory while it is fresh, else a new one.
   * @param {{force?: boolean}} [opts] force: ignore the one in memory (after a 401).
   * @returns {Promise<string>}
   * @throws {ApiError}
   */
  async function getToken(opts = {}) {
    if (!opts.force && token && Date.now() < refreshAt) return token;
    if (!pending) pending = fetchToken().finally(() => { pending = null; });
    return pending;
  }

  /**
   * fetch() against the resource server with "Authorization: Bearer <JWT>". A 401 answer
   * gets one retry with a fresh token (the old one may have expired or its key rotated), so
   * `init.body` must be replayable: a string, Blob, FormData or URLSearchParams, not a stream.
   * @param {string} path  e.g. "/api/USER_ID/tasks", appended to resourceBase.
   * @param {RequestInit} [init]
   * @returns {Promise<Response>} the resource server's answer, whatever its status.
   * @throws {ApiError} no resourceBase, no session (401 from /token), or a network failure.
   */
  async function apiFetch(path, init = {}) {
    if (!resourceBase) {
      throw new ApiError(0, "NO_RESOURCE_SERVER", "No resource server is configured.");
    }
    const send = async (jwt) => {
      const headers = new Headers(init.headers);
      headers.set("Authorization", `Bearer ${jwt}`);
      if (typeof init.body === "string" && !headers.has("Content-Type")) {
        headers.set("Content-Type", "application/json");
      }
      try {
        return await doFetch(resourceBase + path, { ...init, headers, credentials: "omit" });
      } catch {
        throw new ApiError(0, "", NETWORK_ERROR);
      }
    };
    const response = await send(await getToken());
    if (response.status !== 401) return response;
    return send(await getToken({ force: true }));
  }

  return {
    auth: {
      /**
       * GET on the auth API, e.g. auth.get("/get-session").
       * @param {string} route
       * @returns {Promise<AuthResult>}
       */
      get: (route) => authRequest(route),
      /**
       * POST JSON to the auth API, e.g. auth.post("/sign-out", {}).
       * @param {string} route
       * @param {object} [body={}]
       * @returns {Promise<AuthResult>}
       */
      post: (route, body = {}) => authRequest(route, { method: "POST", body: JSON.stringify(body) }),
    },
    api: { fetch: apiFetch },
    getToken,
    /** Forgets the JWT (call it on sign-out). */
    clearToken() {
      token = null;
      refreshAt = 0;
    },
  };
}
