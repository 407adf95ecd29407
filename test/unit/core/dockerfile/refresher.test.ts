import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DocumentRefresher } from '../../../../src/core/dockerfile/refresher';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('DocumentRefresher', () => {
    it('Should analyse once after edits stop, with the last text, and deliver only the newest run', async () => {
        const analysed: string[] = [];
        const delivered: string[] = [];
        const refresher = new DocumentRefresher<string>({
            delayMs: 40,
            analyze: async (text, signal) => {
                analysed.push(text);
                await wait(text === 'slow' ? 60 : 1);
                if (signal.aborted) {
                    throw new Error('aborted');
                }
                return text;
            },
            onResult: (_k, r) => delivered.push(r),
        });
        for (const t of ['a', 'ab', 'abc']) {
            refresher.edited('doc', () => t);
            await wait(5);
        }
        await wait(80);
        assert.deepEqual(analysed, ['abc']);
        const slow = refresher.now('doc', 'slow');
        await refresher.now('doc', 'fast');
        await slow;
        assert.deepEqual(delivered, ['abc', 'fast'], 'the slow run was superseded and not delivered');
        refresher.edited('doc', () => 'closed');
        refresher.close('doc');
        await wait(60);
        assert.ok(!analysed.includes('closed'));
        refresher.dispose();
    });
});
