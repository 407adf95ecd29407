/**
 * The editor's view of a Dockerfile's NGC base images as plain data: analysis ({@link analyzeBaseImages}: one tag
 * request per unique image, one tag listing per repository, all through the shared {@link ImageFacts}), then
 * diagnostics with their quick fixes and CodeLens titles as pure functions of it. The extension only turns these
 * into VS Code objects.
 */
import { diagnose } from '../diagnose/diagnose';
import { HttpError } from '../http/errors';
import { mapConcurrent } from '../lib/abort';
import { platformsEqual } from '../registry/platform';
import type { TextEdit } from './pin';
import { baseImageLines, type BaseImageLine, type BaseImagePolicy } from './baseImages';
import type { ImageFacts, TagFacts } from './imageFacts';
import type { LineAnalysis } from './lineAnalysis';
import { newerInSeries } from './series';
import { ngcRepoOf, signatureOf, type SignatureChecks } from './signatures';

/** Analyses every NGC FROM line of `text`; never rejects for a registry failure (it is in the line's outcome). */
export async function analyzeBaseImages(
    text: string,
    policy: BaseImagePolicy,
    facts: ImageFacts,
    signal?: AbortSignal,
): Promise<LineAnalysis[]> {
    const lines = baseImageLines(text, policy);
    return mapConcurrent(lines, 8, async (line) => {
        const ref = line.ref;
        if (ref === undefined || ref.tag === undefined) {
            return { line, newer: [] };
        }
        const withTag = { ...ref, tag: ref.tag };
        const [tag, tags] = await Promise.all([facts.tag(withTag, signal), facts.tagsOf(ref, signal)]);
        const listed = tags.ok ? tags.value.find((t) => t.tag === ref.tag) : undefined;
        const newer = tags.ok && listed ? newerInSeries(listed, tags.value) : [];
        const result: LineAnalysis = { line, tag, newer, ...(listed ? { listed } : {}) };
        if (tag.ok) {
            result.expected = expectedDigest(line, tag.value);
        }
        return result;
    });
}

/**
 * The digest a line should carry. A `--platform=` line pins that platform's manifest; a line already pinned to one
 * platform's manifest stays single-platform for that platform; otherwise the tag's own digest (the index).
 */
