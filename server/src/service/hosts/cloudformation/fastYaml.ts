/**
 * A fast path for the YAML templates are written in: the tree of parse.ts built straight from the
 * tokens of `yaml`'s own Lexer (the one parse.ts gives), without its CST Parser and Composer (a
 * generator per token and a Document per piece were most of a template's validation time).
 * Scalars are decoded by `yaml` itself (CST.resolveAsScalar) and typed by the same schema tags a
 * Document uses, so values are `yaml`'s. Only the plain shape templates use is accepted: block maps
 * and sequences, flow collections of scalars, CloudFormation's short-form tags, comments, a leading
 * `---`; anchors, aliases, explicit keys, directives, other document markers, tabs, keys on several
 * lines, comments around empty values, and anything `yaml` would report as an error make it give
 * up (undefined), and parse.ts parses with `yaml` as before. Ranges follow `yaml`'s rules,
 * including where it attaches trailing comments (a collection's range ends after an indented
 * comment that follows its last value); a property test compares both parsers on real and
 * randomly changed templates and on generated documents (test/unit/hosts/fast-yaml.test.ts).
 */
import { CST, Lexer, isScalar, parseDocument, type CollectionTag, type ParseOptions, type ScalarTag } from 'yaml';
import type { CfnEntry, CfnNode, ScalarStyle } from './parse';
import { MAX_NESTING } from '../../limits';
import { CACHES } from '../../../core/caches';

const enum T {
  Plain,
  Single,
  Double,
  Tag,
  Colon,
  Dash,
  Space,
  Newline,
  Comment,
  SeqStart,
  SeqEnd,
  MapStart,
  MapEnd,
  Comma,
  BlockHeader,
  BlockBody,
  DocStart,
  End,
}

/** Thrown to give up; caught in fastYamlTree. */
const GIVE_UP = new Error('not on the fast path');

interface Schema {
  readonly tags: ReadonlyArray<ScalarTag | CollectionTag>;
  readonly options: ParseOptions;
  /** The tests are the core schema's: a plain scalar not starting with one of CORE_FIRST is a string. */
  readonly coreTests: boolean;
  /** The scalar tag of each tag name looked up so far (null: none, the fast path gives up). */
  readonly named: Map<string, ScalarTag | null>;
}

/** The YAML 1.2 core schema's tests for plain scalars (null, bool, int, float), as `yaml` 2 writes them. */
const CORE_TESTS = [
  '/^(?:~|[Nn]ull|NULL)?$/',
  '/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/',
  '/^0o[0-7]+$/',
  '/^[-+]?[0-9]+$/',
  '/^0x[0-9a-fA-F]+$/',
  '/^(?:[-+]?\\.(?:inf|Inf|INF)|\\.nan|\\.NaN|\\.NAN)$/',
  '/^[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)[eE][-+]?[0-9]+$/',
  '/^[-+]?(?:\\.[0-9]+|[0-9]+\\.[0-9]*)$/',
].join(' ');
/** The first characters a plain scalar matching one of CORE_TESTS can start with. */
const CORE_FIRST: ReadonlySet<string> = new Set('~NnTtFf0123456789-+.');
/** Plain scalars starting with these are errors (`yaml` reports them). */
const BAD_PLAIN_START: ReadonlySet<string> = new Set([',', '%', '|', '>', '@', '`', '\t']);
const MULTILINE_OR_ESCAPED = /[\n\r\\]/;

/** The schema of each set of custom tags (parse.ts has one). */
const SCHEMAS = CACHES.weak<ReadonlyArray<ScalarTag | CollectionTag>, Schema>('fastYaml.schemas');

/** The schema tags and options a Document with these options resolves scalars with. */
function schemaOf(customTags: ReadonlyArray<ScalarTag | CollectionTag>, options: object): Schema {
  const known = SCHEMAS.get(customTags);
  if (known) return known;
  const doc = parseDocument('', { ...options, customTags: [...customTags] });
  const tags = doc.schema.tags;
  const tests = tags.flatMap((t) => (t.default && t.test ? [String(t.test)] : [])).join(' ');
  const schema = { tags, options: doc.options, coreTests: tests === CORE_TESTS, named: new Map<string, ScalarTag | null>() };
  SCHEMAS.set(customTags, schema);
  return schema;
}

/** Trivia between a value and the next content: what decides where collections end. */
interface Trivia {
  /** The largest indentation of a comment line, -1 when none. */
  readonly maxCommentIndent: number;
  /** Offset of the next content token (after its indentation), or of the end of the text. */
  readonly end: number;
}

interface Parsed {
  readonly node: CfnNode;
  /** `yaml`'s range[2]: where the node ends with what is attached to it. */
  readonly end2: number;
}

/** What a block collection holds. */
type BlockShape = { readonly kind: 'map'; readonly entries: CfnEntry[] } | { readonly kind: 'seq'; readonly items: CfnNode[] };

interface BlockParsed extends Parsed {
  /** The trivia after the node, not attached to it. */
  readonly pending: Trivia;
}

/** The tokens of a text, as parallel arrays (one object per token would cost more). */
class Tokens {
  readonly type: T[] = [];
  readonly off: number[] = [];
  readonly src: string[] = [];
  /** Column of the token. */
  readonly col: number[] = [];
  /** True for the first token of a line (after its indentation). */
  readonly first: boolean[] = [];
  /** Where the line being read starts. */
  lineStart = 0;
  /** No token but spaces on the line being read yet. */
  lineFirst = true;
  /** The first token of the document (after the blank and comment lines before it): where the Lexer says the document starts. */
  docAt = 0;

  push(t: T, at: number, source: string): void {
    this.type.push(t);
    this.off.push(at);
    this.src.push(source);
    this.col.push(at - this.lineStart);
    this.first.push(this.lineFirst && t !== T.Space);
    if (t !== T.Space) this.lineFirst = false;
  }

  /** A line starts at `at`. */
  startLine(at: number): void {
    this.lineStart = at;
    this.lineFirst = true;
  }

  /** The last token, at the end of the text (`at`). */
  end(at: number): void {
    this.type.push(T.End);
    this.off.push(at);
    this.src.push('');
    this.col.push(at - this.lineStart);
    this.first.push(this.lineFirst);
  }

