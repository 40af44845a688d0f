/**
 * What a verification call says (seeds 002 and 003: "press the # key to complete authentication").
 * Said as "pound key", the words a US caller knows; text-to-speech would read "#" as "hash" or "number".
 */
export function verificationCallScript(portalName: string): string {
  return `This is ${portalName}, calling to confirm your sign-in. If you are signing in now, press the pound key. If you are not, hang up.`;
}
