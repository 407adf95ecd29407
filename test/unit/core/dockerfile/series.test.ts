import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
    compareVersions,
    newerInSeries,
    newestInSeries,
    parseSeriesTag,
    type DatedTag,
} from '../../../../src/core/dockerfile/series';

const d = (tag: string, date?: string): DatedTag => (date === undefined ? { tag } : { tag, date });

describe('parseSeriesTag', () => {
    it('Should split real NGC tag shapes into prefix, version and suffix', () => {
        const shapes: [string, string, number[], string][] = [
            ['25.03-py3', '', [25, 3], '-py3'],
            ['25.03-py3-igpu', '', [25, 3], '-py3-igpu'],
            ['24.12-tf2-py3', '', [24, 12], '-tf2-py3'],
            ['12.6.3-cudnn-devel-ubuntu22.04', '', [12, 6, 3], '-cudnn-devel-ubuntu22.04'],
            ['2.5.0-pyt', '', [2, 5, 0], '-pyt'],
            ['r36.4.0', 'r', [36, 4, 0], ''],
            ['25.01', '', [25, 1], ''],
        ];
        for (const [tag, prefix, version, suffix] of shapes) {
            const s = parseSeriesTag(tag);
            assert.ok(s, tag);
            assert.deepEqual([s.prefix, s.version, s.suffix], [prefix, version, suffix], tag);
        }
    });

    it('Should put different suffixes, prefixes and shapes in different series', () => {
        const key = (t: string) => parseSeriesTag(t)?.key;
        assert.equal(key('25.01-py3'), key('25.03-py3'));
        assert.notEqual(key('25.03-py3'), key('25.03-py3-igpu'));
        assert.notEqual(key('24.12-tf2-py3'), key('24.12-py3'));
        assert.notEqual(key('12.6.3-cudnn-devel-ubuntu22.04'), key('12.6.3-cudnn-devel-ubuntu24.04'));
        assert.notEqual(key('12.6.3-cudnn-devel-ubuntu22.04'), key('12.6.3-cudnn-runtime-ubuntu22.04'));
        assert.notEqual(key('12.6-base'), key('12.6.3-base'), 'shape: number of version parts');
        assert.notEqual(key('r36.4.0'), key('36.4.0'));
        assert.equal(key('r36.2.0'), key('r36.4.0'));
    });

    it('Should not take non-version tags as series', () => {
        for (const tag of ['latest', 'devel', 'py3', 'sha256-abc.sig', '25.03py3', 'nightly-25.03', '']) {
            assert.equal(parseSeriesTag(tag), undefined, tag);
        }
    });
});

describe('compareVersions', () => {
    it('Should compare numerically, not as text', () => {
        assert.ok(compareVersions([25, 10], [25, 9]) > 0);
        assert.ok(compareVersions([12, 10, 0], [12, 9, 5]) > 0);
        assert.equal(compareVersions([25, 3], [25, 3]), 0);
        assert.ok(compareVersions([24, 12], [25, 1]) < 0);
    });
});

describe('newestInSeries', () => {
    const pytorch = [
        d('25.03-py3', '2025-03-20'),
        d('25.03-py3-igpu', '2025-03-21'),
        d('25.02-py3', '2025-02-20'),
        d('25.04-py3-igpu', '2025-04-21'),
        d('25.01-py3', '2025-01-20'),
        d('24.12-tf2-py3', '2024-12-20'),
        d('latest', '2025-04-30'),
    ];

    it('Should move to the newest tag with the same suffix, never across suffixes', () => {
        assert.equal(newestInSeries(d('25.01-py3', '2025-01-20'), pytorch)?.tag, '25.03-py3');
        assert.equal(newestInSeries(d('25.03-py3-igpu', '2025-03-21'), pytorch)?.tag, '25.04-py3-igpu');
        assert.equal(newestInSeries(d('25.03-py3', '2025-03-20'), pytorch), undefined, 'already newest');
        assert.equal(newestInSeries(d('24.12-tf2-py3', '2024-12-20'), pytorch), undefined, 'its series has no newer');
        assert.equal(newestInSeries(d('latest', '2025-01-01'), pytorch), undefined);
    });

    it('Should list every newer tag newest first', () => {
        assert.deepEqual(
            newerInSeries(d('25.01-py3', '2025-01-20'), pytorch).map((t) => t.tag),
            ['25.03-py3', '25.02-py3'],
        );
    });

    it('Should not move to a tag newer by version only, or by date only, or of unknown date', () => {
        const tags = [
            d('12.6.3-base-ubuntu22.04', '2024-11-01'),
            d('12.8.0-base-ubuntu22.04', '2024-10-01'), // newer version, older push (not a release after ours)
            d('12.4.1-base-ubuntu22.04', '2025-02-01'), // re-pushed older version
            d('12.9.0-base-ubuntu22.04'), // date unknown
            d('12.8.1-base-ubuntu24.04', '2025-03-01'), // other OS: other series
        ];
        assert.equal(newestInSeries(tags[0] as DatedTag, tags), undefined);
        tags.push(d('12.8.1-base-ubuntu22.04', '2025-03-01'));
        assert.equal(newestInSeries(tags[0] as DatedTag, tags)?.tag, '12.8.1-base-ubuntu22.04');
        assert.equal(newestInSeries(d('12.6.3-base-ubuntu22.04'), tags), undefined, 'own date unknown: no proof');
    });

    it('Should handle the other shapes: 2.5.0-pyt and r36.4.0, and compare 10 above 9', () => {
        const tao = [d('5.5.0-pyt', '2025-02-10'), d('5.3.0-pyt', '2025-01-10'), d('5.5.0-tf1.15.5', '2025-02-11')];
        assert.equal(newestInSeries(d('5.3.0-pyt', '2025-01-10'), tao)?.tag, '5.5.0-pyt');
        const l4t = [
            d('r36.4.0', '2024-10-01'),
            d('r36.2.0', '2024-01-01'),
            d('r35.4.1', '2023-08-01'),
            d('36.4.3', '2025-01-01'),
        ];
        assert.equal(newestInSeries(d('r36.2.0', '2024-01-01'), l4t)?.tag, 'r36.4.0');
        assert.equal(newestInSeries(d('r35.4.1', '2023-08-01'), l4t)?.tag, 'r36.4.0');
        const months = [d('25.09-py3', '2025-09-20'), d('25.10-py3', '2025-10-20')];
        assert.equal(newestInSeries(d('25.09-py3', '2025-09-20'), months)?.tag, '25.10-py3');
    });
});
