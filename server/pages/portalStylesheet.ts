/**
 * The sign-in pages' one stylesheet, served as /assets/portal.css (the page CSP allows style-src 'self'
 * and nothing inline, and default-src 'none' means no images or fonts: every mark here is drawn by CSS).
 * Light and dark follow the system; focus is always visible for keyboard users; text sizes are rem so
 * browser zoom and large-text settings apply.
 *
 * Contrast: text colours are at least 4.5:1 on their background; form-field borders (--field-line) at
 * least 3:1 (WCAG 1.4.11), since a receptionist must see where to type. Card borders (--line) are
 * decoration and may be lighter.
 */
export const PORTAL_CSS = `:root { color-scheme: light dark; --fg: #1b1f24; --muted: #4f5862; --bg: #eef1f4; --card: #fff; --field: #fff; --line: #d5dbe1; --field-line: #6e7781; --accent: #0b5cad; --accent-hover: #084a8c; --accent-soft: #e8f1fb; --accent-fg: #fff; --error: #a40e26; --error-bg: #fff0ef; --info: #0b5cad; --info-bg: #eef5fc; --shadow: 0 1px 2px rgb(27 31 36 / 6%), 0 4px 16px rgb(27 31 36 / 6%); }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #a3acb7; --bg: #0d1117; --card: #161b22; --field: #0d1117; --line: #30363d; --field-line: #7d8590; --accent: #4493f8; --accent-hover: #6cadff; --accent-soft: #132339; --accent-fg: #0d1117; --error: #ff9492; --error-bg: #3c1618; --info: #4493f8; --info-bg: #132339; --shadow: none; } }
* { box-sizing: border-box; }
html { font-size: 100%; }
body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--card); padding: .5rem; z-index: 1; }

/* The portal's name over the card, in the card's column, so the page reads as one product. */
header.portal { background: var(--card); border-top: 4px solid var(--accent); border-bottom: 1px solid var(--line); }
.brand { max-width: 36rem; margin: 0 auto; padding: .8rem 2rem; display: flex; align-items: center; gap: .6rem; flex-wrap: wrap; }
.brand-mark { flex: none; width: 1.6rem; height: 1.6rem; border-radius: .4rem; background: var(--accent); position: relative; }
/* A padlock drawn with two borders: no image may load under the CSP. */
.brand-mark::before { content: ""; box-sizing: border-box; position: absolute; left: .45rem; top: .3rem; width: .7rem; height: .6rem; border: .13rem solid var(--accent-fg); border-bottom: 0; border-radius: .35rem .35rem 0 0; }
.brand-mark::after { content: ""; position: absolute; left: .38rem; top: .78rem; width: .84rem; height: .56rem; border-radius: .12rem; background: var(--accent-fg); }
.brand-name { font-weight: 700; font-size: 1.05rem; }
.brand-tag { color: var(--muted); font-size: .9rem; padding-left: .6rem; border-left: 1px solid var(--line); }

main { width: 100%; max-width: 36rem; margin: 2rem auto 1rem; padding: 2rem; background: var(--card); border: 1px solid var(--line); border-radius: 12px; box-shadow: var(--shadow); }
footer.portal { max-width: 36rem; margin: 0 auto 2rem; padding: 0 2rem; color: var(--muted); font-size: .875rem; text-align: center; }
/* Phones: the card fills the width; a rounded box cut by the screen edge looks broken. */
@media (max-width: 38rem) {
  main { margin: 0; padding: 1.5rem 1.1rem 1.75rem; border-width: 0 0 1px; border-radius: 0; box-shadow: none; }
  .brand { padding: .7rem 1.1rem; }
  .brand-tag { display: none; }
  footer.portal { margin: 1.25rem auto 1.5rem; }
  .actions > button.primary, .actions > a.button { flex: 1 1 100%; }
}

h1 { font-size: 1.5rem; line-height: 1.25; margin: 0 0 1.25rem; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
p { margin: .6rem 0; }
main > :last-child { margin-bottom: 0; }
ul, ol { padding-left: 1.4rem; }
li { margin: .2rem 0; }
.muted { color: var(--muted); }
a { color: var(--accent); text-underline-offset: .15em; }
a:hover { color: var(--accent-hover); }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }

/* Messages: a coloured bar and a round mark, so an error is seen before it is read. A notice is neutral
   information ("We sent you a code", "Nobody answered, calling your secondary number"), not a success tick. */
.alert, .notice { position: relative; border: 1px solid; border-left-width: 4px; border-radius: 6px; padding: .7rem .9rem .7rem 2.6rem; margin: 0 0 1.25rem; color: var(--fg); }
.alert { border-color: var(--error); background: var(--error-bg); }
.notice { border-color: var(--info); background: var(--info-bg); }
.alert::before, .notice::before { position: absolute; left: .7rem; top: .8rem; width: 1.25rem; height: 1.25rem; border-radius: 50%; color: var(--card); font: 700 .85rem/1.25rem system-ui, sans-serif; text-align: center; }
.alert::before { content: "!" / ""; background: var(--error); }
.notice::before { content: "i" / ""; background: var(--info); font-family: Georgia, serif; font-style: italic; }
.alert p:first-child { margin-top: 0; font-weight: 600; }
.alert ul { margin: .25rem 0 0; padding-left: 1.1rem; }
.alert a { color: var(--fg); }

form { margin: 1rem 0; }
.field { margin: 0 0 1.1rem; }
label { display: block; font-weight: 600; margin-bottom: .3rem; }
.hint { display: block; font-weight: 400; color: var(--muted); font-size: .9rem; margin: -.1rem 0 .4rem; }
label .hint { margin: .1rem 0 0; }
input[type=text], input[type=password], input[type=tel], input[type=email], select { width: 100%; min-height: 2.75rem; font: inherit; padding: .55rem .7rem; border: 1px solid var(--field-line); border-radius: 6px; background: var(--field); color: var(--fg); }
select { width: auto; max-width: 100%; }
input:hover, select:hover { border-color: var(--fg); }
input:focus-visible, select:focus-visible { outline-offset: 0; border-color: var(--accent); }
input.code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; letter-spacing: .25em; font-size: 1.4rem; max-width: 13rem; padding-left: .9rem; }
.check { display: flex; gap: .6rem; align-items: flex-start; font-weight: 400; }
.check input { flex: none; width: 1.15rem; height: 1.15rem; margin: .2rem 0 0; accent-color: var(--accent); }
.required { color: var(--error); }
.field-error { display: block; color: var(--error); font-weight: 600; font-size: .9rem; margin-bottom: .3rem; }
.invalid input, .invalid select { border-color: var(--error); border-width: 2px; }
/* A US number: "+1" in front of the box, as the seeds' country code. */
.tel { display: flex; }
.tel-prefix { display: flex; align-items: center; padding: 0 .75rem; border: 1px solid var(--field-line); border-right: 0; border-radius: 6px 0 0 6px; background: var(--bg); color: var(--muted); font-weight: 600; }
.tel input { border-radius: 0 6px 6px 0; }
.row { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: 0 1rem; align-items: start; }

/* Buttons look like buttons (filled or outlined); only the small "link" kind looks like a link. */
.actions { display: flex; flex-wrap: wrap; align-items: center; gap: .6rem 1rem; margin-top: .5rem; }
.actions.split { justify-content: space-between; }
button, a.button { display: inline-flex; align-items: center; justify-content: center; min-height: 2.75rem; font: inherit; font-weight: 600; padding: .5rem 1.25rem; border-radius: 6px; border: 1px solid var(--field-line); background: var(--card); color: var(--accent); cursor: pointer; text-decoration: none; }
button:hover, a.button:hover { background: var(--accent-soft); color: var(--accent); }
button.primary, a.button.primary { background: var(--accent); border-color: var(--accent); color: var(--accent-fg); min-width: 8rem; }
button.primary:hover, a.button.primary:hover { background: var(--accent-hover); border-color: var(--accent-hover); color: var(--accent-fg); }
button.link { display: inline; min-height: 0; border: none; background: none; padding: 0; font-weight: 400; color: var(--accent); text-decoration: underline; text-underline-offset: .15em; }
button.link:hover { background: none; color: var(--accent-hover); }
.inline { display: inline; margin: 0; }

/* Secondary ways out ("Choose another method", "Cancel"), set apart from the step's main action. */
.more { margin-top: 1.75rem; padding-top: 1rem; border-top: 1px solid var(--line); display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; }
.more p { margin: 0; }
.resend { margin: 1rem 0 0; color: var(--muted); }

/* A choice of methods: one bordered box each, its button at the side (below it on phones). */
.options { list-style: none; padding: 0; margin: 1rem 0 0; display: grid; gap: .75rem; }
.option { border: 1px solid var(--line); border-radius: 8px; padding: 1rem; display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: .75rem 1rem; }
.option > div { flex: 1 1 14rem; }
.option h2 { margin: 0 0 .2rem; font-size: 1.05rem; }
.option p { margin: .2rem 0 0; }
.option .actions { margin: 0; }

.destination { display: block; font-size: 1.2rem; font-weight: 600; letter-spacing: .04em; overflow-wrap: anywhere; margin: .25rem 0 .75rem; }
.waiting { display: flex; gap: .7rem; align-items: center; color: var(--muted); }
.waiting::before { content: ""; flex: none; width: 1rem; height: 1rem; border-radius: 50%; border: 3px solid var(--line); border-top-color: var(--accent); animation: spin 1s linear infinite; }
@keyframes spin { to { transform: rotate(360deg); } }
@media (prefers-reduced-motion: reduce) { .waiting::before { animation: none; } }

/* Authenticator set-up: numbered steps, the QR code on white (scanners need the contrast in dark mode too). */
ol.steps { list-style: none; padding: 0; counter-reset: step; }
ol.steps > li { counter-increment: step; position: relative; padding-left: 2.6rem; margin-bottom: 1.5rem; }
ol.steps > li::before { content: counter(step); position: absolute; left: 0; top: 0; width: 1.8rem; height: 1.8rem; border-radius: 50%; background: var(--accent-soft); color: var(--accent); font-weight: 700; text-align: center; line-height: 1.8rem; }
.step-title { font-weight: 600; margin: .15rem 0 .3rem; }
.qr { display: block; margin: .6rem 0; width: 15rem; max-width: 100%; background: #fff; padding: 0; border: 1px solid var(--line); border-radius: 8px; }
.qr svg { display: block; width: 100%; height: auto; }
.key { display: inline-block; font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 1.05rem; word-spacing: .15em; overflow-wrap: anywhere; user-select: all; background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: .4rem .7rem; margin: .2rem 0; }

.terms { border: 1px solid var(--line); border-radius: 8px; padding: .25rem 1.1rem; max-height: 24rem; overflow-y: auto; background: var(--bg); }
.summary { background: var(--bg); border-radius: 6px; padding: .6rem .8rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;
