import * as vscode from 'vscode';
import { userOnlyText } from '../platform/settingSources';

/** `ngc.download.verifySignature`: after a model download, verify its OMS signature always, after asking, or never. */
export type VerifyAfterDownload = 'auto' | 'ask' | 'never';

export interface ModelSigningSettings {
    verifyAfterDownload: VerifyAfterDownload;
    /** `ngc.modelSigning.rootCertificate`, else NGC_MODEL_SIGNING_ROOT: a PEM path or PEM text. */
    rootCertificate: string | undefined;
    /** `ngc.modelSigning.publicKey`, else NGC_MODEL_SIGNING_PUBLIC_KEY: a PEM path or PEM text. */
    publicKey: string | undefined;
}

/** Reads the model-signing settings (user settings, then the CLI's environment variables). */
export function readModelSigningSettings(env: NodeJS.ProcessEnv = process.env): ModelSigningSettings {
    const ngc = vscode.workspace.getConfiguration('ngc');
    // Whether a signature is checked at all is the user's choice: a workspace cannot switch it off.
    const mode = userOnlyText(ngc.inspect('download.verifySignature'));
    // A trust root decides what "verified" means: the user's own settings only, never a workspace's.
    const text = (key: string, variable: string) =>
        userOnlyText(ngc.inspect(key)) ?? (env[variable]?.trim() || undefined);
    return {
        verifyAfterDownload: mode === 'ask' || mode === 'never' ? mode : 'auto',
        rootCertificate: text('modelSigning.rootCertificate', 'NGC_MODEL_SIGNING_ROOT'),
        publicKey: text('modelSigning.publicKey', 'NGC_MODEL_SIGNING_PUBLIC_KEY'),
    };
}