  /**
   * The Lexer's lexemes these tokens stand for (what `yaml`'s Parser reads): each token's source,
   * after the Lexer's document-start mark before the document's first token and its scalar mark
   * before a plain scalar or a block scalar's body.
   */
  lexemes(): string[] {
    const out: string[] = [];
    const last = this.type.length - 1; // T.End, not a lexeme
    for (let i = 0; i < last; i++) {
      if (i === this.docAt) out.push(CST.DOCUMENT);
      const t = this.type[i];
      if (t === T.Plain || t === T.BlockBody) out.push(CST.SCALAR);
      out.push(this.src[i]!);
    }
    return out;
  }

  /** For tests: each token as type@offset:column:first:source. */
  describe(): string[] {
    return this.type.map((t, i) => `${t}@${this.off[i]}:${this.col[i]}:${this.first[i] ? 1 : 0}:${JSON.stringify(this.src[i])}`);
  }
}

/**
 * The tokens `yaml`'s Lexer gives, for texts of plain block YAML (block scalars, plain and quoted
 * scalars on several lines included; no flow collections on several lines, no anchors,
 * tags other than `!Name`, or tabs), without its generators: the same state (indentValue,
 * indentNext) decides where a plain scalar or a block scalar ends. Undefined when the text needs
 * the Lexer itself (a property test compares both). Throws GIVE_UP for a text whose flow
 * brackets or `- ` indicators nest more than {@link MAX_NESTING} deep on one line: the tree would
 * give up on it after lexing it all (a hostile text is refused at once; parse.ts's guarded parse
 * says where it is too deep).
 */
function lexLines(text: string): Tokens | undefined {
  // A byte order mark or tabs: the Lexer's own.
  if (text.includes('\ufeff') || text.includes('\t')) return undefined;
  const lexer = new LineLexer(text);
  return lexer.lex() ? lexer.tokens : undefined;
}

/** Runs of 0–63 spaces, by their length. */
const SPACES: readonly string[] = Array.from({ length: 64 }, (_, n) => ' '.repeat(n));

/** The line lexer of {@link lexLines}: each step is the `yaml` Lexer's step of the same name, or says which. Steps return false to decline the text. */
class LineLexer {
  readonly tokens = new Tokens();
  private readonly n: number;
  private pos = 0;
  /** The Lexer's indentValue: the indentation of the line's content, `- ` indicators included. */
  private indentValue = 0;
  /** The Lexer's indentNext: the indentation a plain scalar's next line needs to go on. */
  private indentNext = 0;
  /** The Lexer's flowKey: in a flow collection, right after something that can be a key. */
  private flowKey = false;

  constructor(private readonly text: string) {
    this.n = text.length;
  }

  lex(): boolean {
    if (!this.leadingLines()) return false;
    this.tokens.docAt = this.tokens.type.length;
    while (this.pos < this.n) if (!this.lineStart() || !this.lineContent()) return false;
    this.tokens.end(this.n);
    return true;
  }

  /** The token `t` from the cursor to `end`, and the cursor after it. */
  private push(t: T, end: number): void {
    this.tokens.push(t, this.pos, this.text.slice(this.pos, end));
    this.pos = end;
  }

  /** Spaces at the cursor (a Space token), if any. */
  private spaces(): void {
    const from = this.pos;
    let i = from;
    while (this.text.charCodeAt(i) === 32) i++;
    if (i === from) return;
    // The same string as the slice, without a new one for each token.
    this.tokens.push(T.Space, from, i - from < SPACES.length ? SPACES[i - from]! : this.text.slice(from, i));
    this.pos = i;
  }

  /** The line break at the cursor (LF or CRLF); false when the line goes on or ends in a lone CR. */
  private newline(): boolean {
    const { text, pos } = this;
    const c = text.charCodeAt(pos);
    if (c === 10) this.tokens.push(T.Newline, pos, '\n');
    else if (c === 13 && text.charCodeAt(pos + 1) === 10) this.tokens.push(T.Newline, pos, '\r\n');
    else return pos >= this.n;
    this.pos = pos + (c === 10 ? 1 : 2);
    this.tokens.startLine(this.pos);
    return true;
  }

  /** Where the line that `from` is on ends (before its CR LF or LF). */
  private lineEndAt(from: number): number {
    const e = this.text.indexOf('\n', from);
    const end = e < 0 ? this.n : e;
    return this.text.charCodeAt(end - 1) === 13 ? end - 1 : end;
  }

  /** The stream's start: blank and comment lines; false when no document follows. */
  private leadingLines(): boolean {
    const text = this.text;
    while (this.pos < this.n) {
      let i = this.pos;
      while (text.charCodeAt(i) === 32) i++;
      const c = text[i];
      if (c !== '#' && c !== '\n' && c !== undefined && !(c === '\r' && text[i + 1] === '\n')) return true;
      this.spaces();
      if (c === '#') this.push(T.Comment, this.lineEndAt(this.pos));
      if (!this.newline()) return false;
    }
    return false;
  }

  /** parseLineStart: a `---` line, or the indentation and then `- ` indicators (parseBlockStart). */
  private lineStart(): boolean {
    const text = this.text;
    if (
      this.pos === this.tokens.lineStart &&
      (text.startsWith('---', this.pos) || text.startsWith('...', this.pos)) &&
      isEmpty(text[this.pos + 3])
    ) {
      if (text[this.pos] === '.') return false;
      this.push(T.DocStart, this.pos + 3);
      this.indentValue = 0;
      this.indentNext = 0;
      return true;
    }
    const before = this.pos;
    this.spaces();
    this.indentValue = this.pos - before;
    if (this.indentNext > this.indentValue && !isEmpty(text[this.pos + 1])) this.indentNext = this.indentValue;
    let dashes = 0;
    while ((text[this.pos] === '-' || text[this.pos] === '?' || text[this.pos] === ':') && isEmpty(text[this.pos + 1])) {
      if (text[this.pos] !== '-') return false;
      // Each `- ` opens a sequence one level deeper: past the limit, the tree gives up anyway.
      if (++dashes > MAX_NESTING) throw GIVE_UP;
      const dash = this.pos;
      this.push(T.Dash, this.pos + 1);
      this.spaces();
      this.indentNext = this.indentValue + 1;
      this.indentValue += this.pos - dash;
    }
    return true;
  }

