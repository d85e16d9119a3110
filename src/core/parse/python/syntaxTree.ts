/**
 * The Python evaluator's view of a tree-sitter syntax tree: each node a plain JavaScript object that reads what
 * it needs from the parser once and keeps it. Every property of a web-tree-sitter `Node` is a call into the
 * parser's WebAssembly (and each `children` or `childForFieldName` makes new `Node` objects), while the
 * evaluator reads the same nodes many times — each `type` in a dispatch, every iteration of a loop body, every
 * call of a function. Here a node's type, text, children and fields are read on first use and kept; children are
 * the same objects each time (so nodes can be compared and kept in maps).
 *
 * A node reads from its tree lazily: the tree must not be deleted while nodes are still used (the evaluator keeps
 * trees until its run ends; incremental.ts keeps those that hold functions it replays).
 */
import type { Node as TSNode, Point, Tree } from 'web-tree-sitter';

/** Node ids: unique across trees (a function kept from an earlier parse is called from statements parsed since). */
let nextId = 1;

/** One parsed text and the nodes read from it so far. */
export class SyntaxTree {
  /** Nodes made so far, by tree-sitter's node id (unique within one tree): one object per node. */
  private readonly nodes = new Map<number, Node>();
  readonly rootNode: Node;

  /** `raw`: the tree parsed from `text` (this object deletes it: {@link delete}). */
  constructor(readonly raw: Tree, readonly text: string) {
    this.rootNode = this.wrap(raw.rootNode, null);
  }

  /** @internal The node object of `raw` (made on first sight; `parent` when known). */
  wrap(raw: TSNode, parent: Node | null | undefined): Node {
    let n = this.nodes.get(raw.id);
    if (!n) this.nodes.set(raw.id, (n = new Node(raw, this, parent)));
    return n;
  }

  /** @internal Like {@link wrap}, for a node that may be absent. */
  wrapOrNull(raw: TSNode | null, parent: Node | null | undefined): Node | null {
    return raw ? this.wrap(raw, parent) : null;
  }

  /** Frees the parser's memory; the nodes must not be read afterwards. */
  delete(): void {
    this.raw.delete();
  }
}

/** A syntax node (the members of web-tree-sitter's `Node` the evaluator reads), its properties read once. */
export class Node {
  /** Unique across every tree (web-tree-sitter's ids are unique only within one tree). */
  readonly id: number;
  readonly startIndex: number;
  readonly startPosition: Point;
  private typeValue: string | undefined;
  private textValue: string | undefined;
  private end = -1;
  private endPoint: Point | undefined;
  private all: Node[] | undefined;
  private named: Node[] | undefined;
  /** This node's place in its parent's named children (set when the parent lists them). */
  private namedIndex = -1;
  private fields: Map<string, Node | null> | undefined;
  private fieldLists: Map<string, Node[]> | undefined;
  private descendants: Map<string, Node[]> | undefined;
  /** 0: not read; else bit 1 read, bit 2 hasError, bit 4 isError, bit 8 isMissing. */
  private flags = 0;

  /** @internal Made by {@link SyntaxTree.wrap} only. */
  constructor(private readonly raw: TSNode, private readonly owner: SyntaxTree, private parentNode: Node | null | undefined) {
    this.id = nextId++;
    this.startIndex = raw.startIndex;
    this.startPosition = raw.startPosition;
  }

  /** The parsed tree (one object per parse: a key for what is kept per tree). */
  get tree(): Tree {
    return this.owner.raw;
  }

  get type(): string {
    return (this.typeValue ??= this.raw.type);
  }

  get endIndex(): number {
    if (this.end < 0) this.end = this.raw.endIndex;
    return this.end;
  }

  get endPosition(): Point {
    return (this.endPoint ??= this.raw.endPosition);
  }

  get text(): string {
    return (this.textValue ??= this.owner.text.slice(this.startIndex, this.endIndex));
  }

  private flag(bit: number): boolean {
    if (this.flags === 0) this.flags = 1 | (this.raw.hasError ? 2 : 0) | (this.raw.isError ? 4 : 0) | (this.raw.isMissing ? 8 : 0);
    return (this.flags & bit) !== 0;
  }

  /** True when this node is or contains a syntax error (or a missing token). */
  get hasError(): boolean {
    return this.flag(2);
  }

  get isError(): boolean {
    return this.flag(4);
  }

  get isMissing(): boolean {
    return this.flag(8);
  }

  get children(): Node[] {
    return (this.all ??= this.raw.children.flatMap((c) => (c ? [this.owner.wrap(c, this)] : [])));
  }

  get namedChildren(): Node[] {
    if (!this.named) {
      this.named = this.raw.namedChildren.flatMap((c) => (c ? [this.owner.wrap(c, this)] : []));
      this.named.forEach((c, i) => { c.namedIndex = i; });
    }
    return this.named;
  }

  get childCount(): number {
    return this.children.length;
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  child(i: number): Node | null {
    return this.children[i] ?? null;
  }

  namedChild(i: number): Node | null {
    return this.namedChildren[i] ?? null;
  }

  get firstNamedChild(): Node | null {
    return this.namedChildren[0] ?? null;
  }

  get parent(): Node | null {
    if (this.parentNode === undefined) this.parentNode = this.owner.wrapOrNull(this.raw.parent, undefined);
    return this.parentNode;
  }

  get nextNamedSibling(): Node | null {
    const p = this.parent;
    if (!p) return null;
    const siblings = p.namedChildren;
    const i = this.namedIndex >= 0 ? this.namedIndex : siblings.indexOf(this);
    return i < 0 ? null : siblings[i + 1] ?? null;
  }

  childForFieldName(name: string): Node | null {
    this.fields ??= new Map();
    let f = this.fields.get(name);
    if (f === undefined) this.fields.set(name, (f = this.owner.wrapOrNull(this.raw.childForFieldName(name), this)));
    return f;
  }

  childrenForFieldName(name: string): Node[] {
    this.fieldLists ??= new Map();
    let f = this.fieldLists.get(name);
    if (f === undefined) this.fieldLists.set(name, (f = this.raw.childrenForFieldName(name).flatMap((c) => (c ? [this.owner.wrap(c, this)] : []))));
    return f;
  }

  /** The descendants of these types, in source order (this node not included). */
  descendantsOfType(types: string | readonly string[]): Node[] {
    const key = typeof types === 'string' ? types : types.join(' ');
    this.descendants ??= new Map();
    let d = this.descendants.get(key);
    if (d === undefined) {
      d = this.raw.descendantsOfType(typeof types === 'string' ? types : [...types]).flatMap((c) => (c ? [this.owner.wrap(c, undefined)] : []));
      this.descendants.set(key, d);
    }
    return [...d]; // a copy: callers may reverse it
  }
}
