import { html, type Html, type HtmlValue } from '../../pages/html.js';

const LINK = /https?:\/\/[^\s<>"'`]+[^\s<>"'`.,;:!?)\]]/g;

/** Text with its http(s) links clickable (registration and reset links arrive by email); the rest escaped. */
export function textWithLinks(text: string): Html {
  const parts: HtmlValue[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    parts.push(text.slice(last, match.index), html`<a href="${match[0]}" rel="noreferrer">${match[0]}</a>`);
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return html`${parts}`;
}
