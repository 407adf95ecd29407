import { stat } from 'node:fs/promises';
import { verifyModel } from '../../core/modelsign/verifyModel';
import { BOOKKEEPING_PATHS } from '../../core/transfer/paths';
import { CliFailure, ExitCode, stringList, UsageError, type CliCommand } from '../command';
import { findSignature, NGC_SIGNATURE_NAME } from '../modelSigning/findSignature';
import { loadModelTrust } from '../modelSigning/modelTrust';
import { failureSummary, printFailures, printVerified } from '../modelSigning/printVerification';
import { writeJson } from '../output';

/**
 * `verify-model DIR [--signature FILE] [--certificate-chain PEM]... [--public-key PEM] [--ignore-unsigned-files]`:
 * checks an OpenSSF Model Signing signature over a directory (DESIGN.md). Exit 0 verified; 6 naming each check that
 * failed (and the file); 2 for a bad command line or when no root certificate or key is given.
 */
export const verifyModelCommand: CliCommand = {
    name: 'verify-model',
    summary: 'check an OpenSSF Model Signing (OMS) signature over a model directory',
    usage: 'verify-model DIR [--signature FILE] [--certificate-chain PEM]... [--public-key PEM] [--ignore-unsigned-files]',
    options: {
        signature: { type: 'string' },
        'certificate-chain': { type: 'string', multiple: true },
        'public-key': { type: 'string' },
        'ignore-unsigned-files': { type: 'boolean' },
    },
    positionals: { min: 1, max: 1 },
    async run(args, ctx) {
        const dir = args.positionals[0] ?? '';
        if (
            !(await stat(dir).then(
                (s) => s.isDirectory(),
                () => false,
            ))
        ) {
            throw new UsageError(`${dir} is not a directory`);
        }
        const named = args.values['signature'];
        if (
            typeof named === 'string' &&
            !(await stat(named).then(
                (s) => s.isFile(),
                () => false,
            ))
        ) {
            throw new UsageError(`the signature file ${named} does not exist`);
        }
        const publicKey = args.values['public-key'];
        const trust = await loadModelTrust(
            stringList(args.values['certificate-chain']),
            typeof publicKey === 'string' ? publicKey : undefined,
            ctx.processEnv,
        );
        const signaturePath = typeof named === 'string' ? named : await findSignature(dir);
        if (signaturePath === undefined) {
            const message = `${dir}: not signed: no ${NGC_SIGNATURE_NAME} or *.sig at its top (name one with --signature)`;
            if (ctx.json) {
                writeJson(ctx.stdout, { directory: dir, verified: false, failures: [{ check: 'bundle', message }] });
                ctx.stderr.write(`ngc-explorer verify-model: ${message}\n`);
                return ExitCode.verificationFailed;
            }
            throw new CliFailure(message, ExitCode.verificationFailed);
        }
        const result = await verifyModel(dir, {
            signaturePath,
            trustAnchors: trust.trustAnchors,
            publicKey: trust.publicKey,
            ignoreUnsignedFiles: args.values['ignore-unsigned-files'] === true,
            // Our own bookkeeping (an unfinished run's staging folder) is never part of a signed model.
            ignorePaths: BOOKKEEPING_PATHS,
            signal: ctx.signal,
            onProgress: (e) => ctx.log.debug(`hashed ${e.file} (${e.filesDone}/${e.filesTotal})`),
        });
        if (ctx.json) {
            writeJson(ctx.stdout, { directory: dir, trust: trust.sources, ...result });
        }
        if (result.verified) {
            if (!ctx.json) {
                printVerified(dir, result, ctx);
            }
            return ExitCode.ok;
        }
        printFailures(result, ctx);
        const message = `${dir}: ${failureSummary(result)}`;
        if (ctx.json) {
            // One JSON document on stdout: the result above, not main()'s error document as well.
            ctx.stderr.write(`ngc-explorer verify-model: ${message}\n`);
            return ExitCode.verificationFailed;
        }
        throw new CliFailure(message, ExitCode.verificationFailed);
    },
};
