/**
 * A syntax checker for CloudEvents SQL v1, matching what cloudevents/sdk-go `sql/v2/parser`
 * (the parser Knative's webhook calls for `cesql` filters) accepts. It builds no tree: it only
 * answers "does this parse", with an ANTLR-like message when it does not.
 *
 * Grammar (CESQLParser.g4, paraphrased):
 *
 *   cesql      := expression EOF
 *   expression := functionIdentifier '(' [expression (',' expression)*] ')'
 *               | NOT expression | '-' expression
 *               | expression [NOT] LIKE stringLiteral
 *               | EXISTS identifier
 *               | expression [NOT] IN '(' expression (',' expression)* ')'
 *               | expression ('*' | '/' | '%') expression
 *               | expression ('+' | '-') expression
 *               | expression ('=' | '!=' | '<>' | '>=' | '<=' | '<' | '>') expression
 *               | expression (AND | OR | XOR) expression
 *               | '(' expression ')'
 *               | TRUE | FALSE | integer | string | identifier
 *
 * Lexing follows the ANTLR lexer: longest match, ties to the earlier rule (keywords, strings,
 * INTEGER_LITERAL, IDENTIFIER [a-zA-Z]+, IDENTIFIER_WITH_NUMBER [a-zA-Z0-9]+,
 * FUNCTION_IDENTIFIER_WITH_UNDERSCORE [A-Z][A-Z_]*). sdk-go upper-cases the lexer's view of the
 * input, so keywords and function names are case-insensitive. Strings are '...' or "..." with
 * backslash escapes and doubled quotes; an unterminated quote falls back to the lone quote
 * token, which no parser rule accepts. sdk-go only collects the *parser's* errors: a character
 * the lexer cannot match is skipped (ANTLR prints it on stderr), so `a = 1 .` is accepted, as
 * it is here. Function names are resolved when an event is evaluated, not when parsing, so any
 * name is accepted. Operator precedence does not change what is accepted, so binary operators
 * are parsed flat.
 *
 * Nesting (parentheses, function arguments, IN sets, NOT and unary minus) is bounded at
 * MAX_CESQL_DEPTH levels. sdk-go's ANTLR parser has no limit of its own (only Go's 1 GB stack
 * and the API server's request size bound it), so this is the one place the check is stricter
 * than upstream: an expression nested deeper is reported as an error saying so, rather than
 * overflowing the JavaScript stack (which happened near 4,400 levels). No real filter nests
 * anywhere near that deep.
 *
 * Messages follow ANTLR's wording (`mismatched input 'x' expecting <EOF>`, `no viable
 * alternative at input 'x'`); sdk-go's own text for these is often shorter.
 */

type Kind =
  | 'KEYWORD' | 'STRING' | 'QUOTE' | 'INTEGER' | 'IDENTIFIER' | 'IDENTIFIER_WITH_NUMBER' | 'FUNCTION_IDENTIFIER'
  | 'OP' | '(' | ')' | ',' | 'EOF';

interface Token { readonly kind: Kind; readonly text: string; readonly upper: string }

const KEYWORDS = new Set(['AND', 'OR', 'XOR', 'NOT', 'LIKE', 'EXISTS', 'IN', 'TRUE', 'FALSE']);
const BINARY = new Set(['*', '/', '%', '+', '-', '=', '!=', '<>', '>=', '<=', '<', '>', 'AND', 'OR', 'XOR']);
const TWO_CHAR_OPS = new Set(['!=', '<>', '>=', '<=']);
const ONE_CHAR_OPS = new Set(['*', '/', '%', '+', '-', '=', '<', '>']);
const MAX_INT64 = 9223372036854775807n;

const isLetter = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isDigit = (c: string) => c >= '0' && c <= '9';

function runLength(s: string, i: number, ok: (c: string) => boolean): number {
  let j = i;
  while (j < s.length && ok(s[j])) j++;
  return j - i;
}

function tokenize(input: string): Token[] {
  const out: Token[] = [];
  const push = (kind: Kind, text: string) => out.push({ kind, text, upper: text.toUpperCase() });
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') { i++; continue; }
    if (c === '(' || c === ')' || c === ',') { push(c, c); i++; continue; }
    const two = input.slice(i, i + 2);
    if (TWO_CHAR_OPS.has(two)) { push('OP', two); i += 2; continue; }
    if (ONE_CHAR_OPS.has(c)) { push('OP', c); i++; continue; }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let closed = false;
      while (j < input.length) {
        if (input[j] === '\\' && j + 1 < input.length) { j += 2; continue; }
        if (input[j] === c) {
          if (input[j + 1] === c) { j += 2; continue; }
          closed = true;
          break;
        }
        j++;
      }
      if (!closed) {
        push('QUOTE', c);
        i++;
        continue;
      }
      push('STRING', input.slice(i, j + 1));
      i = j + 1;
      continue;
    }
    const letters = runLength(input, i, isLetter);
    const alnum = runLength(input, i, (ch) => isLetter(ch) || isDigit(ch));
    const fn = isLetter(c) ? runLength(input, i, (ch) => isLetter(ch) || ch === '_') : 0;
    const digits = runLength(input, i, isDigit);
    const longest = Math.max(letters, alnum, fn, digits);
    if (longest === 0) {
      i++;
      continue;
    }
    const text = input.slice(i, i + longest);
    const upper = text.toUpperCase();
    let kind: Kind;
    if (letters === longest && KEYWORDS.has(upper)) kind = 'KEYWORD';
    else if (digits === longest) kind = 'INTEGER';
    else if (letters === longest) kind = 'IDENTIFIER';
    else if (alnum === longest) kind = 'IDENTIFIER_WITH_NUMBER';
    else kind = 'FUNCTION_IDENTIFIER';
    push(kind, text);
    i += longest;
  }
  out.push({ kind: 'EOF', text: '<EOF>', upper: '<EOF>' });
  return out;
}

