/**
 * Finds the `FROM` instructions of a Dockerfile and where their image token sits in the original text, so edits
 * can be made as offsets and everything else stays byte-for-byte the same. Follows BuildKit's parser where it
 * matters for FROM: instructions in any case; parser directives at the very top (`# escape=` switches the line
 * continuation character to a backtick, as Windows Dockerfiles do); continuation lines, with comment and blank
 * lines inside a continuation skipped; here-documents of RUN/COPY/ADD skipped (a `FROM` inside one is not an
 * instruction); `--platform=` flags; `AS name`, after which `FROM name` is a stage, not an image; `${ARG}`
 * references left alone. CRLF line ends and a UTF-8 BOM are kept as they are (offsets count them).
 */

/** A token of the file: its text as Docker reads it and its offsets in the original text. */
export interface Token {
    text: string;
    /** Offset of the first character in the original text. */
    start: number;
    /** Offset just past the last character. */
    end: number;
    /** False when the token is split by a line continuation (its original span holds the escape and newline). */
    contiguous: boolean;
}

export type FromKind = 'image' | 'stage' | 'scratch' | 'variable' | 'invalid';

export interface FromInstruction {
    /** 0-based line of the image token. */
    line: number;
    /** Span of the whole instruction (from `FROM` to the end of its last line, without the line end). */
    start: number;
    end: number;
    /** `image`: a registry image; `stage`: an earlier stage's name; `scratch`; `variable`: holds `$`; `invalid`: no image or extra words. */
    kind: FromKind;
    image: Token | undefined;
    /** The value of `--platform=`, when given. */
    platform: Token | undefined;
    /** The name after `AS`, lowercased as BuildKit does. */
    stageName: string | undefined;
}

export interface ParsedDockerfile {
    escape: '\\' | '`';
    /** True when the text starts with a UTF-8 byte order mark. */
    bom: boolean;
    froms: FromInstruction[];
}

interface PhysicalLine {
    start: number;
    /** End of content, before `\r\n` or `\n`. */
    end: number;
}

