import { fetchModelSignature } from '../../core/modelsign/ngcSignature';
import type { ModelVerification } from '../../core/modelsign/result';
import { verifyModel } from '../../core/modelsign/verifyModel';
import type { NgcClient } from '../../core/ngc/client';
import { BOOKKEEPING_PATHS } from '../../core/transfer/paths';
import type { DownloadPlan } from '../../core/transfer/plan';
import { ExitCode, UsageError, type CliContext } from '../command';
import type { ArtifactKind } from '../../core/ngc/artifactRef';
import { loadModelTrust, type ModelTrust } from './modelTrust';
import { failureSummary, printFailures, printVerified } from './printVerification';

export interface SignatureOutcome {
    exitCode: ExitCode;
    /** The `signature` member of download's JSON document. */
    report: Partial<ModelVerification> & { signed: boolean; verified: boolean };
}

/**
 * `download --verify-signature`, after the files verified: fetches the version's OMS signature into the version
 * folder (`result.sigstore`) and verifies the folder against it. The files stay either way (DESIGN.md); a failure is
 * reported on stderr (and in the JSON) with exit 6, naming the checks that failed; an unsigned version is a failure
 * too, since the caller asked for a signature.
 */
export async function checkDownloadSignature(
    client: NgcClient,
    plan: DownloadPlan,
    trust: ModelTrust,
    ctx: CliContext,
): Promise<SignatureOutcome> {
    const fetched = await fetchModelSignature(client, plan.ref, plan.version, plan.destination, ctx.signal);
    if (!fetched.signed) {
        const message = `${plan.reference} is not signed: there is no model signature to verify (the files stay in ${plan.destination})`;
        ctx.stderr.write(`ngc-explorer download: ${message}\n`);
        return {
            exitCode: ExitCode.verificationFailed,
            report: { signed: false, verified: false, failures: [{ check: 'bundle', message }] },
        };
    }
    const result = await verifyModel(plan.destination, {
        signaturePath: fetched.file,
        trustAnchors: trust.trustAnchors,
        publicKey: trust.publicKey,
        ignorePaths: BOOKKEEPING_PATHS,
        notDownloaded: notInPlan(plan),
        signal: ctx.signal,
    });
    if (result.verified) {
        if (!ctx.json) {
            printVerified(plan.destination, result, ctx);
        }
        return { exitCode: ExitCode.ok, report: { signed: true, ...result } };
    }
    printFailures(result, ctx);
    ctx.stderr.write(
        `ngc-explorer download: ${plan.reference}: ${failureSummary(result)}; the files stay in ${plan.destination}, unverified\n`,
    );
    return { exitCode: ExitCode.verificationFailed, report: { signed: true, ...result } };
}

/**
 * The trust for `--verify-signature`, loaded before anything is downloaded (a missing root is a usage error, exit 2,
 * not a surprise after a long transfer); undefined without the flag.
 */
export async function signatureTrust(
    wanted: boolean,
    kind: ArtifactKind,
    ctx: CliContext,
): Promise<ModelTrust | undefined> {
    if (!wanted) {
        return undefined;
    }
    if (kind !== 'model') {
        throw new UsageError(`--verify-signature applies to models; this is a ${kind}`);
    }
    return loadModelTrust([], undefined, ctx.processEnv);
}

/** For a filtered download: the signed files the plan did not fetch are "not checked", not missing. */
export function notInPlan(plan: DownloadPlan): ((name: string) => boolean) | undefined {
    if (plan.excludedFiles === 0) {
        return undefined;
    }
    const planned = new Set(plan.files.map((f) => f.path));
    return (name) => !planned.has(name);
}
