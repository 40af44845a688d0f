/** The path of the key-press callback on this service; TWILIO_CALLBACK_URL is put in front of it. */
export const TWILIO_GATHER_PATH = '/api/delivery/twilio/gather';

export function gatherActionUrl(callbackUrl: string): string {
  return `${callbackUrl}${TWILIO_GATHER_PATH}`;
}

/**
 * The call's instructions (TwiML), sent inline with the call: say the message twice (someone picking up
 * late still hears it whole) while listening for one key, then say goodbye if none came. The key goes to
 * the gather callback, which records it for callStatus.
 *
 * `finishOnKey=""` matters: Gather's default finishing key is `#`, which would end input without
 * reporting it, and `#` is the very key that confirms.
 */
export function verificationTwiml(message: string, actionUrl: string): string {
  const say = `<Say>${xmlText(message)}</Say>`;
  return (
    '<?xml version="1.0" encoding="UTF-8"?><Response>' +
    `<Gather input="dtmf" numDigits="1" finishOnKey="" timeout="10" method="POST" action="${xmlText(actionUrl)}">` +
    `${say}<Pause length="1"/>${say}</Gather>` +
    '<Say>No key was pressed. Goodbye.</Say><Hangup/></Response>'
  );
}

/** What the call says after the key: the caller learns whether it counted. */
export function gatherReplyTwiml(confirmed: boolean): string {
  const words = confirmed ? 'Thank you. Your sign-in is confirmed. Goodbye.' : 'The sign-in was not confirmed. Goodbye.';
  return `<?xml version="1.0" encoding="UTF-8"?><Response><Say>${words}</Say><Hangup/></Response>`;
}

function xmlText(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
