/** The page cut where the browser host puts its first screen (firstScreen.ts). */
export interface PageParts {
  /** Everything up to and including the empty `<div id="root"></div>`, without the scripts. */
  beforeRoot: string;
  /** The scripts (the bridge, the renderer's module and its preloads), in their order. */
  scripts: string;
  /** The rest of the page. */
  afterRoot: string;
}

const ROOT = '<div id="root"></div>';
const SCRIPT = /<script\b[^>]*>\s*<\/script>|<link\b[^>]*\brel="modulepreload"[^>]*>/gi;

/**
 * Moves the page's scripts from the head to just after the root, where the first screen goes before
 * them. The browser then does not fetch and compile the renderer's bundle while the host's services are
 * still opening the vault on the same two cores; the bundle comes right after the first codes. Only
 * external, empty script elements are moved (the CSP allows no other kind). Null when the page has no
 * empty root: it is then sent as it is.
 */
export function splitPage(html: string): PageParts | null {
  const scripts: string[] = [];
  const rest = html.replace(SCRIPT, (tag) => {
    scripts.push(tag);
    return '';
  });
  const at = rest.indexOf(ROOT);
  if (at < 0) return null;
  const end = at + ROOT.length;
  return { beforeRoot: rest.slice(0, end), scripts: scripts.join(''), afterRoot: rest.slice(end) };
}
