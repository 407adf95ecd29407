import type { DiagnoseContext } from './context';

/** Why an NGC operation failed, as far as the status, the body and the context can tell. */
export type Cause =
    | 'noKey'
    | 'invalidKey'
    | 'wrongOrg'
    | 'serviceKeyCannotList'
    | 'notEntitled'
    | 'notMember'
    | 'licenseRequired'
    | 'euRestricted'
    | 'notFound'
    | 'notFoundOrNoAccess'
    | 'rateLimited'
    | 'network'
    | 'server'
    | 'badResponse'
    // Core's typed failures that are not HTTP statuses (coreErrors.ts).
    | 'badInput'
    | 'platformNotFound'
    | 'digestMismatch'
    | 'verificationFailed'
    | 'signatureInvalid'
    | 'unsafePath'
    | 'versionNotReady'
    | 'diskFull'
    | 'destination'
    | 'noFiles'
    | 'incomplete'
    | 'localFile'
    | 'dockerUnavailable'
    | 'dockerDiskFull'
    | 'dockerDaemon'
    | 'mirrorTarget'
    // A 4xx the map does not know (400, 405, 409, 422, …): the server refused this request; retrying will not help.
    | 'refused'
    | 'unknown';

/**
 * The fix the editor offers as a button or menu entry next to the message (it runs the command that does it; the
 * CLI prints {@link Remedy.cli} instead). `openCatalogPage`: the artifact's NGC page, where entitlements are requested.
 */
export type DiagnosisAction = 'setApiKey' | 'switchOrg' | 'openLicense' | 'openCatalogPage' | 'retry' | 'checkSettings';

/** CLI exit codes per DESIGN.md: 2 bad input, 3 not authenticated, 4 not permitted, 5 not found, 6 verification, 1 else. */
export type DiagnosisExitCode = 1 | 2 | 3 | 4 | 5 | 6;

/**
 * What to do, per surface. `remedy` is said in words that hold on every surface (no setting names, no commands);
 * the editor adds the button `action` names, the CLI prints `cli`, a command or environment line to type.
 */
export interface Remedy {
    title: string;
    remedy: string;
    action?: DiagnosisAction;
    cli?: string;
    exitCode: DiagnosisExitCode;
}

/** Extra facts a remedy may quote. */
export interface RemedyFacts {
    retryAfterSeconds?: number;
}

const NEW_KEY = 'Create a key at org.ngc.nvidia.com/setup/api-keys.';
/** The CLI's way to set a key (the editor's is the "Set API Key" button). */
export const SET_KEY_CLI = 'export NGC_API_KEY=<your key>';

function where(ctx: DiagnoseContext): string {
    return ctx.team ? `${ctx.org}/${ctx.team}` : (ctx.org ?? 'this org');
}

function what(ctx: DiagnoseContext): string {
    return ctx.artifact ? `"${ctx.artifact}"` : 'this item';
}

