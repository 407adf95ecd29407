import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PanelRegistry } from '../../../../src/extension/details/panelRegistry';

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
        const first = registry.show('container:nvidia/pytorch', create, setUp, reveal);
        let secondDone = false;
        const second = registry.show('container:nvidia/pytorch', create, setUp, reveal).then(() => (secondDone = true));
        await new Promise((r) => setImmediate(r));
        assert.equal(created.length, 1);
        assert.equal(created[0]?.reveals, 1);
        assert.equal(secondDone, false, 'the second call waits for the set-up of the first');
        finishSetUp();
        await Promise.all([first, second]);
        await registry.show('container:nvidia/pytorch', create, setUp, reveal);
        assert.equal(created.length, 1);
        assert.equal(created[0]?.reveals, 2);
    });

    it('Should open separate panels for different artifacts and a new one after the first was closed', async () => {
        const registry = new PanelRegistry<FakePanel>();
        let n = 0;
        const create = () => ({ id: ++n, reveals: 0 });
        await registry.show(
            'a',
            create,
            async () => undefined,
            () => undefined,
        );
        await registry.show(
            'b',
            create,
            async () => undefined,
            () => undefined,
        );
        assert.equal(n, 2);
        const a = registry.get('a');
        assert.ok(a);
        registry.delete('a', a);
        await registry.show(
            'a',
            create,
            async () => undefined,
            () => undefined,
        );
        assert.equal(n, 3);
    });

    it('Should forget a panel whose set-up failed so the next click tries again', async () => {
        const registry = new PanelRegistry<FakePanel>();
        let n = 0;
        const create = () => ({ id: ++n, reveals: 0 });
        await assert.rejects(
            registry.show(
                'a',
                create,
                async () => Promise.reject(new Error('import failed')),
                () => undefined,
            ),
            /import failed/,
        );
        assert.equal(registry.get('a'), undefined);
        await registry.show(
            'a',
            create,
            async () => undefined,
            () => undefined,
        );
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
});
