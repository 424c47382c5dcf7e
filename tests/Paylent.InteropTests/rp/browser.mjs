// Just enough of a browser for the headless flow: a cookie jar per host, redirects followed one by
// one, and HTML forms read with their hidden fields. Paylent's hosted pages are plain forms that work
// without JavaScript, so this is all a user agent needs.
import { localFetch } from './lib.mjs';

const decode = (text) =>
  text.replace(/&(amp|lt|gt|quot|#39|#x27|#x2F);/g, (_, entity) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", '#x2F': '/' })[entity]);

function attributes(tag) {
  const found = {};
  for (const match of tag.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    found[match[1].toLowerCase()] = decode(match[2] ?? match[3] ?? match[4] ?? '');
  }
  return found;
}

/** The forms of a page: action, method, hidden and text inputs, and submit buttons with their labels. */
export function forms(html) {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)].map(([, open, inner]) => {
    const form = attributes(open);
    const fields = [...inner.matchAll(/<input\b([^>]*)>/gi)].map(([, tag]) => attributes(tag));
    const buttons = [...inner.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/gi)].map(([, tag, label]) => ({
      ...attributes(tag),
      label: decode(label.replace(/<[^>]*>/g, '')).trim(),
    }));
    return { action: form.action ?? '', method: (form.method ?? 'get').toLowerCase(), fields, buttons };
  });
}

export class Browser {
  #cookies = new Map(); // host -> Map(name -> value)
  /** Every address the browser was sent to, for the summary (paths only: query strings carry codes). */
  trail = [];

  #jar(host) {
    if (!this.#cookies.has(host)) this.#cookies.set(host, new Map());
    return this.#cookies.get(host);
  }

  #store(url, response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => {
        const [key, val = ''] = a.split('=').map((s) => s.trim());
        if (key.toLowerCase() === 'max-age') return Number(val) <= 0;
        if (key.toLowerCase() === 'expires') return Date.parse(val) <= Date.now();
        return false;
      });
      if (expired || value === '') this.#jar(url.host).delete(name);
      else this.#jar(url.host).set(name, value);
    }
  }

  hasCookie(host, name) {
    return this.#jar(host).has(name);
  }

  /** One request with this host's cookies; redirects are returned, not followed. */
  async request(url, { method = 'GET', form } = {}) {
    const target = new URL(url);
    const headers = { accept: 'text/html' };
    const cookie = [...this.#jar(target.host)].map(([n, v]) => `${n}=${v}`).join('; ');
    if (cookie) headers.cookie = cookie;
    let body;
    if (form) {
      body = new URLSearchParams(form);
      headers['content-type'] = 'application/x-www-form-urlencoded';
      // The antiforgery check of ASP.NET Core accepts a same-origin form post; a browser sends Origin.
      headers.origin = target.origin;
    }
    this.trail.push(`${method} ${target.host}${target.pathname}`);
    const response = await localFetch(target, { method, headers, body });
    this.#store(target, response);
    return response;
  }

  /**
   * Follows redirects from `url` until a page answers (2xx/4xx) or the browser is sent to an address
   * `stopAt` accepts (a client's redirect URI, which this browser does not load). Returns the page or
   * the stopping URL.
   */
  async navigate(url, { method = 'GET', form, stopAt = () => false } = {}) {
    let current = new URL(url);
    let response = await this.request(current, { method, form });
    for (let hops = 0; hops < 20; hops++) {
      if (response.status < 300 || response.status >= 400) {
        return { url: current, status: response.status, html: await response.text() };
      }
      const location = response.headers.get('location');
      if (!location) throw new Error(`${response.status} from ${current.pathname} without a Location`);
      current = new URL(location, current);
      if (stopAt(current)) return { url: current, status: response.status, stopped: true };
      response = await this.request(current);
    }
    throw new Error('more than 20 redirects');
  }
}
