import * as vscode from 'vscode';
import { redactor } from '../../core/lib/log';
import type { CredentialKind } from '../../core/registry/credentialStore';
import { CREDENTIAL_KINDS, describeRecord, KIND_TEXT, newRecord } from '../mirror/credentialRecords';
import { knownTargets } from '../mirror/mirrorSettings';
import { parseMirrorTarget } from '../mirror/mirrorTargets';
import { registryCredentialsFor } from '../mirror/registryCredentials';
import type { CommandContext } from './commandContext';

const OTHER_HOST = '$(edit) Another registry host…';

/**
 * `NGC: Add Registry Credential…`: a username and password (or the kind's equivalent: robot account, identity
 * token, IAM access key, AK/SK) for one exact registry hostname, kept in SecretStorage and sent to that host only.
 * Given a host (Mirror to… passes the target's), asks only for the rest. Resolves true when a credential was stored.
 */
export async function addRegistryCredential(ctx: CommandContext, hostArg?: unknown): Promise<boolean> {
    const hostname = typeof hostArg === 'string' && hostArg !== '' ? hostArg : await askHost(ctx);
    if (!hostname) {
        return false;
    }
    const kindPick = await vscode.window.showQuickPick(
        CREDENTIAL_KINDS.map((kind) => ({
            label: KIND_TEXT[kind].label,
            detail: KIND_TEXT[kind].detail,
            credentialKind: kind,
        })),
        { title: `Registry credential for ${hostname}: what kind of registry?` },
    );
    if (!kindPick) {
        return false;
    }
    const kind: CredentialKind = kindPick.credentialKind;
    const text = KIND_TEXT[kind];
    const username = await vscode.window.showInputBox({
        title: `Registry credential for ${hostname} (${text.label})`,
        prompt: text.username,
        ignoreFocusOut: true,
        validateInput: (v) =>
            v.trim() === ''
                ? `Enter the ${text.username.toLowerCase()}`
                : v.includes(':')
                  ? 'No ":" in a username'
                  : undefined,
    });
    if (username === undefined) {
        return false;
    }
    const password = await vscode.window.showInputBox({
        title: `Registry credential for ${hostname} (${text.label})`,
        prompt: `${text.password} for ${username.trim()}. Kept in SecretStorage; sent to ${hostname} only.`,
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => (v === '' ? `Enter the ${text.password.toLowerCase()}` : undefined),
    });
    if (password === undefined) {
        return false;
    }
    redactor.add(password);
    const record = newRecord({ hostname, kind, username, password });
    if ('error' in record) {
        void vscode.window.showErrorMessage(`The credential for ${hostname} was not stored: ${record.error}`);
        return false;
    }
    await registryCredentialsFor(ctx.extension.secrets, ctx.log).add(record);
    void vscode.window.showInformationMessage(
        `Stored the ${text.label} credential for ${record.hostname} (${username.trim()}) in SecretStorage.`,
    );
    return true;
}

/** `NGC: Remove Registry Credential…`: picks one of the hosts stored here and forgets its credential. */
export async function removeRegistryCredential(ctx: CommandContext): Promise<void> {
    const store = registryCredentialsFor(ctx.extension.secrets, ctx.log);
    const records = await store.list();
    if (records.length === 0) {
        void vscode.window.showInformationMessage('No registry credential is stored in SecretStorage.');
        return;
    }
    const pick = await vscode.window.showQuickPick(
        records.map((r) => ({ ...describeRecord(r), hostname: r.hostname })),
        { title: 'Remove the registry credential for which host?' },
    );
    if (!pick) {
        return;
    }
    await store.remove(pick.hostname);
    void vscode.window.showInformationMessage(`Removed the registry credential for ${pick.hostname}.`);
}

/** The mirror targets' hosts to choose from, or one typed in (host[:port], matched exactly). */
async function askHost(ctx: CommandContext): Promise<string | undefined> {
    const hosts = [...new Set(knownTargets(ctx.extension.globalState).map((t) => t.host))];
    if (hosts.length > 0) {
        const pick = await vscode.window.showQuickPick([...hosts.map((h) => ({ label: h })), { label: OTHER_HOST }], {
            title: 'Add a registry credential for which host?',
        });
        if (!pick) {
            return undefined;
        }
        if (pick.label !== OTHER_HOST) {
            return pick.label;
        }
    }
    const typed = await vscode.window.showInputBox({
        title: 'Add a registry credential',
        prompt: 'Registry hostname, matched exactly: host[:port], no scheme or path',
        placeHolder: 'harbor.example.com',
        ignoreFocusOut: true,
        validateInput: (v) => {
            const parsed = parseMirrorTarget(v);
            return 'error' in parsed ? parsed.error : parsed.path ? 'Only the host[:port], without a path' : undefined;
        },
    });
    if (typed === undefined) {
        return undefined;
    }
    const parsed = parseMirrorTarget(typed);
    return 'error' in parsed ? undefined : parsed.host;
}
