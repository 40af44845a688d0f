/**
 * Served as /assets/call-wait.js (the page CSP allows script-src 'self' and no inline script). On the
 * "answer the call" page it asks the service every two seconds whether the call has ended and, once it
 * has, submits the page's own form — the same as pressing "I've answered". Without script the button
 * does the job; this only saves the click.
 */
export const CALL_WAIT_JS = `'use strict';
(function () {
  var form = document.querySelector('form[data-call-status]');
  if (!form) return;
  var url = form.getAttribute('data-call-status');
  var done = false;
  function submit() {
    if (done) return;
    done = true;
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  }
  function poll() {
    fetch(url, { credentials: 'same-origin', cache: 'no-store', headers: { accept: 'application/json' } })
      .then(function (response) { return response.ok ? response.json() : { ended: true }; })
      .then(function (body) { if (body && body.ended !== false) submit(); else setTimeout(poll, 2000); })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 2000);
})();
`;
