/**
 * The sign-in pages' one stylesheet, served as /assets/portal.css (the page CSP allows style-src 'self'
 * and nothing inline). Light and dark follow the system; focus is always visible for keyboard users;
 * text sizes are rem so browser zoom and large-text settings apply.
 */
export const PORTAL_CSS = `:root { color-scheme: light dark; --fg: #1b1f24; --muted: #4f5862; --bg: #f4f6f8; --card: #fff; --line: #c9d1d9; --accent: #0b5cad; --accent-fg: #fff; --error: #a40e26; --error-bg: #ffebe9; --ok-bg: #e6f4ea; --ok: #116329; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9da7b3; --bg: #0d1117; --card: #161b22; --line: #3d444d; --accent: #4493f8; --accent-fg: #0d1117; --error: #ff9492; --error-bg: #3c1618; --ok-bg: #12261e; --ok: #6fdd8b; } }
* { box-sizing: border-box; }
html { font-size: 100%; }
body { margin: 0; font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--card); padding: .5rem; z-index: 1; }
header.portal { background: var(--card); border-bottom: 1px solid var(--line); padding: .75rem 1rem; font-weight: 600; }
main { max-width: 34rem; margin: 2rem auto; padding: 1.5rem; background: var(--card); border: 1px solid var(--line); border-radius: 10px; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
h2 { font-size: 1.1rem; margin: 1.25rem 0 .5rem; }
p { margin: .5rem 0; }
.muted { color: var(--muted); }
.alert { border: 1px solid var(--error); background: var(--error-bg); color: var(--fg); border-radius: 6px; padding: .6rem .8rem; margin: 0 0 1rem; }
.notice { border: 1px solid var(--ok); background: var(--ok-bg); border-radius: 6px; padding: .6rem .8rem; margin: 0 0 1rem; }
form { margin: 1rem 0; }
.field { margin: 0 0 1rem; }
label { display: block; font-weight: 600; margin-bottom: .25rem; }
.hint { display: block; font-weight: 400; color: var(--muted); font-size: .9rem; }
input[type=text], input[type=password], input[type=tel], input[type=email] { width: 100%; font: inherit; padding: .5rem .6rem; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--fg); }
input.code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; letter-spacing: .2em; font-size: 1.25rem; max-width: 12rem; }
.check { display: flex; gap: .5rem; align-items: flex-start; font-weight: 400; }
.check input { margin-top: .3rem; }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; }
button { font: inherit; padding: .5rem 1rem; border-radius: 6px; border: 1px solid var(--line); background: var(--bg); color: var(--fg); cursor: pointer; }
button.primary { background: var(--accent); border-color: var(--accent); color: var(--accent-fg); font-weight: 600; }
button.link { border: none; background: none; padding: 0; color: var(--accent); text-decoration: underline; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.destination { font-size: 1.2rem; font-weight: 600; letter-spacing: .05em; }
.qr { display: inline-block; margin: .5rem 0; width: 13rem; max-width: 100%; background: #fff; padding: .25rem; border-radius: 6px; }
.qr svg { display: block; width: 100%; height: auto; }
.key { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 1.1rem; word-spacing: .3em; overflow-wrap: anywhere; user-select: all; }
ol.steps { padding-left: 1.25rem; }
ol.steps > li { margin-bottom: 1rem; }
.inline { display: inline; margin: 0; }
select { font: inherit; padding: .5rem .6rem; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--fg); max-width: 100%; }
.required { color: var(--error); }
.field-error { display: block; color: var(--error); font-weight: 600; font-size: .9rem; }
.invalid input, .invalid select { border-color: var(--error); border-width: 2px; }
.alert ul { margin: .25rem 0 0; padding-left: 1.25rem; }
.terms { border: 1px solid var(--line); border-radius: 6px; padding: .5rem 1rem; max-height: 24rem; overflow-y: auto; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;
