// Namespace-aware XML on top of fast-xml-parser, for the register's SOAP messages (both sides: the
// adapter and the simulator). fast-xml-parser keeps prefixes as written; this module resolves them to
// namespace URIs with the xmlns declarations in scope, so that an answer using other prefixes, or a
// default namespace, reads the same, and an element of another namespace is never taken for ours.
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

/** An element by namespace URI and local name; `attributes` are keyed `{uri}local` or `local` when unqualified. */
export interface XmlElement {
  ns: string;
  name: string;
  attributes: ReadonlyMap<string, string>;
  children: XmlElement[];
  text: string;
  /** Prefix → namespace URI in scope, to resolve QNames in text (a SOAP faultcode). */
  namespaces: ReadonlyMap<string, string>;
}

export class MalformedXmlError extends Error {
  override name = 'MalformedXmlError';
}

/** What the builder writes: an element by namespace URI and local name. */
export interface XmlNode {
  ns: string;
  name: string;
  /** Attributes in other namespaces than none: { ns, name, value }. */
  attributes?: { ns: string; name: string; value: string }[];
  /** Text content, or child elements. */
  content?: string | XmlNode[];
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const ATTRIBUTES = ':@';
const TEXT = '#text';

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  htmlEntities: false,
  commentPropName: false,
});

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  suppressEmptyNode: true,
});

type OrderedNode = Record<string, unknown>;

/** Parses a whole document into its root element. Anything not well-formed, with a DTD, with an
 * undeclared prefix or with more or less than one root throws MalformedXmlError. */
export function parseXml(text: string): XmlElement {
  // SOAP forbids a document type declaration; refusing it also rules out entity expansion.
  if (text.includes('<!DOCTYPE') || text.includes('<!ENTITY')) throw new MalformedXmlError('a DTD is not allowed');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new MalformedXmlError(`not well-formed XML (line ${valid.err.line})`);
  let nodes: OrderedNode[];
  try {
    nodes = parser.parse(text) as OrderedNode[];
  } catch (err) {
    throw new MalformedXmlError(`not well-formed XML: ${(err as Error).message}`);
  }
  // Unprefixed names without a default namespace declaration are in no namespace ('').
  const roots = nodes.flatMap((node) => elementsOf(node, new Map([['xml', XML_NS], ['', '']])));
  if (roots.length !== 1) throw new MalformedXmlError('an XML document must have exactly one root element');
  return roots[0];
}

function elementsOf(node: OrderedNode, inherited: ReadonlyMap<string, string>): XmlElement[] {
  const tag = Object.keys(node).find((key) => key !== ATTRIBUTES);
  if (tag === undefined || tag === TEXT || tag.startsWith('?') || tag.startsWith('!')) return [];
  const rawAttributes = (node[ATTRIBUTES] ?? {}) as Record<string, string>;
  const attributeNames = Object.keys(rawAttributes);
  // A new scope only where an element declares namespaces: most elements share their parent's.
  let scope = inherited;
  for (const name of attributeNames) {
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue;
    if (scope === inherited) scope = new Map(inherited);
    (scope as Map<string, string>).set(name === 'xmlns' ? '' : name.slice(6), rawAttributes[name]);
  }
  const { prefix, local } = splitQName(tag);
  const ns = scope.get(prefix);
  if (ns === undefined) throw new MalformedXmlError(`undeclared namespace prefix on element ${local}`);
  const attributes = new Map<string, string>();
  for (const name of attributeNames) {
    const value = rawAttributes[name];
    if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
    const q = splitQName(name);
    // An unprefixed attribute is in no namespace (the default namespace does not apply to attributes).
    if (q.prefix === '') attributes.set(q.local, String(value));
    else {
      const attributeNs = scope.get(q.prefix);
      if (attributeNs === undefined) throw new MalformedXmlError(`undeclared namespace prefix on attribute ${q.local}`);
      attributes.set(`{${attributeNs}}${q.local}`, String(value));
    }
  }
  const content = (node[tag] ?? []) as OrderedNode[];
  const children: XmlElement[] = [];
  let text = '';
  for (const child of content) {
    if (TEXT in child) text += String(child[TEXT]);
    else children.push(...elementsOf(child, scope));
  }
  return [{ ns, name: local, attributes, children, text, namespaces: scope }];
}

function splitQName(qname: string): { prefix: string; local: string } {
  const colon = qname.indexOf(':');
  return colon < 0 ? { prefix: '', local: qname } : { prefix: qname.slice(0, colon), local: qname.slice(colon + 1) };
}

/** A QName in text content ("SOAP-ENV:Server") as {ns, local}; ns undefined when its prefix is undeclared. */
export function resolveQNameText(element: XmlElement): { ns: string | undefined; local: string } {
  const { prefix, local } = splitQName(element.text);
  return { ns: element.namespaces.get(prefix) ?? (prefix === '' ? '' : undefined), local };
}

/** The first child element with this namespace and name, or undefined. Other elements are ignored. */
export function child(parent: XmlElement | undefined, ns: string, name: string): XmlElement | undefined {
  return parent?.children.find((c) => c.ns === ns && c.name === name);
}

export function childrenNamed(parent: XmlElement | undefined, ns: string, name: string): XmlElement[] {
  return parent?.children.filter((c) => c.ns === ns && c.name === name) ?? [];
}

/** Follows a path of child elements in one namespace. */
export function path(from: XmlElement | undefined, ns: string, ...names: string[]): XmlElement | undefined {
  let at = from;
  for (const name of names) at = child(at, ns, name);
  return at;
}

/**
 * Serialises a tree; prefixes are chosen here from `prefixes` (namespace URI → prefix) and declared
 * on the root. The library escapes text and attribute values.
 */
export function buildXml(root: XmlNode, prefixes: Readonly<Record<string, string>>): string {
  const prefixOf = (ns: string): string => {
    const prefix = prefixes[ns];
    if (prefix === undefined) throw new Error(`buildXml: no prefix for namespace ${ns}`);
    return prefix;
  };
  const toOrdered = (node: XmlNode, isRoot: boolean): OrderedNode => {
    // SOAP 1.1 fault fields are unqualified: namespace '' is written without a prefix.
    const tag = node.ns === '' ? node.name : `${prefixOf(node.ns)}:${node.name}`;
    const attributes: Record<string, string> = {};
    if (isRoot) for (const [ns, prefix] of Object.entries(prefixes)) attributes[`xmlns:${prefix}`] = ns;
    for (const a of node.attributes ?? []) attributes[a.ns === '' ? a.name : `${prefixOf(a.ns)}:${a.name}`] = a.value;
    const content =
      typeof node.content === 'string' ? [{ [TEXT]: node.content }] : (node.content ?? []).map((c) => toOrdered(c, false));
    return { [tag]: content, ...(Object.keys(attributes).length > 0 && { [ATTRIBUTES]: attributes }) };
  };
  return builder.build([toOrdered(root, true)]) as string;
}
