import type { DetailsModel, VerificationMessage } from '../../../src/protocol/details';
import { modelSignatureLabel, signatureLabel } from '../../../src/protocol/signature';
import { h, icon } from './dom';

/** Signature cells of the tags and versions tables: what the catalog says, then what a check of this session found. */

type Tag = DetailsModel['tags'][number];
type Version = DetailsModel['versions'][number];

/**
 * Shows a signature check in the tag's Signed cell: what it found, each signature's verdict as the tooltip. Rows
 * are found by their `data-tag` value (compared as data, never spliced into a selector).
 */
export function showVerification(tag: string, v: VerificationMessage): void {
    const row = [...document.querySelectorAll<HTMLElement>('#tags-table tbody tr')].find(
        (r) => r.dataset['tag'] === tag,
    );
    const cell = row?.querySelector('td.signature');
    if (!cell) {
        return;
    }
    const label = signatureLabel(true, v);
    if (label) {
        cell.replaceChildren(
            h(
                'span',
                {
                    class: label.tone,
                    title: [v.summary, v.digest, ...v.details].join('\n'),
                    'data-verification': v.state,
                },
                icon(label.icon),
                ` ${label.text}`,
            ),
        );
    }
}

/** "signed (unverified)" from the catalog's flag until a Verify of this session says verified / signature invalid. */
export function signatureCell(t: Tag): HTMLElement | string {
    const label = signatureLabel(t.signed, t.verification);
    if (!label) {
        return '—';
    }
    const title = t.verification
        ? `${t.verification.summary} (${t.verification.digest})`
        : "The catalog lists a cosign signature; Verify checks it against NGC's public key";
    return h(
        'span',
        { class: label.tone, title, ...(t.verification ? { 'data-verification': t.verification.state } : {}) },
        icon(label.icon),
        ` ${label.text}`,
    );
}

/**
 * "signed" from the API's flag; after a download in this session "verified", or "failed" with the reason (the
 * check and the first file it failed on) in the cell, not only in a tooltip.
 */
export function versionSignatureCell(v: Version): HTMLElement | string {
    const label = modelSignatureLabel(v.signed, v.verification);
    if (!label) {
        return '—';
    }
    const title = v.verification
        ? v.verification.summary
        : 'NGC lists an OpenSSF Model Signing signature; downloading the version verifies it';
    return h(
        'span',
        {
            class: `${label.tone} nowrap`,
            title,
            ...(v.verification ? { 'data-verification': v.verification.state } : {}),
        },
        icon(label.icon),
        ` ${label.text}`,
        v.verification?.state === 'failed' && h('span', { class: 'reason' }, `: ${v.verification.summary}`),
    );
}
