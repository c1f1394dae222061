// images' tables, in its own schema (DATABASE_SCHEMA=images). Append new migrations; never edit one.
import type { Migration } from "@blog-platform/runtime";

export const migrations: Migration[] = [
  {
    id: "001-images-and-files",
    sql: `
      create table images (
        id uuid primary key default gen_random_uuid(),
        owner_id bigint not null,
        created_at timestamptz not null default now()
      );
      -- one row per stored rendition: 'original' and each variant
      create table image_files (
        image_id uuid not null references images (id) on delete cascade,
        variant text not null,
        content_type text not null,
        width integer not null,
        height integer not null,
        sha256 text not null,
        bytes bytea not null,
        primary key (image_id, variant)
      );
      -- the bytes are already compressed: out-of-line storage without another round of compression
      alter table image_files alter column bytes set storage external;
    `,
  },
  {
    id: "002-usage",
    sql: `
      -- the bytes of each image, originals and variants together, and of each owner: the upload quota
      alter table images add column stored_bytes bigint not null default 0;
      update images set stored_bytes = (select coalesce(sum(octet_length(bytes)), 0) from image_files where image_id = images.id);
      create index images_owner_created on images (owner_id, created_at);
      -- one row per owner, locked while an upload of theirs commits, so parallel uploads are counted in turn
      create table image_usage (
        owner_id bigint primary key,
        bytes bigint not null
      );
      insert into image_usage (owner_id, bytes) select owner_id, sum(stored_bytes) from images group by owner_id;
    `,
  },
  {
    id: "003-image-deletions",
    sql: `
      -- every deleted image, in order: posts and auth follow this feed (/internal/image-deletions)
      -- and empty the covers and pictures that pointed at those images
      create table image_deletions (
        seq bigint generated always as identity primary key,
        image_id uuid not null,
        deleted_at timestamptz not null default now()
      );
    `,
  },
];
