import { HttpError } from '../http/errors';
import { CancelledError } from '../lib/abort';
import { redactor } from '../lib/log';
import { dropUndefined } from '../lib/object';
import { contextOf, type DiagnoseContext } from './context';
import { explainCoreError } from './coreErrors';
import { remedyFor, type Cause, type Remedy } from './remedies';

export type { Cause } from './remedies';
export type { DiagnoseContext } from './context';

/**
 * A failure explained for people: cause, one-line title, what to do (in words for every surface, plus the editor's
 * button and the CLI's command), and the CLI exit code. Both front ends render this and nothing else.
 */
export interface Diagnosis extends Remedy {
    cause: Cause;
    requestId?: string;
    /** The server's own words or the error message, redacted. */
    detail?: string;
}

/**
 * An error that is neither HTTP nor one of core's typed errors: nothing says a request or the network was involved
 * (a local failure core did not type, a bug), so it is never headed "The request failed" nor told to retry.
 */
const NOT_A_REQUEST: Remedy = { title: 'The operation failed', remedy: 'See the details below.', exitCode: 1 };

/**
 * Orgs whose catalog every valid key may read (ngc-api.md 2.5: the public `nvidia` org): a 403 on an artifact there
 * is about entitlement, never membership.
 */
const PUBLIC_ORGS = new Set(['nvidia']);

/**
 * Turns a failure plus what we know of the request into a cause and a remedy. The context attached by the NGC client
 * (key kind, the key's orgs, org/team, operation) is merged under `ctx`, so callers may pass nothing. NGC's rules
 * (ngc-api.md 2.5): 401 = no, invalid or expired credentials, or a personal key outside its orgs, even for things that
 * do not exist; 403 = a valid identity without access (membership, entitlement, service key listing); 412 licence;
 * 451 legal; 404 missing. Texts never contain the key: details pass through the redactor.
 */
export function diagnose(error: unknown, ctx: DiagnoseContext = {}): Diagnosis {
    const explained = HttpError.is(error) ? undefined : explainCoreError(error);
    if (explained) {
        // The message is the remedy; the server/daemon words are inside it already.
        return explained;
    }
    const context: DiagnoseContext = { ...contextOf(error), ...dropUndefined(ctx) };
    const cause = causeOf(error, context);
    const retryAfterMs = HttpError.is(error) ? error.retryAfterMs : undefined;
    const remedy =
        cause === 'unknown' && !HttpError.is(error)
            ? NOT_A_REQUEST
            : remedyFor(cause, context, {
                  retryAfterSeconds: retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000),
              });
    const diagnosis: Diagnosis = { cause, ...remedy };
    if (HttpError.is(error) && error.requestId) {
        // Servers have been seen echoing the key inside requestStatus.requestId.
        diagnosis.requestId = redactor.redact(error.requestId);
    }
    const detail = detailOf(error);
    if (detail) {
        diagnosis.detail = redactor.redact(detail);
    }
    return diagnosis;
}

function causeOf(error: unknown, ctx: DiagnoseContext): Cause {
    if (CancelledError.is(error)) {
        return 'unknown';
    }
    if (isZodError(error)) {
        return 'badResponse';
    }
    if (!HttpError.is(error)) {
        return 'unknown';
    }
    switch (error.kind) {
        case 'network':
        case 'timeout':
            return 'network';
        case 'format':
            return 'badResponse';
        case 'status':
            return causeOfStatus(error.status ?? 0, ctx);
    }
}

function causeOfStatus(status: number, ctx: DiagnoseContext): Cause {
    const hasKey = ctx.keyKind !== undefined && ctx.keyKind !== 'none';
    switch (status) {
        case 401:
            if (ctx.keyKind === 'none') {
                return 'noKey';
            }
            if (
                hasKey &&
                ctx.org &&
                ctx.keyOrgs &&
                ctx.keyOrgs.length > 0 &&
                !ctx.keyOrgs.includes(ctx.org) &&
                !PUBLIC_ORGS.has(ctx.org)
            ) {
                return 'wrongOrg';
            }
            return 'invalidKey';
        case 403:
            return causeOf403(ctx);
        case 404:
            return ctx.keyKind === 'none' ? 'notFoundOrNoAccess' : 'notFound';
        case 412:
            return 'licenseRequired';
        case 451:
            return 'euRestricted';
        case 429:
            return 'rateLimited';
        default:
            return status >= 500 ? 'server' : status >= 400 ? 'refused' : 'unknown';
    }
}

function causeOf403(ctx: DiagnoseContext): Cause {
    if (ctx.keyKind === 'service') {
        // Any 403 to a service key: it cannot list (tags, versions, files, orgs, teams, search), and reaches only
        // the artifacts its org granted it by full path. Saying "not a member of team X" would send people astray.
        return 'serviceKeyCannotList';
    }
    if (ctx.productNames && ctx.productNames.length > 0) {
        return 'notEntitled';
    }
    const orgKnown = ctx.org !== undefined && ctx.keyOrgs !== undefined;
    const inOrg = ctx.org !== undefined && (PUBLIC_ORGS.has(ctx.org) || (ctx.keyOrgs ?? []).includes(ctx.org));
    if (orgKnown && !inOrg) {
        return 'notMember';
    }
    if (ctx.team && ctx.keyTeams !== undefined && !ctx.keyTeams.includes(`${ctx.org}/${ctx.team}`)) {
        return 'notMember';
    }
    // A member (or a public-catalog reader) refused one artifact: that is an entitlement. Refused a listing: membership.
    if (ctx.artifact && ctx.operation !== 'list') {
        return 'notEntitled';
    }
    return 'notMember';
}

function detailOf(error: unknown): string | undefined {
    if (HttpError.is(error)) {
        return error.message;
    }
    if (error instanceof Error) {
        return error.message;
    }
    return error === undefined ? undefined : String(error);
}

function isZodError(error: unknown): boolean {
    return error instanceof Error && error.name === 'ZodError';
}
