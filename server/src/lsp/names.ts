/** Names both halves of the server use (main.ts's and the engine's, see main.ts); no imports. */

/** The code action kind of "fix all of this file's fixable findings". */
export const FIX_ALL_KIND = 'source.fixAll.dockerGoTraps';
