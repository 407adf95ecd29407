/** The CLI's variable for a replacement cosign public key; the extension honours the same one. */
export const COSIGN_PUBLIC_KEY_ENV = 'NGC_COSIGN_PUBLIC_KEY';

/**
 * The PEM file named by `NGC_COSIGN_PUBLIC_KEY` in `env`, or undefined when unset or blank (an exported empty
 * variable means "not set", as for the CLI). Read once per settings change, never from `process.env` at use.
 */
export function cosignPublicKeyFileFrom(env: NodeJS.ProcessEnv): string | undefined {
    const file = env[COSIGN_PUBLIC_KEY_ENV]?.trim();
    return file ? file : undefined;
}
