import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { parseCertificatesPem } from '../../../../src/core/modelsign/certificates';
import { verifyModel } from '../../../../src/core/modelsign/verifyModel';
import { digestDirectory } from '../../../../sim/modelSigning/omsSigner';
import { NVIDIA_FIXTURES, NVIDIA_ROOT_PEM, NVIDIA_SKILLS, scratch, writableCopy } from './modelCopies';

describe('OMS verification property (unit)', async () => {
    const root = parseCertificatesPem(await readFile(NVIDIA_ROOT_PEM, 'utf8'), 'nvidia root');
    const work = await scratch('ngc-oms-prop-');
    after(() => work.dispose());
    const skills = await Promise.all(
        NVIDIA_SKILLS.map(async (skill) => {
            const dir = await writableCopy(path.join(NVIDIA_FIXTURES, skill), path.join(work.dir, skill));
            const files = (await digestDirectory(dir, ['skill.oms.sig'])).map((r) => r.name);
            return { dir, files };
        }),
    );

    it('Should fail fileDigest on exactly the changed file for any single-byte change to any signed file', async () => {
        await fc.assert(
            fc.asyncProperty(
                fc.nat(),
                fc.nat(),
                fc.nat(),
                fc.integer({ min: 1, max: 255 }),
                async (skillPick, filePick, offsetPick, xor) => {
                    const skill = skills[skillPick % skills.length];
                    assert.ok(skill);
                    const name = skill.files[filePick % skill.files.length] ?? '';
                    const file = path.join(skill.dir, name);
                    const original = await readFile(file);
                    const changed = Buffer.from(original);
                    const offset = offsetPick % changed.length;
                    changed[offset] = (changed[offset] ?? 0) ^ xor;
                    await writeFile(file, changed);
                    try {
                        const result = await verifyModel(skill.dir, {
                            signaturePath: path.join(skill.dir, 'skill.oms.sig'),
                            trustAnchors: root,
                            concurrency: 2,
                            // Half the runs hash on worker threads, half on this thread (small models).
                            threadThreshold: xor % 2 === 0 ? 0 : undefined,
                        });
                        assert.equal(result.verified, false);
                        assert.deepEqual(
                            result.failures.map((f) => `${f.check}:${f.file}`),
                            [`fileDigest:${name}`],
                        );
                    } finally {
                        await writeFile(file, original);
                    }
                },
            ),
            { numRuns: 40 },
        );
        // Restored: every copy verifies again, so the property above tested changes, not leftovers.
        for (const skill of skills) {
            const result = await verifyModel(skill.dir, {
                signaturePath: path.join(skill.dir, 'skill.oms.sig'),
                trustAnchors: root,
            });
            assert.equal(result.verified, true);
        }
    });
});
