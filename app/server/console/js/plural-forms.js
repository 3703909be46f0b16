// SPDX-License-Identifier: GPL-3.0-or-later
// A catalogue's "Plural-Forms" rule (a C expression of n, as gettext
// writes it: "n%10==1 && n%100!=11 ? 0 : ...") turned into a function,
// without eval (the console's Content-Security-Policy forbids it, and a
// catalogue is data): a small parser for the operators gettext allows.

// Binary operators by precedence, loosest first (C's order).
const LEVELS = [
  ['||'],
  ['&&'],
  ['==', '!='],
  ['<', '>', '<=', '>='],
  ['+', '-'],
  ['*', '/', '%'],
];

const APPLY = {
  '||': (a, b) => (a || b ? 1 : 0),
  '&&': (a, b) => (a && b ? 1 : 0),
  '==': (a, b) => (a === b ? 1 : 0),
  '!=': (a, b) => (a !== b ? 1 : 0),
  '<': (a, b) => (a < b ? 1 : 0),
  '>': (a, b) => (a > b ? 1 : 0),
  '<=': (a, b) => (a <= b ? 1 : 0),
  '>=': (a, b) => (a >= b ? 1 : 0),
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => (b === 0 ? 0 : Math.trunc(a / b)),
  '%': (a, b) => (b === 0 ? 0 : a % b),
};

function tokenize(text) {
  const tokens = [];
  const pattern = /\s*(\d+|n|\|\||&&|==|!=|<=|>=|[<>+\-*/%!?:()])/y;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) {
      break;
    }
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (!match) {
      throw new Error('bad plural rule at ' + at);
    }
    tokens.push(match[1]);
    at = pattern.lastIndex;
  }
  return tokens;
}

// Returns a function n -> the index of the form to use.
export function compilePluralRule(text) {
  const tokens = tokenize(text);
  let at = 0;
  const peek = () => tokens[at];
  const take = (wanted) => {
    if (tokens[at] !== wanted) {
      throw new Error('bad plural rule: expected ' + wanted);
    }
    at++;
  };

  function primary() {
    const token = tokens[at++];
    if (token === 'n') {
      return (n) => n;
    }
    if (token === '!') {
      const inner = primary();
      return (n) => (inner(n) ? 0 : 1);
    }
    if (token === '(') {
      const inner = ternary();
      take(')');
      return inner;
    }
    if (/^\d+$/.test(token || '')) {
      const value = Number(token);
      return () => value;
    }
    throw new Error('bad plural rule near ' + token);
  }

  function binary(level) {
    if (level === LEVELS.length) {
      return primary();
    }
    let left = binary(level + 1);
    while (LEVELS[level].includes(peek())) {
      const apply = APPLY[tokens[at++]];
      const a = left;
      const b = binary(level + 1);
      left = (n) => apply(a(n), b(n));
    }
    return left;
  }

  function ternary() {
    const condition = binary(0);
    if (peek() !== '?') {
      return condition;
    }
    at++;
    const yes = ternary();
    take(':');
    const no = ternary();
    return (n) => (condition(n) ? yes(n) : no(n));
  }

  const rule = ternary();
  if (at !== tokens.length) {
    throw new Error('bad plural rule: trailing ' + tokens[at]);
  }
  return (n) => rule(Math.abs(Math.trunc(n)));
}
