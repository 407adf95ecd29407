import { HttpError } from '../../core/http/errors';
import { VERSIONED_KINDS, type ArtifactRef, type VersionedKind } from '../../core/ngc/artifactRef';
import type { NgcClient } from '../../core/ngc/client';
import { getArtifact, parseArtifactRef } from '../../core/ngc/artifacts';
import { downloadPlan } from '../../core/transfer/download';
import type { DownloadSummary, TransferEvent } from '../../core/transfer/events';
import { formatBytes } from '../../core/lib/format';
import { planDownload, type DownloadPlan } from '../../core/transfer/plan';
import { ExitCode, stringList, UsageError, type CliCommand, type CliContext } from '../command';
import { checkDownloadSignature, signatureTrust } from '../modelSigning/downloadSignature';
import { formatTable, writeJson } from '../output';

const MAX_CONCURRENCY = 64;

/**
 * `download ORG/[TEAM/]NAME[:VERSION] --dest DIR`: a verified, resumable download into `DIR/NAME_vVERSION/`.
 * Without `--type` the kind is found by asking for a model, then a resource, then a helm chart (the first that is
 * not a 404 wins), so `download nvidia/tao/tao-samples` works without knowing what NGC files it under.
 */
export const downloadCommand: CliCommand = {
    name: 'download',
    summary: 'download a model, resource or helm chart version, verified and resumable',
    usage:
        'download ORG/[TEAM/]NAME[:VERSION] --dest DIR [--type model|resource|helm-chart] [--include GLOB]... ' +
        '[--exclude GLOB]... [--concurrency N] [--dry-run] [--verify-signature]',
    options: {
        dest: { type: 'string' },
        type: { type: 'string' },
        include: { type: 'string', multiple: true },
        exclude: { type: 'string', multiple: true },
        concurrency: { type: 'string' },
        'dry-run': { type: 'boolean' },
        'verify-signature': { type: 'boolean' },
    },
    positionals: { min: 1, max: 1 },
    async run(args, ctx) {
        const parsed = parseArtifactRef(args.positionals[0] ?? '');
        const dest = args.values['dest'];
        if (typeof dest !== 'string' || dest.trim() === '') {
            throw new UsageError('--dest DIR is required');
        }
        const concurrency = concurrencyArg(args.values['concurrency']);
        const client = ctx.ngc;
        const ref: ArtifactRef = { org: parsed.org, ...(parsed.team ? { team: parsed.team } : {}), name: parsed.name };
        const kind =
            args.values['type'] === undefined
                ? await detectKind(client, ref, ctx.signal)
                : kindArg(args.values['type']);
        const trust = await signatureTrust(args.values['verify-signature'] === true, kind, ctx);
        const plan = await planDownload(client, {
            kind,
            ref,
            version: parsed.version,
            dest,
            include: stringList(args.values['include']),
            exclude: stringList(args.values['exclude']),
            signal: ctx.signal,
        });
        if (args.values['dry-run'] === true) {
            printPlan(plan, ctx);
            return ExitCode.ok;
        }
        const progress = new ProgressLine(ctx);
        try {
            const result = await downloadPlan(plan, {
                client,
                concurrency,
                signal: ctx.signal,
                log: ctx.log,
                onProgress: (event) => progress.on(event),
            });
            progress.clear();
            if (!ctx.json) {
                ctx.stdout.write(summaryText(plan, result.summary));
            }
            const signature = trust ? await checkDownloadSignature(client, plan, trust, ctx) : undefined;
            if (ctx.json) {
                writeJson(ctx.stdout, {
                    reference: plan.reference,
                    kind,
                    destination: plan.destination,
                    summary: result.summary,
                    files: result.files,
                    ...(signature ? { signature: signature.report } : {}),
                });
            }
            return signature?.exitCode ?? ExitCode.ok;
        } catch (error) {
            progress.clear();
            if (progress.summary) {
                ctx.stderr.write(summaryText(plan, progress.summary));
            }
            throw error;
        } finally {
            progress.stop();
        }
    },
};

/** Tries model, resource, helm chart in that order; a 404 means "not this kind", anything else is the answer. */
async function detectKind(client: NgcClient, ref: ArtifactRef, signal: AbortSignal): Promise<VersionedKind> {
    let firstNotFound: unknown;
    for (const kind of VERSIONED_KINDS) {
        try {
            await getArtifact(client, kind, ref, { signal });
            return kind;
        } catch (error) {
            if (!HttpError.is(error, 404)) {
                throw error;
            }
            firstNotFound ??= error;
        }
    }
    throw firstNotFound;
}

