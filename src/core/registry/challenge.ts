/**
 * `WWW-Authenticate` parsing (RFC 9110 §11.6.1 as registries use it). Quirks tolerated:
 * - nvcr.io sends `Bearer realm="https://nvcr.io/proxy_auth",scope=""`: no `service`, and an empty `scope`.
 * - after a token expires nvcr.io switches to `Bearer realm="https://authn.nvidia.com/token",service="registry",
 *   error="invalid_token"` (NVIDIA/nvidia-container-toolkit#1945), so callers must parse every 401, never cache a realm.
 * - Basic registries (distribution with htpasswd) send `Basic realm="basic-realm"`.
 * - several challenges may share one header (`Bearer realm="a", Basic realm="b"`), parameter names are
 *   case-insensitive, and quoted values may hold commas, `=` and backslash escapes.
 */
export interface Challenge {
    /** Lowercased scheme: `bearer`, `basic`, … */
    scheme: string;
    /** Parameters with lowercased names; quoted values unescaped. */
    params: Record<string, string>;
}

/** Parses every challenge in a `WWW-Authenticate` value; unknown shapes are skipped, never thrown. */
export function parseChallenges(header: string | undefined): Challenge[] {
    if (!header) {
        return [];
    }
    const challenges: Challenge[] = [];
    const lexer = new Lexer(header);
    let current: Challenge | undefined;
    while (!lexer.done()) {
        lexer.skip(/[\s,]/);
        if (lexer.done()) {
            break;
        }
        const word = lexer.token();
        if (word === '') {
            lexer.advance(); // a stray character: step over it rather than loop
            continue;
        }
        lexer.skip(/[ \t]/);
        if (lexer.peek() === '=' && current !== undefined) {
            lexer.advance();
            lexer.skip(/[ \t]/);
            current.params[word.toLowerCase()] = lexer.peek() === '"' ? lexer.quoted() : lexer.token();
            continue;
        }
        current = { scheme: word.toLowerCase(), params: {} };
        challenges.push(current);
        // token68 form (`Basic dXNlcjpwYXNz`-like): consume it so it is not read as a parameter name.
        const token68 = /^[A-Za-z0-9._~+/-]+=*(?=\s*(,|$))/.exec(lexer.remaining());
        if (token68 && !lexer.remaining().slice(token68[0].length).trimStart().startsWith('=')) {
            lexer.advance(token68[0].length);
        }
    }
    return challenges;
}

/**
 * The challenge to answer: Bearer when offered (token flow), else Basic. Returns undefined when the header offers
 * neither (an HTML login page behind a proxy, say), so the caller can report the 401 as it came.
 */
export function pickChallenge(header: string | undefined): Challenge | undefined {
    const all = parseChallenges(header);
    return all.find((c) => c.scheme === 'bearer' && c.params['realm']) ?? all.find((c) => c.scheme === 'basic');
}

class Lexer {
    private at = 0;
    constructor(private readonly text: string) {}

    done(): boolean {
        return this.at >= this.text.length;
    }

    peek(): string {
        return this.text[this.at] ?? '';
    }

    remaining(): string {
        return this.text.slice(this.at);
    }

    advance(count = 1): void {
        this.at += count;
    }

    skip(chars: RegExp): void {
        while (!this.done() && chars.test(this.peek())) {
            this.at++;
        }
    }

    /** An RFC 9110 token (also accepts `/` and `:`, which realms in unquoted form carry). */
    token(): string {
        const start = this.at;
        while (!this.done() && /[!#$%&'*+.^_`|~0-9A-Za-z/:-]/.test(this.peek())) {
            this.at++;
        }
        return this.text.slice(start, this.at);
    }

    /** A quoted string starting at `"`; an unterminated one runs to the end of the header. */
    quoted(): string {
        this.at++; // opening quote
        let out = '';
        while (!this.done()) {
            const c = this.peek();
            this.at++;
            if (c === '\\' && !this.done()) {
                out += this.peek();
                this.at++;
            } else if (c === '"') {
                break;
            } else {
                out += c;
            }
        }
        return out;
    }
}