  /** parseDocument, to the line's end (its line break included). */
  private lineContent(): boolean {
    for (;;) {
      this.spaces();
      if (!this.indicators(false)) return false;
      const ch = this.text[this.pos];
      if (ch === '#') {
        this.push(T.Comment, this.lineEndAt(this.pos));
        return this.newline();
      }
      if (ch === undefined || ch === '\n' || ch === '\r') return this.newline();
      // A block scalar takes the lines after its header: the next line starts after it.
      if (ch === '|' || ch === '>') return this.blockScalar();
      const read =
        ch === '{' || ch === '[' ? this.flow() : ch === '"' || ch === "'" ? this.quoted() : !NOT_ON_LINE.has(ch) && this.plain(false);
      if (!read) return false;
    }
  }

  /** continueScalar (at the end of the text). */
  private continueScalar(offset: number): number {
    const text = this.text;
    let ch = text[offset];
    if (this.indentNext > 0) {
      let indent = 0;
      while (ch === ' ') ch = text[++indent + offset];
      if (ch === '\r' && text[indent + offset + 1] === '\n') return offset + indent + 1;
      return ch === '\n' || indent >= this.indentNext ? offset + indent : -1;
    }
    if (ch === '-' || ch === '.') {
      const dt = text.substr(offset, 3);
      if ((dt === '---' || dt === '...') && isEmpty(text[offset + 3])) return -1;
    }
    return offset;
  }

  /** parsePlainScalar; false for a scalar on several lines. */
  private plain(inFlow: boolean): boolean {
    const text = this.text;
    let end = this.pos - 1;
    let i = this.pos - 1;
    let ch: string | undefined;
    while ((ch = text[++i])) {
      if (ch === ':') {
        const next = text[i + 1];
        if (isEmpty(next) || (inFlow && FLOW_INDICATORS.has(next!))) break;
        end = i;
      } else if (isEmpty(ch)) {
        let next = text[i + 1];
        if (ch === '\r') {
          if (next !== '\n') return false;
          i += 1;
          ch = '\n';
          next = text[i + 1];
        }
        if (next === '#' || (inFlow && FLOW_INDICATORS.has(next!))) break;
        if (ch === '\n') {
          if (inFlow) return false;
          const cs = this.continueScalar(i + 1);
          if (cs === -1) break;
          i = Math.max(i, cs - 2);
        }
      } else {
        if (inFlow && FLOW_INDICATORS.has(ch)) break;
        end = i;
      }
    }
    const token = text.slice(this.pos, end + 1);
    // Empty (nothing read: no progress): the Lexer's.
    if (token === '') return false;
    const start = this.pos;
    this.push(T.Plain, end + 1);
    // On several lines (block context only: a line break in a flow collection declined above), the
    // Lexer goes on reading the scalar's last line as it is (its state stays 'doc'): only the line start moves.
    const nl = token.lastIndexOf('\n');
    if (nl >= 0) this.tokens.lineStart = start + nl + 1;
    return true;
  }

  /**
   * parseBlockScalarHeader, then the rest of its line (a comment; anything else declines) and its
   * line break, then parseBlockScalar: the body is every following line the header's indentation
   * takes, as one token, trailing lines kept by the header's `+` only. (No tabs: the text has none.)
   */
  private blockScalar(): boolean {
    const text = this.text;
    let explicit = -1;
    let keep = false;
    let i = this.pos;
    for (;;) {
      const ch = text[++i];
      if (ch === '+') keep = true;
      else if (ch !== undefined && ch > '0' && ch <= '9') explicit = Number(ch) - 1;
      else if (ch !== '-') break;
    }
    let headerEnd = this.pos;
    while (!isEmpty(text[headerEnd]) && text[headerEnd] !== '#') headerEnd++;
    this.push(T.BlockHeader, headerEnd);
    this.spaces();
    const lineEnd = this.lineEndAt(this.pos);
    if (this.pos < lineEnd) {
      if (text[this.pos] !== '#') return false;
      this.push(T.Comment, lineEnd);
    }
    if (!this.newline()) return false;
    // parseBlockScalar: the body's first line with content sets the indentation, unless the header gave it.
    const bodyStart = this.pos;
    let nl = bodyStart - 1;
    let indent = 0;
    let ch: string | undefined;
    for (let j = bodyStart; (ch = text[j]); ++j) {
      if (ch === ' ') indent += 1;
      else if (ch === '\n') {
        nl = j;
        indent = 0;
      } else if (ch !== '\r' || text[j + 1] !== '\n') break;
    }
    if (indent >= this.indentNext) {
      this.indentNext = explicit === -1 ? indent : explicit + (this.indentNext === 0 ? 1 : this.indentNext);
      do {
        const cs = this.continueScalar(nl + 1);
        if (cs === -1) break;
        nl = text.indexOf('\n', cs);
      } while (nl !== -1);
      if (nl === -1) nl = this.n;
    }
    if (!keep) {
      // Trailing lines no more indented than the body's first are not part of it.
      for (;;) {
        let k = nl - 1;
        let c = text[k];
        if (c === '\r') c = text[--k];
        const lastChar = k;
        while (c === ' ') c = text[--k];
        if (c === '\n' && k >= bodyStart && k + 1 + indent > lastChar) nl = k;
        else break;
      }
    }
    this.push(T.BlockBody, Math.min(nl + 1, this.n));
    const last = text.lastIndexOf('\n', this.pos - 1);
    if (last >= bodyStart) this.tokens.startLine(last + 1);
    return true;
  }

