/**
 * The hover of an NGC `FROM` line as Markdown text, from the line's analysis and (when fetched) its inspection.
 * Everything taken from a registry or NGC is escaped: a label or description is data, never Markdown or HTML.
 */
import { FRAMEWORK_NAMES } from '../registry/imageConfig';
import { formatBytes } from '../lib/format';
import { formatPlatform, platformsEqual } from '../registry/platform';
import type { ImageInspection } from '../registry/inspect';
import type { ArtifactRef } from '../ngc/artifactRef';
import { short } from './editorFacts';
import type { LineAnalysis } from './lineAnalysis';
import { signatureOf, type SignatureChecks } from './signatures';
import type { Outcome } from './imageFacts';

export interface HoverExtras {
    /** NGC's short description of the repository. */
    description?: string;
    /** The repository's NGC catalog page. */
    catalogUrl?: string;
    /** A `command:` URI that opens the details panel. */
    detailsLink?: string;
    /** The line's NGC repository (undefined off the NGC registry), for Verify verdicts. */
    ngcRepo?: ArtifactRef;
    /** Verify verdicts of this session. */
    signatures?: SignatureChecks;
}

/** Escapes Markdown and HTML in text that came from a server. */
export function escapeMarkdown(text: string): string {
    return text.replace(/[\\`*_{}[\]()#+\-.!|<>&~]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** A code span of server or file text: backticks cannot close it early. */
function code(text: string): string {
    return `\`${text.replace(/[`\r\n]/g, "'")}\``;
}

/** The hover Markdown of one analysed line. */
export function hoverMarkdown(
    a: LineAnalysis,
    inspection: Outcome<ImageInspection> | undefined,
    extras: HoverExtras = {},
): string {
    const { line } = a;
    const parts: string[] = [];
    const title = line.ref
        ? `${line.ref.registry}/${line.ref.repository}${line.ref.tag ? `:${line.ref.tag}` : ''}`
        : line.written;
    parts.push(`**${escapeMarkdown(title)}**${line.fromArg ? ` (from ${code(line.written)})` : ''}`);
    if (extras.description) {
        parts.push(escapeMarkdown(extras.description));
    }
    if (line.unknown) {
        parts.push(`_${escapeMarkdown(line.unknown)}_`);
    }
    if (!line.ref) {
        return parts.join('\n\n');
    }
    const facts: string[] = [];
    if (a.listed?.date) {
        facts.push(`tag pushed ${a.listed.date.slice(0, 10)}`);
    }
    const signed = inspection?.ok ? inspection.value.signed : a.listed?.signed;
    facts.push(signatureOf(a, extras.ngcRepo, extras.signatures, signed).text);
    if (a.tag && !a.tag.ok) {
        facts.push(
            `cannot be read: ${escapeMarkdown(a.tag.error instanceof Error ? a.tag.error.message : String(a.tag.error))}`,
        );
    } else if (line.pinned === undefined) {
        facts.push(a.expected ? `not pinned (would pin to \`${short(a.expected)}\`)` : 'not pinned');
    } else if (a.expected === undefined) {
        facts.push(`pinned to \`${short(line.pinned)}\``);
    } else {
        facts.push(
            line.pinned === a.expected
                ? 'pinned · current'
                : `pinned digest **stale**: the tag now points to \`${short(a.expected)}\``,
        );
    }
    parts.push(facts.join(' · '));
    if (inspection?.ok) {
        const rows = inspection.value.platforms.map((p) => {
            const mark = line.platform && platformsEqual(p.platform, line.platform) ? ' ◀' : '';
            return `| ${formatPlatform(p.platform)}${mark} | ${formatBytes(p.compressedSize)} | ${p.created?.slice(0, 10) ?? 'unknown'} | \`${short(p.digest)}\` |`;
        });
        if (rows.length > 0) {
            parts.push(['| platform | size | created | digest |', '|---|---|---|---|', ...rows].join('\n'));
        }
        const chosen =
            inspection.value.platforms.find((p) => line.platform && platformsEqual(p.platform, line.platform)) ??
            inspection.value.platforms[0];
        if (chosen) {
            const versions = Object.entries(chosen.frameworks)
                .filter(([k]) => FRAMEWORK_NAMES[k] !== undefined)
                .map(([k, v]) => `${FRAMEWORK_NAMES[k]} ${escapeMarkdown(v)}`);
            parts.push(
                versions.length > 0
                    ? `${formatPlatform(chosen.platform)}: ${versions.join(' · ')}`
                    : `${formatPlatform(chosen.platform)}: no framework versions in its Env`,
            );
        }
    } else if (inspection && !inspection.ok) {
        parts.push('_Image details unavailable._');
    }
    if (a.newer.length > 0) {
        const list = a.newer.slice(0, 5).map((t) => `${code(t.tag)}${t.date ? ` (${t.date.slice(0, 10)})` : ''}`);
        parts.push(`Newer in this series: ${list.join(', ')}${a.newer.length > 5 ? ', …' : ''}`);
    }
    const links = [
        extras.detailsLink ? `[Show details](${extras.detailsLink})` : undefined,
        extras.catalogUrl ? `[NGC catalog page](${extras.catalogUrl})` : undefined,
    ].filter(Boolean);
    if (links.length > 0) {
        parts.push(links.join(' · '));
    }
    return parts.join('\n\n');
}
