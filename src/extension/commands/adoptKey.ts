import * as vscode from 'vscode';
import { judgeKey, type KeyVerdict } from '../auth/keyVerdict';
import { acknowledgingCancel } from '../platform/cancelNotice';
import { saveOrgTeam } from '../platform/config';
import { withCancellableProgress } from '../platform/progress';
import type { CommandContext } from './commandContext';
import { describeIdentity } from './identityText';

/** Where API keys are made; "Create a Key" opens it. */
export const NGC_KEYS_PAGE = 'https://org.ngc.nvidia.com/setup/api-keys';

/**
 * A key the user typed or picked becomes the stored key only after NGC said who it is (a cancellable notification
 * while it asks). Refused, for another org, or not checkable: the previous key stays, and the message says why and
 * what the user had before, with buttons to go on. `from` says where an imported key came from (for the log).
 */
export async function adoptKey(ctx: CommandContext, key: string, from?: string): Promise<void> {
    const had = await ctx.keys.get();
    const kept = had ? 'Your previous key is still in use.' : 'You keep browsing the public catalog as a guest.';
    const outcome = await acknowledgingCancel(
        ctx.log,
        'keyCheck',
        had ? 'the previous key is still in use' : 'you keep browsing as a guest',
        () =>
            withCancellableProgress('NGC: checking the key with NGC…', (_report, signal) =>
                ctx.session.checkKey(key, signal),
            ),
        () => ({}),
    );
    if (!outcome) {
        return;
    }
    const verdict = judgeKey(key, ctx.session.settings.org, outcome);
    if (verdict.ok) {
        await store(ctx, key, verdict, from);
        return;
    }
    ctx.log.warn(`the new key was not stored: ${verdict.title}. ${verdict.detail}`);
    const buttons = buttonsFor(verdict);
    const choice = await vscode.window.showErrorMessage(
        `${verdict.title}. ${verdict.detail} ${kept}`,
        ...buttons.map((b) => b.label),
    );
    await buttons.find((b) => b.label === choice)?.run(ctx, key, from);
}

interface KeyButton {
    label: string;
    run(ctx: CommandContext, key: string, from?: string): PromiseLike<unknown>;
}

const enterAnother: KeyButton = {
    label: 'Enter Another Key',
    run: () => vscode.commands.executeCommand('ngc.auth.setApiKey'),
};

function buttonsFor(verdict: Exclude<KeyVerdict, { ok: true }>): KeyButton[] {
    switch (verdict.reason) {
        case 'refused':
        case 'notAKey':
            return [
                enterAnother,
                { label: 'Create a Key', run: () => vscode.env.openExternal(vscode.Uri.parse(NGC_KEYS_PAGE)) },
            ];
        case 'wrongOrg': {
            const org = verdict.keyOrgs?.[0];
            return [
                enterAnother,
                ...(org
                    ? [
                          {
                              label: `Use It in "${org}"`,
                              run: async (ctx: CommandContext, key: string, from?: string) => {
                                  await saveOrgTeam(org, undefined);
                                  await adoptKey(ctx, key, from);
                              },
                          },
                      ]
                    : []),
            ];
        }
        case 'unreachable':
        case 'failed':
            return [
                {
                    label: 'Try Again',
                    run: (ctx, key, from) => adoptKey(ctx, key, from),
                },
                { label: 'Show Log', run: () => vscode.commands.executeCommand('ngc.log.show') },
            ];
    }
}

async function store(ctx: CommandContext, key: string, verdict: Extract<KeyVerdict, { ok: true }>, from?: string) {
    await ctx.keys.set(key);
    ctx.log.info(`stored a new API key${from ? ` from ${from}` : ''} after NGC confirmed it`);
    const [head] = describeIdentity(verdict.identity);
    const who = `${head?.label ?? ''} ${head?.description ?? ''}`.trim();
    void vscode.window.showInformationMessage(`NGC: signed in — ${who}.${verdict.note ? ` ${verdict.note}` : ''}`);
}
