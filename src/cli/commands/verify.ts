import type { KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fetchCosignPublicKey, verifyCosignSignatures } from '../../core/registry/cosign';
import { InvalidPublicKeyError, parsePublicKey } from '../../core/registry/cosignPayload';
import { formatReference } from '../../core/registry/reference';
import { resolveImage } from '../../core/registry/resolve';
import { CliFailure, ExitCode, type CliCommand, type CliContext } from '../command';
import { writeJson } from '../output';
import { imageArg } from '../args';

/** Environment variable naming a PEM file that replaces NGC's published cosign key (mirrors, air-gapped sites). */
export const PUBLIC_KEY_ENV = 'NGC_COSIGN_PUBLIC_KEY';

/**
 * `verify IMAGE [--public-key FILE]`: checks the image's key-based cosign signature against NGC's public key (or
 * the one in `--public-key` / `NGC_COSIGN_PUBLIC_KEY`). Exit 0 when verified; 6 with what failed (not signed,
 * signature does not verify, signed for another digest); registry failures go to diagnosis (3/4/5).
 */
export const verifyCommand: CliCommand = {
    name: 'verify',
    summary: 'check the cosign signature of an image',
    usage: 'verify IMAGE [--public-key FILE]',
    options: { 'public-key': { type: 'string' } },
    positionals: { min: 1, max: 1 },
    async run(args, ctx) {
        const ref = imageArg(args.positionals[0] ?? '', ctx);
        const keyFile = stringValue(args.values['public-key']) ?? ctx.processEnv[PUBLIC_KEY_ENV]?.trim();
        const client = ctx.registry;
        const resolved = await resolveImage(client, ref, { signal: ctx.signal });
        const key = await publicKeyFor(ctx, keyFile);
        const target = { registry: ref.registry, repository: ref.repository };
        const result = await verifyCosignSignatures(client, target, resolved.indexDigest, key, {
            signal: ctx.signal,
            log: ctx.log,
        });
        const shown = formatReference({
            registry: ref.registry,
            repository: ref.repository,
            tag: ref.tag,
            digest: resolved.indexDigest,
        });
        const keySource = keyFile ?? `${ctx.env.endpoints.apiUrl}/v2/catalog/containers/public-key`;
        if (ctx.json) {
            writeJson(ctx.stdout, { reference: shown, publicKey: keySource, ...result });
        }
        if (result.verified) {
            if (!ctx.json) {
                const count = `${result.signatures.filter((s) => s.ok).length} of ${result.signatures.length} signature(s) valid`;
                ctx.stdout.write(`Verified: ${shown}\n  ${result.reason} (${count}; key: ${keySource})\n`);
            }
            return ExitCode.ok;
        }
        const what =
            result.failure === 'unsigned'
                ? 'not signed'
                : result.failure === 'badSignature'
                  ? 'signature does not verify'
                  : 'signature is not valid for this image';
        const message = `${shown}: ${what}: ${result.reason}`;
        if (ctx.json) {
            ctx.stderr.write(`ngc-explorer verify: ${message}\n`);
            return ExitCode.verificationFailed;
        }
        for (const s of result.signatures) {
            ctx.stderr.write(`  signature ${s.layerDigest ?? '?'}: ${s.reason}\n`);
        }
        throw new CliFailure(message, ExitCode.verificationFailed);
    },
};

async function publicKeyFor(ctx: CliContext, file: string | undefined): Promise<KeyObject> {
    try {
        if (file) {
            let text: string;
            try {
                text = await readFile(file, 'utf8');
            } catch (error) {
                throw new CliFailure(
                    `cannot read the public key file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
                    ExitCode.failure,
                );
            }
            return parsePublicKey(text, file);
        }
        return await fetchCosignPublicKey(ctx.http, ctx.env.endpoints.apiUrl, ctx.signal);
    } catch (error) {
        if (InvalidPublicKeyError.is(error)) {
            throw new CliFailure(error.message, ExitCode.failure);
        }
        throw error;
    }
}

function stringValue(value: unknown): string | undefined {
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
