import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DoubleClicks, PanelRegistry, type PanelOps } from '../../../../src/extension/details/panelRegistry';

interface FakePanel {
    id: number;
    reveals: number;
}

describe('PanelRegistry (unit)', () => {
    it('Should reveal the pending panel instead of creating a twin when the same artifact is opened twice quickly', async () => {
        const registry = new PanelRegistry<FakePanel>();
        const created: FakePanel[] = [];
        let finishSetUp: () => void = () => undefined;
        const create = () => {
            const p = { id: created.length + 1, reveals: 0 };
            created.push(p);
            return p;
        };
        const setUp = () => new Promise<void>((resolve) => (finishSetUp = resolve));
        const reveal = (p: FakePanel) => p.reveals++;
        const first = registry.show('container:nvidia/pytorch', { create, setUp, reveal });
        let secondDone = false;
        const second = registry
            .show('container:nvidia/pytorch', { create, setUp, reveal })
            .then(() => (secondDone = true));
        await new Promise((r) => setImmediate(r));
        assert.equal(created.length, 1);
        assert.equal(created[0]?.reveals, 1);
        assert.equal(secondDone, false, 'the second call waits for the set-up of the first');
        finishSetUp();
        await Promise.all([first, second]);
        await registry.show('container:nvidia/pytorch', { create, setUp, reveal });
        assert.equal(created.length, 1);
        assert.equal(created[0]?.reveals, 2);
    });

    it('Should open separate panels for different artifacts and a new one after the first was closed', async () => {
        const registry = new PanelRegistry<FakePanel>();
        let n = 0;
        const create = () => ({ id: ++n, reveals: 0 });
        await registry.show('a', { create, setUp: async () => undefined, reveal: () => undefined });
        await registry.show('b', { create, setUp: async () => undefined, reveal: () => undefined });
        assert.equal(n, 2);
        const a = registry.get('a');
        assert.ok(a);
        registry.delete('a', a);
        await registry.show('a', { create, setUp: async () => undefined, reveal: () => undefined });
        assert.equal(n, 3);
    });

    it('Should forget a panel whose set-up failed so the next click tries again', async () => {
        const registry = new PanelRegistry<FakePanel>();
        let n = 0;
        const create = () => ({ id: ++n, reveals: 0 });
        await assert.rejects(
            registry.show('a', {
                create,
                setUp: async () => Promise.reject(new Error('import failed')),
                reveal: () => undefined,
            }),
            /import failed/,
        );
        assert.equal(registry.get('a'), undefined);
        await registry.show('a', { create, setUp: async () => undefined, reveal: () => undefined });
        assert.equal(registry.get('a')?.id, 2);
    });

    it('Should not forget a newer panel when an older one of the same key is deleted', () => {
        const registry = new PanelRegistry<FakePanel>();
        const old = { id: 1, reveals: 0 };
        const fresh = { id: 2, reveals: 0 };
        registry.add('a', old);
        registry.add('a', fresh);
        registry.delete('a', old);
        assert.equal(registry.get('a'), fresh);
    });

    it('Should show single clicks in one preview panel, keep it on a pinning show, and never open a twin', async () => {
        const registry = new PanelRegistry<FakePanel>();
        const created: FakePanel[] = [];
        const loaded: string[] = [];
        const ops: PanelOps<FakePanel> = {
            create: () => {
                const p = { id: created.length + 1, reveals: 0 };
                created.push(p);
                return p;
            },
            setUp: async (p, key) => void loaded.push(`${p.id}:${key}`),
            reveal: (p) => p.reveals++,
        };
        for (const key of ['pytorch', 'cuda', 'tritonserver', 'cuda']) {
            await registry.show(key, ops, true);
        }
        assert.equal(created.length, 1, 'six clicks, one tab');
        assert.deepEqual(loaded, ['1:pytorch', '1:cuda', '1:tritonserver', '1:cuda']);
        assert.equal(registry.get('pytorch'), undefined, 'the preview no longer shows pytorch');
        assert.equal(registry.get('cuda')?.id, 1);
        // A double click (a show that is not a preview) keeps the panel; the next single click opens a new preview.
        await registry.show('cuda', ops, false);
        assert.equal(registry.isPreview(created[0] as FakePanel), false);
        await registry.show('pytorch', ops, true);
        assert.equal(created.length, 2);
        assert.equal(registry.get('cuda')?.id, 1, 'the kept panel still shows cuda');
        assert.equal(registry.get('pytorch')?.id, 2);
        // A kept artifact is revealed by a single click, not loaded into the preview as a twin.
        await registry.show('cuda', ops, true);
        assert.equal(created.length, 2);
        assert.equal(registry.get('pytorch')?.id, 2, 'the preview keeps what it showed');
        // An edit-like action pins the preview.
        registry.pin(created[1] as FakePanel);
        await registry.show('badsig', ops, true);
        assert.equal(created.length, 3);
        assert.deepEqual(
            ['cuda', 'pytorch', 'badsig'].map((k) => registry.get(k)?.id),
            [1, 2, 3],
        );
    });

    it('Should open a new preview after the preview panel was closed', async () => {
        const registry = new PanelRegistry<FakePanel>();
        let n = 0;
        const ops: PanelOps<FakePanel> = {
            create: () => ({ id: ++n, reveals: 0 }),
            setUp: async () => undefined,
            reveal: () => undefined,
        };
        await registry.show('a', ops, true);
        registry.delete('a', registry.get('a') as FakePanel);
        await registry.show('b', ops, true);
        assert.equal(registry.get('b')?.id, 2);
        assert.equal(registry.isPreview(registry.get('b') as FakePanel), true);
    });
});

describe('DoubleClicks (unit)', () => {
    it('Should count two clicks on one item within the window as a double click, once', () => {
        const clicks = new DoubleClicks(500);
        assert.equal(clicks.click('a', 1000), false);
        assert.equal(clicks.click('a', 1400), true);
        assert.equal(clicks.click('a', 1450), false, 'a third click starts over');
        assert.equal(clicks.click('b', 1500), false, 'another item');
        assert.equal(clicks.click('a', 1600), false, 'the click before was on b');
        assert.equal(clicks.click('a', 2200), false, 'too slow');
    });
});
