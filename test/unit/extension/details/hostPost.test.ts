import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { outgoingHostMessage, redactStrings } from '../../../../src/extension/details/hostPost';
import { redactor } from '../../../../src/core/lib/log';
import type { DetailsModel, HostMessage } from '../../../../src/protocol/details';

/** A legacy key (no recognisable prefix): only its registration with the redactor can hide it. */
const LEGACY_KEY = 'bGVnYWN5LWtleS1mb3ItdGhlLXBhbmVsLTQy';
/** A personal key the redactor was never told about: hidden by its `nvapi-` shape. */
const NVAPI_KEY = 'nvapi-Q1w2E3r4T5y6U7i8O9p0AsDfGhJkL';
redactor.add(LEGACY_KEY);

const D = `sha256:${'c'.repeat(64)}`;

function model(overrides: Partial<DetailsModel> = {}): DetailsModel {
    return {
        ref: { kind: 'container', org: 'nvidia', name: 'echo' },
        title: 'Echo',
        reference: 'nvcr.io/nvidia/echo',
        labels: ['GPU'],
        productNames: [],
        registry: 'nvcr.io',
        tags: [{ tag: '25.03-py3', platforms: [{ os: 'linux', architecture: 'amd64', digest: D }] }],
        versions: [],
        more: false,
        ...overrides,
    };
}

function posted(message: HostMessage): HostMessage {
    const out = outgoingHostMessage(message);
    assert.ok(out.ok, out.ok ? '' : out.reason);
    return out.message;
}

describe('outgoingHostMessage: the details panel choke point (unit)', () => {
    it('Should mask a key the server echoed inside a description, the markdown and a tag name', () => {
        const message = posted({
            type: 'host/state',
            model: model({
                title: `Echo ${LEGACY_KEY}`,
                description: `Requested with key ${LEGACY_KEY} (and ${NVAPI_KEY})`,
                markdown: `# Echo\n\nYour key: \`${NVAPI_KEY}\``,
                tags: [
                    { tag: `v1-${LEGACY_KEY}`, platforms: [] },
                    { tag: '25.03-py3', updated: '2025-03-01T00:00:00Z', platforms: [{ digest: D }] },
                ],
            }),
        });
        const text = JSON.stringify(message);
        assert.ok(!text.includes(LEGACY_KEY), text);
        assert.ok(!text.includes(NVAPI_KEY), text);
        assert.equal(message.type, 'host/state');
        if (message.type === 'host/state') {
            assert.equal(message.model.description, 'Requested with key *** (and nvapi-***)');
            assert.equal(message.model.tags[0]?.tag, 'v1-***');
            assert.equal(message.model.title, 'Echo ***');
            // What is not secret arrives as it was: the clean row, its digest and date.
            assert.deepEqual(message.model.tags[1], {
                tag: '25.03-py3',
                updated: '2025-03-01T00:00:00Z',
                platforms: [{ digest: D }],
            });
        }
    });

    it('Should mask a key echoed in a diagnosis (request id) and in file paths', () => {
        const error = posted({
            type: 'host/filesError',
            version: '1.0',
            problem: { title: 'Not permitted', remedy: `Request id ${LEGACY_KEY}; use another key` },
        });
        assert.ok(!JSON.stringify(error).includes(LEGACY_KEY));
        const files = posted({
            type: 'host/files',
            version: '1.0',
            files: [{ path: `weights/${NVAPI_KEY}.bin`, size: 3, hasChecksum: true }],
        });
        assert.deepEqual(files, {
            type: 'host/files',
            version: '1.0',
            files: [{ path: 'weights/nvapi-***.bin', size: 3, hasChecksum: true }],
        });
    });

    it('Should refuse, not half-mask, a message whose strict field was a key', () => {
        // A tag must match the Docker tag pattern; "nvapi-***" does not, so the verdict is not posted at all.
        const out = outgoingHostMessage({
            type: 'host/verification',
            tag: NVAPI_KEY,
            verification: { state: 'verified', digest: D, summary: 'verified', details: [] },
        });
        assert.equal(out.ok, false);
    });

    it('Should post a message without secrets exactly as given', () => {
        const message: HostMessage = { type: 'host/state', model: model({ description: 'A PyTorch container' }) };
        assert.deepEqual(posted(message), message);
    });

    it('Should refuse a message that does not match the protocol even with nothing to redact', () => {
        const out = outgoingHostMessage({
            type: 'host/verification',
            tag: '25.03-py3',
            verification: { state: 'verified', digest: 'sha256:short', summary: 'verified', details: [] },
        });
        assert.equal(out.ok, false);
    });

    it('Should redact strings at any depth and leave numbers, booleans and keys alone', () => {
        const upper = (s: string) => s.toUpperCase();
        assert.deepEqual(redactStrings({ a: ['x', { b: 'y', n: 1, t: true, z: null }] }, upper), {
            a: ['X', { b: 'Y', n: 1, t: true, z: null }],
        });
    });
});
