import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyResultItems } from '../../../../src/extension/search/emptyResults';

const label = (kind: string) => ({ container: 'Containers', model: 'Models' })[kind] ?? kind;

describe('emptyResultItems (unit)', () => {
    it("Should say 'No results for x' and offer every widening that applies", () => {
        assert.deepEqual(emptyResultItems(' llama ', 'model', true, true, label), [
            { label: "$(search-stop) No results for 'llama' (models, signed only)" },
            { label: '$(filter) Search all types', widen: 'allKinds' },
            { label: '$(verified) Include unsigned results', widen: 'unsigned' },
        ]);
    });

    it('Should not offer all types where the search is for containers only (Insert Pinned FROM)', () => {
        assert.deepEqual(
            emptyResultItems('llama', 'container', true, false, label).map((i) => i.widen),
            [undefined, 'unsigned'],
        );
    });

    it('Should suggest other words when there is nothing to widen', () => {
        const [only, ...rest] = emptyResultItems('zzz', 'all', false, true, label);
        assert.equal(only?.label, "$(search-stop) No results for 'zzz'");
        assert.match(only?.detail ?? '', /shorter word/);
        assert.deepEqual(rest, []);
    });
});
