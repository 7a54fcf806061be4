import { cesqlSyntaxError, MAX_CESQL_DEPTH } from '../../../../lib/validation/rules/eventing/cesql';

describe('CloudEvents SQL syntax checker', () => {
  test.each([
    "type = 'dev.example.upload'",
    "source LIKE 'https://example.com/%'",
    "source NOT LIKE '%internal%'",
    'EXISTS subject',
    "type IN ('a', 'b', \"c\")",
    "type NOT IN ('a')",
    'NOT (a = b)',
    'not exists myext AND myext2 = 3',
    '-1 + 2 * 3 / 4 % 5 - -6 >= 0',
    'a <> b OR c != d XOR e <= f',
    'a < b AND c > d',
    "UPPER(type) = 'X'",
    "concat(source, '/', subject) LIKE 'a%'",
    'IS_INT(myext)',
    'ABS(-5) = 5',
    'now()  =  time',
    'TRUE',
    'false OR true',
    '(((a)))',
    "'it''s' = \"say \\\"hi\\\"\"",
    'ext1 = 123abc',
    'a = b = c',
    'sequence > 9223372036854775807 - 1',
  ])('accepts %s', (expr) => {
    expect(cesqlSyntaxError(expr)).toBeUndefined();
  });

  test.each([
    ['this is wrong', "parse error: syntax error: mismatched input 'is' expecting <EOF>"],
    ['', "parse error: syntax error: mismatched input '<EOF>' expecting an expression"],
    ['a =', "parse error: syntax error: mismatched input '<EOF>' expecting an expression"],
    ['(a = b', "parse error: syntax error: missing ')' at '<EOF>'"],
    ['a = b)', "parse error: syntax error: mismatched input ')' expecting <EOF>"],
    ['a LIKE b', "parse error: syntax error: mismatched input 'b' expecting a string literal"],
    ['a IN b', "parse error: syntax error: mismatched input 'b' expecting '('"],
    ['a IN ()', "parse error: syntax error: no viable alternative at input ')'"],
    ['EXISTS 1', "parse error: syntax error: mismatched input '1' expecting identifier"],
    ['my_ext = 1', "parse error: syntax error: no viable alternative at input 'my_ext'"],
    ['a.b = 1', "parse error: syntax error: mismatched input 'b' expecting <EOF>"],
    ["a = 'unterminated", "parse error: syntax error: no viable alternative at input '''"],
    ['a == b', "parse error: syntax error: no viable alternative at input '='"],
    ['a NOT b', "parse error: syntax error: mismatched input 'NOT' expecting <EOF>"],
    ['f(a,)', "parse error: syntax error: no viable alternative at input ')'"],
    ['abs2(1)', "parse error: syntax error: mismatched input '(' expecting <EOF>"],
    ['a = 99999999999999999999', 'parse error: strconv.Atoi: parsing "99999999999999999999": value out of range'],
  ])('rejects %j', (expr, message) => {
    expect(cesqlSyntaxError(expr)).toBe(message);
  });

  test('nesting is bounded with an error saying so, instead of a stack overflow', () => {
    const nested = (n: number, open: string, close: string) => `${open.repeat(n)}a${close.repeat(n)} = 1`;
    expect(cesqlSyntaxError(nested(MAX_CESQL_DEPTH - 1, '(', ')'))).toBeUndefined();
    const message = `parse error: syntax error: the expression nests deeper than ${MAX_CESQL_DEPTH} levels (parentheses, function calls, IN sets, NOT or -), which this validator does not parse; flatten it`;
    expect(cesqlSyntaxError(nested(MAX_CESQL_DEPTH, '(', ')'))).toBe(message);
    for (const [open, close] of [['(', ')'], ['f(', ')'], ['NOT ', ''], ['- ', ''], ['a IN (', ')']]) {
      expect(cesqlSyntaxError(nested(20_000, open, close))).toBe(message);
    }
    // A long flat expression is not nesting.
    expect(cesqlSyntaxError(Array.from({ length: 10_000 }, (_, i) => `a = ${i}`).join(' OR '))).toBeUndefined();
  });

  test('characters the lexer cannot match are skipped, as ANTLR\'s lexer does for sdk-go', () => {
    expect(cesqlSyntaxError("type = 'x' .")).toBeUndefined();
    expect(cesqlSyntaxError('a ! = b')).toBeUndefined();
  });

  test('keywords and function names are case-insensitive, as sdk-go upper-cases the lexer input', () => {
    expect(cesqlSyntaxError("type like 'a%' and not exists subject")).toBeUndefined();
    expect(cesqlSyntaxError('lower(type) in (\'a\')')).toBeUndefined();
  });
});
