/**
 * Benchmark: Dockerfile diagnostics for NGC base images, against the simulator.
 *   npx tsx bench/dockerfileDiagnostics.ts
 * A 100-line multi-stage Dockerfile with 20 distinct NGC images (some `--platform=`, some pinned, one stale, one via
 * an `ARG` default) is analysed cold through the same core the extension uses (`analyzeBaseImages` over one
 * `ImageFacts`, then `diagnosticsOf`): time to all diagnostics (goal ≤ 2 s) and manifest requests per unique
 * reference (goal ≤ 1). Then 100 characters are typed into a RUN line, one every 20 ms, through the debounced
 * `DocumentRefresher` (500 ms quiet period): registry and API requests while typing and after (goal 0).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../sim/server';
import { analyzeBaseImages, diagnosticsOf } from '../src/core/dockerfile/editorFacts';
import type { LineAnalysis } from '../src/core/dockerfile/lineAnalysis';
import { ImageFacts } from '../src/core/dockerfile/imageFacts';
import { DocumentRefresher } from '../src/core/dockerfile/refresher';
import { createDispatcher } from '../src/core/http/agent';
import { HttpClient } from '../src/core/http/client';
import { NgcClient } from '../src/core/ngc/client';
import { listTags, parseRepoRef } from '../src/core/ngc/repos';
import { MemoryContentCache } from '../src/core/registry/configCache';
import { RegistryClient } from '../src/core/registry/client';

const IMAGES = [
    ...['25.03-py3', '25.02-py3', '25.01-py3', '24.12-py3'].map((t) => `nvidia/pytorch:${t}`),
    ...['25.03-py3', '25.02-py3', '25.01-py3'].map((t) => `nvidia/tritonserver:${t}`),
    ...['5.5.0-pyt', '5.3.0-pyt'].map((t) => `nvidia/tao/tao-toolkit:${t}`),
    ...Array.from({ length: 11 }, (_, i) => `nvidia/cuda:12.${9 - Math.floor(i / 6)}.${5 - (i % 6)}-base`),
];

/** 100 lines: 20 stages, each FROM + 3 RUN/COPY lines + a comment, global ARGs on top. */
function dockerfile(reg: string): string {
    const lines = ['# syntax=docker/dockerfile:1', `ARG TRITON=${reg}/nvidia/tritonserver:25.02-py3`];
    IMAGES.forEach((image, i) => {
        const platform = i % 5 === 1 ? '--platform=linux/arm64 ' : '';
        const ref = image.includes('tritonserver:25.02') ? '${TRITON}' : `${reg}/${image}`;
        const pin = i === 3 ? `@sha256:${'0'.repeat(64)}` : '';
        lines.push(
            ...(i < 2 ? [] : [`# stage ${i}`]),
            `FROM ${platform}${ref}${pin} AS s${i}`,
            `RUN echo building stage ${i}`,
            'COPY . /src',
        );
        lines.push(i % 2 === 0 ? `RUN make -C /src target-${i}` : `ENV STAGE=${i}`);
    });
    while (lines.length < 100) {
        lines.push(`RUN echo filler ${lines.length}`);
    }
    return lines.join('\n');
}

async function main(): Promise<void> {
    const sim: Simulator = await startSimulator();
    const dispatcher = createDispatcher();
    const http = new HttpClient({ dispatcher, retry: { attempts: 1 } });
    try {
        const reg = sim.urls.registry;
        const registry = new RegistryClient({ http });
        const ngc = new NgcClient({
            http,
            endpoints: { apiUrl: sim.urls.api, authUrl: sim.urls.auth, registry: reg, helmUrl: sim.urls.helm },
        });
        const facts = new ImageFacts({
            registry: async () => registry,
            cache: new MemoryContentCache(),
            listTags: async (repo, signal) =>
                (await listTags(ngc, parseRepoRef(repo.repository), { signal })).map((t) => ({
                    tag: t.tag,
                    signed: t.signed,
                    ...(t.updatedDate ? { date: t.updatedDate } : {}),
                })),
        });
        const policy = { ngcRegistry: reg };
        const text = dockerfile(reg);
        sim.clearRequests();
        const started = performance.now();
        const analyses = await analyzeBaseImages(text, policy, facts);
        const diagnostics = diagnosticsOf(analyses);
        const coldMs = performance.now() - started;
        const unique = new Set(analyses.map((a) => `${a.line.ref?.repository}:${a.line.ref?.tag}`)).size;
        const recordedManifests = sim.requests.filter((r) => r.host === 'registry' && r.url.includes('/manifests/'));
        const byRef = new Map<string, number>();
        for (const r of recordedManifests) {
            byRef.set(r.url, (byRef.get(r.url) ?? 0) + 1);
        }
        const apiRequests = sim.requests.filter((r) => r.host === 'api').length;

        // Typing: 100 characters into a RUN line, one every 20 ms, through the debounced refresher.
        sim.clearRequests();
        let results = 0;
        let last: readonly LineAnalysis[] = [];
        const refresher = new DocumentRefresher<readonly LineAnalysis[]>({
            analyze: (t, signal) => analyzeBaseImages(t, policy, facts, signal),
            onResult: (_key, result) => {
                results++;
                last = result;
            },
        });
        let current = text;
        const at = current.indexOf('RUN echo building stage 7') + 'RUN echo building stage 7'.length;
        for (let i = 0; i < 100; i++) {
            current = `${current.slice(0, at + i)}${String.fromCharCode(97 + (i % 26))}${current.slice(at + i)}`;
            const snapshot = current;
            refresher.edited('Dockerfile', () => snapshot);
            await new Promise((r) => setTimeout(r, 20));
        }
        await new Promise((r) => setTimeout(r, 800));
        refresher.dispose();
        const typingRegistry = sim.requests.filter((r) => r.host === 'registry').length;
        const typingApi = sim.requests.filter((r) => r.host === 'api').length;

        const figures = {
            lines: text.split('\n').length,
            uniqueImages: unique,
            ngcFromLines: analyses.length,
            diagnostics: diagnostics.length,
            byCode: Object.fromEntries(
                [...new Set(diagnostics.map((d) => d.code))].map((c) => [
                    c,
                    diagnostics.filter((d) => d.code === c).length,
                ]),
            ),
            coldMs: Math.round(coldMs),
            clientManifestRequests: registry.stats.manifestRequests,
            recordedManifestRequests: recordedManifests.length,
            maxRecordedPerReference: Math.max(...byRef.values()),
            apiRequestsCold: apiRequests,
            typing: {
                analysesDelivered: results,
                registryRequests: typingRegistry,
                apiRequests: typingApi,
                sameDiagnostics: diagnosticsOf(last).length === diagnostics.length,
            },
        };
        process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
        const ok =
            coldMs <= 2000 && registry.stats.manifestRequests <= unique && typingRegistry === 0 && typingApi === 0;
        process.stdout.write(ok ? 'goals met\n' : 'GOALS MISSED\n');
        const dir = join(__dirname, 'results');
        await mkdir(dir, { recursive: true });
        await writeFile(
            join(dir, `dockerfileDiagnostics-${new Date().toISOString().replace(/[:.]/g, '-')}.json`),
            JSON.stringify(figures, null, 2),
        );
    } finally {
        await dispatcher.close();
        await sim.close();
    }
}

void main();
