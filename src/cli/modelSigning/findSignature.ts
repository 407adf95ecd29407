import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { UsageError } from '../command';

/** The name NVIDIA's NGC tooling saves a model version's signature under (ngcsdk `download_version_signature`). */
export const NGC_SIGNATURE_NAME = 'result.sigstore';

/**
 * The signature of a model directory when none is named: `result.sigstore` (NGC), else the one `*.sig` at the top
 * (`model.sig` from model_signing, `skill.oms.sig` from NVIDIA's skills). Undefined when there is none; a usage
 * error when several could be meant.
 */
export async function findSignature(dir: string): Promise<string | undefined> {
    const names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
    if (names.includes(NGC_SIGNATURE_NAME)) {
        return path.join(dir, NGC_SIGNATURE_NAME);
    }
    const sigs = names.filter((n) => n.endsWith('.sig')).sort();
    if (sigs.length > 1) {
        throw new UsageError(`${dir} holds several signatures (${sigs.join(', ')}): name one with --signature FILE`);
    }
    return sigs[0] === undefined ? undefined : path.join(dir, sigs[0]);
}
