// @vitest-environment happy-dom
/** sites/text.ts: rendered message HTML → clean plain text. */
import { describe, expect, it } from 'vitest';
import { labelText, textOf } from './text';

const el = (html: string): Element => {
  const d = new DOMParser().parseFromString(`<div id="m">${html}</div>`, 'text/html');
  return d.getElementById('m')!;
};
const t = (html: string, opts?: Parameters<typeof textOf>[1]) => textOf(el(html), opts);

describe('textOf: prose', () => {
  it.each([
    ['<p>One</p><p>Two</p>', 'One\n\nTwo'],
    ['<p>  lots   of\n   space  </p>', 'lots of space'],
    ['<p>a<br>b</p>', 'a\nb'],
    ['<h2>Title</h2><p>x</p>', '## Title\n\nx'],
    ['<p>use <code>npm  ci</code> now</p>', 'use `npm ci` now'],
    ['<p><strong>bold</strong> and <em>it</em></p>', 'bold and it'],
    ['<blockquote><p>q1</p><p>q2</p></blockquote>', '> q1\n>\n> q2'],
    ['<p>a</p><hr><p>b</p>', 'a\n\n---\n\nb'],
    ['<div>line one</div><div>line two</div>', 'line one\nline two'],
    ['<p>caf&eacute;&nbsp;au lait</p>', 'café au lait'],
  ])('%s', (html, want) => expect(t(html)).toBe(want));

  it('keeps the line breaks and indentation of pre-wrap text (what the person typed)', () => {
    expect(t('<div class="whitespace-pre-wrap">def f():\n    return 1\n\nok</div>')).toBe('def f():\n    return 1\n\nok');
    expect(t('<p style="white-space: pre-wrap;">a\nb</p>')).toBe('a\nb');
    expect(t('<span class="x">a\nb</span>', { preserveWhitespace: true })).toBe('a\nb');
  });
});

describe('textOf: lists and tables', () => {
  it('renders bullets, numbers (with start) and nested lists', () => {
    expect(t('<ul><li><p>A</p></li><li><p>B</p><ul><li><p>B1</p></li></ul></li></ul><ol start="3"><li>x</li><li>y</li></ol>')).toBe(
      '- A\n- B\n  - B1\n\n3. x\n4. y',
    );
  });

  it('renders tables as pipe rows with a header rule and escaped pipes', () => {
    expect(t('<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1|2</td><td><p>x</p><p>y</p></td></tr></tbody></table>')).toBe(
      '| a | b |\n| --- | --- |\n| 1\\|2 | x y |',
    );
    expect(t('<table><tr><td>no</td><td>header</td></tr></table>')).toBe('| no | header |');
  });
});

describe('textOf: code blocks', () => {
  it('fences code verbatim with the language from a class', () => {
    expect(t('<pre><code class="language-python">a = 1\n\n\n  b = 2   \n</code></pre>')).toBe('```python\na = 1\n\n\n  b = 2\n```');
  });

  it('takes the language from a header label inside the pre (ChatGPT) and drops the copy button', () => {
    expect(t('<pre><div><div>Python</div><button>Copy code</button></div><div><code>print(1)</code></div></pre>')).toBe('```python\nprint(1)\n```');
  });

  it('recognises a wrapper holding only a label and one pre (Copilot/Claude shape)', () => {
    expect(t('<p>Run:</p><div><div><span>bash</span><button>Copy</button></div><div><pre><code>pwd</code></pre></div></div><p>done</p>')).toBe(
      'Run:\n\n```bash\npwd\n```\n\ndone',
    );
  });

  it('does not take prose next to a pre as its language', () => {
    expect(t('<div><p>Output</p><pre>42</pre></div>')).toBe('Output\n\n```\n42\n```');
  });

  it('reads CodeMirror lines and data-language', () => {
    expect(t('<pre data-language="rust"><div class="cm-content"><div class="cm-line">fn main() {}</div><div class="cm-line">// x</div></div></pre>')).toBe(
      '```rust\nfn main() {}\n// x\n```',
    );
  });

  it('indents a code block inside a list item and quotes one inside a blockquote', () => {
    expect(t('<ul><li><p>step:</p><pre><code>a\nb</code></pre></li></ul>')).toBe('- step:\n  ```\n  a\n  b\n  ```');
    expect(t('<blockquote><pre><code>q</code></pre></blockquote>')).toBe('> ```\n> q\n> ```');
  });

  it('uses a longer fence when the code holds ``` itself', () => {
    expect(t('<pre><code>```js\nx\n```</code></pre>')).toBe('````\n```js\nx\n```\n````');
  });

  it('skips a code block that is present but hidden', () => {
    expect(
      t('<p>Table:</p><code-block><div style="display: none"><pre><code>secret()</code></pre></div></code-block>', { codeBlockSelectors: ['code-block'] }),
    ).toBe('Table:');
  });
});

describe('textOf: chrome dropped', () => {
  it.each([
    ['<h4 class="sr-only">You said:</h4><p>hi</p>', 'hi'],
    ['<h2 class="cdk-visually-hidden"> Gemini said </h2><p>hi</p>', 'hi'],
    ['<p>hi<button>Copy</button><svg><text>icon</text></svg></p>', 'hi'],
    ['<p>visible<span aria-hidden="true">decoration</span></p>', 'visible'],
    ['<p>shown</p><div style="display:none">hidden</div><div hidden>also</div>', 'shown'],
    ['<p>Progress is real <span data-testid="webpage-citation-pill"><a>Nature</a></span>.</p>', 'Progress is real.'],
    ['<p>answer</p><div>1.3s</div>', 'answer'],
    ['<p>image: <img alt="cat" src="x.png">here</p>', 'image: here'],
  ])('%s', (html, want) => expect(t(html)).toBe(want));

  it('drops what a site adds to dropSelectors', () => {
    expect(t('<p>keep</p><div class="chips">Suggested: more</div>', { dropSelectors: ['.chips'] })).toBe('keep');
  });
});

describe('textOf: math', () => {
  it('keeps the TeX of KaTeX (annotation) and Gemini (data-math), inline and display', () => {
    const katex =
      '<span class="katex"><math><semantics><mrow><mi>x</mi></mrow><annotation encoding="application/x-tex">x^2</annotation></semantics></math><span class="katex-html" aria-hidden="true">x2</span></span>';
    expect(t(`<p>Inline ${katex} here</p>`)).toBe('Inline $x^2$ here');
    expect(t(`<span class="katex-display">${katex}</span>`)).toBe('$$x^2$$');
    expect(t('<p>E: <span class="math-inline" data-math="E=mc^2"><span class="katex">E=mc2</span></span></p>')).toBe('E: $E=mc^2$');
  });
});

describe('textOf: labelled code wrappers are not fooled by prose with inline code', () => {
  it('keeps a paragraph with inline code next to a labelled block', () => {
    expect(t('<div><span>bash</span><p>use <code>x</code> first</p><pre><code>ls</code></pre></div>')).toBe('bash\n\nuse `x` first\n\n```\nls\n```');
  });
});

describe('labelText', () => {
  it('reads a label on one line without its chrome, and nothing for a missing element', () => {
    expect(labelText(el('<span>GPT-5</span>\n  <span>Thinking</span><button>Switch</button>'))).toBe('GPT-5 Thinking');
    expect(labelText(null)).toBe('');
    expect(labelText(undefined)).toBe('');
  });
});
