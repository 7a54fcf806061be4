import { goJsonObjectError } from '../../../../lib/validation/rules/eventing/go-json';

describe("Go's json.Unmarshal into a map, as PingSource's PS5 check words it", () => {
  test.each(['{}', ' {"a": [1, -2.5e+3, true, false, null, "x\\u00e9\\n"]} ', 'null'])('accepts %j', (text) => {
    expect(goJsonObjectError(text)).toBeUndefined();
  });

  test.each([
    ['Invalid', "invalid character 'I' looking for beginning of value"],
    ['', 'unexpected end of JSON input'],
    ['{"a":1', 'unexpected end of JSON input'],
    ['{a:1}', "invalid character 'a' looking for beginning of object key string"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b":2}', "invalid character '\"' after object key:value pair"],
    ['{"a":[1 2]}', "invalid character '2' after array element"],
    ['{"a":[1,]}', "invalid character ']' looking for beginning of value"],
    ['{} x', "invalid character 'x' after top-level value"],
    ['{"a":tru}', "invalid character '}' in literal true (expecting 'e')"],
    ['{"a":-x}', "invalid character 'x' in numeric literal"],
    ['{"a":1.}', "invalid character '}' after decimal point in numeric literal"],
    ['{"a":1e}', "invalid character '}' in exponent of numeric literal"],
    ['{"a":"\\q"}', "invalid character 'q' in string escape code"],
    ['{"a":"\\u12G4"}', "invalid character 'G' in \\u hexadecimal character escape"],
    ['{"a":"line\nbreak"}', "invalid character '\\n' in string literal"],
    ["{'a':1}", "invalid character '\\'' looking for beginning of object key string"],
    ['[1]', 'json: cannot unmarshal array into Go value of type map[string]interface {}'],
    ['"s"', 'json: cannot unmarshal string into Go value of type map[string]interface {}'],
    ['true', 'json: cannot unmarshal bool into Go value of type map[string]interface {}'],
    ['3', 'json: cannot unmarshal number into Go value of type map[string]interface {}'],
  ])('rejects %j', (text, message) => {
    expect(goJsonObjectError(text)).toBe(message);
  });
});
