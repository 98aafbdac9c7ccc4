/**
 * Starts the cell worker where a Content-Security-Policy binds it, and gives the page a private
 * MessagePort to it.
 *
 * A policy in a page's <meta> does not bind a worker loaded from its own URL (that worker takes
 * its policy from its response headers, which a static host may not send); a worker started from
 * a blob: URL inherits the policy of the document that created it (CSP3, "initialize a worker
 * global scope's policy container"). So on the built site the page loads the worker's code as
 * text, hands it to a sandboxed iframe (site/public/cells-sandbox.html: sandbox="allow-scripts",
 * an opaque origin, a policy with connect-src 'none' and no script source but itself), and the
 * iframe starts the worker from a blob: URL. The worker then has no origin of the site's (no
 * IndexedDB, Cache Storage or OPFS) and can open no connection: fetch, import(url), WebSocket,
 * FontFace and Cache.add are all refused by the policy, whatever the cell's code does.
 *
 * Terminating is removing the iframe, which ends its worker even inside an endless loop.
 * In `astro dev` the worker's code is not one file, so the dev server runs it as a plain module
 * worker of the page (no sandbox): the protocol is the same.
 */
import plotUrl from './plot-bundle.ts?worker&url';
import workerUrl from './worker.ts?worker&url';

export interface Kernel {
  /** The page's end of the channel to the worker (the worker holds the other end privately). */
  readonly port: MessagePort;
  /** Ends the worker (and its sandbox). */
  terminate(): void;
}

const texts = new Map<string, Promise<string>>();

/** A script of the site as text (fetched once: the page's policy allows connections to the site itself). */
function text(url: string): Promise<string> {
  let got = texts.get(url);
  if (!got) {
    got = fetch(url).then((r) => {
      if (!r.ok) throw new Error(`${url} answered ${r.status}`);
      return r.text();
    });
    got.catch(() => texts.delete(url));
    texts.set(url, got);
  }
  return got;
}

const workerSource = () => text(workerUrl);

/** The text of Plot and linkedom for the worker (site/cells/plot-bundle.ts), which asks for it on first use. */
export const plotSource = () => text(plotUrl);

/** The sandbox document, relative to the site's base. */
const sandboxUrl = () => `${import.meta.env.BASE_URL.replace(/\/?$/, '/')}cells-sandbox.html`;

/**
 * Starts a kernel; `onFailure` hears why it could not start or died (in words for the reader).
 */
export function startKernel(onFailure: (message: string) => void): Kernel {
  const channel = new MessageChannel();
  if (import.meta.env.DEV) {
    const worker = new Worker(workerUrl, { type: 'module', name: 'deconv cells' });
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      onFailure(e.message || 'it could not start');
    });
    worker.postMessage(null, [channel.port2]);
    return { port: channel.port1, terminate: () => (worker.terminate(), channel.port1.close()) };
  }
  const frame = document.createElement('iframe');
  frame.setAttribute('sandbox', 'allow-scripts');
  frame.hidden = true;
  frame.tabIndex = -1;
  frame.title = 'The runtime of the cells (nothing to see)';
  frame.setAttribute('aria-hidden', 'true');
  frame.dataset.cellsSandbox = '';
  let alive = true;
  const listen = (event: MessageEvent) => {
    if (!alive || event.source !== frame.contentWindow) return;
    const data = event.data as { type?: unknown; message?: unknown } | null;
    if (data?.type === 'sandbox-ready') {
      workerSource().then(
        (text) => alive && frame.contentWindow?.postMessage({ source: text }, '*', [channel.port2]),
        (e: unknown) => alive && onFailure(`its code could not be loaded (${e instanceof Error ? e.message : String(e)})`),
      );
    } else if (data?.type === 'sandbox-error') onFailure(typeof data.message === 'string' ? data.message.slice(0, 500) : 'it could not start');
  };
  addEventListener('message', listen);
  frame.src = sandboxUrl();
  document.body.append(frame);
  return {
    port: channel.port1,
    terminate() {
      alive = false;
      removeEventListener('message', listen);
      channel.port1.close();
      frame.remove();
    },
  };
}
