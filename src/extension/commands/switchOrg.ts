import * as vscode from 'vscode';
import { saveOrgTeam } from '../platform/config';
import type { CommandContext } from './commandContext';
import { identityOrOfferKey } from './signInPrompts';

/** `NGC: Switch Org / Team` (status bar, view title, error nodes): picks from the key's orgs and teams. */
export async function switchOrg(ctx: CommandContext): Promise<void> {
    const identity = await identityOrOfferKey(ctx, 'Set an API key first: orgs and teams come from the key.');
    if (!identity) {
        return;
    }
    const { org: currentOrg, team: currentTeam } = ctx.session.settings;
    const items = identity.orgs.flatMap((org) => [
        {
            label: `$(organization) ${org}`,
            description: org === currentOrg && !currentTeam ? 'current' : undefined,
            org,
            team: undefined as string | undefined,
        },
        ...identity.teams
            .filter((t) => t.startsWith(`${org}/`))
            .map((t) => {
                const team = t.slice(org.length + 1);
                return {
                    label: `$(type-hierarchy-sub) ${org}/${team}`,
                    description: org === currentOrg && team === currentTeam ? 'current' : undefined,
                    org,
                    team,
                };
            }),
    ]);
    const pick = await vscode.window.showQuickPick(items, {
        title: 'NGC: Switch Org / Team',
        placeHolder: 'Org or org/team for org-scoped requests',
    });
    if (pick) {
        await saveOrgTeam(pick.org, pick.team);
    }
}
