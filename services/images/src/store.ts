// All of images' SQL. An upload's rows go in one transaction: a failure leaves nothing behind.
import type pg from "pg";
import { inTransaction, withDatabase } from "@blog-platform/runtime";
import type { ProcessedFile } from "./processing.ts";

export interface FileRow {
  content_type: string;
  sha256: string;
  bytes: Buffer;
}

export function createStore(pool: pg.Pool) {
  return {
    /** Stores the image and all its files; returns the new id. */
    createImage: (ownerId: string, files: readonly ProcessedFile[]) =>
      inTransaction(pool, async (client) => {
        const id = (await client.query<{ id: string }>("insert into images (owner_id) values ($1) returning id", [ownerId])).rows[0]!.id;
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
        return id;
      }),
    file: async (imageId: string, variant: string) =>
      withDatabase(async () => (await pool.query<FileRow>("select content_type, sha256, bytes from image_files where image_id = $1 and variant = $2", [imageId, variant])).rows[0]),
  };
}

export type Store = ReturnType<typeof createStore>;
