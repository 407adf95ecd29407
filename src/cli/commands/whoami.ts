import type { KeyIdentity } from '../../core/ngc/identity';
import { listOrgs } from '../../core/ngc/users';
import { ExitCode, type CliCommand, type CliContext } from '../command';
import { formatTable, writeJson } from '../output';

const KEY_HELP = 'Set NGC_API_KEY (or NGC_CLI_API_KEY) to a key from https://org.ngc.nvidia.com/setup/api-keys';

/** What a service key can and cannot do, said wherever the key kind is shown. */
const SERVICE_KEY_NOTE =
    'a service key pulls images and reads or downloads artifacts by their full path; it cannot list or search ' +
    '(tags, versions, files, orgs, teams): use a personal key to browse';

const KEY_TYPE_TEXT: Record<KeyIdentity['kind'], string> = {
    personal: 'personal API key (nvapi-)',
    service: 'service key (nvapi-)',
    legacy: 'legacy API key (exchanged for tokens)',
};

/** `whoami`: key type, user, orgs/teams and roles; as a guest, says so and how to set a key. */
export const whoamiCommand: CliCommand = {
    name: 'whoami',
    summary: 'key type, user, orgs/teams, roles',
    usage: 'whoami',
    options: {},
    positionals: { min: 0, max: 0 },
    async run(_args, ctx) {
        const client = ctx.ngc;
        if (!client.hasKey) {
            return guest(ctx);
        }
        const identity = await client.identity(ctx.signal);
        if (identity.orgs.length === 0 && identity.kind !== 'service') {
            // Caller info without roles (seen for some keys): ask /v2/orgs, which lists the key's orgs.
            const orgs = await listOrgs(client, ctx.signal).catch(() => []);
            identity.orgs = orgs.map((o) => o.name);
        }
        const defaultOrg = ctx.env.org;
        const warning =
            defaultOrg && !identity.orgs.includes(defaultOrg)
                ? `NGC_ORG is "${defaultOrg}", which this key is not a member of (its orgs: ${identity.orgs.join(', ') || 'none'}).`
                : undefined;
        if (ctx.json) {
            writeJson(ctx.stdout, {
                guest: false,
                keyType: identity.kind,
                callerType: identity.callerType,
                user: identity.user ?? null,
                keyOrg: identity.orgName,
                defaultOrg: defaultOrg ?? null,
                defaultTeam: ctx.env.team ?? null,
                orgs: identity.orgs,
                teams: identity.teams,
                roles: identity.roles,
                products: identity.products,
                ...(identity.kind === 'service' ? { note: SERVICE_KEY_NOTE } : {}),
                ...(warning ? { warning } : {}),
            });
            return ExitCode.ok;
        }
        const user = identity.user
            ? `${identity.user.name ?? '(no name)'}${identity.user.email ? ` <${identity.user.email}>` : ''}`
            : identity.kind === 'service'
              ? '(none: service keys act for an org, not a person)'
              : '(unknown)';
        const facts: [string, string][] = [
            ['Key type', KEY_TYPE_TEXT[identity.kind]],
            ...(identity.kind === 'service' ? ([['Note', SERVICE_KEY_NOTE]] as [string, string][]) : []),
            ['User', user],
            ...(identity.orgName ? ([['Key org', identity.orgName]] as [string, string][]) : []),
            ['Orgs', identity.orgs.join(', ') || '(none)'],
            ['Teams', identity.teams.join(', ') || '(none)'],
            ...(identity.products.length > 0
                ? ([['Products', identity.products.join(', ')]] as [string, string][])
                : []),
            ...(defaultOrg
                ? ([['Default org', ctx.env.team ? `${defaultOrg}/${ctx.env.team}` : defaultOrg]] as [string, string][])
                : []),
        ];
        const width = Math.max(...facts.map(([k]) => k.length));
        ctx.stdout.write(facts.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n');
        if (identity.roles.length > 0) {
            ctx.stdout.write('\n');
            ctx.stdout.write(
                formatTable(
                    ['ORG', 'TEAM', 'ROLES'],
                    identity.roles.map((r) => [r.org, r.team ?? '-', r.roles.join(', ') || '-']),
                ),
            );
        }
        if (warning) {
            ctx.stderr.write(`warning: ${warning}\n`);
        }
        return ExitCode.ok;
    },
};

function guest(ctx: CliContext) {
    if (ctx.json) {
        writeJson(ctx.stdout, {
            guest: true,
            keyType: 'none',
            user: null,
            orgs: [],
            teams: [],
            roles: [],
            products: [],
            hint: KEY_HELP,
        });
    } else {
        ctx.stdout.write(
            'No API key is set: you are browsing the public NGC catalog as a guest.\n' +
                `${KEY_HELP} to see your orgs, teams and private content.\n`,
        );
    }
    return ExitCode.ok;
}
