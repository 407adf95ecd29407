/**
 * A small glob matcher for `--include` / `--exclude` over the `/`-separated file paths NGC lists.
 *
 * Syntax: `*` (any run of characters except `/`), `**` (any number of whole path segments, including none),
 * `?` (one character except `/`), `{a,b}` (alternatives, may nest and contain globs), `\x` (a literal `x`).
 * A pattern without `/` matches the file's base name at any depth (`*.onnx` matches `models/a.onnx`), as users of
 * the NGC CLI expect from its fnmatch-based filters; a pattern with `/` matches the whole path from the root.
 */
export type GlobMatcher = (path: string) => boolean;

/** Compiles one pattern; throws a readable error for an unbalanced `{`. */
export function compileGlob(pattern: string): GlobMatcher {
    const trimmed = pattern.replace(/^\.\//, '').replace(/^\/+/, '');
    if (trimmed === '') {
        throw new Error('empty glob pattern');
    }
    const anchored = trimmed.includes('/');
    const source = new Parser(trimmed).parseAll();
    const regex = new RegExp(`^${source}$`, 'u');
    if (anchored) {
        return (path) => regex.test(path);
    }
    return (path) => regex.test(path.slice(path.lastIndexOf('/') + 1));
}

/**
 * True when `path` passes the filters: it matches at least one include (or there are none) and no exclude.
 * Exclude wins over include, as in the NGC CLI.
 */
export function createPathFilter(include: readonly string[] = [], exclude: readonly string[] = []): GlobMatcher {
    const inc = include.map(compileGlob);
    const exc = exclude.map(compileGlob);
    return (path) => (inc.length === 0 || inc.some((m) => m(path))) && !exc.some((m) => m(path));
}

class Parser {
    private pos = 0;

    constructor(private readonly text: string) {}

    parseAll(): string {
        const out = this.parseSequence(false);
        if (this.pos < this.text.length) {
            throw new Error(`glob "${this.text}": unexpected "${this.text[this.pos]}" at ${this.pos}`);
        }
        return out;
    }

    /** Parses until the end, or (inside braces) until an unnested `,` or `}`. */
    private parseSequence(inBraces: boolean): string {
        let out = '';
        while (this.pos < this.text.length) {
            const ch = this.text[this.pos] as string;
            if (inBraces && (ch === ',' || ch === '}')) {
                return out;
            }
            if (ch === '*') {
                out += this.parseStars();
                continue;
            }
            this.pos++;
            if (ch === '?') {
                out += '[^/]';
            } else if (ch === '{') {
                out += this.parseBraces();
            } else if (ch === '\\' && this.pos < this.text.length) {
                out += escapeRegex(this.text[this.pos++] as string);
            } else {
                out += escapeRegex(ch);
            }
        }
        if (inBraces) {
            throw new Error(`glob "${this.text}": unclosed "{"`);
        }
        return out;
    }

    private parseStars(): string {
        const start = this.pos;
        while (this.text[this.pos] === '*') {
            this.pos++;
        }
        if (this.pos - start === 1) {
            return '[^/]*';
        }
        const atSegmentStart = start === 0 || this.text[start - 1] === '/';
        const next = this.text[this.pos];
        if (atSegmentStart && next === '/') {
            this.pos++;
            return '(?:[^/]*/)*';
        }
        if (atSegmentStart && next === undefined) {
            return '.*';
        }
        // `**` that is not a whole segment (e.g. `a**b`) behaves like `*`.
        return '[^/]*';
    }

    private parseBraces(): string {
        const alternatives: string[] = [];
        for (;;) {
            alternatives.push(this.parseSequence(true));
            const ch = this.text[this.pos++];
            if (ch === '}') {
                return `(?:${alternatives.join('|')})`;
            }
        }
    }
}

function escapeRegex(ch: string): string {
    return /[.*+?^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}