  /**
   * parseQuotedScalar; false for a scalar not closed, or on several lines in a flow collection or
   * where a line inside it would end it early (an error): a line less indented than a plain
   * scalar's would go on (the Lexer), or a document marker (parse.ts's lenient Lexer, which does not
   * check the indentation in quotes): declined, these are the same for both.
   */
  private quoted(inFlow = false): boolean {
    const { text, pos } = this;
    const quote = text[pos]!;
    let end = text.indexOf(quote, pos + 1);
    if (quote === "'") {
      while (end !== -1 && text[end + 1] === "'") end = text.indexOf("'", end + 2);
    } else {
      while (end !== -1) {
        let k = 0;
        while (text[end - 1 - k] === '\\') k += 1;
        if (k % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
    }
    if (end === -1) return false;
    let nl = text.indexOf('\n', pos);
    if (nl !== -1 && nl < end) {
      if (inFlow) return false;
      for (; nl !== -1 && nl < end; nl = text.indexOf('\n', nl + 1)) {
        if (this.continueScalar(nl + 1) === -1) return false;
        const dt = text.substr(nl + 1, 3);
        if ((dt === '---' || dt === '...') && isEmpty(text[nl + 4])) return false;
      }
    }
    this.push(quote === '"' ? T.Double : T.Single, end + 1);
    // On several lines, the Lexer goes on reading the scalar's last line (as after a plain scalar).
    const last = text.lastIndexOf('\n', end);
    if (last > pos) this.tokens.lineStart = last + 1;
    return true;
  }

  /** A tag (`!Name`); verbatim tags and `%` escapes are the Lexer's. */
  private tag(): boolean {
    const { text, pos } = this;
    let i = pos + 1;
    while (i < this.n && TAG_CHARS.has(text[i]!)) i++;
    if (text[i] === '%' || text[pos + 1] === '<') return false;
    this.push(T.Tag, i);
    return true;
  }

  /** pushIndicators: tags and `-`, `?`, `:` indicators (anchors and `?` decline). */
  private indicators(inFlow: boolean): boolean {
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === '!') {
        if (!this.tag()) return false;
        this.spaces();
        continue;
      }
      if (ch === '&') return false;
      if (ch === '-' || ch === '?' || ch === ':') {
        const ch1 = this.text[this.pos + 1];
        if (isEmpty(ch1) || (inFlow && FLOW_INDICATORS.has(ch1!))) {
          if (ch === '?') return false;
          if (!inFlow) this.indentNext = this.indentValue + 1;
          else if (this.flowKey) this.flowKey = false;
          this.push(ch === ':' ? T.Colon : T.Dash, this.pos + 1);
          this.spaces();
          continue;
        }
      }
      return true;
    }
  }

  /** A flow collection on one line, from its opening bracket to its closing one. */
  private flow(): boolean {
    const text = this.text;
    let level = 1;
    this.flowKey = false;
    this.push(text[this.pos] === '[' ? T.SeqStart : T.MapStart, this.pos + 1);
    while (level > 0) {
      this.spaces();
      while (text[this.pos] === ',') {
        this.push(T.Comma, this.pos + 1);
        this.spaces();
        this.flowKey = false;
      }
      if (!this.indicators(true)) return false;
      const ch = text[this.pos];
      if (ch === undefined || ch === '\n' || ch === '\r' || ch === '#' || ch === '*') return false;
      if (ch === '{' || ch === '[') {
        // Each bracket is a collection one level deeper: past the limit, the tree gives up anyway.
        if (++level > MAX_NESTING) throw GIVE_UP;
        this.push(ch === '[' ? T.SeqStart : T.MapStart, this.pos + 1);
        this.flowKey = false;
      } else if (ch === '}' || ch === ']') {
        this.push(ch === ']' ? T.SeqEnd : T.MapEnd, this.pos + 1);
        this.flowKey = true;
        level--;
      } else if (ch === '"' || ch === "'") {
        this.flowKey = true;
        if (!this.quoted(true)) return false;
      } else if (ch === ':' && (this.flowKey || isEmpty(text[this.pos + 1]) || text[this.pos + 1] === ',')) {
        this.flowKey = false;
        this.push(T.Colon, this.pos + 1);
        this.spaces();
      } else {
        this.flowKey = false;
        if (!this.plain(true)) return false;
      }
    }
    return true;
  }
}

/** First characters of a value the line lexer leaves to the Lexer: closing brackets, aliases, reserved and error characters. */
const NOT_ON_LINE: ReadonlySet<string> = new Set('}]*\t%@`');

/** Lexemes that are a token whatever comes before them. */
const FIXED_LEXEMES: ReadonlyMap<string, T> = new Map([
  ['', T.Newline],
  ['\n', T.Newline],
  ['\r\n', T.Newline],
  ['-', T.Dash],
  [':', T.Colon],
  ['[', T.SeqStart],
  [']', T.SeqEnd],
  ['{', T.MapStart],
  ['}', T.MapEnd],
  [',', T.Comma],
  ['---', T.DocStart],
]);

/** The tokens of `yaml`'s Lexer's own `lexemes` of a text of `length` characters; gives up on forms the parser does not take. */
function tokensOf(lexemes: Iterable<string>, length: number): Tokens {
  const reader = new LexemeReader();
  for (const lexeme of lexemes) reader.read(lexeme);
  return reader.finish(length);
}

/** Turns the Lexer's lexemes into tokens, one at a time. */
class LexemeReader {
  readonly tokens = new Tokens();
  /** Offset of the next lexeme. */
  private at = 0;
  /** The next lexeme is a scalar's source (after the Lexer's `\x1f`). */
  private scalarNext = false;
  /** After a block scalar's header, before its body. */
  private afterHeader = false;
  /** Document mode started (the Lexer's `\x02`: after comments that precede the document). */
  private started = false;

  read(lexeme: string): void {
    if (lexeme === '\x02') {
      if (this.started) throw GIVE_UP;
      this.started = true;
    } else if (this.scalarNext) {
      this.scalarNext = false;
      this.scalar(lexeme);
    } else if (lexeme === '\x1f') this.scalarNext = true;
    else {
      const fixed = FIXED_LEXEMES.get(lexeme);
      if (fixed === undefined) this.byFirstCharacter(lexeme);
      else {
        this.push(fixed, lexeme);
        if (fixed === T.Newline) this.tokens.startLine(this.at);
      }
    }
  }

  /** The last token; gives up when the lexemes did not end a document or cover the text. */
  finish(length: number): Tokens {
    if (this.scalarNext || this.afterHeader || !this.started) throw GIVE_UP;
    if (this.at !== length) throw GIVE_UP;
    this.tokens.end(this.at);
    return this.tokens;
  }

  private push(t: T, lexeme: string): void {
    this.tokens.push(t, this.at, lexeme);
    this.at += lexeme.length;
  }

