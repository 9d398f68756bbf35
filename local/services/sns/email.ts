import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** One notification as an email, ready to render. */
export interface EmailMessage {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly date: Date;
  readonly messageId: string;
  readonly body: string;
}

/**
 * RFC 5322 text with a quoted-printable UTF-8 body, so any message (long lines, non-ASCII)
 * survives mail tools unchanged. Header values are single-line by construction (see sanitize).
 */
export function renderEml(message: EmailMessage): string {
  const headers = [
    `From: ${sanitize(message.from)}`,
    `To: ${sanitize(message.to)}`,
    `Subject: ${sanitize(message.subject)}`,
    `Date: ${rfc5322Date(message.date)}`,
    `Message-ID: <${sanitize(message.messageId)}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: quoted-printable',
  ];
  return `${headers.join('\r\n')}\r\n\r\n${quotedPrintable(message.body)}\r\n`;
}

/** Writes the file under a temporary name and renames it, so a reader never sees half a message. */
export async function writeToOutbox(outbox: string, fileName: string, content: string): Promise<string> {
  await fs.mkdir(outbox, { recursive: true });
  const file = path.join(outbox, fileName);
  const temp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temp, content, 'utf8');
  await fs.rename(temp, file);
  return file;
}

export function rfc5322Date(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

export function quotedPrintable(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => {
      const bytes = Buffer.from(line, 'utf8');
      let out = '';
      let length = 0;
      bytes.forEach((byte, index) => {
        const last = index === bytes.length - 1;
        const literal = (byte >= 33 && byte <= 126 && byte !== 61) || ((byte === 32 || byte === 9) && !last);
        const chunk = literal ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
        // Lines stay within 76 characters: 75 plus the "=" of a soft break.
        if (length + chunk.length > 75) {
          out += '=\r\n';
          length = 0;
        }
        out += chunk;
        length += chunk.length;
      });
      return out;
    })
    .join('\r\n');
}

function sanitize(value: string): string {
  return value.replace(/[\r\n\u0000-\u001f\u007f]+/g, ' ');
}
