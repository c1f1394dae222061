// What one account, and the platform, may store. Images live in Postgres on a volume every service
// shares, so without bounds one account could fill it and stop every write on the platform. Three
// limits, all from the configuration:
// - uploads per account in a rolling hour (429, with Retry-After when the oldest leaves the window);
// - the bytes one account stores, originals and variants together (507, like a storage API's quota);
// - the bytes all images store together (507): the guard for the shared volume.
// The store checks them once before processing (cheap refusals, no CPU spent) and again in the
// upload's transaction, under a lock on the account's usage row, so parallel uploads of one account
// are counted one after another.

export interface UploadLimits {
  uploadsPerHour: number;
  userQuotaBytes: number;
  storageLimitBytes: number;
}

/** What is stored now, as the store reads it. */
export interface Usage {
  userBytes: number;
  /** the account's uploads in the last hour */
  recentUploads: number;
  /** seconds until the oldest of those leaves the hour */
  secondsUntilSlot: number;
  storageBytes: number;
}

export const UPLOAD_WINDOW_SECONDS = 3600;

export type Limit = "rate" | "quota" | "storage";

/** An upload refused by a limit; `message` is for the client. */
export class LimitError extends Error {
  override name = "LimitError";
  constructor(
    readonly limit: Limit,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

const mebibytes = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;

/** The limit that storing `adding` more bytes would break, or undefined. */
export function exceededLimit(limits: UploadLimits, usage: Usage, adding: number): LimitError | undefined {
  if (usage.recentUploads >= limits.uploadsPerHour) {
    // clamped: the window is measured from the start of a transaction that may have waited for the lock
    const seconds = Math.min(UPLOAD_WINDOW_SECONDS, Math.max(1, Math.ceil(usage.secondsUntilSlot)));
    return new LimitError("rate", `you have uploaded ${usage.recentUploads} images in the last hour, the most allowed: try again in ${seconds} seconds`, seconds);
  }
  if (usage.userBytes + adding > limits.userQuotaBytes) {
    return new LimitError(
      "quota",
      `would take your images to ${mebibytes(usage.userBytes + adding)}, over your quota of ${mebibytes(limits.userQuotaBytes)}: delete some (DELETE /api/images/:id) and try again`,
    );
  }
  if (usage.storageBytes + adding > limits.storageLimitBytes) {
    return new LimitError("storage", "the platform's image storage is full: try again later");
  }
  return undefined;
}