/** The title, advice, action and exit code for each cause; the texts never quote a key or a token. */
export function remedyFor(cause: Cause, ctx: DiagnoseContext, facts: RemedyFacts = {}): Remedy {
    switch (cause) {
        case 'noKey':
            return {
                title: 'Not authenticated: no API key is set',
                remedy:
                    `You are browsing as a guest, and ${ctx.org ? `${ctx.team ? 'team' : 'org'} "${where(ctx)}"` : 'this'} needs a key. ` +
                    'NGC answers 401 rather ' +
                    `than 404 on org paths without a key, so ${what(ctx)} may also not exist. ${NEW_KEY}`,
                action: 'setApiKey',
                cli: SET_KEY_CLI,
                exitCode: 3,
            };
        case 'invalidKey':
            return {
                title: 'Not authenticated: the API key was rejected',
                remedy: `The key is invalid, expired or revoked. ${NEW_KEY}`,
                action: 'setApiKey',
                cli: SET_KEY_CLI,
                exitCode: 3,
            };
        case 'wrongOrg':
            return {
                title: `Not authenticated for org "${ctx.org ?? '?'}"`,
                remedy:
                    `Your key belongs to ${listOrgs(ctx.keyOrgs)}, not "${ctx.org ?? '?'}". A personal key only works in its own orgs: ` +
                    `switch to one of them or use a key created in "${ctx.org ?? '?'}".`,
                action: 'switchOrg',
                cli: `export NGC_ORG=${ctx.keyOrgs?.[0] ?? '<org>'}`,
                exitCode: 3,
            };
        case 'serviceKeyCannotList':
            return {
                title:
                    ctx.operation === 'read' || ctx.operation === 'download' || ctx.operation === 'pull'
                        ? `Not permitted with a service key${ctx.artifact ? `: ${ctx.artifact}` : ''}`
                        : 'Service keys cannot list',
                remedy:
                    'The key in use is a service key (HTTP 403). A service key can pull images and read or download ' +
                    'artifacts it was granted, by their full path (org/[team/]name[:version]); it cannot list or ' +
                    `browse (tags, versions, files, orgs, teams, search), so ${serviceKeyRefused(ctx)} was refused. ` +
                    'Use a personal key (nvapi-, from org.ngc.nvidia.com/setup/api-keys) to browse and list.',
                action: 'setApiKey',
                cli: SET_KEY_CLI,
                exitCode: 4,
            };
        case 'notEntitled':
            return {
                title: 'Not permitted: a subscription is required',
                remedy:
                    `${capital(what(ctx))} needs an entitlement your key's org does not have` +
                    `${ctx.productNames?.length ? ` (${ctx.productNames.join(', ')})` : ' (for example NVIDIA AI Enterprise)'}. ` +
                    'Ask your org admin to add the subscription, or use a key from an org that has it.',
                // A guest needs a key first (an entitled key is the only way in); a key holder requests it there.
                action: ctx.keyKind === 'none' ? 'setApiKey' : 'openCatalogPage',
                exitCode: 4,
            };
        case 'notMember':
            return {
                title: `Not permitted in ${ctx.team ? 'team' : 'org'} "${where(ctx)}"`,
                remedy:
                    `Your key is valid but not a member of ${ctx.team ? 'team' : 'org'} "${where(ctx)}". ` +
                    'Ask an admin to add you, or switch to an org/team you belong to.',
                action: 'switchOrg',
                cli: 'export NGC_ORG=<org> NGC_TEAM=<team>',
                exitCode: 4,
            };
        case 'licenseRequired':
            return {
                title: 'A licence must be accepted first',
                remedy: `${capital(what(ctx))} is licence-gated: accept its licence in the NGC web UI (catalog page → Download), then retry.`,
                action: 'openLicense',
                exitCode: 4,
            };
        case 'euRestricted':
            return {
                title: 'Unavailable in your region',
                remedy: `${capital(what(ctx))} is not available for legal reasons in your region (HTTP 451, e.g. EU-restricted content).`,
                exitCode: 4,
            };
        case 'notFound':
            return {
                title: 'Not found',
                remedy: `${capital(what(ctx))} does not exist: check the org, team, name and version.`,
                exitCode: 5,
            };
        case 'notFoundOrNoAccess':
            return {
                title: 'Not found (or private)',
                remedy:
                    `${capital(what(ctx))} was not found in the public catalog. If it is private to your org, set an API key ` +
                    `and try again; otherwise check the name. ${NEW_KEY}`,
                action: 'setApiKey',
                cli: SET_KEY_CLI,
                exitCode: 5,
            };
        case 'rateLimited':
            return {
                title: 'Rate limited by NGC',
                remedy:
                    facts.retryAfterSeconds !== undefined
                        ? `Too many requests: NGC asks to wait ${facts.retryAfterSeconds} s before retrying.`
                        : 'Too many requests: wait a minute and retry, or lower the concurrency.',
                action: 'retry',
                exitCode: 1,
            };
        case 'network':
            return {
                title: 'Cannot reach NGC',
                remedy: 'Check your network, your proxy and the NGC endpoint URLs.',
                action: 'checkSettings',
                cli: 'check HTTPS_PROXY, NO_PROXY and NGC_API_URL / NGC_AUTH_URL / NGC_REGISTRY',
                exitCode: 1,
            };
        case 'server':
            return {
                title: 'NGC had a server error',
                remedy: 'The service failed on its side; retry in a moment. Quote the request id if you contact NVIDIA support.',
                action: 'retry',
                exitCode: 1,
            };
        case 'badResponse':
            return {
                title: 'Unexpected answer from NGC',
                remedy:
                    'The server sent something that is not the expected JSON; a proxy, captive portal or wrong endpoint URL may be in ' +
                    'the way. Check the NGC endpoint URLs and your proxy.',
                action: 'checkSettings',
                cli: 'check NGC_API_URL and HTTPS_PROXY',
                exitCode: 1,
            };
        case 'badInput':
        case 'platformNotFound':
        case 'digestMismatch':
        case 'verificationFailed':
        case 'signatureInvalid':
        case 'unsafePath':
        case 'versionNotReady':
        case 'diskFull':
        case 'destination':
        case 'noFiles':
        case 'incomplete':
        case 'localFile':
        case 'dockerUnavailable':
        case 'dockerDiskFull':
        case 'dockerDaemon':
        case 'mirrorTarget':
            // Explained from the error itself (coreErrors.ts); reached only when a caller names the cause alone.
            return { title: 'The operation failed', remedy: 'See the details below.', exitCode: 1 };
        case 'refused':
            return {
                title: 'The server refused the request',
                remedy:
                    `The server answered that ${ctx.artifact ? `the request for ${what(ctx)}` : 'this request'} cannot be ` +
                    'served as asked; retrying the same request will not help. Check the name, version and arguments.',
                exitCode: 1,
            };
        case 'unknown':
            return {
                title: 'The request failed',
                remedy: 'See the details below; retry, or check the logs.',
                exitCode: 1,
            };
    }
}

function serviceKeyRefused(ctx: DiagnoseContext): string {
    switch (ctx.operation) {
        case 'search':
            return 'searching the catalog';
        case 'list':
            return ctx.artifact ? `listing ${ctx.artifact}` : `listing ${where(ctx)}`;
        default:
            return ctx.artifact ? `"${ctx.artifact}"` : 'this request';
    }
}

function listOrgs(orgs: string[] | undefined): string {
    if (!orgs || orgs.length === 0) {
        return 'other orgs';
    }
    return orgs.map((o) => `"${o}"`).join(', ');
}

function capital(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
