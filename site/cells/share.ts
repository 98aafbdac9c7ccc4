/**
 * Code in a link: ?cell.<id>=<base64url of the UTF-8 code>. A page opened from such a link
 * shows the code in its cell and does not run it until the reader presses Run.
 */
export const paramOf = (id: string) => `cell.${id}`;

export function encodeCode(code: string): string {
  let binary = '';
  for (const b of new TextEncoder().encode(code)) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The code, or undefined if the parameter is not valid base64url UTF-8. */
export function decodeCode(param: string): string | undefined {
  try {
    const b64 = param.replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}
