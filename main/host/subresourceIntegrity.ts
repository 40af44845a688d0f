import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Adds `integrity="sha384-…"` to the page's own scripts and style sheets (`./assets/…`), from the files
 * as they are on disk now. The browser may keep those files for good (they are named by their content),
 * so a page it once got from something else listening on this port could have left a script of its own
 * under that name; with the hash in the page, which is always fetched fresh, such a file is refused.
 */
export async function addIntegrity(html: string, rendererDir: string): Promise<string> {
  const tag = /<(script|link)\b[^>]*?\b(?:src|href)="\.\/(assets\/[^"]+)"[^>]*?(\/?)>/g;
  const hashes = new Map<string, string>();
  for (const m of html.matchAll(tag)) {
    const file = m[2]!;
    if (hashes.has(file)) continue;
    const full = path.resolve(rendererDir, file);
    if (!full.startsWith(path.resolve(rendererDir) + path.sep)) continue;
    hashes.set(file, `sha384-${createHash('sha384').update(await readFile(full)).digest('base64')}`);
  }
  return html.replace(tag, (whole, _kind: string, file: string, selfClosing: string) => {
    const integrity = hashes.get(file);
    if (!integrity || /\bintegrity=/.test(whole)) return whole;
    const end = selfClosing ? whole.length - 2 : whole.length - 1;
    return `${whole.slice(0, end).trimEnd()} integrity="${integrity}"${selfClosing ? ' /' : ''}>`;
  });
}