export function expectedDigest(line: BaseImageLine, tag: TagFacts): string | undefined {
    if (tag.platforms.length === 0) {
        return tag.digest;
    }
    if (line.platform) {
        const wanted = line.platform;
        return tag.platforms.find((p) => platformsEqual(p.platform, wanted))?.digest;
    }
    if (line.pinned && line.pinned !== tag.digest) {
        const same = tag.platforms.find((p) => p.digest === line.pinned);
        if (same) {
            return same.digest;
        }
    }
    return tag.digest;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type DiagnosticCode =
    'ngc.unpinned' | 'ngc.staleDigest' | 'ngc.unknownImage' | 'ngc.newerRelease' | 'ngc.signatureInvalid';

export interface EditorFix {
    title: string;
    kind: 'pin' | 'refreshDigest' | 'moveTag' | 'openDetails';
    /** The edit, when it is known without another request. */
    edit?: TextEdit;
    /** For `moveTag`: the tag to move to (the edit needs that tag's digest, resolved when the fix is chosen). */
    moveTo?: string;
    preferred?: boolean;
}

export interface EditorDiagnostic {
    start: number;
    end: number;
    severity: Severity;
    code: DiagnosticCode;
    message: string;
    fixes: EditorFix[];
}

export interface DiagnosticOptions {
    /** Report unpinned NGC images (information); default true. */
    unpinned?: boolean;
    /** The NGC registry, whose repositories Verify verdicts and the details panel name. */
    ngcRegistry?: string;
    /** Verify verdicts of this session: a failed one is an error on the lines built from that digest. */
    signatures?: SignatureChecks;
}

const openDetails: EditorFix = { title: 'Show NGC details', kind: 'openDetails' };

/** The diagnostics of analysed lines. A network failure says nothing (it proves nothing about the line). */
export function diagnosticsOf(analyses: readonly LineAnalysis[], options: DiagnosticOptions = {}): EditorDiagnostic[] {
    const out: EditorDiagnostic[] = [];
    for (const a of analyses) {
        const { line } = a;
        const at = { start: line.start, end: line.end };
        const name = line.ref ? `${line.ref.repository}:${line.ref.tag ?? ''}` : line.written;
        if (a.tag && !a.tag.ok) {
            const error = a.tag.error;
            if (HttpError.is(error) && error.status !== undefined && [401, 403, 404, 451].includes(error.status)) {
                const d = diagnose(error);
                out.push({
                    ...at,
                    severity: 'error',
                    code: 'ngc.unknownImage',
                    message: `${name}: ${d.title}. ${d.remedy}`,
                    fixes: [openDetails],
                });
            }
            continue;
        }
        if (!a.tag || a.expected === undefined) {
            continue;
        }
        const editable = line.editable && !line.fromArg;
        if (line.pinned === undefined) {
            if (options.unpinned !== false) {
                const edit = { start: line.end, end: line.end, newText: `@${a.expected}` };
                out.push({
                    ...at,
                    severity: 'information',
                    code: 'ngc.unpinned',
                    message: `${name} is not pinned: the tag can move under you. Pin it to ${short(a.expected)}`,
                    fixes: editable
                        ? [{ title: `Pin to ${short(a.expected)}`, kind: 'pin', edit, preferred: true }]
                        : [],
                });
            }
        } else if (line.pinned !== a.expected) {
            const digestStart = line.start + line.written.indexOf('@') + 1;
            const edit = { start: digestStart, end: line.end, newText: a.expected };
            out.push({
                ...at,
                severity: 'warning',
                code: 'ngc.staleDigest',
                message: `${name} now points to ${short(a.expected)}, not the pinned ${short(line.pinned)}`,
                fixes: editable
                    ? [{ title: 'Refresh the pinned digest', kind: 'refreshDigest', edit, preferred: true }]
                    : [],
            });
        }
        const repo = options.ngcRegistry === undefined ? undefined : ngcRepoOf(line.ref, options.ngcRegistry);
        if (signatureOf(a, repo, options.signatures).state === 'invalid') {
            out.push({
                ...at,
                severity: 'error',
                code: 'ngc.signatureInvalid',
                message: `${name}: its signature does not verify against NGC's key (found by Verify Signature).`,
                fixes: [openDetails],
            });
        }
        const newest = a.newer[0];
        if (newest) {
            out.push({
                ...at,
                severity: 'hint',
                code: 'ngc.newerRelease',
                message: `${newest.tag} is a newer release of ${name}${newest.date ? ` (${newest.date.slice(0, 10)})` : ''}.`,
                fixes: editable
                    ? [{ title: `Move to ${newest.tag} and pin it`, kind: 'moveTag', moveTo: newest.tag }]
                    : [],
            });
        }
    }
    return out;
}

export interface EditorLens {
    line: number;
    start: number;
    title: string;
    fix?: EditorFix;
}

/**
 * CodeLens titles above each analysed FROM: pinned · current / digest stale — update / N newer tags / signed ✓ (after
 * Verify; "signed (unverified)" on the catalog's word alone; "signature invalid" when Verify failed).
 */
export function codeLensesOf(
    analyses: readonly LineAnalysis[],
    options: Pick<DiagnosticOptions, 'ngcRegistry' | 'signatures'> = {},
): EditorLens[] {
    const out: EditorLens[] = [];
    for (const a of analyses) {
        const base = { line: a.line.line, start: a.line.start };
        if (a.line.unknown && !a.line.ref) {
            out.push({ ...base, title: 'NGC: image unknown (build argument without a default)' });
            continue;
        }
        if (!a.tag?.ok || a.expected === undefined) {
            continue;
        }
        if (a.line.pinned === undefined) {
            out.push({ ...base, title: 'not pinned — pin' });
        } else if (a.line.pinned === a.expected) {
            out.push({ ...base, title: 'pinned · current' });
        } else {
            out.push({ ...base, title: 'digest stale — update' });
        }
        if (a.newer.length > 0) {
            out.push({ ...base, title: `${a.newer.length} newer tag${a.newer.length === 1 ? '' : 's'}` });
        }
        const repo = options.ngcRegistry === undefined ? undefined : ngcRepoOf(a.line.ref, options.ngcRegistry);
        const signature = signatureOf(a, repo, options.signatures).state;
        if (signature === 'verified' || signature === 'signed' || signature === 'invalid') {
            out.push({ ...base, title: LENS_SIGNATURE[signature] });
        }
    }
    return out;
}

const LENS_SIGNATURE = { verified: 'signed ✓', signed: 'signed (unverified)', invalid: 'signature invalid ✗' };

/** `sha256:0123456789ab…` */
export function short(digest: string): string {
    return digest.length > 19 ? `${digest.slice(0, 19)}…` : digest;
}