  /** A plain scalar or a block scalar's body: the source after `\x1f`. */
  private scalar(lexeme: string): void {
    const start = this.at;
    if (this.afterHeader) {
      this.afterHeader = false;
      this.push(T.BlockBody, lexeme);
      const nl = lexeme.lastIndexOf('\n');
      if (nl >= 0) this.tokens.startLine(start + nl + 1);
    } else {
      this.push(T.Plain, lexeme);
      this.afterLines(start, lexeme);
    }
  }

  /** After a scalar that spans lines: the line its end is on starts after its last line break. */
  private afterLines(start: number, lexeme: string): void {
    const nl = lexeme.lastIndexOf('\n');
    if (nl >= 0) this.tokens.lineStart = start + nl + 1;
  }

  /** Spaces, comments, tags, quoted scalars and block scalar headers; anything else gives up. */
  private byFirstCharacter(lexeme: string): void {
    if (this.afterHeader && lexeme[0] !== ' ' && lexeme[0] !== '#') throw GIVE_UP;
    const start = this.at;
    switch (lexeme[0]) {
      case ' ':
        if (lexeme.includes('\t')) throw GIVE_UP;
        this.push(T.Space, lexeme);
        return;
      case '#':
        this.push(T.Comment, lexeme);
        return;
      case '!':
        this.push(T.Tag, lexeme);
        return;
      case "'":
      case '"':
        this.push(lexeme[0] === '"' ? T.Double : T.Single, lexeme);
        this.afterLines(start, lexeme);
        return;
      case '|':
      case '>':
        this.push(T.BlockHeader, lexeme);
        this.afterHeader = true;
        return;
    }
    // Directives, document markers, anchors, aliases, explicit keys, byte order marks, flow errors.
    throw GIVE_UP;
  }
}

class FastYaml {
  private readonly type: readonly T[];
  private readonly off: readonly number[];
  private readonly src: readonly string[];
  /** Column of the token. */
  private readonly col: readonly number[];
  /** True for the first token of a line (after its indentation). */
  private readonly first: readonly boolean[];
  private i = 0;
  /** Nested values being read (see {@link FastYaml.value}). */
  private depth = 0;

  constructor(
    tokens: Tokens,
    private readonly offset: number,
    private readonly schema: Schema,
    private readonly shortTags: ReadonlySet<string>,
  ) {
    this.type = tokens.type;
    this.off = tokens.off;
    this.src = tokens.src;
    this.col = tokens.col;
    this.first = tokens.first;
  }

  parse(): CfnNode {
    this.trivia();
    // A `---` line before the document (nothing else on it but a comment).
    if (this.type[this.i] === T.DocStart) {
      this.i++;
      this.lineEnd();
      this.trivia();
    }
    if (this.type[this.i] === T.End || !this.first[this.i]) throw GIVE_UP;
    const root = this.blockMap(this.col[this.i]!);
    if (this.type[this.i] !== T.End) throw GIVE_UP;
    return root.node;
  }

  /**
   * Skips blank and comment-only lines from a line start (or the end of a line's content) up to
   * the next content token (after its indentation) or the end.
   */
  private trivia(): Trivia {
    const { type } = this;
    let maxCommentIndent = -1;
    for (;;) {
      let t = type[this.i]!;
      let indent = 0;
      if (t === T.Space) {
        indent = this.src[this.i]!.length;
        t = type[++this.i]!;
      }
      if (t === T.Comment) {
        if (indent > maxCommentIndent) maxCommentIndent = indent;
        t = type[++this.i]!;
        if (t !== T.Newline && t !== T.End) throw GIVE_UP;
      }
      if (t === T.Newline) {
        this.i++;
        continue;
      }
      return { maxCommentIndent, end: this.off[this.i]! };
    }
  }

  /** After an inline value: optional space and comment, then the line's end. */
  private lineEnd(): void {
    const { type } = this;
    if (type[this.i] === T.Space) {
      this.i++;
      if (type[this.i] === T.Comment) this.i++;
    }
    const t = type[this.i];
    if (t === T.Newline) this.i++;
    else if (t !== T.End) throw GIVE_UP;
  }

  /**
   * The trivia after a flow value (scalar or flow collection) of a block collection at `indent`,
   * the cursor after the value's line: comment lines indented more than the collection (after
   * blank lines) belong to the value, as `yaml` attaches them.
   */
  private afterFlowValue(indent: number, node: CfnNode): BlockParsed {
    const { type } = this;
    let end2 = this.off[this.i]!;
    for (;;) {
      let j = this.i;
      // Blank lines.
      for (;;) {
        if (type[j] === T.Newline) j++;
        else if (type[j] === T.Space && type[j + 1] === T.Newline) j += 2;
        else break;
      }
      let lineIndent = 0;
      if (type[j] === T.Space) {
        lineIndent = this.src[j]!.length;
        j++;
      }
      if (type[j] !== T.Comment || lineIndent <= indent) break;
      j++;
      if (type[j] === T.Newline) j++;
      else if (type[j] !== T.End) throw GIVE_UP;
      this.i = j;
      end2 = this.off[j]!;
    }
    return { node, end2, pending: this.trivia() };
  }

  /**
   * Whether the block collection at `indent` goes on at the cursor: a line's first token at
   * `indent`, a `-` for a sequence (`seq`), a key for a map. Gives up on content indented more
   * (or a `-` after a map's entries at its indentation), which `yaml` reports.
   */
  private continues(indent: number, seq: boolean): boolean {
    const t = this.type[this.i]!;
    if (t === T.End) return false;
    const col = this.col[this.i]!;
    if (col === indent && (!seq || t === T.Dash)) {
      if (!this.first[this.i] || (!seq && t === T.Dash)) throw GIVE_UP;
      return true;
    }
    if (col > indent) throw GIVE_UP;
    return false;
  }

  /**
   * A block collection at `indent` that started at `start` and whose last value is `last`: its
   * node (`kind` and `entries` or `items`) and where it ends: after its last value, or after the
   * trivia it keeps (comment lines indented at least as much as its own entries).
   */
  private closeBlock(indent: number, start: number, tag: string | undefined, last: BlockParsed, shape: BlockShape): BlockParsed {
    const range = { start: start + this.offset, end: last.end2 + this.offset };
    const node: CfnNode =
      shape.kind === 'map'
        ? { kind: 'map', range, ...(tag ? { tag } : {}), flow: false, entries: shape.entries }
        : { kind: 'seq', range, ...(tag ? { tag } : {}), flow: false, items: shape.items };
    const { pending } = last;
    if (indent !== 0 && pending.maxCommentIndent >= indent)
      return { node, end2: pending.end, pending: { maxCommentIndent: -1, end: pending.end } };
    return { node, end2: last.end2, pending };
  }

