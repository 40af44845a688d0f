import { describe, expect, it } from 'vitest';
import { splitPage } from './pageOrder.js';

describe('the page order for the first screen', () => {
  it('moves the scripts and module preloads from the head to just after the root, in their order', () => {
    const html =
      '<html><head><meta name="twofold-host-token" content="t"><script src="./bridge.js" defer></script>' +
      '<script type="module" crossorigin src="./assets/index-C7Zg2TFa.js" integrity="sha384-x"></script>' +
      '<link rel="modulepreload" crossorigin href="./assets/chunk-Ab12Cd34.js"><link rel="stylesheet" href="./assets/index-Ab12Cd34.css">' +
      '</head><body><div id="root"></div><noscript>x</noscript></body></html>';
    const parts = splitPage(html);
    expect(parts).not.toBeNull();
    expect(parts!.beforeRoot).toBe(
      '<html><head><meta name="twofold-host-token" content="t"><link rel="stylesheet" href="./assets/index-Ab12Cd34.css"></head><body><div id="root"></div>',
    );
    expect(parts!.scripts).toBe(
      '<script src="./bridge.js" defer></script><script type="module" crossorigin src="./assets/index-C7Zg2TFa.js" integrity="sha384-x"></script><link rel="modulepreload" crossorigin href="./assets/chunk-Ab12Cd34.js">',
    );
    expect(parts!.afterRoot).toBe('<noscript>x</noscript></body></html>');
  });

  it('leaves a page without an empty root alone', () => {
    expect(splitPage('<html><body><div id="app"></div><script src="./a.js"></script></body></html>')).toBeNull();
  });
});
