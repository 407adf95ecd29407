import {
    CREDENTIAL_KINDS,
    CredentialFileError,
    decodeSecret,
    parseCredentialFile,
    type CredentialKind,
    type CredentialRecord,
} from '../../core/registry/credentialStore';

/**
 * The extension keeps third-party registry credentials in SecretStorage as the same JSON array the CLI reads from
 * `NGC_REGISTRY_CREDENTIALS` (DESIGN.md: one record per exact hostname, the secret base64 of `username:password`),
 * so one parser (core's, zod) reads both and a record can move between them unchanged.
 */
export const STORE_NAME = 'the registry credentials in SecretStorage';

/** What the pickers say about each kind, and what the username and password are called there. */
export const KIND_TEXT: Record<CredentialKind, { label: string; detail: string; username: string; password: string }> =
    {
        generic: {
            label: 'Generic registry',
            detail: 'Username and password (CNCF distribution, Quay, GitLab, Nexus, …)',
            username: 'Username',
            password: 'Password or access token',
        },
        harbor: {
            label: 'Harbor',
            detail: 'A user or a robot account (robot$project+name, typed as is)',
            username: 'Username or robot account name',
            password: 'Password or robot secret',
        },
        artifactory: {
            label: 'JFrog Artifactory',
            detail: 'Username with a password or an identity token',
            username: 'Username',
            password: 'Password or identity token',
        },
        ecr: {
            label: 'Amazon ECR',
            detail: 'IAM access key id and secret; exchanged for the 12-hour registry password when used',
            username: 'Access key ID',
            password: 'Secret access key',
        },
        acr: {
            label: 'Azure Container Registry',
            detail: 'Admin user, or a service principal (application id and secret)',
            username: 'Admin user or application (client) id',
            password: 'Password or client secret',
        },
        volcengine: {
            label: 'VolcEngine CR',
            detail: 'Access key (AK) and secret key (SK)',
            username: 'Access key (AK)',
            password: 'Secret key (SK)',
        },
    };

export { CREDENTIAL_KINDS };

/** Reads the stored text; a store that does not parse is reported (never with its content) and read as empty. */
export function readStoredRecords(text: string | undefined): { records: CredentialRecord[]; problem?: string } {
    if (!text) {
        return { records: [] };
    }
    try {
        return { records: [...parseCredentialFile(text, STORE_NAME).values()] };
    } catch (error) {
        if (CredentialFileError.is(error)) {
            return { records: [], problem: error.message };
        }
        throw error;
    }
}

/**
 * A new record from what the user typed, validated by the same schema as the file; the reason in words when the
 * hostname or the pair cannot be used. The password is not trimmed (it may end in a space); the username is.
 */
export function newRecord(input: {
    hostname: string;
    kind: CredentialKind;
    username: string;
    password: string;
}): CredentialRecord | { error: string } {
    const username = input.username.trim();
    if (username === '' || username.includes(':')) {
        return { error: 'The username must not be empty nor contain ":"' };
    }
    if (input.password === '') {
        return { error: 'The password must not be empty' };
    }
    const secret = Buffer.from(`${username}:${input.password}`, 'utf8').toString('base64');
    try {
        const [record] = parseCredentialFile(
            JSON.stringify([{ hostname: input.hostname, secret, kind: input.kind }]),
            'the credential',
        ).values();
        return record ?? { error: 'The credential could not be read back' };
    } catch (error) {
        if (CredentialFileError.is(error)) {
            return { error: error.message.replace(/^registry credentials file the credential: record 1: /, '') };
        }
        throw error;
    }
}

/** The records with `record` in place of any for the same hostname. */
export function withRecord(records: readonly CredentialRecord[], record: CredentialRecord): CredentialRecord[] {
    return [...records.filter((r) => r.hostname !== record.hostname), record];
}

/** The records without the one for `hostname`. */
export function withoutHost(records: readonly CredentialRecord[], hostname: string): CredentialRecord[] {
    const host = hostname.toLowerCase();
    return records.filter((r) => r.hostname !== host);
}

/** The stored form: the CLI's file format. */
export function serialiseRecords(records: readonly CredentialRecord[]): string {
    return JSON.stringify(
        records.map(({ hostname, secret, kind, description, endpoint }) => ({
            hostname,
            secret,
            kind,
            ...(description ? { description } : {}),
            ...(endpoint ? { endpoint } : {}),
        })),
    );
}

/** What a picker may show of a record: host, kind and username; never the password or the secret. */
export function describeRecord(record: CredentialRecord): { label: string; description: string } {
    const username = decodeSecret(record.secret)?.username ?? '?';
    return { label: record.hostname, description: `${KIND_TEXT[record.kind].label} · ${username}` };
}
