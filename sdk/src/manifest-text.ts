// helm template's output read as Kubernetes objects. js-yaml reads it: a quarter of the time the yaml
// library takes (about 11 ms against 58 for the chart's 120 KB), which was most of what render()
// added to helm. Its YAML 1.1 schema, without timestamps, reads the chart's renders exactly as the
// yaml library's helmYamlOptions does (sdk/test/render.test.ts); values files stay with the yaml
// library, for its positions and comments.
import { loadAll, Schema, timestampTag, YAML11_SCHEMA, YAMLException } from "js-yaml";
import type { ObjectMeta } from "kubernetes-types/meta/v1.js";
import { yamlError } from "./yaml.ts";

const schema = new Schema(YAML11_SCHEMA.tags.filter((tag) => tag !== timestampTag));
// helm heads every document with a `---` line of its own, then `# Source: <template>`
const documentStart = /^---[ \t]*$/m;
// a top-level key starts in column 0: nothing nested or inside a block scalar can
const topLevelKind = /^kind:[ \t]*["']?([A-Za-z0-9]+)["']?[ \t]*$/gm;
// what may still split a chunk into several documents: `...`, or `---` with something after it
const anotherDocument = /^(\.\.\.|---)/m;

export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

export interface RenderedObject {
  object: KubernetesObject;
  /** The template it came from, from helm's `# Source:` comment, e.g. `blog-platform/charts/posts/templates/deployment.yaml`. */
  source: string;
}

/** One document of the output, not yet parsed. */
export interface ManifestDocument {
  /** The template, from helm's `# Source:` comment; a document without one shares the one before. */
  source: string;
  /** The top-level `kind`, when a line says it plainly; undefined means only parsing tells. */
  kind: string | undefined;
  /** 1-based line of the document's first line in the whole output. */
  line: number;
  text: string;
}

export function splitManifests(text: string): ManifestDocument[] {
  const documents: ManifestDocument[] = [];
  let source = "";
  let line = 1;
  for (const chunk of text.split(documentStart)) {
    source = /^# Source: (.+)$/m.exec(chunk)?.[1]?.trim() ?? source;
    // one plain kind line names the kind; none, two, or a chunk of several documents leave it to parsing
    const kinds = [...chunk.matchAll(topLevelKind)];
    documents.push({ source, kind: kinds.length === 1 && !anotherDocument.test(chunk) ? kinds[0]![1] : undefined, line, text: chunk });
    line += chunk.split("\n").length - 1; // the next `---` is on the chunk's last line
  }
  return documents;
}

/** The objects of one document (none for one that rendered to nothing); a YAML fault throws `YamlError` at its line. */
export function parseDocument(document: ManifestDocument): RenderedObject[] {
  let parsed: unknown[];
  try {
    parsed = loadAll(document.text, { schema });
  } catch (error) {
    const mark = error instanceof YAMLException ? error.mark : undefined;
    throw yamlError(error instanceof YAMLException ? error.reason : String(error), "helm template output", mark ? { line: document.line + mark.line, col: mark.column + 1 } : undefined);
  }
  return parsed
    .filter((object) => object !== null && typeof object === "object" && !Array.isArray(object))
    .map((object) => ({ object: object as KubernetesObject, source: document.source }));
}

/** Every object of the output at once. */
export function parseManifests(text: string): RenderedObject[] {
  return splitManifests(text).flatMap(parseDocument);
}
