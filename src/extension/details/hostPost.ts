import { redactor } from '../../core/lib/log';
import { hostMessageSchema, type HostMessage } from '../../protocol/details';

/** What {@link outgoingHostMessage} decided: the message to post, or why none is posted. */
export type Outgoing = { ok: true; message: HostMessage } | { ok: false; reason: string };

/**
 * The one gate between the extension host and the details webview: every string of `message` (titles, descriptions,
 * publisher markdown, tag names, file paths, diagnoses, request ids…) passes the process redactor, then the result is
 * validated against the protocol. Servers echo what they are sent (a key inside a description, a tag name, a request
 * id), and the webview is an output like the log: a key must never be painted there. A message whose redaction broke
 * a strict field (a tag or name that *was* a key) is refused rather than posted half-masked.
 */
export function outgoingHostMessage(
    message: HostMessage,
    redact: (text: string) => string = (text) => redactor.redact(text),
): Outgoing {
    const checked = hostMessageSchema.safeParse(redactStrings(message, redact));
    if (!checked.success) {
        return { ok: false, reason: checked.error.issues[0]?.message ?? 'does not match the protocol' };
    }
    return { ok: true, message: checked.data };
}

/** A copy of `value` with `redact` applied to every string inside it (object keys are ours and stay as they are). */
export function redactStrings(value: unknown, redact: (text: string) => string): unknown {
    if (typeof value === 'string') {
        return redact(value);
    }
    if (Array.isArray(value)) {
        return value.map((item: unknown) => redactStrings(item, redact));
    }
    if (value !== null && typeof value === 'object') {
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactStrings(item, redact)]));
    }
    return value;
}
