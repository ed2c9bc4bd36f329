import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export interface Asset {
  body: Buffer;
  br?: Buffer;
  gzip?: Buffer;
  etag: string;
  contentType: string;
  cacheControl: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};
const COMPRESSIBLE = /^(text\/|application\/(json|manifest\+json)|image\/svg\+xml)/;
/** Vite names built files `name-<hash>.ext` under assets/: they never change, so browsers keep them for a year. */
const HASHED = /^assets\/.+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

/**
 * The built web app, read once at start and compressed once (brotli and gzip), then served from
 * memory: a small app (the budget is 300 KB of script) costs a few hundred KB of memory
 * and no disk or CPU per request. Rebuilding the app means restarting the portal.
 */
export class WebAppAssets {
  private constructor(
    private readonly files: Map<string, Asset>,
    readonly built: boolean,
  ) {}

  static load(directory: string): WebAppAssets {
    const root = path.resolve(directory);
    const files = new Map<string, Asset>();
    if (!existsSync(path.join(root, 'index.html'))) {
      files.set('index.html', asset('index.html', Buffer.from(PLACEHOLDER, 'utf8')));
      return new WebAppAssets(files, false);
    }
    for (const relative of walk(root)) {
      files.set(relative, asset(relative, readFileSync(path.join(root, relative))));
    }
    return new WebAppAssets(files, true);
  }

  /** The file at this URL path, or undefined. */
  file(urlPath: string): Asset | undefined {
    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath);
    } catch {
      return undefined;
    }
    // Only names in the map are served, so `..` can reach nothing outside the app.
    return this.files.get(decoded.replace(/^\/+/, ''));
  }

  get index(): Asset {
    return this.files.get('index.html')!;
  }
}

function asset(relative: string, body: Buffer): Asset {
  const contentType = TYPES[path.extname(relative).toLowerCase()] ?? 'application/octet-stream';
  const compressible = COMPRESSIBLE.test(contentType) && body.length > 512;
  const br = compressible ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }) : undefined;
  const gzip = compressible ? gzipSync(body, { level: 9 }) : undefined;
  return {
    body,
    br: br && br.length < body.length ? br : undefined,
    gzip: gzip && gzip.length < body.length ? gzip : undefined,
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    contentType,
    cacheControl: HASHED.test(relative) ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
}

function walk(root: string, prefix = ''): string[] {
  return readdirSync(path.join(root, prefix)).flatMap((name) => {
    const relative = prefix ? `${prefix}/${name}` : name;
    return statSync(path.join(root, relative)).isDirectory() ? walk(root, relative) : [relative];
  });
}

/** Served until the web app is built (services/portal-web: npx vite build). */
const PLACEHOLDER = `<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Deelwijs</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}a{color:#154273}</style></head>
<body>
<main>
<h1>Deelwijs</h1>
<p>Het portaal draait, maar de webapp is nog niet gebouwd. <span lang="en">The portal runs, but the web app has not been built yet.</span></p>
<p><a href="/auth/login">Aanmelden / sign in</a></p>
</main>
</body>
</html>
`;
