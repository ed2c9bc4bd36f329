/**
 * A browser's HTTP side, without a browser: cookies per origin, redirects followed by hand,
 * the provider's sign-in form filled in. For end-to-end tests of the portal over plain HTTP.
 */
export class PortalHttpClient {
  private readonly jars = new Map<string, Map<string, string>>();
  private csrfToken?: string;
  /** Every Set-Cookie line received, oldest first, to check a cookie's attributes. */
  readonly setCookieLines: string[] = [];

  constructor(readonly portalUrl: string) {}

  /** One request, no redirect followed; cookies sent and kept. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url, this.portalUrl);
    const headers = new Headers(init.headers);
    const cookies = this.jar(target.origin);
    if (cookies.size > 0) {
      headers.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    }
    const response = await fetch(target, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      this.setCookieLines.push(line);
      const [pair, ...attributes] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute));
      if (expired) {
        cookies.delete(name);
      } else {
        cookies.set(name, pair.slice(index + 1).trim());
      }
    }
    return response;
  }

  /** Follows redirects (at most ten) and answers the last response with its URL. */
  async follow(url: string, init: RequestInit = {}): Promise<{ response: Response; url: string; hops: string[] }> {
    let current = new URL(url, this.portalUrl).href;
    let response = await this.fetch(current, init);
    const hops = [current];
    for (let hop = 0; hop < 10 && response.status >= 300 && response.status < 400; hop++) {
      const location = response.headers.get('location');
      if (!location) {
        break;
      }
      current = new URL(location, current).href;
      hops.push(current);
      response = await this.fetch(current);
    }
    return { response, url: current, hops };
  }

  /** Signs in through /auth/login and the provider's form; answers where the browser ends up. */
  async signIn(username: string, password: string, returnTo = '/'): Promise<{ response: Response; url: string; hops: string[] }> {
    const start = await this.follow(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
    const page = await start.response.text();
    const action = /<form method="post" action="([^"]+\/login)"/.exec(page)?.[1];
    if (!action) {
      throw new Error(`no sign-in form at ${start.url} (${start.response.status}): ${page.slice(0, 300)}`);
    }
    const submitted = await this.follow(new URL(action.replace(/&amp;/g, '&'), start.url).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username, password, lang: 'nl' }).toString(),
    });
    this.csrfToken = undefined;
    return submitted;
  }

  async session(): Promise<{ status: number; body: any }> {
    const response = await this.fetch('/api/session');
    const body = (await response.json()) as any;
    if (response.status === 200) {
      this.csrfToken = body.csrfToken;
    }
    return { status: response.status, body };
  }

  /** A call to the portal's API as the app makes it: JSON (or a multipart form), with the session's CSRF token unless told otherwise. */
  async api(
    method: string,
    path: string,
    options: { body?: unknown; form?: FormData; csrf?: boolean; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
    }
    if (options.csrf !== false && method !== 'GET') {
      if (!this.csrfToken) {
        await this.session();
      }
      if (this.csrfToken) {
        headers['x-csrf-token'] = this.csrfToken;
      }
    }
    const response = await this.fetch(path, {
      method,
      headers,
      // A form goes as multipart/form-data, its boundary chosen by fetch, as a browser sends an upload.
      body: options.form ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
    const text = await response.text();
    const json = /json/.test(response.headers.get('content-type') ?? '');
    return { status: response.status, headers: response.headers, body: text ? (json ? (JSON.parse(text) as any) : text) : undefined };
  }

  cookie(origin: string, name: string): string | undefined {
    return this.jar(new URL(origin).origin).get(name);
  }

  private jar(origin: string): Map<string, string> {
    let jar = this.jars.get(origin);
    if (!jar) {
      jar = new Map();
      this.jars.set(origin, jar);
    }
    return jar;
  }
}
