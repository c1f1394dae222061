// What the credentials Job is asked to make sure of, from its CREDENTIALS variable: the chart lists
// each Secret it does not get from values or an existingSecret, so the Job manages those and no
// others. Validated with ajv, so a chart and Job out of step fail with the field named.
import { Ajv, type JSONSchemaType } from "ajv";

export interface PasswordCredential {
  kind: "password";
  /** the Secret's name, and the values path that would name an existing one instead, if any */
  secret: string;
  valuesPath?: string;
  key: string;
  /**
   * A PersistentVolumeClaim whose data was initialised with this password (the bundled Postgres):
   * while it exists, a missing Secret is an error, never a new password the data would refuse.
   */
  claim?: string;
}

export interface KeyPairCredential {
  kind: "es256-key-pair";
  secret: string;
  valuesPath: string;
}

export type Credential = PasswordCredential | KeyPairCredential;

export interface Plan {
  namespace: string;
  credentials: Credential[];
}

const credentialSchema = {
  oneOf: [
    {
      type: "object",
      required: ["kind", "secret", "key"],
      additionalProperties: false,
      properties: {
        kind: { const: "password" },
        secret: { type: "string", minLength: 1 },
        valuesPath: { type: "string", minLength: 1 },
        key: { type: "string", minLength: 1 },
        claim: { type: "string", minLength: 1 },
      },
    },
    {
      type: "object",
      required: ["kind", "secret", "valuesPath"],
      additionalProperties: false,
      properties: { kind: { const: "es256-key-pair" }, secret: { type: "string", minLength: 1 }, valuesPath: { type: "string", minLength: 1 } },
    },
  ],
} as unknown as JSONSchemaType<Credential>;

const validate = new Ajv({ allErrors: true }).compile<Credential[]>({ type: "array", items: credentialSchema } as unknown as JSONSchemaType<Credential[]>);

export class PlanError extends Error {
  override name = "PlanError";
}

/** The plan from the Job's environment: NAMESPACE (the downward API) and CREDENTIALS (JSON). */
export function planFromEnv(env: NodeJS.ProcessEnv = process.env): Plan {
  const namespace = env.NAMESPACE;
  if (!namespace) throw new PlanError("NAMESPACE is required but not set");
  let credentials: unknown;
  try {
    credentials = JSON.parse(env.CREDENTIALS ?? "");
  } catch (error) {
    throw new PlanError(`CREDENTIALS is not JSON: ${(error as Error).message}`);
  }
  if (!validate(credentials)) throw new PlanError(`CREDENTIALS is not a list of credentials: ${new Ajv().errorsText(validate.errors, { dataVar: "CREDENTIALS" })}`);
  return { namespace, credentials };
}
