// All of images' SQL. An upload's rows go in one transaction, after its limits are checked under a
// lock on the owner's usage row: a failure or a refusal leaves nothing behind.
import type pg from "pg";
import { inTransaction, withDatabase, type Deletion } from "@blog-platform/runtime";
import { exceededLimit, UPLOAD_WINDOW_SECONDS, type UploadLimits, type Usage } from "./limits.ts";
import type { ProcessedFile } from "./processing.ts";

export interface FileInfo {
  content_type: string;
  sha256: string;
  size: number;
}

/** Bytes read per query when serving a file: a GET holds this much, not the whole file. */
export const SERVE_CHUNK_BYTES = 256 * 1024;

const USAGE = `
  select
    coalesce((select bytes from image_usage where owner_id = $1), 0)::float8 as "userBytes",
    count(recent.*)::int as "recentUploads",
    coalesce(extract(epoch from min(recent.created_at) + make_interval(secs => $2) - now()), 0)::float8 as "secondsUntilSlot",
    (select coalesce(sum(bytes), 0) from image_usage)::float8 as "storageBytes"
  from (select created_at from images where owner_id = $1 and created_at > now() - make_interval(secs => $2)) as recent`;

type Queryable = Pick<pg.Pool, "query">;
const usage = async (db: Queryable, ownerId: string) => (await db.query<Usage>(USAGE, [ownerId, UPLOAD_WINDOW_SECONDS])).rows[0]!;

export function createStore(pool: pg.Pool, limits: UploadLimits) {
  return {
    /** The limit an upload of `bytes` more would break, before it is processed (a LimitError), or undefined. */
    precheck: (ownerId: string, bytes: number) => withDatabase(async () => exceededLimit(limits, await usage(pool, ownerId), bytes)),

    /** Stores the image and all its files and returns the new id; throws the LimitError it would break. */
    createImage: (ownerId: string, files: readonly ProcessedFile[]) =>
      inTransaction(pool, async (client) => {
        const bytes = files.reduce((sum, file) => sum + file.bytes.length, 0);
        // the owner's row, locked until commit: their next upload waits here and then sees this one
        await client.query("insert into image_usage (owner_id, bytes) values ($1, 0) on conflict (owner_id) do nothing", [ownerId]);
        await client.query("select 1 from image_usage where owner_id = $1 for update", [ownerId]);
        const refusal = exceededLimit(limits, await usage(client, ownerId), bytes);
        if (refusal) throw refusal;
        const id = (await client.query<{ id: string }>("insert into images (owner_id, stored_bytes) values ($1, $2) returning id", [ownerId, bytes])).rows[0]!.id;
        for (const file of files) {
          await client.query("insert into image_files (image_id, variant, content_type, width, height, sha256, bytes) values ($1, $2, $3, $4, $5, $6, $7)", [
            id,
            file.variant,
            file.contentType,
            file.width,
            file.height,
            file.sha256,
            file.bytes,
          ]);
        }
        await client.query("update image_usage set bytes = bytes + $2 where owner_id = $1", [ownerId, bytes]);
        return id;
      }),

    /** Deletes an image of `ownerId` with its files, and gives its bytes back to their quota. */
    deleteImage: (imageId: string, ownerId: string) =>
      inTransaction(pool, async (client): Promise<"deleted" | "missing" | "forbidden"> => {
        const image = (await client.query<{ owner_id: string }>("select owner_id::text from images where id = $1 for update", [imageId])).rows[0];
        if (!image) return "missing";
        if (image.owner_id !== ownerId) return "forbidden";
        const { stored_bytes } = (await client.query<{ stored_bytes: string }>("delete from images where id = $1 returning stored_bytes", [imageId])).rows[0]!;
        await client.query("update image_usage set bytes = bytes - $2 where owner_id = $1", [ownerId, stored_bytes]);
        // for the feed posts and auth follow (internal-routes.ts)
        await client.query("insert into image_deletions (image_id) values ($1)", [imageId]);
        return "deleted";
      }),

    /** Deleted images after position `after`, oldest first, at most `limit`. */
    deletionsAfter: (after: string, limit: number) =>
      withDatabase(async () => (await pool.query<Deletion>("select seq::text, image_id::text as id from image_deletions where seq > $1 order by seq limit $2", [after, limit])).rows),

    /** A file's type, ETag source and size, without its bytes. */
    fileInfo: async (imageId: string, variant: string) =>
      withDatabase(
        async () =>
          (await pool.query<FileInfo>("select content_type, sha256, octet_length(bytes) as size from image_files where image_id = $1 and variant = $2", [imageId, variant]))
            .rows[0],
      ),

    /**
     * A file's bytes, SERVE_CHUNK_BYTES per query. The column is stored EXTERNAL (uncompressed), so
     * Postgres reads only the TOAST chunks a substring covers. The bytes under an id never change;
     * an image deleted while it is served ends the stream with an error, and the response short.
     */
    fileBytes: async function* (imageId: string, variant: string, size: number): AsyncGenerator<Buffer> {
      for (let offset = 0; offset < size; offset += SERVE_CHUNK_BYTES) {
        const { rows } = await withDatabase(() =>
          pool.query<{ chunk: Buffer }>("select substring(bytes from $3 for $4) as chunk from image_files where image_id = $1 and variant = $2", [
            imageId,
            variant,
            offset + 1,
            SERVE_CHUNK_BYTES,
          ]),
        );
        if (!rows[0]) throw new Error(`image ${imageId}/${variant} was deleted while it was served`);
        yield rows[0].chunk;
      }
    },
  };
}

export type Store = ReturnType<typeof createStore>;