  private keyAhead(j: number): boolean {
    const t = this.type[j];
    if (t !== T.Plain && t !== T.Single && t !== T.Double) return false;
    let k = j + 1;
    if (this.type[k] === T.Space) k++;
    return this.type[k] === T.Colon;
  }

  /**
   * A map's key at the cursor (a scalar on one line, then `:`), not one of `keys` (it is added);
   * the cursor after the `:`, `colonEnd` where the `:` ends. Two keys alike (as `yaml` compares
   * them, or only as strings) give up: `yaml` reports them, or its tree keeps both.
   */
  private mapKey(keys: Set<string>): { key: string; keyRange: { start: number; end: number }; colonEnd: number } {
    const { type } = this;
    const k = this.i;
    const kt = type[k];
    if (kt !== T.Plain && kt !== T.Single && kt !== T.Double) throw GIVE_UP;
    const ks = this.src[k]!;
    if (ks.includes('\n') || ks.includes('\r')) throw GIVE_UP;
    const key = String(this.scalarValue(k, true, undefined));
    if (keys.has(key)) throw GIVE_UP;
    keys.add(key);
    this.i++;
    if (type[this.i] === T.Space) this.i++;
    if (type[this.i] !== T.Colon) throw GIVE_UP;
    const colonEnd = this.off[this.i]! + 1;
    this.i++;
    const start = this.off[k]! + this.offset;
    return { key, keyRange: { start, end: start + ks.length }, colonEnd };
  }

  private blockMap(indent: number, tag?: string): BlockParsed {
    const entries: CfnEntry[] = [];
    // The keys so far (a set: a map of 20,000 keys compared each with all earlier ones took seconds).
    const keys = new Set<string>();
    const start = this.off[this.i]!;
    for (;;) {
      const { key, keyRange, colonEnd } = this.mapKey(keys);
      const value = this.value(indent, colonEnd, true);
      entries.push({ key, keyRange, value: value.node });
      if (!this.continues(indent, false)) return this.closeBlock(indent, start, tag, value, { kind: 'map', entries });
    }
  }

  private blockSeq(indent: number, tag?: string): BlockParsed {
    const items: CfnNode[] = [];
    const start = this.off[this.i]!;
    // A comment line before an item's `-` (after the previous item): `yaml` counts it in an empty item's range.
    let commentBefore = false;
    for (;;) {
      if (this.type[this.i] !== T.Dash) throw GIVE_UP;
      const dashEnd = this.off[this.i]! + 1;
      this.i++;
      const value = this.value(indent, dashEnd, false, commentBefore);
      commentBefore = value.pending.maxCommentIndent >= 0;
      items.push(value.node);
      if (!this.continues(indent, true)) return this.closeBlock(indent, start, tag, value, { kind: 'seq', items });
    }
  }

  /**
   * The value after a map's `:` or a sequence's `-` (at `after`) of a block collection at
   * `indent`; leaves the cursor at the next content token. Values nested more than
   * {@link MAX_NESTING} levels (here or in flow items) give up: parse.ts's guarded parse then
   * reports the text as nested too deep, and the stack never overflows.
   */
  private value(indent: number, after: number, inMap: boolean, commentBefore = false): BlockParsed {
    return this.nested(() => this.valueAtDepth(indent, after, inMap, commentBefore));
  }

  /** `read` one level deeper; more than {@link MAX_NESTING} levels give up. */
  private nested<R>(read: () => R): R {
    if (++this.depth > MAX_NESTING) throw GIVE_UP;
    try {
      return read();
    } finally {
      this.depth--;
    }
  }

  private valueAtDepth(indent: number, after: number, inMap: boolean, commentBefore: boolean): BlockParsed {
    const { type } = this;
    let spaceAfter = 0;
    if (type[this.i] === T.Space) {
      spaceAfter = this.src[this.i]!.length;
      this.i++;
    }
    let tag: string | undefined;
    // Where an empty value is placed: after the indicator or the tag, and the spaces that follow.
    let emptyAt = after + spaceAfter;
    if (type[this.i] === T.Tag) {
      tag = this.tagAt(this.i++);
      emptyAt = this.off[this.i]!;
      if (type[this.i] === T.Space) {
        emptyAt += this.src[this.i]!.length;
        this.i++;
      } else if (type[this.i] !== T.Newline && type[this.i] !== T.End) throw GIVE_UP;
    }
    const t = type[this.i]!;
    if (t === T.Comment || t === T.Newline || t === T.End) return this.valueAfterLineEnd(indent, inMap, tag, emptyAt, commentBefore);
    return this.valueOnLine(indent, inMap, tag, false);
  }

  /**
   * A value whose line ends after the indicator (and tag): an empty value, a block collection on the
   * next lines, or a scalar or flow collection on the next line.
   */
  private valueAfterLineEnd(indent: number, inMap: boolean, tag: string | undefined, emptyAt: number, commentBefore: boolean): BlockParsed {
    const { type } = this;
    const t = type[this.i]!;
    if (t === T.Comment) {
      if (type[this.i - 1] !== T.Space) throw GIVE_UP;
      this.i++;
      if (type[this.i] === T.Newline) this.i++;
      else if (type[this.i] !== T.End) throw GIVE_UP;
    } else if (t === T.Newline) this.i++;
    const lead = this.trivia();
    const c = this.i;
    const ct = type[c]!;
    const m = this.col[c]!;
    if (ct === T.End || !(m > indent || (inMap && !tag && m === indent && ct === T.Dash))) {
      // An empty value: null, or the empty string with a tag.
      if (t === T.Comment || lead.maxCommentIndent >= 0 || commentBefore) throw GIVE_UP;
      const value = tag ? this.resolveWith(this.tagNamed(tag), '') : null;
      if (value !== null && typeof value !== 'string') throw GIVE_UP;
      const range = { start: emptyAt + this.offset, end: emptyAt + this.offset };
      return { node: { kind: 'scalar', range, ...(tag ? { tag } : {}), style: 'plain', value }, end2: emptyAt, pending: lead };
    }
    if (!this.first[c]) throw GIVE_UP;
    if (ct === T.Dash) return this.blockSeq(m, tag);
    if (this.keyAhead(c)) return this.blockMap(m, tag);
    // A value on the next line: a scalar or flow collection, with or without a tag.
    if (ct === T.Tag) {
      if (tag) throw GIVE_UP;
      tag = this.tagAt(this.i++);
      if (type[this.i] !== T.Space) throw GIVE_UP;
      this.i++;
    }
    return this.valueOnLine(indent, inMap, tag, true);
  }

