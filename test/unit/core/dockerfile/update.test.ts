import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDockerfile } from '../../../../src/core/dockerfile/fromLine';
import { applyEdits, planPins } from '../../../../src/core/dockerfile/pin';
import type { DatedTag } from '../../../../src/core/dockerfile/series';
import { computeUpdateEdits, findSeriesMoves, retarget } from '../../../../src/core/dockerfile/update';

const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;
const D3 = `sha256:${'3'.repeat(64)}`;

const TAGS: Record<string, DatedTag[]> = {
    'nvidia/pytorch': [
        { tag: '25.03-py3', date: '2025-03-20' },
        { tag: '25.03-py3-igpu', date: '2025-03-21' },
        { tag: '25.01-py3', date: '2025-01-20' },
        { tag: '25.01-py3-igpu', date: '2025-01-21' },
    ],
    'nvidia/cuda': [
        { tag: '12.6.3-cudnn-devel-ubuntu22.04', date: '2024-12-01' },
        { tag: '12.8.1-cudnn-devel-ubuntu22.04', date: '2025-03-01' },
        { tag: '12.8.1-cudnn-devel-ubuntu24.04', date: '2025-03-01' },
    ],
};

describe('pin --update planning', () => {
    const text = [
        'FROM nvcr.io/nvidia/pytorch:25.01-py3 AS build',
        `FROM --platform=linux/arm64 nvcr.io/nvidia/pytorch:25.01-py3-igpu@${D1}\r`,
        'FROM nvcr.io/nvidia/cuda:12.8.1-cudnn-devel-ubuntu22.04',
        'FROM nvcr.io/nvidia/cuda:12.6.3-cudnn-devel-ubuntu22.04',
        'FROM nvcr.io/nvidia/pytorch:latest',
        'FROM build',
        '',
    ].join('\n');
    const { targets } = planPins(parseDockerfile(text), { ngcRegistry: 'nvcr.io' });

    it('Should list each repository once and move only within a series', async () => {
        const listed: string[] = [];
        const moves = await findSeriesMoves(targets, async (repo) => {
            listed.push(repo.repository);
            return TAGS[repo.repository] ?? [];
        });
        assert.deepEqual(listed.sort(), ['nvidia/cuda', 'nvidia/pytorch']);
        assert.deepEqual([...moves.values()].map((m) => `${m.from} -> ${m.to}`).sort(), [
            '12.6.3-cudnn-devel-ubuntu22.04 -> 12.8.1-cudnn-devel-ubuntu22.04',
            '25.01-py3 -> 25.03-py3',
            '25.01-py3-igpu -> 25.03-py3-igpu',
        ]);
    });

    it('Should replace tag and digest together, keep the platform of the line, and pin the others as pin does', async () => {
        const moves = await findSeriesMoves(targets, async (repo) => TAGS[repo.repository] ?? []);
        const updated = targets.map((t) => retarget(t, moves));
        assert.deepEqual(
            updated.map((t) => t.request.key),
            [
                'nvcr.io/nvidia/pytorch:25.03-py3',
                'nvcr.io/nvidia/pytorch:25.03-py3-igpu linux/arm64/v8',
                'nvcr.io/nvidia/cuda:12.8.1-cudnn-devel-ubuntu22.04',
                'nvcr.io/nvidia/cuda:12.8.1-cudnn-devel-ubuntu22.04',
                'nvcr.io/nvidia/pytorch:latest',
            ],
        );
        const digests = new Map([
            ['nvcr.io/nvidia/pytorch:25.03-py3', D2],
            ['nvcr.io/nvidia/pytorch:25.03-py3-igpu linux/arm64/v8', D3],
            ['nvcr.io/nvidia/cuda:12.8.1-cudnn-devel-ubuntu22.04', D1],
            ['nvcr.io/nvidia/pytorch:latest', D2],
        ]);
        const changes = computeUpdateEdits(updated, digests);
        const out = applyEdits(
            text,
            changes.map((c) => c.edit),
        );
        assert.equal(
            out,
            [
                `FROM nvcr.io/nvidia/pytorch:25.03-py3@${D2} AS build`,
                `FROM --platform=linux/arm64 nvcr.io/nvidia/pytorch:25.03-py3-igpu@${D3}\r`,
                `FROM nvcr.io/nvidia/cuda:12.8.1-cudnn-devel-ubuntu22.04@${D1}`,
                `FROM nvcr.io/nvidia/cuda:12.8.1-cudnn-devel-ubuntu22.04@${D1}`,
                `FROM nvcr.io/nvidia/pytorch:latest@${D2}`,
                'FROM build',
                '',
            ].join('\n'),
        );
        assert.equal(changes.filter((c) => c.move).length, 3);
    });

    it('Should move nothing when the repository listing has no dates (a mirror without NGC metadata)', async () => {
        const moves = await findSeriesMoves(targets, async (repo) =>
            (TAGS[repo.repository] ?? []).map((t) => ({ tag: t.tag })),
        );
        assert.equal(moves.size, 0);
    });
});