class CesqlSyntaxError extends Error {}

/** How deeply an expression may nest before the checker refuses to parse it (see above). */
export const MAX_CESQL_DEPTH = 1000;

class Parser {
  /** Errors of sdk-go's tree visitor (not syntax errors): integer literals beyond int64. */
  public readonly visitorErrors: string[] = [];
  private pos = 0;
  private depth = 0;
  public constructor(private readonly tokens: Token[]) {}

  public parse(): void {
    this.expression();
    const t = this.peek();
    if (t.kind !== 'EOF') throw new CesqlSyntaxError(`mismatched input '${t.text}' expecting <EOF>`);
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)];
  }

  private next(): Token {
    const t = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }

  private expect(kind: Kind, what: string): Token {
    const t = this.peek();
    if (t.kind !== kind) {
      throw new CesqlSyntaxError(t.kind === 'EOF' ? `missing ${what} at '<EOF>'` : `mismatched input '${t.text}' expecting ${what}`);
    }
    return this.next();
  }

  private isKeyword(t: Token, word: string): boolean {
    return t.kind === 'KEYWORD' && t.upper === word;
  }

  /** operand ( binary operand | [NOT] LIKE string | [NOT] IN set )* */
  private expression(): void {
    this.operand();
    for (;;) {
      const t = this.peek();
      const op = t.kind === 'OP' || t.kind === 'KEYWORD' ? t.upper : '';
      if (this.isKeyword(t, 'NOT') && (this.isKeyword(this.peek(1), 'LIKE') || this.isKeyword(this.peek(1), 'IN'))) {
        this.next();
        continue;
      }
      if (this.isKeyword(t, 'LIKE')) {
        this.next();
        this.expect('STRING', 'a string literal');
      } else if (this.isKeyword(t, 'IN')) {
        this.next();
        this.nested(() => this.set());
      } else if (BINARY.has(op)) {
        this.next();
        this.operand();
      } else {
        return;
      }
    }
  }

  private set(): void {
    this.expect('(', "'('");
    this.expression();
    while (this.peek().kind === ',') { this.next(); this.expression(); }
    this.expect(')', "')'");
  }

  private operand(): void {
    this.nested(() => this.operandBody());
  }

  /** Runs `parse` one nesting level deeper, refusing to go beyond MAX_CESQL_DEPTH. */
  private nested(parse: () => void): void {
    if (++this.depth > MAX_CESQL_DEPTH) {
      throw new CesqlSyntaxError(`the expression nests deeper than ${MAX_CESQL_DEPTH} levels (parentheses, function calls, IN sets, NOT or -), which this validator does not parse; flatten it`);
    }
    try {
      parse();
    } finally {
      this.depth--;
    }
  }

  private operandBody(): void {
    const t = this.peek();
    if (this.isKeyword(t, 'NOT') || (t.kind === 'OP' && t.text === '-')) {
      this.next();
      this.operand();
      return;
    }
    if (this.isKeyword(t, 'EXISTS')) {
      this.next();
      const id = this.peek();
      if (id.kind !== 'IDENTIFIER' && id.kind !== 'IDENTIFIER_WITH_NUMBER') {
        throw new CesqlSyntaxError(id.kind === 'EOF' ? "missing identifier at '<EOF>'" : `mismatched input '${id.text}' expecting identifier`);
      }
      this.next();
      return;
    }
    if ((t.kind === 'IDENTIFIER' || t.kind === 'FUNCTION_IDENTIFIER') && this.peek(1).kind === '(') {
      this.next();
      this.next();
      if (this.peek().kind !== ')') {
        this.expression();
        while (this.peek().kind === ',') { this.next(); this.expression(); }
      }
      this.expect(')', "')'");
      return;
    }
    if (t.kind === '(') {
      this.next();
      this.expression();
      this.expect(')', "')'");
      return;
    }
    if (t.kind === 'INTEGER') {
      if (BigInt(t.text) > MAX_INT64) this.visitorErrors.push(`strconv.Atoi: parsing "${t.text}": value out of range`);
      this.next();
      return;
    }
    if (t.kind === 'STRING' || t.kind === 'IDENTIFIER' || t.kind === 'IDENTIFIER_WITH_NUMBER'
      || this.isKeyword(t, 'TRUE') || this.isKeyword(t, 'FALSE')) {
      this.next();
      return;
    }
    throw new CesqlSyntaxError(t.kind === 'EOF' ? "mismatched input '<EOF>' expecting an expression" : `no viable alternative at input '${t.text}'`);
  }
}

/**
 * Checks a CESQL expression. Returns undefined when it parses, else the error as sdk-go words it
 * (`parse error: syntax error: ...`).
 */
export function cesqlSyntaxError(expression: string): string | undefined {
  const parser = new Parser(tokenize(expression));
  try {
    parser.parse();
  } catch (e) {
    if (!(e instanceof CesqlSyntaxError)) throw e;
    return `parse error: syntax error: ${e.message}`;
  }
  return parser.visitorErrors.length ? `parse error: ${parser.visitorErrors.join(',')}` : undefined;
}
