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
];
