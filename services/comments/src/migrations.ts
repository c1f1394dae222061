// comments' table, in its own schema (DATABASE_SCHEMA=comments). Articles are posts' ids and authors
// auth's: no foreign key crosses services. Append new migrations; never edit one.
import type { Migration } from "@blog-platform/runtime";

export const migrations: Migration[] = [
  {
    id: "001-comments",
    sql: `
      create table comments (
        id bigint generated always as identity primary key,
        article_id bigint not null,
        author_id bigint not null,
        body text not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      create index comments_article on comments (article_id, id desc);
    `,
  },
  {
    id: "002-article-deletions-applied",
    sql: `
      -- how far posts' feed of deleted articles has been applied (article-deletions.ts): one row
      create table article_deletions_applied (
        single boolean primary key default true check (single),
        seq bigint not null
      );
      insert into article_deletions_applied (seq) values (0);
    `,
  },
];
