// HTTP as a browser does it for sign-in, without a browser: cookies kept per host, redirects followed
// by hand so that each hop can be looked at.
export interface Hop {
  status: number;
  url: string;
  location?: string;
  setCookies: string[];
  body: string;
}

export class CookieClient {
  private readonly jar = new Map<string, Map<string, string>>();

  cookie(url: string, name: string): string | undefined {
    return this.jar.get(new URL(url).host)?.get(name);
  }

  setCookie(url: string, name: string, value: string): void {
    const host = new URL(url).host;
    if (!this.jar.has(host)) this.jar.set(host, new Map());
    this.jar.get(host)!.set(name, value);
  }

  async request(url: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Hop> {
    const host = new URL(url).host;
    const cookies = [...(this.jar.get(host) ?? new Map()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
    const headers: Record<string, string> = { accept: 'text/html', ...(cookies ? { cookie: cookies } : {}), ...init.headers };
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(url, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    const setCookies = res.headers.getSetCookie();
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';');
      const [name, ...value] = pair.trim().split('=');
      if (!this.jar.has(host)) this.jar.set(host, new Map());
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value.join('=') === '';
      if (expired) this.jar.get(host)!.delete(name);
      else this.jar.get(host)!.set(name, value.join('='));
    }
    const location = res.headers.get('location') ?? undefined;
    return { status: res.status, url, location: location ? new URL(location, url).toString() : undefined, setCookies, body: await res.text() };
  }

  /** Follows redirects from `url` until a page answers; returns every hop. */
  async follow(url: string, init: Parameters<CookieClient['request']>[1] = {}): Promise<Hop[]> {
    const hops = [await this.request(url, init)];
    while (hops.at(-1)!.location && hops.length < 15) hops.push(await this.request(hops.at(-1)!.location!));
    return hops;
  }
}

/** The value of a form field in a page (hidden fields included). */
export function fieldValue(html: string, name: string): string | undefined {
  const input = new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0];
  return input ? /value="([^"]*)"/.exec(input)?.[1]?.replace(/&#(\d+);/g, (_, c) => String.fromCharCode(Number(c))) : undefined;
}

/** The action of the login form on the provider's page. */
export function formAction(html: string, base: string): string {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form in:\n${html.slice(0, 500)}`);
  return new URL(action.replace(/&amp;/g, '&'), base).toString();
}
