import { Writable } from 'node:stream';
import { redactor } from '../core/lib/log';

/**
 * The CLI's last line of defence: every byte it prints goes through one of these guards (main wraps stdout and
 * stderr once), so no secret and no terminal control sequence from a server reaches the user's terminal, whatever
 * a command forgot. Server text is anything but harmless: catalog names, descriptions, request ids and error
 * details come from whoever answers, and may echo the key or carry ESC/CSI/OSC/BEL sequences (retitle the window,
 * clear the screen, plant OSC 8 links).
 */
export type GuardMode =
    /** Human stdout: redact, and show every control character but newline and tab as `\xHH`. */
    | 'text'
    /** `--json` stdout: redact; C0 are JSON escapes already, DEL and C1 (U+007F-U+009F) become `\u00HH` too. */
    | 'json'
    /** stderr: as `text`, but the CLI's own progress codes (a leading `\r`, `ESC[K` at either end) are kept. */
    | 'stderr';

/** Control characters a terminal may act on: C0 but tab and newline, DEL, and C1 (U+0080-U+009F, CSI U+009B). */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Replaces every control character but newline and tab with a visible `\xHH`: printable, inert. */
export function escapeControls(text: string): string {
    return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`);
}

/** In a JSON document, DEL, C1 and raw C0 controls (not tab/newline/CR) as `\u00HH` escapes: valid and inert. */
export function escapeJsonControls(json: string): string {
    // Raw C0 controls (but tab, newline, carriage return) never belong in JSON text either: escape them the same way.
    return json.replace(
        /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
}

const PROGRESS = /^(\r(?:\u001b\[K)?)?([\s\S]*?)((?:\u001b\[K)?\n?)$/;

/** What a guard in `mode` turns `text` into. */
export function guardText(text: string, mode: GuardMode): string {
    const redacted = redactor.redact(text);
    switch (mode) {
        case 'json':
            return escapeJsonControls(redacted);
        case 'text':
            return escapeControls(redacted);
        case 'stderr': {
            const m = PROGRESS.exec(redacted);
            return m ? `${m[1] ?? ''}${escapeControls(m[2] ?? '')}${m[3] ?? ''}` : escapeControls(redacted);
        }
    }
}

/** A stream that writes the guarded form of every chunk to `target`, synchronously and in order. */
export function guardStream(target: Pick<Writable, 'write'>, mode: GuardMode): Writable {
    return new Writable({
        decodeStrings: false,
        write(chunk: unknown, _encoding, callback) {
            target.write(guardText(Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk), mode));
            callback();
        },
    });
}