  /** A value at the cursor on the line of its indicator, or (`nextLine`) on the line after. */
  private valueOnLine(indent: number, inMap: boolean, tag: string | undefined, nextLine: boolean): BlockParsed {
    switch (this.type[this.i]) {
      case T.Plain:
      case T.Single:
      case T.Double: {
        // A map in a sequence item: `- Key: value`.
        if (!inMap && !tag && !nextLine && this.keyAhead(this.i)) return this.blockMap(this.col[this.i]!);
        const node = this.scalarNode(this.i, tag);
        this.i++;
        this.lineEnd();
        return this.afterFlowValue(indent, node);
      }
      case T.SeqStart:
      case T.MapStart: {
        const flow = this.flow(tag);
        this.lineEnd();
        return this.afterFlowValue(indent, flow);
      }
      case T.BlockHeader:
        if (nextLine) throw GIVE_UP;
        return this.blockScalar(indent, tag);
      case T.Dash:
        // A sequence in a sequence item: `- - value`.
        if (inMap || tag || nextLine) throw GIVE_UP;
        return this.blockSeq(this.col[this.i]!);
      default:
        throw GIVE_UP;
    }
  }

  /** The short-form tag at `k`. */
  private tagAt(k: number): string {
    const tag = this.src[k]!;
    if (!this.shortTags.has(tag)) throw GIVE_UP;
    return tag;
  }

  /** The value of the scalar token `k`, as `yaml` resolves it (a key: as a map key). */
  private scalarValue(k: number, atKey: boolean, tag: string | undefined): string | number | boolean | null {
    const t = this.type[k];
    const text = this.decode(k, t!);
    let value: unknown = text;
    if (tag) value = this.resolveWith(this.tagNamed(tag), text);
    else if (t === T.Plain && (!this.schema.coreTests || text === '' || CORE_FIRST.has(text[0]!))) {
      const found = this.schema.tags.find(
        (s): s is ScalarTag => (s.default === true || (atKey && s.default === 'key')) && !s.collection && s.test?.test(text) === true,
      );
      if (found) value = this.resolveWith(found, text);
    }
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null ? value : String(value);
  }

  /** The text of a flow scalar: one line without escapes directly, else as `yaml` decodes it. */
  private decode(k: number, t: T): string {
    const source = this.src[k]!;
    if (!MULTILINE_OR_ESCAPED.test(source)) {
      if (t === T.Plain && !BAD_PLAIN_START.has(source[0]!)) return source;
      if (t === T.Double && source.length > 1 && source[source.length - 1] === '"') return source.slice(1, -1);
    }
    const token = {
      type: t === T.Plain ? 'scalar' : t === T.Single ? 'single-quoted-scalar' : 'double-quoted-scalar',
      offset: this.off[k]!,
      indent: 0,
      source,
    } as const;
    const resolved = CST.resolveAsScalar(token, false, fail);
    if (!resolved) throw GIVE_UP;
    return resolved.value;
  }

  private resolveWith(tag: ScalarTag, value: string): unknown {
    const res = tag.resolve(value, fail, this.schema.options);
    return isScalar(res) ? res.value : res;
  }

  private tagNamed(name: string): ScalarTag {
    const { named, tags } = this.schema;
    let tag = named.get(name);
    if (tag === undefined) {
      tag = tags.find((t): t is ScalarTag => !t.collection && t.tag === name && !(t.default && t.test)) ?? null;
      named.set(name, tag);
    }
    if (!tag) throw GIVE_UP;
    return tag;
  }

  private scalarNode(k: number, tag: string | undefined): CfnNode {
    const t = this.type[k];
    const start = this.off[k]! + this.offset;
    const style: ScalarStyle = t === T.Double ? 'double' : t === T.Single ? 'single' : 'plain';
    const value = this.scalarValue(k, false, tag);
    return { kind: 'scalar', range: { start, end: start + this.src[k]!.length }, ...(tag ? { tag } : {}), style, value };
  }

  /** A block scalar (`|`, `>`) of a collection at `indent`; the cursor after its body. */
  private blockScalar(indent: number, tag: string | undefined): BlockParsed {
    const { type } = this;
    const headerAt = this.i;
    const props: CST.SourceToken[] = [];
    const prop = (name: CST.SourceToken['type']) =>
      props.push({ type: name, offset: this.off[this.i]!, indent, source: this.src[this.i++]! });
    prop('block-scalar-header');
    if (type[this.i] === T.Space) prop('space');
    if (type[this.i] === T.Comment) prop('comment');
    if (type[this.i] !== T.Newline) throw GIVE_UP;
    prop('newline');
    if (type[this.i] !== T.BlockBody) throw GIVE_UP;
    const source = this.src[this.i++]!;
    const token: CST.BlockScalar = { type: 'block-scalar', offset: this.off[headerAt]!, indent, props, source };
    const resolved = CST.resolveAsScalar(token, false, fail);
    if (!resolved) throw GIVE_UP;
    const value = tag ? this.resolveWith(this.tagNamed(tag), resolved.value) : resolved.value;
    if (typeof value !== 'string') throw GIVE_UP;
    const [start, end] = resolved.range;
    return {
      node: {
        kind: 'scalar',
        range: { start: start + this.offset, end: end + this.offset },
        ...(tag ? { tag } : {}),
        style: 'block',
        value,
      },
      end2: end,
      pending: this.trivia(),
    };
  }

  /** Spaces and line breaks inside a flow collection. */
  private flowSpace(): void {
    for (;;) {
      const t = this.type[this.i];
      if (t === T.Space || t === T.Newline) this.i++;
      else if (t === T.Comment) {
        // A comment (after white space, as `yaml` requires) runs to the line's end.
        const before = this.type[this.i - 1];
        if (before !== T.Space && before !== T.Newline) throw GIVE_UP;
        this.i++;
        if (this.type[this.i] !== T.Newline) throw GIVE_UP;
      } else return;
    }
  }

