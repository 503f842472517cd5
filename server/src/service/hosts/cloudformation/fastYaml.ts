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
import { CST, Lexer, isScalar, parseDocument, type CollectionTag, type ScalarTag } from 'yaml';
import type { CfnEntry, CfnNode, ScalarStyle } from './parse';

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

interface SchemaTag {
  readonly default?: boolean | 'key';
  readonly test?: RegExp;
  readonly tag: string;
  readonly collection?: string;
  readonly resolve: (value: string, onError: (msg: string) => void, options: unknown) => unknown;
}

interface Schema {
  readonly tags: readonly SchemaTag[];
  readonly options: unknown;
  /** The tests are the core schema's: a plain scalar not starting with one of CORE_FIRST is a string. */
  readonly coreTests: boolean;
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

let schemaFor: { custom: ReadonlyArray<ScalarTag | CollectionTag>; schema: Schema } | undefined;

/** The schema tags and options a Document with these options resolves scalars with. */
function schemaOf(customTags: ReadonlyArray<ScalarTag | CollectionTag>, options: object): Schema {
  if (schemaFor?.custom === customTags) return schemaFor.schema;
  const doc = parseDocument('', { ...options, customTags: [...customTags] });
  const tags = (doc.schema as unknown as { tags: SchemaTag[] }).tags;
  const tests = tags.flatMap((t) => (t.default && t.test ? [String(t.test)] : [])).join(' ');
  const schema = { tags, options: doc.options, coreTests: tests === CORE_TESTS };
  schemaFor = { custom: customTags, schema };
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

interface BlockParsed extends Parsed {
  /** The trivia after the node, not attached to it. */
  readonly pending: Trivia;
}

class FastYaml {
  private readonly type: T[] = [];
  private readonly off: number[] = [];
  private readonly src: string[] = [];
  /** Column of the token. */
  private readonly col: number[] = [];
  /** True for the first token of a line (after its indentation). */
  private readonly first: boolean[] = [];
  private i = 0;

  constructor(
    private readonly text: string,
    private readonly offset: number,
    private readonly schema: Schema,
    private readonly shortTags: ReadonlySet<string>,
    private readonly LexerClass: typeof Lexer,
  ) {}

  parse(): CfnNode {
    if (!this.lexLines()) {
      for (const a of [this.type, this.off, this.src, this.col, this.first]) a.length = 0;
      this.tokenize();
    }
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
   * The tokens `yaml`'s Lexer gives, for texts whose every line is plain block YAML (no block
   * scalars, no multi-line scalars or flow collections, no anchors, tags other than `!Name`, or
   * tabs), without its generators: the same state (indentValue, indentNext) decides where a plain
   * scalar ends. False when the text needs the Lexer itself (a property test compares both).
   */
  private lexLines(): boolean {
    const text = this.text;
    const n = text.length;
    const { type, off, src, col, first } = this;
    let pos = 0;
    let lineStart = 0;
    let lineFirst = true;
    let indentValue = 0;
    let indentNext = 0;
    const push = (t: T, end: number) => {
      type.push(t);
      off.push(pos);
      src.push(text.slice(pos, end));
      col.push(pos - lineStart);
      first.push(lineFirst && t !== T.Space);
      if (t !== T.Space) lineFirst = false;
      pos = end;
    };
    const spaces = () => {
      let i = pos;
      while (text.charCodeAt(i) === 32) i++;
      if (i > pos) push(T.Space, i);
      return i;
    };
    /** The line break at `pos` (LF or CRLF); false when the line goes on or ends in a lone CR. */
    const newline = (): boolean => {
      const c = text.charCodeAt(pos);
      if (c === 10) push(T.Newline, pos + 1);
      else if (c === 13 && text.charCodeAt(pos + 1) === 10) push(T.Newline, pos + 2);
      else return pos >= n;
      lineStart = pos;
      lineFirst = true;
      return true;
    };
    const lineEndAt = (from: number) => {
      const e = text.indexOf('\n', from);
      const end = e < 0 ? n : e;
      return text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    };
    /** `yaml`'s continueScalar (at the end of the text). */
    const continueScalar = (offset: number): number => {
      let ch = text[offset];
      if (indentNext > 0) {
        let indent = 0;
        while (ch === ' ') ch = text[++indent + offset];
        if (ch === '\r' && text[indent + offset + 1] === '\n') return offset + indent + 1;
        return ch === '\n' || indent >= indentNext ? offset + indent : -1;
      }
      if (ch === '-' || ch === '.') {
        const dt = text.substr(offset, 3);
        if ((dt === '---' || dt === '...') && isEmpty(text[offset + 3])) return -1;
      }
      return offset;
    };
    /** `yaml`'s parsePlainScalar; false for a scalar on several lines. */
    const plain = (inFlow: boolean): boolean => {
      let end = pos - 1;
      let i = pos - 1;
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
            const cs = continueScalar(i + 1);
            if (cs === -1) break;
            i = Math.max(i, cs - 2);
          }
        } else {
          if (inFlow && FLOW_INDICATORS.has(ch)) break;
          end = i;
        }
      }
      const token = text.slice(pos, end + 1);
      // Empty (nothing read: no progress) or on several lines: the Lexer's.
      if (token === '' || token.includes('\n') || token.includes('\r')) return false;
      push(T.Plain, end + 1);
      return true;
    };
    /** `yaml`'s parseQuotedScalar; false for a scalar on several lines or not closed. */
    const quoted = (): boolean => {
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
      const nl = text.indexOf('\n', pos);
      if (nl !== -1 && nl < end) return false;
      push(quote === '"' ? T.Double : T.Single, end + 1);
      return true;
    };
    const tag = (): boolean => {
      let i = pos + 1;
      while (i < n && TAG_CHARS.has(text[i]!)) i++;
      if (text[i] === '%' || text[pos + 1] === '<') return false;
      push(T.Tag, i);
      return true;
    };
    /** `yaml`'s pushIndicators (tags and `-`, `?`, `:` indicators; anchors give up). */
    const indicators = (inFlow: boolean, flowKey: { v: boolean }): boolean => {
      for (;;) {
        const ch = text[pos];
        if (ch === '!') {
          if (!tag()) return false;
          pos = spaces();
          continue;
        }
        if (ch === '&') return false;
        if (ch === '-' || ch === '?' || ch === ':') {
          const ch1 = text[pos + 1];
          if (isEmpty(ch1) || (inFlow && FLOW_INDICATORS.has(ch1!))) {
            if (ch === '?') return false;
            if (!inFlow) indentNext = indentValue + 1;
            else if (flowKey.v) flowKey.v = false;
            push(ch === ':' ? T.Colon : T.Dash, pos + 1);
            pos = spaces();
            continue;
          }
        }
        return true;
      }
    };
    /** A flow collection on one line, from its opening bracket to its closing one. */
    const flow = (): boolean => {
      let level = 1;
      const key = { v: false };
      push(text[pos] === '[' ? T.SeqStart : T.MapStart, pos + 1);
      while (level > 0) {
        pos = spaces();
        while (text[pos] === ',') {
          push(T.Comma, pos + 1);
          pos = spaces();
          key.v = false;
        }
        if (!indicators(true, key)) return false;
        const ch = text[pos];
        if (ch === undefined || ch === '\n' || ch === '\r' || ch === '#' || ch === '*') return false;
        if (ch === '{' || ch === '[') {
          push(ch === '[' ? T.SeqStart : T.MapStart, pos + 1);
          key.v = false;
          level++;
        } else if (ch === '}' || ch === ']') {
          push(ch === ']' ? T.SeqEnd : T.MapEnd, pos + 1);
          key.v = true;
          level--;
        } else if (ch === '"' || ch === "'") {
          key.v = true;
          if (!quoted()) return false;
        } else if (ch === ':' && (key.v || isEmpty(text[pos + 1]) || text[pos + 1] === ',')) {
          key.v = false;
          push(T.Colon, pos + 1);
          pos = spaces();
        } else {
          key.v = false;
          if (!plain(true)) return false;
        }
      }
      return true;
    };
    // A byte order mark or tabs: the Lexer's own.
    if (text.includes('\ufeff') || text.includes('\t')) return false;
    // Stream start: blank and comment lines, then the document.
    let started = false;
    while (pos < n) {
      if (!started) {
        let i = pos;
        while (text.charCodeAt(i) === 32) i++;
        const c = text[i];
        if (c === '#' || c === '\n' || c === undefined || (c === '\r' && text[i + 1] === '\n')) {
          pos = spaces();
          if (c === '#') push(T.Comment, lineEndAt(pos));
          if (!newline()) return false;
          continue;
        }
        started = true;
      }
      // parseLineStart: a `---` line, the indentation, then `- ` indicators (parseBlockStart).
      if (pos === lineStart && (text.startsWith('---', pos) || text.startsWith('...', pos)) && isEmpty(text[pos + 3])) {
        if (text[pos] === '.') return false;
        push(T.DocStart, pos + 3);
        indentValue = 0;
        indentNext = 0;
      } else {
        const before = pos;
        pos = spaces();
        indentValue = pos - before;
        if (indentNext > indentValue && !isEmpty(text[pos + 1])) indentNext = indentValue;
        while ((text[pos] === '-' || text[pos] === '?' || text[pos] === ':') && isEmpty(text[pos + 1])) {
          if (text[pos] !== '-') return false;
          const dash = pos;
          push(T.Dash, pos + 1);
          pos = spaces();
          indentNext = indentValue + 1;
          indentValue += pos - dash;
        }
      }
      // parseDocument, until the line's end.
      for (;;) {
        pos = spaces();
        if (!indicators(false, { v: false })) return false;
        const ch = text[pos];
        if (ch === '#') {
          push(T.Comment, lineEndAt(pos));
          if (!newline()) return false;
          break;
        }
        if (ch === undefined || ch === '\n' || ch === '\r') {
          if (!newline()) return false;
          break;
        }
        if (ch === '{' || ch === '[') {
          if (!flow()) return false;
        } else if (ch === '"' || ch === "'") {
          if (!quoted()) return false;
        } else if (
          ch === '}' ||
          ch === ']' ||
          ch === '*' ||
          ch === '|' ||
          ch === '>' ||
          ch === '\t' ||
          ch === '%' ||
          ch === '@' ||
          ch === '`'
        ) {
          return false;
        } else if (!plain(false)) return false;
      }
    }
    type.push(T.End);
    off.push(n);
    src.push('');
    col.push(n - lineStart);
    first.push(lineFirst);
    return started;
  }

  private tokenize(): void {
    const { type, off, src, col, first } = this;
    let at = 0;
    let lineStart = 0;
    let lineFirst = true;
    let plainNext = false;
    let afterHeader = false;
    let started = false;
    const push = (t: T, s: string) => {
      type.push(t);
      off.push(at);
      src.push(s);
      col.push(at - lineStart);
      first.push(lineFirst && t !== T.Space);
      if (t !== T.Space) lineFirst = false;
      at += s.length;
    };
    for (const lexeme of new this.LexerClass().lex(this.text)) {
      // Document mode starts after comments that precede the document.
      if (lexeme === '\x02') {
        if (started) throw GIVE_UP;
        started = true;
        continue;
      }
      if (plainNext) {
        plainNext = false;
        if (afterHeader) {
          afterHeader = false;
          push(T.BlockBody, lexeme);
          const nl = lexeme.lastIndexOf('\n');
          if (nl >= 0) {
            lineStart = off[off.length - 1]! + nl + 1;
            lineFirst = true;
          }
          continue;
        }
        push(T.Plain, lexeme);
        const nl = lexeme.lastIndexOf('\n');
        if (nl >= 0) lineStart = off[off.length - 1]! + nl + 1;
        continue;
      }
      switch (lexeme) {
        case '\x1f':
          plainNext = true;
          continue;
        case '':
        case '\n':
        case '\r\n':
          push(T.Newline, lexeme);
          lineStart = at;
          lineFirst = true;
          continue;
        case '-':
          push(T.Dash, lexeme);
          continue;
        case ':':
          push(T.Colon, lexeme);
          continue;
        case '[':
          push(T.SeqStart, lexeme);
          continue;
        case ']':
          push(T.SeqEnd, lexeme);
          continue;
        case '{':
          push(T.MapStart, lexeme);
          continue;
        case '}':
          push(T.MapEnd, lexeme);
          continue;
        case ',':
          push(T.Comma, lexeme);
          continue;
        case '---':
          push(T.DocStart, lexeme);
          continue;
      }
      if (afterHeader && lexeme[0] !== ' ' && lexeme[0] !== '#') throw GIVE_UP;
      switch (lexeme[0]) {
        case ' ':
          if (lexeme.includes('\t')) throw GIVE_UP;
          push(T.Space, lexeme);
          continue;
        case '#':
          push(T.Comment, lexeme);
          continue;
        case '!':
          push(T.Tag, lexeme);
          continue;
        case "'":
          push(T.Single, lexeme);
          if (lexeme.includes('\n')) lineStart = at - (lexeme.length - lexeme.lastIndexOf('\n') - 1);
          continue;
        case '"':
          push(T.Double, lexeme);
          if (lexeme.includes('\n')) lineStart = at - (lexeme.length - lexeme.lastIndexOf('\n') - 1);
          continue;
        case '|':
        case '>':
          push(T.BlockHeader, lexeme);
          afterHeader = true;
          continue;
      }
      // Directives, document markers, anchors, aliases, explicit keys, byte order marks, flow errors.
      throw GIVE_UP;
    }
    if (plainNext || afterHeader || !started) throw GIVE_UP;
    if (at !== this.text.length) throw GIVE_UP;
    type.push(T.End);
    off.push(at);
    src.push('');
    col.push(at - lineStart);
    first.push(lineFirst);
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

  /** Where a collection at `indent` ends: after its last value, or after trivia it keeps. */
  private closes(indent: number, offset: number, pending: Trivia): { end2: number; pending: Trivia } {
    if (indent !== 0 && pending.maxCommentIndent >= indent)
      return { end2: pending.end, pending: { maxCommentIndent: -1, end: pending.end } };
    return { end2: offset, pending };
  }

  private keyAhead(j: number): boolean {
    const t = this.type[j];
    if (t !== T.Plain && t !== T.Single && t !== T.Double) return false;
    let k = j + 1;
    if (this.type[k] === T.Space) k++;
    return this.type[k] === T.Colon;
  }

  private blockMap(indent: number, tag?: string): BlockParsed {
    const { type } = this;
    const entries: CfnEntry[] = [];
    const start = this.off[this.i]!;
    let offset = start;
    for (;;) {
      // A key on one line, then `:`.
      const k = this.i;
      const kt = type[k];
      if (kt !== T.Plain && kt !== T.Single && kt !== T.Double) throw GIVE_UP;
      const ks = this.src[k]!;
      if (ks.includes('\n') || ks.includes('\r')) throw GIVE_UP;
      const key = String(this.scalarValue(k, true, undefined));
      // Two keys alike (as `yaml` compares them, or only as strings): `yaml` reports them, or the tree keeps both.
      if (hasKey(entries, key)) throw GIVE_UP;
      this.i++;
      if (type[this.i] === T.Space) this.i++;
      if (type[this.i] !== T.Colon) throw GIVE_UP;
      const colonEnd = this.off[this.i]! + 1;
      this.i++;
      const value = this.value(indent, colonEnd, true);
      entries.push({
        key,
        keyRange: { start: this.off[k]! + this.offset, end: this.off[k]! + ks.length + this.offset },
        value: value.node,
      });
      offset = value.end2;
      const next = this.i;
      const t = type[next]!;
      if (t !== T.End && this.col[next] === indent) {
        if (!this.first[next] || t === T.Dash) throw GIVE_UP;
        continue;
      }
      if (t !== T.End && this.col[next]! > indent) throw GIVE_UP;
      const closed = this.closes(indent, offset, value.pending);
      return {
        node: {
          kind: 'map',
          range: { start: start + this.offset, end: offset + this.offset },
          ...(tag ? { tag } : {}),
          flow: false,
          entries,
        },
        end2: closed.end2,
        pending: closed.pending,
      };
    }
  }

  private blockSeq(indent: number, tag?: string): BlockParsed {
    const { type } = this;
    const items: CfnNode[] = [];
    const start = this.off[this.i]!;
    let offset = start;
    // A comment line before an item's `-` (after the previous item): `yaml` counts it in an empty item's range.
    let commentBefore = false;
    for (;;) {
      if (type[this.i] !== T.Dash) throw GIVE_UP;
      const dashEnd = this.off[this.i]! + 1;
      this.i++;
      const value = this.value(indent, dashEnd, false, commentBefore);
      commentBefore = value.pending.maxCommentIndent >= 0;
      items.push(value.node);
      offset = value.end2;
      const next = this.i;
      const t = type[next]!;
      if (t !== T.End && this.col[next] === indent && t === T.Dash) {
        if (!this.first[next]) throw GIVE_UP;
        continue;
      }
      if (t !== T.End && this.col[next]! > indent) throw GIVE_UP;
      const closed = this.closes(indent, offset, value.pending);
      return {
        node: {
          kind: 'seq',
          range: { start: start + this.offset, end: offset + this.offset },
          ...(tag ? { tag } : {}),
          flow: false,
          items,
        },
        end2: closed.end2,
        pending: closed.pending,
      };
    }
  }

  /**
   * The value after a map's `:` or a sequence's `-` (at `after`) of a block collection at
   * `indent`; leaves the cursor at the next content token.
   */
  private value(indent: number, after: number, inMap: boolean, commentBefore = false): BlockParsed {
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
    let t = type[this.i]!;
    let nextLine = false;
    if (t === T.Comment || t === T.Newline || t === T.End) {
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
      t = type[this.i]!;
      nextLine = true;
    }
    switch (t) {
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
        (s) => (s.default === true || (atKey && s.default === 'key')) && !s.collection && s.test?.test(text),
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

  private resolveWith(tag: SchemaTag, value: string): unknown {
    const res = tag.resolve(value, fail, this.schema.options);
    return isScalar(res) ? res.value : res;
  }

  private tagNamed(name: string): SchemaTag {
    const tag = this.schema.tags.find((t) => !t.collection && t.tag === name && !(t.default && t.test));
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
    const props: Array<{ type: string; offset: number; indent: number; source: string }> = [];
    const prop = (name: string) => props.push({ type: name, offset: this.off[this.i]!, indent, source: this.src[this.i++]! });
    prop('block-scalar-header');
    if (type[this.i] === T.Space) prop('space');
    if (type[this.i] === T.Comment) prop('comment');
    if (type[this.i] !== T.Newline) throw GIVE_UP;
    prop('newline');
    if (type[this.i] !== T.BlockBody) throw GIVE_UP;
    const source = this.src[this.i++]!;
    const token = { type: 'block-scalar', offset: this.off[headerAt]!, indent, props, source } as unknown as CST.BlockScalar;
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
    const items: CfnNode[] = [];
    this.flowSpace();
    if (type[this.i] !== close)
      for (;;) {
        if (isMap) {
          const k = this.i;
          const kt = type[k];
          if (kt !== T.Plain && kt !== T.Single && kt !== T.Double) throw GIVE_UP;
          const ks = this.src[k]!;
          if (ks.includes('\n') || ks.includes('\r')) throw GIVE_UP;
          const key = String(this.scalarValue(k, true, undefined));
          if (hasKey(entries, key)) throw GIVE_UP;
          this.i++;
          if (type[this.i] === T.Space) this.i++;
          if (type[this.i] !== T.Colon) throw GIVE_UP;
          this.i++;
          this.flowSpace();
          const value = this.flowItem();
          const start = this.off[k]! + this.offset;
          entries.push({ key, keyRange: { start, end: start + ks.length }, value });
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

function hasKey(entries: readonly CfnEntry[], key: string): boolean {
  for (let j = 0; j < entries.length; j++) if (entries[j]!.key === key) return true;
  return false;
}

function fail(): never {
  throw GIVE_UP;
}

/**
 * The tree of a YAML template on the fast path, with `offset` added to every range; undefined
 * when the text is not of the plain shape this path handles (parse it with `yaml` then).
 */
export function fastYamlTree(
  text: string,
  offset: number,
  customTags: ReadonlyArray<ScalarTag | CollectionTag>,
  shortTags: ReadonlySet<string>,
  options: object,
  LexerClass: typeof Lexer = Lexer,
): CfnNode | undefined {
  if (text.includes('\t')) return undefined;
  try {
    return new FastYaml(text, offset, schemaOf(customTags, options), shortTags, LexerClass).parse();
  } catch (err) {
    if (err === GIVE_UP) return undefined;
    throw err;
  }
}

/**
 * For tests: the tokens (type, offset, source) of the line lexer and of `yaml`'s Lexer for a
 * text; `own` undefined when the line lexer declines it.
 */
export function lexersOf(text: string, LexerClass: typeof Lexer): { own?: string[]; lexer?: string[] } {
  const schema = { tags: [], options: {}, coreTests: false };
  const tokens = (p: FastYaml) => {
    const q = p as unknown as { type: T[]; off: number[]; src: string[]; col: number[]; first: boolean[] };
    return q.type.map((t, i) => `${t}@${q.off[i]}:${q.col[i]}:${q.first[i] ? 1 : 0}:${JSON.stringify(q.src[i])}`);
  };
  const own = new FastYaml(text, 0, schema, new Set(), LexerClass);
  const viaLexer = new FastYaml(text, 0, schema, new Set(), LexerClass);
  const out: { own?: string[]; lexer?: string[] } = {};
  if ((own as unknown as { lexLines(): boolean }).lexLines()) out.own = tokens(own);
  try {
    (viaLexer as unknown as { tokenize(): void }).tokenize();
    out.lexer = tokens(viaLexer);
  } catch (err) {
    if (err !== GIVE_UP) throw err;
  }
  return out;
}
