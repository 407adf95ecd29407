import { formatArtifactRef } from '../../core/ngc/artifactRef';
import { joinParts } from '../../core/lib/format';
import { signatureLabel } from '../../protocol/signature';
import { platformLabel, versionState } from '../../protocol/text';
import type { CatalogNode } from './nodes';

/**
 * The Markdown of a row's hover (theme icons on, no HTML, untrusted), or undefined for rows whose hover is their
 * label. Computed only when the user hovers (`resolveTreeItem`): VS Code lexes every Markdown tooltip it is sent and
 * re-sends every row of a level on each "Load more", so eager tooltips made each click cost O(rows loaded).
 */
export function tooltipMarkdown(node: CatalogNode): string | undefined {
    switch (node.kind) {
        case 'artifact': {
            const a = node.artifact;
            return paragraphs([
                `**${a.displayName ?? a.name}**`,
                `\`${formatArtifactRef(a)}\``,
                a.description,
                joinParts(
                    a.signed && 'signed (unverified)',
                    a.locked && 'requires an entitlement',
                    a.isPublic && 'public',
                ),
            ]);
        }
        case 'tag': {
            const t = node.tag;
            const v = node.verification;
            const signature = signatureLabel(t.signed, v);
            return paragraphs([
                `**${formatArtifactRef(node.artifact)}:${t.tag}**`,
                signature ? `$(${signature.icon}) ${signature.text}` : 'not signed',
                v && `checked this session: ${v.summary} (\`${v.digest}\`)`,
                ...t.platforms.map((p) => `${platformLabel(p)}${p.digest ? ` \`${p.digest}\`` : ''}`),
            ]);
        }
        case 'version': {
            const state = versionState(node.version.status);
            return state.ready
                ? undefined
                : paragraphs([`**${node.version.version}**: ${state.label}, not downloadable yet`]);
        }
        case 'error':
            return paragraphs([`**${node.diagnosis.title}**`, node.diagnosis.remedy]);
        default:
            return undefined;
    }
}

function paragraphs(lines: (string | undefined | false)[]): string {
    return lines.filter((l): l is string => typeof l === 'string' && l !== '').join('\n\n');
}