  /** An item of a flow collection: an optional tag, then a scalar or a flow collection. */
  private flowItem(): CfnNode {
    return this.nested(() => this.flowItemAtDepth());
  }

  private flowItemAtDepth(): CfnNode {
    let tag: string | undefined;
    if (this.type[this.i] === T.Tag) {
      tag = this.tagAt(this.i++);
      if (this.type[this.i] !== T.Space) throw GIVE_UP;
      this.i++;
    }
    const t = this.type[this.i];
    if (t === T.SeqStart || t === T.MapStart) return this.flow(tag);
    if (t !== T.Plain && t !== T.Single && t !== T.Double) throw GIVE_UP;
    return this.scalarNode(this.i++, tag);
  }

  /** A flow collection; the cursor after its closing bracket. */
  private flow(tag: string | undefined): CfnNode {
    const { type } = this;
    const open = this.i;
    const isMap = type[open] === T.MapStart;
    const close = isMap ? T.MapEnd : T.SeqEnd;
    this.i++;
    const entries: CfnEntry[] = [];
    // The keys so far (a set: a map of 20,000 keys compared each with all earlier ones took seconds).
    const keys = new Set<string>();
    const items: CfnNode[] = [];
    this.flowSpace();
    if (type[this.i] !== close)
      for (;;) {
        if (isMap) {
          const { key, keyRange } = this.mapKey(keys);
          this.flowSpace();
          entries.push({ key, keyRange, value: this.flowItem() });
        } else {
          items.push(this.flowItem());
          let j = this.i;
          if (type[j] === T.Space) j++;
          if (type[j] === T.Colon) throw GIVE_UP;
        }
        this.flowSpace();
        if (type[this.i] === close) break;
        if (type[this.i] !== T.Comma) throw GIVE_UP;
        this.i++;
        this.flowSpace();
        if (type[this.i] === close) throw GIVE_UP;
      }
    const range = { start: this.off[open]! + this.offset, end: this.off[this.i]! + 1 + this.offset };
    this.i++;
    return isMap
      ? { kind: 'map', range, ...(tag ? { tag } : {}), flow: true, entries }
      : { kind: 'seq', range, ...(tag ? { tag } : {}), flow: true, items };
  }
}

function isEmpty(ch: string | undefined): boolean {
  return ch === undefined || ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t';
}

const FLOW_INDICATORS: ReadonlySet<string> = new Set(',[]{}');
/** The characters `yaml`'s Lexer reads in a tag. */
const TAG_CHARS: ReadonlySet<string> = new Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#;/?:@&=+$_.!~*'()");

function fail(): never {
  throw GIVE_UP;
}

/** The fast path's tree; when it gives up on a text its line lexer read, the Lexer's lexemes for it (see {@link fastYamlAttempt}). */
export interface FastYamlAttempt {
  readonly root?: CfnNode;
  readonly lexemes?: readonly string[];
}

/**
 * The tree of a YAML template on the fast path, with `offset` added to every range; no root when
 * the text is not of the plain shape this path handles (parse it with `yaml` then). Where the
 * line lexer read the text (a text with a YAML error, most often), its tokens are handed back as
 * the lexemes `yaml`'s Lexer gives (the same, a property test says); where it declined the text,
 * the Lexer's own lexemes: `yaml`'s Parser reads them without lexing the text again.
 */
export function fastYamlAttempt(
  text: string,
  offset: number,
  customTags: ReadonlyArray<ScalarTag | CollectionTag>,
  shortTags: ReadonlySet<string>,
  options: object,
  LexerClass: typeof Lexer = Lexer,
): FastYamlAttempt {
  if (text.includes('\t')) return {};
  let own: Tokens | undefined;
  let lexemes: string[] | undefined;
  try {
    const schema = schemaOf(customTags, options);
    own = lexLines(text);
    if (!own) lexemes = [...new LexerClass().lex(text)];
    return { root: new FastYaml(own ?? tokensOf(lexemes!, text.length), offset, schema, shortTags).parse() };
  } catch (err) {
    if (err === GIVE_UP) return own ? { lexemes: own.lexemes() } : lexemes ? { lexemes } : {};
    throw err;
  }
}

/**
 * The lexemes of `yaml`'s Lexer for a text, from the line lexer (cheaper than the Lexer); undefined
 * where it declines the text (the Lexer's own are needed then).
 */
export function lineLexemes(text: string): string[] | undefined {
  try {
    return lexLines(text)?.lexemes();
  } catch (err) {
    if (err === GIVE_UP) return undefined;
    throw err;
  }
}

/** {@link fastYamlAttempt}'s tree only: undefined when the text needs `yaml`'s parser. */
export function fastYamlTree(...args: Parameters<typeof fastYamlAttempt>): CfnNode | undefined {
  return fastYamlAttempt(...args).root;
}

/** For tests: what {@link lexersOf} gives. */
export interface LexersOf {
  /** The line lexer's tokens (type@offset:column:first:source); undefined when it declines the text. */
  readonly own?: string[];
  /** The same from `yaml`'s Lexer, where the fast path takes its lexemes. */
  readonly lexer?: string[];
  /** The lexemes the line lexer's tokens stand for (handed to `yaml`'s Parser when the tree gives up). */
  readonly ownLexemes?: string[];
  /** The Lexer's own lexemes, every one. */
  readonly lexemes: string[];
}

/** For tests: the tokens and lexemes of the line lexer and of `yaml`'s Lexer for a text. */
export function lexersOf(text: string, LexerClass: typeof Lexer): LexersOf {
  let own: Tokens | undefined;
  try {
    own = lexLines(text);
  } catch (err) {
    if (err !== GIVE_UP) throw err;
  }
  const lexemes = [...new LexerClass().lex(text)];
  let lexer: string[] | undefined;
  try {
    lexer = tokensOf(lexemes, text.length).describe();
  } catch (err) {
    if (err !== GIVE_UP) throw err;
  }
  return { ...(own ? { own: own.describe(), ownLexemes: own.lexemes() } : {}), ...(lexer ? { lexer } : {}), lexemes };
}
