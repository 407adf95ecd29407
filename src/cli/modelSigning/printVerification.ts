import { describeModelFailure, failuresByCheck, type ModelVerification } from '../../core/modelsign/result';
import type { CliContext } from '../command';
import { formatBytes } from '../../core/lib/format';

/** The human report of a verified model on stdout (nothing under --json; the caller writes the document). */
export function printVerified(dir: string, result: ModelVerification, ctx: CliContext): void {
    const signer =
        result.signer?.kind === 'certificate'
            ? `${result.signer.subject}\n  chain      ${result.signer.chain.join(' <- ')}`
            : `public key sha256:${result.signer?.sha256 ?? '?'}`;
    const unsigned =
        (result.unsignedFiles.length > 0 ? `; ${result.unsignedFiles.length} unsigned file(s) ignored` : '') +
        (result.notChecked.length > 0
            ? `; ${result.notChecked.length} signed file(s) not downloaded, not checked`
            : '');
    ctx.stdout.write(
        `Verified: ${dir}\n` +
            `  signature  ${result.signaturePath}\n` +
            `  signed by  ${signer}\n` +
            `  files      ${result.filesVerified} verified (${formatBytes(result.bytesHashed)})${unsigned}\n`,
    );
}

/** Every failure on stderr, one a line, at most `limit` (then a count). */
export function printFailures(result: ModelVerification, ctx: CliContext, limit = 50): void {
    for (const f of result.failures.slice(0, limit)) {
        const detail = f.expected !== undefined ? ` (expected ${f.expected}, got ${f.actual ?? '-'})` : '';
        ctx.stderr.write(`  ${describeModelFailure(f)}${detail}\n`);
    }
    if (result.failures.length > limit) {
        ctx.stderr.write(`  … and ${result.failures.length - limit} more\n`);
    }
}

/** `signature verification failed: fileDigest (2 files), extraFile (1 file)` */
export function failureSummary(result: ModelVerification): string {
    const parts = failuresByCheck(result).map(({ check, count, first }) =>
        first.file === undefined ? `${check}: ${first.message}` : `${check} (${count} file${count === 1 ? '' : 's'})`,
    );
    return `model signature verification failed: ${parts.join(', ')}`;
}