/** Parses the FROM instructions of `text`. Never throws: odd instructions come back as `invalid`. */
export function parseDockerfile(text: string): ParsedDockerfile {
    const bom = text.startsWith('\uFEFF');
    const lines = splitLines(text, bom ? 1 : 0);
    const { escape, firstLine } = readDirectives(text, lines);
    const froms: FromInstruction[] = [];
    const stages = new Set<string>();
    const continuation = new RegExp(`${escape === '`' ? '`' : '\\\\'}[ \\t]*$`);
    let i = firstLine;
    while (i < lines.length) {
        const first = lines[i] as PhysicalLine;
        const firstText = text.slice(first.start, first.end);
        if (/^\s*$/.test(firstText) || /^\s*#/.test(firstText)) {
            i++;
            continue;
        }
        // Assemble one logical line, remembering the original offset of every character.
        const chars: string[] = [];
        const offsets: number[] = [];
        let last = first;
        for (;;) {
            const line = lines[i] as PhysicalLine;
            last = line;
            const content = text.slice(line.start, line.end);
            const cont = continuation.exec(content);
            const keep = cont ? cont.index : content.length;
            for (let k = 0; k < keep; k++) {
                chars.push(content[k] as string);
                offsets.push(line.start + k);
            }
            i++;
            if (!cont) {
                break;
            }
            // Inside a continuation BuildKit drops comment lines and blank lines.
            while (
                i < lines.length &&
                /^\s*(#.*)?$/.test(text.slice((lines[i] as PhysicalLine).start, (lines[i] as PhysicalLine).end))
            ) {
                i++;
            }
            if (i >= lines.length) {
                break;
            }
            // BuildKit concatenates continuation lines as they are (no separator), so a token can span them.
        }
        const logical = chars.join('');
        const instruction = /^\s*([A-Za-z]+)/.exec(logical)?.[1]?.toLowerCase();
        if (instruction === 'from') {
            const from = parseFrom(logical, offsets, text, first.start, last.end, stages);
            froms.push(from);
            if (from.stageName) {
                stages.add(from.stageName);
            }
        } else if (instruction === 'run' || instruction === 'copy' || instruction === 'add') {
            i = skipHeredocs(logical, text, lines, i);
        }
    }
    return { escape, bom, froms };
}

/** 0-based line number of `offset`. */
export function lineOf(text: string, offset: number): number {
    let line = 0;
    for (let k = text.indexOf('\n'); k >= 0 && k < offset; k = text.indexOf('\n', k + 1)) {
        line++;
    }
    return line;
}

function splitLines(text: string, from: number): PhysicalLine[] {
    const lines: PhysicalLine[] = [];
    let start = from;
    while (start <= text.length) {
        const nl = text.indexOf('\n', start);
        if (nl < 0) {
            if (start < text.length) {
                lines.push({ start, end: text.length });
            }
            break;
        }
        lines.push({ start, end: nl > start && text[nl - 1] === '\r' ? nl - 1 : nl });
        start = nl + 1;
    }
    return lines;
}

/** Parser directives: `# key=value` lines at the very top; the first other line (even a blank one) ends them. */
function readDirectives(text: string, lines: PhysicalLine[]): { escape: '\\' | '`'; firstLine: number } {
    let escape: '\\' | '`' = '\\';
    const seen = new Set<string>();
    let i = 0;
    for (; i < lines.length; i++) {
        const line = lines[i] as PhysicalLine;
        const match = /^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$/.exec(text.slice(line.start, line.end));
        if (!match) {
            break;
        }
        const key = (match[1] as string).toLowerCase();
        if (seen.has(key)) {
            break; // a repeated directive is a comment, and ends the directives
        }
        seen.add(key);
        if (key === 'escape' && (match[2] === '`' || match[2] === '\\')) {
            escape = match[2];
        }
    }
    return { escape, firstLine: i };
}

function parseFrom(
    logical: string,
    offsets: number[],
    text: string,
    start: number,
    end: number,
    stages: ReadonlySet<string>,
): FromInstruction {
    const words = splitWords(logical, offsets, text).slice(1); // drop the FROM keyword
    let platform: Token | undefined;
    let w = 0;
    for (; w < words.length && (words[w] as Token).text.startsWith('--'); w++) {
        const flag = words[w] as Token;
        const eq = flag.text.indexOf('=');
        if (eq > 0 && flag.text.slice(2, eq).toLowerCase() === 'platform') {
            platform = subToken(flag, eq + 1, offsets, logical, text);
        }
    }
    const rest = words.slice(w);
    const image = rest[0];
    const asWord = rest[1]?.text.toLowerCase();
    const stageName = rest.length === 3 && asWord === 'as' ? rest[2]?.text.toLowerCase() : undefined;
    const base = { line: lineOf(text, image?.start ?? start), start, end, image, platform, stageName };
    if (image === undefined || !(rest.length === 1 || (rest.length === 3 && asWord === 'as'))) {
        return { ...base, kind: 'invalid' };
    }
    const lower = image.text.toLowerCase();
    const kind: FromKind = image.text.includes('$')
        ? 'variable'
        : lower === 'scratch'
          ? 'scratch'
          : stages.has(lower)
            ? 'stage'
            : 'image';
    return { ...base, kind };
}

/** Whitespace-separated words of the logical line, each with its original span. */
function splitWords(logical: string, offsets: number[], text: string): Token[] {
    const words: Token[] = [];
    const re = /\S+/g;
    for (let m = re.exec(logical); m; m = re.exec(logical)) {
        words.push(tokenAt(m.index, m.index + m[0].length, offsets, logical, text));
    }
    return words;
}

function tokenAt(from: number, to: number, offsets: number[], logical: string, text: string): Token {
    const start = offsets[from] as number;
    const end = (offsets[to - 1] as number) + 1;
    const value = logical.slice(from, to);
    return { text: value, start, end, contiguous: end - start === value.length && text.slice(start, end) === value };
}

function subToken(token: Token, skip: number, offsets: number[], logical: string, text: string): Token {
    // Locate the token in the logical line again to map a suffix of it.
    const from = offsets.indexOf(token.start);
    return tokenAt(from + skip, from + token.text.length, offsets, logical, text);
}

/** Skips the bodies of `<<EOF` / `<<-"EOF"` here-documents that start on this instruction. */
function skipHeredocs(logical: string, text: string, lines: PhysicalLine[], next: number): number {
    const re = /(?<!<)<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;
    let i = next;
    for (let m = re.exec(logical); m; m = re.exec(logical)) {
        const stripTabs = m[1] === '-';
        const word = m[3] as string;
        while (i < lines.length) {
            const line = lines[i] as PhysicalLine;
            i++;
            const content = text.slice(line.start, line.end);
            if ((stripTabs ? content.replace(/^\t+/, '') : content) === word) {
                break;
            }
        }
    }
    return i;
}