function kindArg(value: unknown): VersionedKind {
    const kind = VERSIONED_KINDS.find((k) => k === value);
    if (!kind) {
        throw new UsageError(`--type must be one of ${VERSIONED_KINDS.join(', ')}`);
    }
    return kind;
}

function concurrencyArg(value: unknown): number | undefined {
    if (value === undefined) {
        return undefined;
    }
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > MAX_CONCURRENCY) {
        throw new UsageError(`--concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}`);
    }
    return n;
}

function printPlan(plan: DownloadPlan, ctx: CliContext): void {
    if (ctx.json) {
        writeJson(ctx.stdout, { dryRun: true, plan });
        return;
    }
    const rows = plan.files.map((f) => [f.path, formatBytes(f.sizeInBytes), f.sha256Base64 ? 'sha256' : 'size only']);
    ctx.stdout.write(`Would download ${plan.reference} (${plan.kind}) to ${plan.destination}\n`);
    ctx.stdout.write(formatTable(['FILE', 'SIZE', 'VERIFY'], rows));
    const excluded =
        plan.excludedFiles > 0 ? `; ${plan.excludedFiles} of ${plan.versionFileCount} excluded by filters` : '';
    ctx.stdout.write(`${plural(plan.files.length, 'file')}, ${formatBytes(plan.totalBytes)}${excluded}\n`);
}

function summaryText(plan: DownloadPlan, s: DownloadSummary): string {
    const seconds = s.elapsedMs / 1000;
    const verified = `${s.verifiedSha256} verified by SHA-256, ${s.verifiedSizeOnly} by size only`;
    const lines = [
        `${s.failedFiles > 0 ? 'Incomplete' : 'Downloaded'} ${plan.reference} to ${s.destination}`,
        `  files: ${s.files} (${verified}; ${s.skippedFiles} already present${s.failedFiles > 0 ? `; ${s.failedFiles} failed` : ''})`,
        `  bytes: ${formatBytes(s.bytes)} total, ${formatBytes(s.downloadedBytes)} transferred in ${seconds.toFixed(1)} s (${formatBytes(s.throughput)}/s)`,
    ];
    return `${lines.join('\n')}\n`;
}

/** Renders engine events on stderr: a redrawn line on a terminal, a line every few seconds otherwise. */
class ProgressLine {
    summary: DownloadSummary | undefined;
    private lastLine = 0;
    private drawn = false;
    private readonly periodMs: number;

    constructor(private readonly ctx: CliContext) {
        this.periodMs = ctx.interactive ? 0 : 5_000;
    }

    on(event: TransferEvent): void {
        switch (event.type) {
            case 'plan':
                this.note(
                    `${event.plan.reference}: ${plural(event.plan.files.length, 'file')}, ${formatBytes(event.plan.totalBytes)}` +
                        (event.skippedFiles > 0 ? `, ${event.skippedFiles} already verified` : '') +
                        (event.resumedBytes > 0 ? `, resuming ${formatBytes(event.resumedBytes)}` : ''),
                );
                break;
            case 'bytes': {
                const now = Date.now();
                if (now - this.lastLine < this.periodMs) {
                    return;
                }
                this.lastLine = now;
                const pct = event.bytesTotal > 0 ? Math.floor((event.bytesDone * 100) / event.bytesTotal) : 100;
                const eta = event.etaSeconds === undefined ? '--:--' : clock(event.etaSeconds);
                const line =
                    `[${event.filesDone}/${event.filesTotal} files] ${formatBytes(event.bytesDone)} / ${formatBytes(event.bytesTotal)} ` +
                    `${pct}%  ${formatBytes(event.rate)}/s  ETA ${eta}`;
                if (this.ctx.interactive) {
                    this.ctx.stderr.write(`\r\x1b[K${line}`);
                    this.drawn = true;
                } else {
                    this.ctx.stderr.write(`${line}\n`);
                }
                break;
            }
            case 'retry':
                this.note(`retrying ${event.path}: ${event.reason}`);
                break;
            case 'fileFailed':
                this.note(`FAILED ${event.path}: ${event.message.split('\n')[0] ?? ''}`);
                break;
            case 'done':
                this.summary = event.summary;
                break;
            case 'fileStart':
            case 'fileDone':
                break;
        }
    }

    /** Prints a whole line without mangling the live progress line. */
    private note(text: string): void {
        this.clear();
        this.ctx.stderr.write(`${text}\n`);
    }

    clear(): void {
        if (this.drawn) {
            this.ctx.stderr.write('\r\x1b[K');
            this.drawn = false;
        }
    }

    stop(): void {
        this.clear();
    }
}

function plural(n: number, word: string): string {
    return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function clock(seconds: number): string {
    const s = Math.max(0, Math.round(seconds));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const rest = String(s % 60).padStart(2, '0');
    return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}
