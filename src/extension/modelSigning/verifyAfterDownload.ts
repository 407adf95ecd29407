import * as vscode from 'vscode';
import type { Log } from '../../core/lib/log';
import type { NgcClient } from '../../core/ngc/client';
import type { DownloadPlan } from '../../core/transfer/plan';
import { isCancellationError } from '../../core/lib/abort';
import { readModelSigningSettings, type ModelSigningSettings } from './modelSigningSettings';
import type { ModelVerifications } from './modelVerifications';
import { failureReason, showVerification, verificationText } from './showVerification';

/**
 * After a model download (setting `ngc.download.verifySignature`): `auto` fetches the version's OMS signature and
 * verifies the folder whenever the version is signed; `ask` asks first; `never` does nothing. Returns a short verdict
 * for the download notification ("" when nothing was checked). Without a configured root or key it says so once
 * and offers the setting; the files stay whatever the verdict.
 */
export async function verifyAfterDownload(
    client: NgcClient,
    plan: DownloadPlan,
    env: NodeJS.ProcessEnv,
    log: Log,
    signal: AbortSignal,
    /** Where this session keeps verdicts (the details panel's versions table, the Explorer badge). */
    verdicts?: Pick<ModelVerifications, 'record'>,
): Promise<string> {
    const settings = readModelSigningSettings(env);
    if (plan.kind !== 'model' || settings.verifyAfterDownload === 'never') {
        return '';
    }
    if (!settings.rootCertificate && !settings.publicKey) {
        log.info(`${plan.reference}: signature not checked (no ngc.modelSigning.rootCertificate or publicKey)`);
        return '';
    }
    if (settings.verifyAfterDownload === 'ask') {
        const answer = await vscode.window.showInformationMessage(
            `NGC: verify the model signature of ${plan.reference}?`,
            'Verify',
            'Not Now',
        );
        if (answer !== 'Verify') {
            return '';
        }
    }
    try {
        return await check(client, plan, settings, log, signal, verdicts);
    } catch (error) {
        if (isCancellationError(error)) {
            throw error;
        }
        // The files are downloaded and verified by checksum; a signature we could not check must not undo that.
        log.warn(`${plan.reference}: signature not checked: ${error instanceof Error ? error.message : String(error)}`);
        return 'signature not checked (see the log)';
    }
}

async function check(
    client: NgcClient,
    plan: DownloadPlan,
    settings: ModelSigningSettings,
    log: Log,
    signal: AbortSignal,
    verdicts: Pick<ModelVerifications, 'record'> | undefined,
): Promise<string> {
    const [{ fetchModelSignature }, { loadModelTrust }, { verifyModel }, { BOOKKEEPING_PATHS }] = await Promise.all([
        import('../../core/modelsign/ngcSignature.js'),
        import('../../core/modelsign/trustMaterial.js'),
        import('../../core/modelsign/verifyModel.js'),
        import('../../core/transfer/paths.js'),
    ]);
    const fetched = await fetchModelSignature(client, plan.ref, plan.version, plan.destination, signal);
    if (!fetched.signed) {
        return settings.verifyAfterDownload === 'ask' ? 'not signed' : '';
    }
    const trust = await loadModelTrust(settings.rootCertificate ? [settings.rootCertificate] : [], settings.publicKey);
    const result = await verifyModel(plan.destination, {
        signaturePath: fetched.file,
        trustAnchors: trust.trustAnchors,
        publicKey: trust.publicKey,
        ignorePaths: BOOKKEEPING_PATHS,
        notDownloaded: plan.excludedFiles > 0 ? (name) => !plan.files.some((f) => f.path === name) : undefined,
        signal,
    });
    const summary = verificationText(result);
    verdicts?.record(plan.ref, plan.version, {
        state: result.verified ? 'verified' : 'failed',
        summary: result.verified ? summary : failureReason(result),
        folder: plan.destination,
    });
    if (!result.verified) {
        void showVerification(plan.reference, result, log);
    }
    return summary;
}
