/**
 * The logging seam used by all of core. The extension supplies a LogOutputChannel adapter, the CLI supplies stderr,
 * tests supply a recorder. Every implementation must pass lines through {@link Redactor} before they reach a sink:
 * an API key, token or `Authorization` value must never be written anywhere.
 */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export interface Log {
    trace(message: string): void;
    debug(message: string): void;
    info(message: string): void;
    warn(message: string): void;
    error(message: string): void;
}

export const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error'];

/** A log that drops everything (the default when a caller passes none). */
export const nullLog: Log = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** Header names whose values are secret wherever they appear. */
export const SECRET_HEADERS: readonly string[] = [
    'authorization',
    'proxy-authorization',
    'x-registry-auth',
    'cookie',
    'set-cookie',
];

/** Query/field names whose values are secret (`sig` and `ssec-key` are what presigned URLs carry). */
const SECRET_FIELDS = ['apiKey', 'api_key', 'password', 'token', 'access_token', 'credentials', 'sig', 'ssec-key'];

/**
 * Removes secrets from text before it is logged or shown. Known secret values (the API key, tokens minted for it)
 * are replaced wherever they occur; `Bearer`/`Basic` credentials, `nvapi-` keys and secret query or JSON fields are
 * masked by pattern, so a secret the redactor was never told about is still hidden.
 */
export class Redactor {
    private readonly secrets = new Set<string>();

    /** Registers a value that must never be printed (ignored when shorter than 6 characters). */
    add(secret: string | undefined): void {
        if (secret && secret.length >= 6) {
            this.secrets.add(secret);
            // base64 of "$oauthtoken:KEY" is what Basic auth carries; hide that form too.
            this.secrets.add(Buffer.from(`$oauthtoken:${secret}`).toString('base64'));
        }
    }

    redact(text: string): string {
        let out = text;
        for (const secret of this.secrets) {
            out = out.split(secret).join('***');
        }
        out = out.replace(/\b(Bearer|Basic|ApiKey)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 ***');
        out = out.replace(/nvapi-[A-Za-z0-9_-]+/g, 'nvapi-***');
        const fields = SECRET_FIELDS.join('|');
        out = out.replace(new RegExp(`([?&](?:${fields})=)[^&\\s"']+`, 'gi'), '$1***');
        // A JSON string value may hold escaped quotes: mask up to the closing quote, not the first `\"`.
        out = out.replace(new RegExp(`("(?:${fields})"\\s*:\\s*")(?:[^"\\\\]|\\\\.)*(")`, 'gi'), '$1***$2');
        return out;
    }
}

/** The process-wide redactor: core registers every key and token it handles here. */
export const redactor = new Redactor();

/** Wraps a sink so every line is redacted first and prefixed with a `[component]` tag. */
export function createLog(
    sink: (level: LogLevel, line: string) => void,
    component?: string,
    minLevel: LogLevel = 'info',
): Log {
    const min = LOG_LEVELS.indexOf(minLevel);
    const emit = (level: LogLevel) => (message: string) => {
        if (LOG_LEVELS.indexOf(level) < min) {
            return;
        }
        sink(level, redactor.redact(component ? `[${component}] ${message}` : message));
    };
    return { trace: emit('trace'), debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** A log that tags lines with a component name on top of another log. */
export function tagged(log: Log, component: string): Log {
    const tag = (m: string) => `[${component}] ${m}`;
    return {
        trace: (m) => log.trace(tag(m)),
        debug: (m) => log.debug(tag(m)),
        info: (m) => log.info(tag(m)),
        warn: (m) => log.warn(tag(m)),
        error: (m) => log.error(tag(m)),
    };
}
