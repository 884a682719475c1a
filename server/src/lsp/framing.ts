/**
 * A second reader of the server's standard input that checks only the framing of the messages
 * (`Content-Length: N`, an empty line, N bytes of body). vscode-jsonrpc, given a malformed header,
 * reports an error nobody hears and then waits for ever; given LF-only headers or a body longer than
 * its length, it waits or reads garbage. This reader sees the same bytes and tells the first framing
 * error it meets, so the server can say so and exit: the client then starts it again.
 */

/** A header section longer than this is not a header. */
const MAX_HEADER_BYTES = 8192;
const CR = 0x0d;
const LF = 0x0a;

export function watchFraming(input: NodeJS.ReadableStream, onError: (why: string) => void): void {
  let header: number[] = [];
  let body = -1; // bytes of body still to come; -1 while reading headers
  let failed = false;
  const fail = (why: string) => {
    if (failed) return;
    failed = true;
    onError(why);
  };
  const endHeaders = (): void => {
    const text = Buffer.from(header).toString('latin1');
    header = [];
    let length: number | undefined;
    for (const line of text.split('\r\n')) {
      if (!line) continue;
      const colon = line.indexOf(':');
      const name = colon > 0 ? line.slice(0, colon) : '';
      if (!/^[A-Za-z0-9-]+$/.test(name)) return fail(`a header line is not "Name: value": ${JSON.stringify(line.slice(0, 80))}`);
      if (name.toLowerCase() !== 'content-length') continue;
      const value = line.slice(colon + 1).trim();
      if (!/^\d{1,15}$/.test(value)) return fail(`Content-Length is not a number: ${JSON.stringify(value.slice(0, 40))}`);
      length = Number(value);
    }
    if (length === undefined) return fail('a message has no Content-Length header');
    body = length;
  };
  input.on('data', (chunk: Buffer | string) => {
    if (failed) return;
    const data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let i = 0;
    while (i < data.length && !failed) {
      if (body > 0) {
        const n = Math.min(body, data.length - i);
        body -= n;
        i += n;
        if (body === 0) body = -1;
        continue;
      }
      if (body === 0) body = -1;
      const b = data[i++];
      if (b === LF && header[header.length - 1] !== CR) return fail('a header line ends with a line feed alone (headers end with CR LF)');
      header.push(b);
      if (header.length > MAX_HEADER_BYTES) return fail(`no end of headers within ${MAX_HEADER_BYTES} bytes`);
      const n = header.length;
      if (n >= 4 && header[n - 4] === CR && header[n - 3] === LF && header[n - 2] === CR && header[n - 1] === LF) {
        endHeaders();
        if (body === 0) body = -1;
      }
    }
  });
}
