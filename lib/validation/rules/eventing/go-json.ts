/**
 * What Go's encoding/json says about a text, for the checks that unmarshal user input: the
 * PingSource JSON data (PS5) and the Trigger dependency annotation (G9). The syntax errors are
 * those of encoding/json's scanner, word for word. JSON.parse accepts the same texts; only the
 * messages differ, so the scanner only runs to find Go's words for a failure.
 */

const CONTROL_ESCAPES: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };

/** encoding/json quoteChar. */
function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return "'\"'";
  const code = c.charCodeAt(0);
  if (code < 0x20 || code === 0x7f) return `'${CONTROL_ESCAPES[c] ?? `\\x${code.toString(16).padStart(2, '0')}`}'`;
  if (c === '\\') return "'\\\\'";
  return `'${c}'`;
}

class GoJsonError extends Error {}

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isHex = (c: string | undefined) => c !== undefined && /^[0-9a-fA-F]$/.test(c);

class Scanner {
  private i = 0;
  public constructor(private readonly s: string) {}

  public check(): void {
    this.value();
    this.ws();
    if (this.i < this.s.length) this.fail('after top-level value');
  }

  private peek(): string | undefined {
    return this.s[this.i];
  }

  private fail(context: string): never {
    const c = this.peek();
    if (c === undefined) throw new GoJsonError('unexpected end of JSON input');
    throw new GoJsonError(`invalid character ${quoteChar(c)} ${context}`);
  }

  private ws(): void {
    while (isSpace(this.peek())) this.i++;
  }

  private value(): void {
    this.ws();
    const c = this.peek();
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || isDigit(c)) return this.number();
    if (c === 't') return this.literal('true');
    if (c === 'f') return this.literal('false');
    if (c === 'n') return this.literal('null');
    this.fail('looking for beginning of value');
  }

  private object(): void {
    this.i++;
    this.ws();
    if (this.peek() === '}') { this.i++; return; }
    for (;;) {
      this.ws();
      if (this.peek() !== '"') this.fail('looking for beginning of object key string');
      this.string();
      this.ws();
      if (this.peek() !== ':') this.fail('after object key');
      this.i++;
      this.value();
      this.ws();
      if (this.peek() === ',') { this.i++; continue; }
      if (this.peek() === '}') { this.i++; return; }
      this.fail('after object key:value pair');
    }
  }

  private array(): void {
    this.i++;
    this.ws();
    if (this.peek() === ']') { this.i++; return; }
    for (;;) {
      this.value();
      this.ws();
      if (this.peek() === ',') { this.i++; continue; }
      if (this.peek() === ']') { this.i++; return; }
      this.fail('after array element');
    }
  }

  private string(): void {
    this.i++;
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.fail('in string literal');
      if (c === '"') { this.i++; return; }
      if (c.charCodeAt(0) < 0x20) this.fail('in string literal');
      if (c === '\\') {
        this.i++;
        const e = this.peek();
        if (e === 'u') {
          this.i++;
          for (let k = 0; k < 4; k++) {
            if (!isHex(this.peek())) this.fail('in \\u hexadecimal character escape');
            this.i++;
          }
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) this.fail('in string escape code');
      }
      this.i++;
    }
  }

  private number(): void {
    if (this.peek() === '-') {
      this.i++;
      if (!isDigit(this.peek())) this.fail('in numeric literal');
    }
    if (this.peek() === '0') this.i++;
    else while (isDigit(this.peek())) this.i++;
    if (this.peek() === '.') {
      this.i++;
      if (!isDigit(this.peek())) this.fail('after decimal point in numeric literal');
      while (isDigit(this.peek())) this.i++;
    }
    if (this.peek() === 'e' || this.peek() === 'E') {
      this.i++;
      if (this.peek() === '+' || this.peek() === '-') this.i++;
      if (!isDigit(this.peek())) this.fail('in exponent of numeric literal');
      while (isDigit(this.peek())) this.i++;
    }
  }

  private literal(word: string): void {
    this.i++;
    for (let k = 1; k < word.length; k++) {
      if (this.peek() !== word[k]) this.fail(`in literal ${word} (expecting ${quoteChar(word[k])})`);
      this.i++;
    }
  }
}

/** The JSON type name Go's UnmarshalTypeError uses for a value. */
export function goJsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v === 'boolean' ? 'bool' : typeof v;
}

/** Parses `text` as JSON, or returns Go's syntax error for it. */
export function parseGoJson(text: string): { value?: unknown; error?: string } {
  try {
    return { value: JSON.parse(text) };
  } catch {
    try {
      new Scanner(text).check();
    } catch (e) {
      if (e instanceof GoJsonError) return { error: e.message };
      throw e;
    }
    return { error: 'invalid JSON' };
  }
}

/** Go's error for unmarshalling `text` into a map, or undefined when it is an object (or null). */
export function goJsonObjectError(text: string): string | undefined {
  const { value, error } = parseGoJson(text);
  if (error) return error;
  if (value === null || (typeof value === 'object' && !Array.isArray(value))) return undefined;
  return `json: cannot unmarshal ${goJsonType(value)} into Go value of type map[string]interface {}`;
}
