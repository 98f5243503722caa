import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * index.html for a page opened as `/dashboard/?token=T`. The server's auth also guards the page's
 * own files, and a browser sends no Authorization header for <script>, <link> or module imports,
 * so every asset URL gets `?token=T`: the tags directly, and module imports (`./api.js`) through an
 * import map. The page then keeps the token in sessionStorage for its API calls and removes it
 * from the address bar.
 */
export function pageWithToken(dir: string, token: string): string {
  const query = `?token=${encodeURIComponent(token)}`;
  const modules = readdirSync(dir).filter((name) => name.endsWith('.js'));
  const imports = Object.fromEntries(modules.map((name) => [`/dashboard/${name}`, `/dashboard/${name}${query}`]));
  // NOTE: JSON.stringify leaves `<` alone; escaping it keeps `</script>` in a token from closing the tag.
  const importMap = `<script type="importmap">${JSON.stringify({ imports }).replace(/</g, '\\u003c')}</script>`;
  return readFileSync(path.join(dir, 'index.html'), 'utf8')
    .replace(/(href|src)="(\/dashboard\/[^"?]+)"/g, (_m, attr: string, url: string) => `${attr}="${url}${query}"`)
    .replace('<script type="module"', `${importMap}\n  <script type="module"`);
}
