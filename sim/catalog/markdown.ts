/**
 * Publisher markdown for overview pages. NGC serves raw markdown in `description`; clients must render it safely, so
 * one repository carries hostile HTML and a `javascript:` link for webview security tests.
 */

/** A typical overview: a heading, a list, a code block and a link. */
export function overview(title: string, pullRef: string, summary: string): string {
    return [
        `## ${title}`,
        '',
        summary,
        '',
        '### Highlights',
        '',
        '- Built and tested by the simulator team',
        '- Multi-stage, reproducible',
        '- See the [release notes](https://docs.nvidia.com/deeplearning/frameworks/) for details',
        '',
        '### Getting started',
        '',
        '```bash',
        `docker pull ${pullRef}`,
        `docker run --gpus all -it --rm ${pullRef}`,
        '```',
        '',
        '| Component | Version |',
        '| --- | --- |',
        '| CUDA | 12.8 |',
        '| Python | 3.12 |',
        '',
    ].join('\n');
}

/** Markdown that tries to run script in a careless renderer. */
export const HOSTILE_MARKDOWN = [
    '## Bad signature image',
    '',
    'This image is signed, but the signature does not verify.',
    '',
    '<script>alert(1)</script><img src=x onerror=alert(2)>[x](javascript:alert(3))',
    '',
    '- <a href="javascript:alert(4)">click me</a>',
    '',
    '```',
    'docker pull nvcr.io/nvidia/badsig:1.0',
    '```',
    '',
].join('\n');
