/** What Electron tells us about the frame behind an IPC message, reduced to what the decision needs. */
export interface SenderFacts {
  /** The message came from our window's webContents (not another window or a devtools page). */
  fromOurWindow: boolean;
  /** …and from its main frame, not an iframe. */
  isMainFrame: boolean;
  /** The frame's current URL, or null when the frame is gone. */
  url: string | null;
}

/**
 * Electron's checklist: validate the sender of every IPC message. Ours is exactly one page, the bundled
 * renderer; a fragment (#…) is the page's own business, anything else (a query, another file, a remote
 * page the window was somehow navigated to) is refused.
 */
export function isTrustedSender(sender: SenderFacts, rendererUrl: string): boolean {
  if (!sender.fromOurWindow || !sender.isMainFrame || sender.url === null) return false;
  return sender.url.split('#')[0] === rendererUrl;
}
